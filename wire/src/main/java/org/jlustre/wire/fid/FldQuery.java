package org.jlustre.wire.fid;

/**
 * FLD_QUERY (opcode 900) and FLD_READ (901) ({@code RQF_FLD_QUERY}, {@code RQF_FLD_READ},
 * lustre/ptlrpc/layout.c), on {@code FLD_REQUEST_PORTAL} (29) with {@code LUSTRE_MDS_VERSION}.
 * FLD_QUERY's request buffers after the {@code ptlrpc_body}: 1 the operation
 * ({@code RMF_FLD_OPC}, u32, {@link #LOOKUP}: only pre-2.6 servers looked at it), 2 a
 * {@code lu_seq_range} whose {@code lsr_start} is the sequence asked about and whose flags say
 * which kind is wanted ({@code RMF_FLD_MDFLD}); reply buffer 1 the range holding it. FLD_READ's
 * request buffer 1 is a range (index and flags of the asker, {@code lsr_end} where to go on);
 * its reply buffer 1 ({@code RMF_GENERIC_DATA}, one page) a {@code lu_seq_range_array}: u32
 * count, u32 padding, then the ranges.
 */
public final class FldQuery {

    private FldQuery() {
    }

    /** {@code FLD_CREATE}. */
    public static final int CREATE = 0;
    /** {@code FLD_DELETE}. */
    public static final int DELETE = 1;
    /** {@code FLD_LOOKUP}. */
    public static final int LOOKUP = 2;

    /** FLD_QUERY request buffer of the operation. */
    public static final int REQ_OPC = 1;
    /** FLD_QUERY request buffer of the range asked about. */
    public static final int REQ_RANGE = 2;
    /** FLD_READ request buffer of the range. */
    public static final int READ_REQ_RANGE = 1;
    /** Reply buffer of the range (FLD_QUERY) or the range array (FLD_READ). */
    public static final int REP_DATA = 1;
    /** Size of {@code RMF_FLD_OPC}. */
    public static final int OPC_SIZE = 4;
    /** Size of the {@code lu_seq_range_array} header ({@code lsra_count}, {@code lsra_padding}). */
    public static final int ARRAY_HEADER_SIZE = 8;
    /** The FLD_READ reply buffer: one page ({@code fld_handle_read}). */
    public static final int READ_REPLY_SIZE = 4096;
}
