package org.jlustre.wire.ptlrpc;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import org.jlustre.wire.Be;
import org.jlustre.wire.Le;

/**
 * A view of {@code struct ptlrpc_body_v3} (184 bytes; v2 is its first 152, without the jobid),
 * buffer 0 of every ptlrpc message (include/uapi/linux/lustre/lustre_idl.h, reference 7.1).
 * Reads honour the byte order of the message it came from; writes are little-endian and only
 * allowed on messages we lay out ourselves.
 *
 * <pre>
 *   0  8  pb_handle          the export's connection cookie
 *   8  4  pb_type            PTL_RPC_MSG_REQUEST 4711, ERR 4712, REPLY 4713
 *  12  4  pb_version         LUSTRE_*_VERSION | PTLRPC_MSG_VERSION
 *  16  4  pb_opc
 *  20  4  pb_status          negative errno
 *  24  8  pb_last_xid
 *  32  2  pb_tag
 *  34  2  pb_padding0
 *  36  4  pb_padding1        (later releases: pb_projid)
 *  40  8  pb_last_committed
 *  48  8  pb_transno
 *  56  4  pb_flags           MSG_*
 *  60  4  pb_op_flags        MSG_CONNECT_*
 *  64  4  pb_conn_cnt
 *  68  4  pb_timeout
 *  72  4  pb_service_time
 *  76  4  pb_limit
 *  80  8  pb_slv
 *  88 32  pb_pre_versions[4]
 * 120  8  pb_mbits           bulk match bits (and reply match bits, OBD_CONNECT2_REP_MBITS)
 * 128 24  pb_padding64_0..2  (later releases: pb_uid, pb_gid in the last)
 * 152 32  pb_jobid           (v3)
 * </pre>
 */
public final class PtlrpcBody {

    /** {@code sizeof(struct ptlrpc_body_v3)}. */
    public static final int SIZE_V3 = 184;
    /** {@code sizeof(struct ptlrpc_body_v2)}, {@code PTLRPC_BODY_MIN_SIZE}. */
    public static final int SIZE_V2 = 152;

    /** Offset of {@code pb_handle}. */
    public static final int OFF_HANDLE = 0;
    /** Offset of {@code pb_type}. */
    public static final int OFF_TYPE = 8;
    /** Offset of {@code pb_version}. */
    public static final int OFF_VERSION = 12;
    /** Offset of {@code pb_opc}. */
    public static final int OFF_OPC = 16;
    /** Offset of {@code pb_status}. */
    public static final int OFF_STATUS = 20;
    /** Offset of {@code pb_last_xid}. */
    public static final int OFF_LAST_XID = 24;
    /** Offset of {@code pb_tag}. */
    public static final int OFF_TAG = 32;
    /** Offset of {@code pb_padding0}. */
    public static final int OFF_PADDING0 = 34;
    /** Offset of {@code pb_padding1}. */
    public static final int OFF_PADDING1 = 36;
    /** Offset of {@code pb_last_committed}. */
    public static final int OFF_LAST_COMMITTED = 40;
    /** Offset of {@code pb_transno}. */
    public static final int OFF_TRANSNO = 48;
    /** Offset of {@code pb_flags}. */
    public static final int OFF_FLAGS = 56;
    /** Offset of {@code pb_op_flags}. */
    public static final int OFF_OP_FLAGS = 60;
    /** Offset of {@code pb_conn_cnt}. */
    public static final int OFF_CONN_CNT = 64;
    /** Offset of {@code pb_timeout}. */
    public static final int OFF_TIMEOUT = 68;
    /** Offset of {@code pb_service_time}. */
    public static final int OFF_SERVICE_TIME = 72;
    /** Offset of {@code pb_limit}. */
    public static final int OFF_LIMIT = 76;
    /** Offset of {@code pb_slv}. */
    public static final int OFF_SLV = 80;
    /** Offset of {@code pb_pre_versions}. */
    public static final int OFF_PRE_VERSIONS = 88;
    /** Entries in {@code pb_pre_versions}. */
    public static final int PRE_VERSIONS = 4;
    /** Offset of {@code pb_mbits}. */
    public static final int OFF_MBITS = 120;
    /** Offset of {@code pb_padding64_0}. */
    public static final int OFF_PADDING64_0 = 128;
    /** Offset of {@code pb_padding64_1}. */
    public static final int OFF_PADDING64_1 = 136;
    /** Offset of {@code pb_padding64_2}. */
    public static final int OFF_PADDING64_2 = 144;
    /** Offset of {@code pb_jobid}. */
    public static final int OFF_JOBID = 152;
    /** {@code LUSTRE_JOBID_SIZE}. */
    public static final int JOBID_SIZE = 32;

    private final MemorySegment b;
    private final boolean swab;
    private final ValueLayout.OfInt u32;
    private final ValueLayout.OfLong u64;
    private final ValueLayout.OfShort u16;

    PtlrpcBody(MemorySegment b, boolean swab) {
        this.b = b;
        this.swab = swab;
        this.u32 = swab ? Be.U32 : Le.U32;
        this.u64 = swab ? Be.U64 : Le.U64;
        this.u16 = swab ? Be.U16 : Le.U16;
    }

    /** A view of a body we write, little-endian; {@code b} holds at least {@link #SIZE_V2} bytes. */
    public static PtlrpcBody of(MemorySegment b) {
        if (b.byteSize() < SIZE_V2) {
            throw new IllegalArgumentException("ptlrpc_body of " + b.byteSize() + " bytes < " + SIZE_V2);
        }
        return new PtlrpcBody(b, false);
    }

    /** Whether the body carries a jobid (a v3 body). */
    public boolean isV3() {
        return b.byteSize() >= SIZE_V3;
    }

    /** {@code pb_handle}. */
    public long handle() {
        return b.get(u64, OFF_HANDLE);
    }

    /** {@code pb_type}. */
    public int type() {
        return b.get(u32, OFF_TYPE);
    }

    /** {@code pb_version}. */
    public int version() {
        return b.get(u32, OFF_VERSION);
    }

    /** {@code pb_opc}. */
    public int opc() {
        return b.get(u32, OFF_OPC);
    }

    /** {@code pb_status}. */
    public int status() {
        return b.get(u32, OFF_STATUS);
    }

    /** {@code pb_last_xid}. */
    public long lastXid() {
        return b.get(u64, OFF_LAST_XID);
    }

    /** {@code pb_tag}. */
    public int tag() {
        return Short.toUnsignedInt(b.get(u16, OFF_TAG));
    }

    /** {@code pb_last_committed}. */
    public long lastCommitted() {
        return b.get(u64, OFF_LAST_COMMITTED);
    }

    /** {@code pb_transno}. */
    public long transno() {
        return b.get(u64, OFF_TRANSNO);
    }

    /** {@code pb_flags}. */
    public int flags() {
        return b.get(u32, OFF_FLAGS);
    }

    /** {@code pb_op_flags}. */
    public int opFlags() {
        return b.get(u32, OFF_OP_FLAGS);
    }

    /** {@code pb_conn_cnt}. */
    public int connCnt() {
        return b.get(u32, OFF_CONN_CNT);
    }

    /** {@code pb_timeout}. */
    public int timeout() {
        return b.get(u32, OFF_TIMEOUT);
    }

    /** {@code pb_service_time}. */
    public int serviceTime() {
        return b.get(u32, OFF_SERVICE_TIME);
    }

    /** {@code pb_limit}. */
    public int limit() {
        return b.get(u32, OFF_LIMIT);
    }

    /** {@code pb_slv}. */
    public long slv() {
        return b.get(u64, OFF_SLV);
    }

    /** {@code pb_pre_versions[i]}. */
    public long preVersion(int i) {
        return b.get(u64, OFF_PRE_VERSIONS + 8L * i);
    }

    /** {@code pb_mbits}. */
    public long mbits() {
        return b.get(u64, OFF_MBITS);
    }

    /** {@code pb_jobid}, or "" for a v2 body. */
    public String jobid() {
        if (!isV3()) {
            return "";
        }
        byte[] id = b.asSlice(OFF_JOBID, JOBID_SIZE).toArray(ValueLayout.JAVA_BYTE);
        int n = 0;
        while (n < id.length && id[n] != 0) {
            n++;
        }
        return new String(id, 0, n, StandardCharsets.UTF_8);
    }

    /** Sets {@code pb_handle}. */
    public PtlrpcBody handle(long v) {
        return put64(OFF_HANDLE, v);
    }

    /** Sets {@code pb_type}. */
    public PtlrpcBody type(int v) {
        return put32(OFF_TYPE, v);
    }

    /** Sets {@code pb_version}. */
    public PtlrpcBody version(int v) {
        return put32(OFF_VERSION, v);
    }

    /** Sets {@code pb_opc}. */
    public PtlrpcBody opc(int v) {
        return put32(OFF_OPC, v);
    }

    /** Sets {@code pb_status}. */
    public PtlrpcBody status(int v) {
        return put32(OFF_STATUS, v);
    }

    /** Sets {@code pb_last_xid}. */
    public PtlrpcBody lastXid(long v) {
        return put64(OFF_LAST_XID, v);
    }

    /** Sets {@code pb_tag}. */
    public PtlrpcBody tag(int v) {
        writable();
        b.set(Le.U16, OFF_TAG, (short) v);
        return this;
    }

    /** Sets {@code pb_last_committed}. */
    public PtlrpcBody lastCommitted(long v) {
        return put64(OFF_LAST_COMMITTED, v);
    }

    /** Sets {@code pb_transno}. */
    public PtlrpcBody transno(long v) {
        return put64(OFF_TRANSNO, v);
    }

    /** Sets {@code pb_flags}. */
    public PtlrpcBody flags(int v) {
        return put32(OFF_FLAGS, v);
    }

    /** Sets {@code pb_op_flags}. */
    public PtlrpcBody opFlags(int v) {
        return put32(OFF_OP_FLAGS, v);
    }

    /** Sets {@code pb_conn_cnt}. */
    public PtlrpcBody connCnt(int v) {
        return put32(OFF_CONN_CNT, v);
    }

    /** Sets {@code pb_timeout}. */
    public PtlrpcBody timeout(int v) {
        return put32(OFF_TIMEOUT, v);
    }

    /** Sets {@code pb_service_time}. */
    public PtlrpcBody serviceTime(int v) {
        return put32(OFF_SERVICE_TIME, v);
    }

    /** Sets {@code pb_mbits}. */
    public PtlrpcBody mbits(long v) {
        return put64(OFF_MBITS, v);
    }

    /** Sets {@code pb_jobid} (v3 bodies; truncated to 31 bytes and NUL-padded). */
    public PtlrpcBody jobid(String id) {
        writable();
        if (!isV3()) {
            throw new IllegalStateException("a v2 ptlrpc_body has no jobid");
        }
        MemorySegment j = b.asSlice(OFF_JOBID, JOBID_SIZE);
        j.fill((byte) 0);
        byte[] bytes = id.getBytes(StandardCharsets.UTF_8);
        MemorySegment.copy(bytes, 0, j, ValueLayout.JAVA_BYTE, 0, Math.min(bytes.length, JOBID_SIZE - 1));
        return this;
    }

    private PtlrpcBody put32(long off, int v) {
        writable();
        b.set(Le.U32, off, v);
        return this;
    }

    private PtlrpcBody put64(long off, long v) {
        writable();
        b.set(Le.U64, off, v);
        return this;
    }

    private void writable() {
        if (swab) {
            throw new IllegalStateException("cannot write into a ptlrpc_body received big-endian");
        }
    }
}
