package org.jlustre.wire.fid;

/**
 * SEQ_QUERY (opcode 700, {@code RQF_SEQ_QUERY}, lustre/ptlrpc/layout.c): a target or a client
 * asks a sequence server for sequences. Request buffers after the {@code ptlrpc_body}: 1 the
 * operation ({@code RMF_SEQ_OPC}, u32), 2 a {@code lu_seq_range} ({@code RMF_SEQ_RANGE}) that
 * is zero but for the asker's index and kind (fid_request.c {@code seq_client_rpc}); reply
 * buffer 1 the granted {@code lu_seq_range}. Sent with {@code LUSTRE_MDS_VERSION}: ALLOC_SUPER to
 * {@code SEQ_CONTROLLER_PORTAL} (32) of MDT0, ALLOC_META to {@code SEQ_METADATA_PORTAL} (30)
 * by metadata clients and {@code SEQ_DATA_PORTAL} (31) by data clients (an MDT's OSPs asking
 * an OST).
 */
public final class SeqQuery {

    private SeqQuery() {
    }

    /** {@code SEQ_ALLOC_SUPER}: a super-sequence from the controller, for a sequence server. */
    public static final int ALLOC_SUPER = 0;
    /** {@code SEQ_ALLOC_META}: sequences from a sequence server, for a client. */
    public static final int ALLOC_META = 1;

    /** Request buffer of the operation. */
    public static final int REQ_OPC = 1;
    /** Request buffer of the asker's range (index and flags only). */
    public static final int REQ_RANGE = 2;
    /** Reply buffer of the granted range. */
    public static final int REP_RANGE = 1;
    /** Size of {@code RMF_SEQ_OPC}. */
    public static final int OPC_SIZE = 4;

    // lustre/include/lustre_fid.h, enum lu_cli_type widths

    /** {@code LUSTRE_METADATA_SEQ_MAX_WIDTH}: oids 1..0x20000 of a client's metadata sequence. */
    public static final long METADATA_SEQ_MAX_WIDTH = 0x20000L;
    /** {@code LUSTRE_DATA_SEQ_MAX_WIDTH}: oids of a data sequence (an OSP's precreates). */
    public static final long DATA_SEQ_MAX_WIDTH = 0xffffffffL;
    /** {@code LUSTRE_SEQ_META_WIDTH}: sequences a server grants per ALLOC_META. */
    public static final long META_WIDTH = 1L;
    /** {@code LUSTRE_SEQ_BATCH_WIDTH}: sequences a server sets aside at once from its super-sequence. */
    public static final long BATCH_WIDTH = META_WIDTH * 1000;
    /** {@code LUSTRE_SEQ_SUPER_WIDTH}: sequences the controller grants per ALLOC_SUPER. */
    public static final long SUPER_WIDTH = (1L << 30) * META_WIDTH;

    /** The operation's name, or its number. */
    public static String opName(int opc) {
        return switch (opc) {
            case ALLOC_SUPER -> "SEQ_ALLOC_SUPER";
            case ALLOC_META -> "SEQ_ALLOC_META";
            default -> Integer.toUnsignedString(opc);
        };
    }
}
