package org.jlustre.wire.ptlrpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;
import org.jlustre.wire.Be;
import org.jlustre.wire.Le;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Pins every size, offset and constant of the ptlrpc wire structures, one assertion per field,
 * in the spirit of Lustre's {@code lustre/ptlrpc/wiretest.c}. The expected values come from
 * reference 7.1 and from the wire-facts notes (lustre_idl.h, wiretest.c, lproc_ptlrpc.c,
 * lustre_ver.h), not from the Java constants.
 */
class PtlrpcWireGoldenTest {

    private static int u32(byte[] b, int off) {
        return MemorySegment.ofArray(b).get(Le.U32, off);
    }

    private static long u64(byte[] b, int off) {
        return MemorySegment.ofArray(b).get(Le.U64, off);
    }

    private static int u16(byte[] b, int off) {
        return Short.toUnsignedInt(MemorySegment.ofArray(b).get(Le.U16, off));
    }

    @FunctionalInterface
    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    private static void eproto(ThrowingRunnable r, String... fragments) {
        var t = assertThatThrownBy(r::run).isInstanceOfSatisfying(LustreException.class,
                e -> assertThat(e.errno()).isEqualTo(Errno.EPROTO));
        for (String f : fragments) {
            t.hasMessageContaining(f);
        }
    }

    private static int constant(Class<?> c, String name) throws ReflectiveOperationException {
        return c.getField(name).getInt(null);
    }

    // ======================= struct lustre_msg_v2 =======================

    @Test
    void lustreMsgHeaderOffsets() {
        assertThat(LustreMsg.OFF_BUFCOUNT).isEqualTo(0);
        assertThat(LustreMsg.OFF_SECFLVR).isEqualTo(4);
        assertThat(LustreMsg.OFF_MAGIC).isEqualTo(8);
        assertThat(LustreMsg.OFF_REPSIZE).isEqualTo(12);
        assertThat(LustreMsg.OFF_CKSUM).isEqualTo(16);
        assertThat(LustreMsg.OFF_FLAGS).isEqualTo(20);
        assertThat(LustreMsg.OFF_PADDING_2).isEqualTo(24);
        assertThat(LustreMsg.OFF_PADDING_3).isEqualTo(28);
        assertThat(LustreMsg.OFF_BUFLENS).isEqualTo(32);
        assertThat(LustreMsg.FIXED_SIZE).isEqualTo(32);
    }

    @Test
    void lustreMsgConstants() {
        assertThat(LustreMsg.MAGIC_V2).isEqualTo(0x0BD00BD3);
        assertThat(LustreMsg.MAGIC_V2_SWABBED).isEqualTo(0xD30BD00B);
        assertThat(LustreMsg.SECFLVR_NULL).isEqualTo(0);
        assertThat(LustreMsg.MSGHDR_AT_SUPPORT).isEqualTo(0x1);
        assertThat(LustreMsg.MSGHDR_CKSUM_INCOMPAT18).isEqualTo(0x2);
        // lustre_msg_early_size() = round8(32 + 4) + sizeof(struct ptlrpc_body_v3) since 2.13
        // (LU-12523); 192 (a v2 body) was 2.12's
        assertThat(LustreMsg.EARLY_SIZE).as("lustre_msg_early_size() = 40 + 184").isEqualTo(224);
        // PTLRPC_MAX_BUFCOUNT = sizeof(rq_req_swab_mask) * 8, a __u32 (lustre_net.h)
        assertThat(LustreMsg.MAX_BUFCOUNT).isEqualTo(32);
        assertThat(LustreMsg.WIRE_FLVR_MASK).as("WIRE_FLVR()").isEqualTo(0x000FFFFF);
        assertThat(LustreMsg.SEC_PART_SHIFT).isEqualTo(24);
        // enum lustre_sec_part (lustre_sec.h)
        assertThat(List.of(LustreMsg.SP_CLI, LustreMsg.SP_MDT, LustreMsg.SP_OST, LustreMsg.SP_MGC, LustreMsg.SP_MGS))
                .containsExactly(0, 1, 2, 3, 4);
    }

    @ParameterizedTest(name = "{0} buffers: {1}-byte header")
    @CsvSource({
        "0,  32",   // 32
        "1,  40",   // 36 -> 40
        "2,  40",   // 40
        "3,  48",   // 44 -> 48
        "4,  48",   // 48
        "5,  56",   // 52 -> 56
        "6,  56",   // 56
        "7,  64",   // 60 -> 64
        "18, 104",  // 104
        "19, 112",  // 108 -> 112
        "31, 160",  // 156 -> 160
        "32, 160",  // 160
    })
    void headerSizeIsRound8Of32Plus4n(int bufCount, int size) {
        assertThat(LustreMsg.headerSize(bufCount)).isEqualTo(size);
    }

    @Test
    void messageSizes() {
        assertThat(LustreMsg.size(184)).as("OBD_PING request: 40 + 184").isEqualTo(224);
        assertThat(LustreMsg.size(152)).as("early reply size").isEqualTo(192);
        assertThat(LustreMsg.size(184, 39, 39, 8, 192)).as("CONNECT request: 56 + 184 + 40 + 40 + 8 + 192")
                .isEqualTo(520);
        assertThat(LustreMsg.size(184, 192)).as("CONNECT reply, v3 body").isEqualTo(416);
        assertThat(LustreMsg.size(152, 192)).as("CONNECT reply, v2 body").isEqualTo(384);
        assertThat(LustreMsg.size(184, 0)).as("an empty buffer takes no room").isEqualTo(40 + 184);
        assertThat(LustreMsg.size(1, 1, 1)).isEqualTo(48 + 8 + 8 + 8);
        assertThatThrownBy(() -> LustreMsg.size(184, -1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1");
    }

    @Test
    void packLaysOutHeaderLengthsAndZeroedBuffers() {
        byte[] b = new byte[300];
        Arrays.fill(b, (byte) 0xa5);
        LustreMsg m = LustreMsg.pack(MemorySegment.ofArray(b), 184, 39, 8);
        assertThat(m.size()).as("48 + 184 + 40 + 8").isEqualTo(280);
        assertThat(m.swabbed()).isFalse();
        assertThat(m.bufCount()).isEqualTo(3);
        assertThat(Arrays.copyOfRange(b, 0, 48)).containsExactly(
                0x03, 0x00, 0x00, 0x00,     // lm_bufcount 3
                0x00, 0x00, 0x00, 0x00,     // lm_secflvr null
                0xd3, 0x0b, 0xd0, 0x0b,     // lm_magic 0x0bd00bd3
                0x00, 0x00, 0x00, 0x00,     // lm_repsize
                0x00, 0x00, 0x00, 0x00,     // lm_cksum
                0x00, 0x00, 0x00, 0x00,     // lm_flags
                0x00, 0x00, 0x00, 0x00,     // lm_opc
                0x00, 0x00, 0x00, 0x00,     // lm_padding_3
                0xb8, 0x00, 0x00, 0x00,     // lm_buflens[0] 184
                0x27, 0x00, 0x00, 0x00,     // lm_buflens[1] 39
                0x08, 0x00, 0x00, 0x00,     // lm_buflens[2] 8
                0x00, 0x00, 0x00, 0x00);    // pad to 8
        assertThat(Arrays.copyOfRange(b, 48, 280)).as("buffers zeroed, padding too").containsOnly(0);
        assertThat(Arrays.copyOfRange(b, 280, 300)).as("nothing past the message").containsOnly(0xa5);
        assertThat(m.bufOffset(0)).isEqualTo(48);
        assertThat(m.bufOffset(1)).isEqualTo(48 + 184);
        assertThat(m.bufOffset(2)).as("39 padded to 40").isEqualTo(48 + 184 + 40);
        assertThat(m.bufLen(0)).isEqualTo(184);
        assertThat(m.bufLen(1)).isEqualTo(39);
        assertThat(m.bufLen(2)).isEqualTo(8);
        assertThat(m.bufLen(3)).as("past the last buffer").isZero();
        assertThat(m.buf(1).byteSize()).isEqualTo(39);
        assertThat(m.segment().byteSize()).isEqualTo(280);
        assertThatThrownBy(() -> m.bufOffset(3)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void packedHeaderFieldsAreWrittenAtTheirOffsets() {
        byte[] b = new byte[224];
        LustreMsg m = LustreMsg.pack(MemorySegment.ofArray(b), 184);
        m.repSize(0x01020304);
        m.flags(LustreMsg.MSGHDR_AT_SUPPORT | LustreMsg.MSGHDR_CKSUM_INCOMPAT18);
        assertThat(u32(b, 12)).isEqualTo(0x01020304);
        assertThat(u32(b, 20)).isEqualTo(3);
        assertThat(m.repSize()).isEqualTo(0x01020304);
        assertThat(m.flags()).isEqualTo(3);
        assertThat(m.secFlavor()).isZero();
        assertThat(m.cksum()).isZero();
    }

    @Test
    void packRefusesZeroOrTooManyBuffers() {
        MemorySegment big = MemorySegment.ofArray(new byte[4096]);
        assertThatThrownBy(() -> LustreMsg.pack(big)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("buffer count 0");
        assertThatThrownBy(() -> LustreMsg.pack(big, new int[33])).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("buffer count 33");
        assertThat(LustreMsg.pack(big, new int[32]).size()).isEqualTo(160);
    }

    @Test
    void packedMessageUnpacksLittleEndian() throws LustreException {
        byte[] b = new byte[256];
        LustreMsg.pack(MemorySegment.ofArray(b), 184, 16).repSize(1024);
        LustreMsg m = LustreMsg.unpack(MemorySegment.ofArray(b));
        assertThat(m.swabbed()).isFalse();
        assertThat(m.bufCount()).isEqualTo(2);
        assertThat(m.bufLen(0)).isEqualTo(184);
        assertThat(m.bufLen(1)).isEqualTo(16);
        assertThat(m.repSize()).isEqualTo(1024);
        assertThat(m.size()).as("trailing bytes are not part of the message").isEqualTo(40 + 184 + 16);
        assertThat(m.body().isV3()).isTrue();
    }

    /** The big-endian image of a 2-buffer message: a v2 body and 12 bytes, built by hand. */
    private static byte[] bigEndianMessage() {
        ByteBuffer bb = ByteBuffer.allocate(40 + 152 + 16).order(ByteOrder.BIG_ENDIAN);
        bb.putInt(2)                        // lm_bufcount
                .putInt(0)                  // lm_secflvr
                .putInt(0x0BD00BD3)         // lm_magic
                .putInt(2048)               // lm_repsize
                .putInt(0x11223344)         // lm_cksum
                .putInt(0x1)                // lm_flags
                .putInt(0)                  // lm_padding_2
                .putInt(0)                  // lm_padding_3
                .putInt(152)                // lm_buflens[0]
                .putInt(12);                // lm_buflens[1]
        assertThat(bb.position()).isEqualTo(40);
        bb.putLong(0xc0ffee0000000001L)     // pb_handle
                .putInt(4711)               // pb_type
                .putInt(0x00010003)         // pb_version
                .putInt(400)                // pb_opc
                .putInt(-107)               // pb_status
                .putLong(0x0000000100000002L) // pb_last_xid
                .putShort((short) 0xbeef)   // pb_tag
                .putShort((short) 0)        // pb_padding0
                .putInt(0x12345678)         // pb_padding1 (not read)
                .putLong(0x0a0b0c0d0e0f1011L) // pb_last_committed
                .putLong(0x2122232425262728L) // pb_transno
                .putInt(0x0002)             // pb_flags MSG_RESENT
                .putInt(0x0020)             // pb_op_flags MSG_CONNECT_INITIAL
                .putInt(7)                  // pb_conn_cnt
                .putInt(100)                // pb_timeout
                .putInt(5)                  // pb_service_time
                .putInt(0x31323334)         // pb_limit
                .putLong(0x4142434445464748L) // pb_slv
                .putLong(0x5100000000000001L).putLong(0x5200000000000002L)
                .putLong(0x5300000000000003L).putLong(0x5400000000000004L) // pb_pre_versions
                .putLong(0x6162636465666768L) // pb_mbits
                .putLong(0).putLong(0)      // pb_padding64_0, _1
                .putLong(0x0000_01f5_0000_01f4L); // pb_padding64_2 (not read)
        assertThat(bb.position()).isEqualTo(192);
        bb.putInt(0xcafe0001).putInt(0xcafe0002).putInt(0xcafe0003);
        return bb.array();
    }

    @Test
    void bigEndianMessageUnpacksSwabbed() throws LustreException {
        byte[] b = bigEndianMessage();
        assertThat(Arrays.copyOfRange(b, 8, 12)).as("magic as a big-endian sender writes it")
                .containsExactly(0x0b, 0xd0, 0x0b, 0xd3);
        assertThat(u32(b, 8)).as("what a little-endian reader sees").isEqualTo(0xD30BD00B);
        LustreMsg m = LustreMsg.unpack(MemorySegment.ofArray(b));
        assertThat(m.swabbed()).isTrue();
        assertThat(m.bufCount()).isEqualTo(2);
        assertThat(m.secFlavor()).isZero();
        assertThat(m.repSize()).isEqualTo(2048);
        assertThat(m.cksum()).isEqualTo(0x11223344);
        assertThat(m.flags()).isEqualTo(LustreMsg.MSGHDR_AT_SUPPORT);
        assertThat(m.bufLen(0)).isEqualTo(152);
        assertThat(m.bufLen(1)).isEqualTo(12);
        assertThat(m.bufOffset(1)).isEqualTo(192);
        assertThat(m.size()).isEqualTo(192 + 16);
        assertThat(m.buf(1).get(Be.U32, 8)).isEqualTo(0xcafe0003);
        assertThatThrownBy(() -> m.repSize(1)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> m.flags(1)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void bigEndianBodyReadsEveryFieldSwabbed() throws LustreException {
        PtlrpcBody p = LustreMsg.unpack(MemorySegment.ofArray(bigEndianMessage())).body();
        assertThat(p.isV3()).isFalse();
        assertThat(p.handle()).isEqualTo(0xc0ffee0000000001L);
        assertThat(p.type()).isEqualTo(4711);
        assertThat(p.version()).isEqualTo(0x00010003);
        assertThat(p.opc()).isEqualTo(400);
        assertThat(p.status()).isEqualTo(-107);
        assertThat(p.lastXid()).isEqualTo(0x0000000100000002L);
        assertThat(p.tag()).isEqualTo(0xbeef);
        assertThat(p.lastCommitted()).isEqualTo(0x0a0b0c0d0e0f1011L);
        assertThat(p.transno()).isEqualTo(0x2122232425262728L);
        assertThat(p.flags()).isEqualTo(0x0002);
        assertThat(p.opFlags()).isEqualTo(0x0020);
        assertThat(p.connCnt()).isEqualTo(7);
        assertThat(p.timeout()).isEqualTo(100);
        assertThat(p.serviceTime()).isEqualTo(5);
        assertThat(p.limit()).isEqualTo(0x31323334);
        assertThat(p.slv()).isEqualTo(0x4142434445464748L);
        assertThat(p.preVersion(0)).isEqualTo(0x5100000000000001L);
        assertThat(p.preVersion(1)).isEqualTo(0x5200000000000002L);
        assertThat(p.preVersion(2)).isEqualTo(0x5300000000000003L);
        assertThat(p.preVersion(3)).isEqualTo(0x5400000000000004L);
        assertThat(p.mbits()).isEqualTo(0x6162636465666768L);
        assertThat(p.jobid()).as("v2 body").isEmpty();
        assertThatThrownBy(() -> p.opc(1)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> p.tag(1)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void unpackRejectsAShortMessage() {
        eproto(() -> LustreMsg.unpack(MemorySegment.ofArray(new byte[31])), "31 bytes");
        eproto(() -> LustreMsg.unpack(MemorySegment.ofArray(new byte[0])), "0 bytes");
    }

    @ParameterizedTest(name = "magic {0}")
    @CsvSource({
        "0x0bd00bd0, bd00bd0",    // LUSTRE_MSG_MAGIC_V1
        "0x0bd00bd4, bd00bd4",
        "0x00000000, 0 ",
        "0xacce7100, acce7100",
    })
    void unpackRejectsABadMagic(String magicHex, String named) {
        byte[] b = new byte[224];
        LustreMsg.pack(MemorySegment.ofArray(b), 184);
        MemorySegment.ofArray(b).set(Le.U32, 8, Integer.parseUnsignedInt(magicHex.substring(2), 16));
        eproto(() -> LustreMsg.unpack(MemorySegment.ofArray(b)), "magic 0x" + named.trim());
    }

    @ParameterizedTest(name = "bufcount {1}")
    @CsvSource({"0, 0", "33, 33", "-1, 4294967295", "1000, 1000"})
    void unpackRejectsABadBufferCount(int count, String named) {
        byte[] le = new byte[224];
        LustreMsg.pack(MemorySegment.ofArray(le), 184);
        MemorySegment.ofArray(le).set(Le.U32, 0, count);
        eproto(() -> LustreMsg.unpack(MemorySegment.ofArray(le)), "buffer count " + named);
        byte[] be = bigEndianMessage();
        MemorySegment.ofArray(be).set(Be.U32, 0, count);
        eproto(() -> LustreMsg.unpack(MemorySegment.ofArray(be)), "buffer count " + named);
    }

    @Test
    void unpackAcceptsThirtyTwoBuffers() throws LustreException {
        byte[] b = new byte[160];
        LustreMsg.pack(MemorySegment.ofArray(b), new int[32]);
        assertThat(LustreMsg.unpack(MemorySegment.ofArray(b)).bufCount()).isEqualTo(32);
        assertThatThrownBy(() -> LustreMsg.pack(MemorySegment.ofArray(new byte[168]), new int[33]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("33");
    }

    @Test
    void unpackRejectsBufferLengthsRunningPastTheHeaderSpace() {
        byte[] b = new byte[40];
        LustreMsg.pack(MemorySegment.ofArray(b), 0);
        MemorySegment.ofArray(b).set(Le.U32, 0, 3); // 3 buffers need a 48-byte header
        eproto(() -> LustreMsg.unpack(MemorySegment.ofArray(b)), "40 bytes", "3 buffers", "48 bytes");
    }

    @Test
    void unpackRejectsABufferRunningPastTheEnd() {
        byte[] b = new byte[224];
        LustreMsg.pack(MemorySegment.ofArray(b), 184);
        MemorySegment.ofArray(b).set(Le.U32, 32, 185); // rounds to 192: 40 + 192 > 224
        eproto(() -> LustreMsg.unpack(MemorySegment.ofArray(b)), "buffer 0", "length 185", "224-byte message");
        byte[] two = new byte[40 + 184 + 8];
        LustreMsg.pack(MemorySegment.ofArray(two), 184, 8);
        MemorySegment.ofArray(two).set(Le.U32, 36, 9);
        eproto(() -> LustreMsg.unpack(MemorySegment.ofArray(two)), "buffer 1", "length 9");
        byte[] be = bigEndianMessage();
        MemorySegment.ofArray(be).set(Be.U32, 36, 17);
        eproto(() -> LustreMsg.unpack(MemorySegment.ofArray(be)), "buffer 1", "length 17", "208-byte message");
    }

    @Test
    void unpackRejectsAnAllOnesBufferLength() {
        byte[] b = new byte[224];
        LustreMsg.pack(MemorySegment.ofArray(b), 184);
        MemorySegment.ofArray(b).set(Le.U32, 32, 0xffffffff);
        eproto(() -> LustreMsg.unpack(MemorySegment.ofArray(b)), "length 4294967295");
        byte[] be = bigEndianMessage();
        MemorySegment.ofArray(be).set(Be.U32, 32, 0xffffffff);
        eproto(() -> LustreMsg.unpack(MemorySegment.ofArray(be)), "length 4294967295");
    }

    @Test
    void bufferLookupsNameWhatIsMissing() throws LustreException {
        byte[] b = new byte[40 + 184 + 8];
        LustreMsg m = LustreMsg.pack(MemorySegment.ofArray(b), 184, 8);
        assertThat(m.buf(1, 8, "cdata").byteSize()).isEqualTo(8);
        eproto(() -> m.buf(2, 8, "cdata"), "no buffer 2", "cdata");
        eproto(() -> m.buf(1, 192, "cdata"), "buffer 1", "cdata", "8 bytes", "192");
        byte[] small = new byte[40 + 104];
        LustreMsg s = LustreMsg.pack(MemorySegment.ofArray(small), 100);
        eproto(s::body, "ptlrpc_body", "100 bytes", "152");
    }

    // ======================= struct ptlrpc_body_v3 =======================

    @Test
    void ptlrpcBodySizes() {
        assertThat(PtlrpcBody.SIZE_V3).isEqualTo(184);
        assertThat(PtlrpcBody.SIZE_V2).isEqualTo(152);
        assertThat(PtlrpcBody.JOBID_SIZE).as("LUSTRE_JOBID_SIZE").isEqualTo(32);
        assertThat(PtlrpcBody.PRE_VERSIONS).isEqualTo(4);
    }

    @Test
    void ptlrpcBodyOffsets() {
        assertThat(PtlrpcBody.OFF_HANDLE).isEqualTo(0);
        assertThat(PtlrpcBody.OFF_TYPE).isEqualTo(8);
        assertThat(PtlrpcBody.OFF_VERSION).isEqualTo(12);
        assertThat(PtlrpcBody.OFF_OPC).isEqualTo(16);
        assertThat(PtlrpcBody.OFF_STATUS).isEqualTo(20);
        assertThat(PtlrpcBody.OFF_LAST_XID).isEqualTo(24);
        assertThat(PtlrpcBody.OFF_TAG).isEqualTo(32);
        assertThat(PtlrpcBody.OFF_PADDING0).isEqualTo(34);
        assertThat(PtlrpcBody.OFF_PADDING1).isEqualTo(36);
        assertThat(PtlrpcBody.OFF_LAST_COMMITTED).isEqualTo(40);
        assertThat(PtlrpcBody.OFF_TRANSNO).isEqualTo(48);
        assertThat(PtlrpcBody.OFF_FLAGS).isEqualTo(56);
        assertThat(PtlrpcBody.OFF_OP_FLAGS).isEqualTo(60);
        assertThat(PtlrpcBody.OFF_CONN_CNT).isEqualTo(64);
        assertThat(PtlrpcBody.OFF_TIMEOUT).isEqualTo(68);
        assertThat(PtlrpcBody.OFF_SERVICE_TIME).isEqualTo(72);
        assertThat(PtlrpcBody.OFF_LIMIT).isEqualTo(76);
        assertThat(PtlrpcBody.OFF_SLV).isEqualTo(80);
        assertThat(PtlrpcBody.OFF_PRE_VERSIONS).isEqualTo(88);
        assertThat(PtlrpcBody.OFF_MBITS).isEqualTo(120);
        assertThat(PtlrpcBody.OFF_PADDING64_0).isEqualTo(128);
        assertThat(PtlrpcBody.OFF_PADDING64_1).isEqualTo(136);
        assertThat(PtlrpcBody.OFF_PADDING64_2).isEqualTo(144);
        assertThat(PtlrpcBody.OFF_JOBID).isEqualTo(152);
    }

    @Test
    void everyBodySetterWritesLittleEndianAtItsOffset() throws LustreException {
        byte[] b = new byte[40 + 184];
        LustreMsg m = LustreMsg.pack(MemorySegment.ofArray(b), 184);
        m.body().handle(0x0102030405060708L).type(4713).version(0x00020003).opc(36).status(-2)
                .lastXid(0x1112131415161718L).tag(0xfedc).lastCommitted(0x2122232425262728L)
                .transno(0x3132333435363738L).flags(0x0004).opFlags(0x0100).connCnt(0x41424344).timeout(0x51525354)
                .serviceTime(0x61626364).mbits(0x7172737475767778L).jobid("dd.500");
        byte[] p = Arrays.copyOfRange(b, 40, 224);
        assertThat(Arrays.copyOfRange(p, 0, 8)).as("pb_handle")
                .containsExactly(0x08, 0x07, 0x06, 0x05, 0x04, 0x03, 0x02, 0x01);
        assertThat(Arrays.copyOfRange(p, 8, 12)).as("pb_type 4713").containsExactly(0x69, 0x12, 0x00, 0x00);
        assertThat(u32(p, 12)).as("pb_version").isEqualTo(0x00020003);
        assertThat(u32(p, 16)).as("pb_opc").isEqualTo(36);
        assertThat(Arrays.copyOfRange(p, 20, 24)).as("pb_status -2").containsExactly(0xfe, 0xff, 0xff, 0xff);
        assertThat(u64(p, 24)).as("pb_last_xid").isEqualTo(0x1112131415161718L);
        assertThat(Arrays.copyOfRange(p, 32, 34)).as("pb_tag").containsExactly(0xdc, 0xfe);
        assertThat(u16(p, 34)).as("pb_padding0").isZero();
        assertThat(u32(p, 36)).as("pb_padding1").isZero();
        assertThat(u64(p, 40)).as("pb_last_committed").isEqualTo(0x2122232425262728L);
        assertThat(u64(p, 48)).as("pb_transno").isEqualTo(0x3132333435363738L);
        assertThat(u32(p, 56)).as("pb_flags").isEqualTo(0x0004);
        assertThat(u32(p, 60)).as("pb_op_flags").isEqualTo(0x0100);
        assertThat(u32(p, 64)).as("pb_conn_cnt").isEqualTo(0x41424344);
        assertThat(u32(p, 68)).as("pb_timeout").isEqualTo(0x51525354);
        assertThat(u32(p, 72)).as("pb_service_time").isEqualTo(0x61626364);
        assertThat(Arrays.copyOfRange(p, 76, 120)).as("pb_limit, pb_slv, pb_pre_versions (no setters)").containsOnly(0);
        assertThat(u64(p, 120)).as("pb_mbits").isEqualTo(0x7172737475767778L);
        assertThat(Arrays.copyOfRange(p, 128, 152)).as("pb_padding64_0.._2").containsOnly(0);
        assertThat(new String(p, 152, 6, StandardCharsets.US_ASCII)).as("pb_jobid").isEqualTo("dd.500");
        assertThat(Arrays.copyOfRange(p, 158, 184)).as("jobid NUL padding").containsOnly(0);

        PtlrpcBody back = LustreMsg.unpack(MemorySegment.ofArray(b)).body();
        assertThat(back.handle()).isEqualTo(0x0102030405060708L);
        assertThat(back.type()).isEqualTo(4713);
        assertThat(back.version()).isEqualTo(0x00020003);
        assertThat(back.opc()).isEqualTo(36);
        assertThat(back.status()).isEqualTo(-2);
        assertThat(back.lastXid()).isEqualTo(0x1112131415161718L);
        assertThat(back.tag()).isEqualTo(0xfedc);
        assertThat(back.lastCommitted()).isEqualTo(0x2122232425262728L);
        assertThat(back.transno()).isEqualTo(0x3132333435363738L);
        assertThat(back.flags()).isEqualTo(4);
        assertThat(back.opFlags()).isEqualTo(0x100);
        assertThat(back.connCnt()).isEqualTo(0x41424344);
        assertThat(back.timeout()).isEqualTo(0x51525354);
        assertThat(back.serviceTime()).isEqualTo(0x61626364);
        assertThat(back.mbits()).isEqualTo(0x7172737475767778L);
        assertThat(back.jobid()).isEqualTo("dd.500");
    }

    @Test
    void gettersWithoutSettersReadTheirOffsets() {
        byte[] b = new byte[184];
        MemorySegment s = MemorySegment.ofArray(b);
        s.set(Le.U32, 76, 0x1a1b1c1d);
        s.set(Le.U64, 80, 0x2a2b2c2d2e2f3031L);
        for (int i = 0; i < 4; i++) {
            s.set(Le.U64, 88 + 8 * i, 0x4000000000000000L + i);
        }
        PtlrpcBody p = PtlrpcBody.of(s);
        assertThat(p.limit()).isEqualTo(0x1a1b1c1d);
        assertThat(p.slv()).isEqualTo(0x2a2b2c2d2e2f3031L);
        assertThat(p.preVersion(0)).isEqualTo(0x4000000000000000L);
        assertThat(p.preVersion(3)).isEqualTo(0x4000000000000003L);
    }

    @Test
    void v2BodyHasNoJobidAndV3Has() {
        PtlrpcBody v2 = PtlrpcBody.of(MemorySegment.ofArray(new byte[152]));
        assertThat(v2.isV3()).isFalse();
        assertThat(v2.jobid()).isEmpty();
        assertThatThrownBy(() -> v2.jobid("x")).isInstanceOf(IllegalStateException.class);
        PtlrpcBody v3 = PtlrpcBody.of(MemorySegment.ofArray(new byte[184]));
        assertThat(v3.isV3()).isTrue();
        assertThat(v3.jobid()).isEmpty();
        assertThatThrownBy(() -> PtlrpcBody.of(MemorySegment.ofArray(new byte[151])))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("151");
    }

    @Test
    void v2BodyInAMessageIsAccepted() throws LustreException {
        byte[] b = new byte[192];
        LustreMsg m = LustreMsg.pack(MemorySegment.ofArray(b), 152);
        m.body().opc(400).mbits(7);
        assertThat(u32(b, 40 + 16)).isEqualTo(400);
        assertThat(u64(b, 40 + 120)).isEqualTo(7);
        PtlrpcBody back = LustreMsg.unpack(MemorySegment.ofArray(b)).body();
        assertThat(back.isV3()).isFalse();
        assertThat(back.opc()).isEqualTo(400);
    }

    @Test
    void jobidIsCutAt31BytesAndNulTerminated() {
        byte[] b = new byte[184];
        Arrays.fill(b, (byte) 0x5a);
        PtlrpcBody p = PtlrpcBody.of(MemorySegment.ofArray(b));
        String forty = "abcdefghijklmnopqrstuvwxyz0123456789ABCD";
        p.jobid(forty);
        assertThat(new String(b, 152, 31, StandardCharsets.US_ASCII)).isEqualTo(forty.substring(0, 31));
        assertThat(b[183]).as("last byte always NUL").isZero();
        assertThat(b[151]).as("pb_gid untouched").isEqualTo((byte) 0x5a);
        assertThat(p.jobid()).hasSize(31).isEqualTo(forty.substring(0, 31));
        p.jobid("x".repeat(32));
        assertThat(p.jobid()).isEqualTo("x".repeat(31));
        p.jobid("y".repeat(31));
        assertThat(p.jobid()).isEqualTo("y".repeat(31));
        assertThat(b[183]).isZero();
        p.jobid("z");
        assertThat(b[152]).isEqualTo((byte) 'z');
        assertThat(Arrays.copyOfRange(b, 153, 184)).as("shorter id clears the old one").containsOnly(0);
        assertThat(p.jobid()).isEqualTo("z");
    }

    // ======================= struct obd_connect_data =======================

    @Test
    void obdConnectDataSizeAndOffsets() {
        assertThat(ObdConnectData.SIZE).isEqualTo(192);
        assertThat(ObdConnectData.OFF_CONNECT_FLAGS).isEqualTo(0);
        assertThat(ObdConnectData.OFF_VERSION).isEqualTo(8);
        assertThat(ObdConnectData.OFF_GRANT).isEqualTo(12);
        assertThat(ObdConnectData.OFF_INDEX).isEqualTo(16);
        assertThat(ObdConnectData.OFF_BRW_SIZE).isEqualTo(20);
        assertThat(ObdConnectData.OFF_IBITS_KNOWN).isEqualTo(24);
        assertThat(ObdConnectData.OFF_GRANT_BLKBITS).isEqualTo(32);
        assertThat(ObdConnectData.OFF_GRANT_INOBITS).isEqualTo(33);
        assertThat(ObdConnectData.OFF_GRANT_TAX_KB).isEqualTo(34);
        assertThat(ObdConnectData.OFF_GRANT_MAX_BLKS).isEqualTo(36);
        assertThat(ObdConnectData.OFF_TRANSNO).isEqualTo(40);
        assertThat(ObdConnectData.OFF_GROUP).isEqualTo(48);
        assertThat(ObdConnectData.OFF_CKSUM_TYPES).isEqualTo(52);
        assertThat(ObdConnectData.OFF_MAX_EASIZE).isEqualTo(56);
        assertThat(ObdConnectData.OFF_INSTANCE).isEqualTo(60);
        assertThat(ObdConnectData.OFF_MAXBYTES).isEqualTo(64);
        assertThat(ObdConnectData.OFF_MAXMODRPCS).isEqualTo(72);
        assertThat(ObdConnectData.OFF_CONNECT_FLAGS2).isEqualTo(80);
    }

    private static final ObdConnectData OCD = new ObdConnectData(0x8000000000001020L, 0x020F3200, 0x11121314,
            0x21222324, 0x31323334, 0x4142434445464748L, 0xf1, 0xf2, 0xf3f4, 0x51525354, 0x6162636465666768L,
            0x71727374, 0x00000004, 0x81828384, 0x91929394, 0xa1a2a3a4a5a6a7a8L, 0xb1b2, 0x0000000100100000L);

    @Test
    void obdConnectDataFieldsSitAtTheirOffsets() {
        byte[] b = new byte[8 + 192 + 8];
        Arrays.fill(b, (byte) 0xee);
        OCD.write(MemorySegment.ofArray(b), 8);
        assertThat(Arrays.copyOfRange(b, 0, 8)).containsOnly(0xee);
        assertThat(Arrays.copyOfRange(b, 200, 208)).containsOnly(0xee);
        byte[] o = Arrays.copyOfRange(b, 8, 200);
        assertThat(Arrays.copyOfRange(o, 0, 8)).as("ocd_connect_flags FLAGS2|IBITS|VERSION")
                .containsExactly(0x20, 0x10, 0x00, 0x00, 0x00, 0x00, 0x00, 0x80);
        assertThat(Arrays.copyOfRange(o, 8, 12)).as("ocd_version 2.15.50.0").containsExactly(0x00, 0x32, 0x0f, 0x02);
        assertThat(u32(o, 12)).as("ocd_grant").isEqualTo(0x11121314);
        assertThat(u32(o, 16)).as("ocd_index").isEqualTo(0x21222324);
        assertThat(u32(o, 20)).as("ocd_brw_size").isEqualTo(0x31323334);
        assertThat(u64(o, 24)).as("ocd_ibits_known").isEqualTo(0x4142434445464748L);
        assertThat(o[32]).as("ocd_grant_blkbits").isEqualTo((byte) 0xf1);
        assertThat(o[33]).as("ocd_grant_inobits").isEqualTo((byte) 0xf2);
        assertThat(Arrays.copyOfRange(o, 34, 36)).as("ocd_grant_tax_kb").containsExactly(0xf4, 0xf3);
        assertThat(u32(o, 36)).as("ocd_grant_max_blks").isEqualTo(0x51525354);
        assertThat(u64(o, 40)).as("ocd_transno").isEqualTo(0x6162636465666768L);
        assertThat(u32(o, 48)).as("ocd_group").isEqualTo(0x71727374);
        assertThat(u32(o, 52)).as("ocd_cksum_types OBD_CKSUM_CRC32C").isEqualTo(4);
        assertThat(u32(o, 56)).as("ocd_max_easize").isEqualTo(0x81828384);
        assertThat(u32(o, 60)).as("ocd_instance").isEqualTo(0x91929394);
        assertThat(u64(o, 64)).as("ocd_maxbytes").isEqualTo(0xa1a2a3a4a5a6a7a8L);
        assertThat(Arrays.copyOfRange(o, 72, 74)).as("ocd_maxmodrpcs").containsExactly(0xb2, 0xb1);
        assertThat(o[74]).as("ocd_conn_policy (not modelled)").isZero();
        assertThat(o[75]).as("padding0").isZero();
        assertThat(u32(o, 76)).as("padding1").isZero();
        assertThat(u64(o, 80)).as("ocd_connect_flags2 LARGE_NID|REP_MBITS").isEqualTo(0x0000000100100000L);
        assertThat(u64(o, 88)).as("ocd_compr_type (not modelled)").isZero();
        assertThat(Arrays.copyOfRange(o, 96, 192)).as("padding4..paddingF").containsOnly(0);
    }

    @Test
    void obdConnectDataRoundTripsEveryField() {
        byte[] b = new byte[192];
        OCD.write(MemorySegment.ofArray(b), 0);
        ObdConnectData back = ObdConnectData.read(MemorySegment.ofArray(b), 0, false);
        assertThat(back).isEqualTo(OCD);
        assertThat(back.grantBlkbits()).as("u8 read unsigned").isEqualTo(0xf1);
        assertThat(back.grantTaxKb()).as("u16 read unsigned").isEqualTo(0xf3f4);
        assertThat(back.maxModRpcs()).as("u16 read unsigned").isEqualTo(0xb1b2);
        ObdConnectData ones = new ObdConnectData(-1L, -1, -1, -1, -1, -1L, 0xff, 0xff, 0xffff, -1, -1L, -1, -1, -1,
                -1, -1L, 0xffff, -1L);
        ones.write(MemorySegment.ofArray(b), 0);
        assertThat(ObdConnectData.read(MemorySegment.ofArray(b), 0, false)).isEqualTo(ones);
        assertThat(Arrays.copyOfRange(b, 74, 80)).containsOnly(0);
        assertThat(Arrays.copyOfRange(b, 88, 192)).containsOnly(0);
    }

    @Test
    void obdConnectDataWrittenBigEndianIsReadSwabbed() {
        ByteBuffer bb = ByteBuffer.allocate(192).order(ByteOrder.BIG_ENDIAN);
        bb.putLong(0x8000000000001020L).putInt(0x020F3200).putInt(0x11121314).putInt(0x21222324)
                .putInt(0x31323334).putLong(0x4142434445464748L).put((byte) 0xf1).put((byte) 0xf2)
                .putShort((short) 0xf3f4).putInt(0x51525354).putLong(0x6162636465666768L).putInt(0x71727374)
                .putInt(4).putInt(0x81828384).putInt(0x91929394).putLong(0xa1a2a3a4a5a6a7a8L)
                .putShort((short) 0xb1b2).put((byte) 0).put((byte) 0).putInt(0).putLong(0x0000000100100000L);
        assertThat(bb.position()).isEqualTo(88);
        assertThat(ObdConnectData.read(MemorySegment.ofArray(bb.array()), 0, true)).isEqualTo(OCD);
    }

    @Test
    void shortConnectDataReadsAsZerosPastItsEnd() {
        byte[] full = new byte[192];
        OCD.write(MemorySegment.ofArray(full), 0);
        byte[] older = Arrays.copyOf(full, 72); // up to ocd_maxbytes
        ObdConnectData d = ObdConnectData.read(MemorySegment.ofArray(older), 0, false);
        assertThat(d.connectFlags()).isEqualTo(OCD.connectFlags());
        assertThat(d.version()).isEqualTo(OCD.version());
        assertThat(d.instance()).isEqualTo(OCD.instance());
        assertThat(d.maxbytes()).isEqualTo(OCD.maxbytes());
        assertThat(d.maxModRpcs()).isZero();
        assertThat(d.connectFlags2()).isZero();
        byte[] eight = Arrays.copyOf(full, 16);
        ObdConnectData e = ObdConnectData.read(MemorySegment.ofArray(eight), 8, false);
        assertThat(e.connectFlags()).as("read from offset 8: ocd_version and ocd_grant become the flags")
                .isEqualTo(0x11121314020F3200L);
        assertThat(e.version()).isZero();
        assertThat(ObdConnectData.read(MemorySegment.ofArray(new byte[4]), 4, false))
                .as("nothing left at the offset: all zeros").isEqualTo(new ObdConnectData(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                        0, 0, 0, 0, 0, 0));
    }

    @Test
    void longerConnectDataReadsItsFirst192Bytes() {
        byte[] b = new byte[320]; // the client's reply buffer: sizeof(ocd) + 16 * 8
        Arrays.fill(b, (byte) 0x77);
        OCD.write(MemorySegment.ofArray(b), 0);
        assertThat(ObdConnectData.read(MemorySegment.ofArray(b), 0, false)).isEqualTo(OCD);
        assertThat(b[192]).as("write keeps to 192 bytes").isEqualTo((byte) 0x77);
    }

    @ParameterizedTest(name = "OBD_OCD_VERSION({0},{1},{2},{3}) = {4}")
    @CsvSource({
        "2, 15, 50, 0, 0x020F3200, 2.15.50.0",
        "0,  4, 50, 0, 0x00043200, 0.4.50.0",   // LUSTRE_VERSION_OFFSET_WARN
        "2, 17,  0, 0, 0x02110000, 2.17.0.0",
        "3,  0, 53, 0, 0x03003500, 3.0.53.0",
        "1,  2,  3, 4, 0x01020304, 1.2.3.4",
        "255, 255, 255, 255, 0xFFFFFFFF, 255.255.255.255",
    })
    void ocdVersionEncoding(int major, int minor, int patch, int fix, String hex, String text) {
        int v = Integer.parseUnsignedInt(hex.substring(2), 16);
        assertThat(ObdConnectData.ocdVersion(major, minor, patch, fix)).isEqualTo(v);
        assertThat((v >>> 24) & 255).as("OBD_OCD_VERSION_MAJOR").isEqualTo(major);
        assertThat((v >>> 16) & 255).as("OBD_OCD_VERSION_MINOR").isEqualTo(minor);
        assertThat((v >>> 8) & 255).as("OBD_OCD_VERSION_PATCH").isEqualTo(patch);
        assertThat(v & 255).as("OBD_OCD_VERSION_FIX").isEqualTo(fix);
        assertThat(ObdConnectData.versionString(v)).isEqualTo(text);
    }

    @Test
    void jlustreAnnouncesLustre215AndOfFlagsZeroesTheRest() {
        // jlustre's own choice, not a Lustre constant.
        assertThat(ObdConnectData.JLUSTRE_OCD_VERSION).isEqualTo(0x020F0000);
        ObdConnectData d = ObdConnectData.ofFlags(0x20);
        assertThat(d).isEqualTo(new ObdConnectData(0x20, 0x020F0000, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0));
        assertThat(d.withFlags(1, 2).connectFlags()).isEqualTo(1);
        assertThat(d.withFlags(1, 2).connectFlags2()).isEqualTo(2);
        assertThat(d.withVersionAndInstance(0x02110000, 9).version()).isEqualTo(0x02110000);
        assertThat(d.withVersionAndInstance(0x02110000, 9).instance()).isEqualTo(9);
    }

    // ======================= struct lustre_handle =======================

    @Test
    void lustreHandle() {
        assertThat(LustreHandle.SIZE).isEqualTo(8);
        assertThat(LustreHandle.NONE.cookie()).isZero();
        assertThat(LustreHandle.NONE.isUsed()).isFalse();
        assertThat(new LustreHandle(1).isUsed()).isTrue();
        // Not in the reference documents: DEAD_HANDLE_MAGIC as lustre_idl.h defines it.
        assertThat(LustreHandle.DEAD_HANDLE_MAGIC).isEqualTo(0xdeadbeefcafebabeL);
        byte[] b = new byte[8];
        new LustreHandle(0x0102030405060708L).write(MemorySegment.ofArray(b), 0);
        assertThat(b).containsExactly(0x08, 0x07, 0x06, 0x05, 0x04, 0x03, 0x02, 0x01);
    }

    // ======================= message types, versions, flags =======================

    @Test
    void messageTypes() {
        assertThat(MsgFlags.PTL_RPC_MSG_REQUEST).isEqualTo(4711);
        assertThat(MsgFlags.PTL_RPC_MSG_ERR).isEqualTo(4712);
        assertThat(MsgFlags.PTL_RPC_MSG_REPLY).isEqualTo(4713);
    }

    @Test
    void versions() {
        assertThat(MsgFlags.PTLRPC_MSG_VERSION).isEqualTo(0x00000003);
        assertThat(MsgFlags.LUSTRE_VERSION_MASK).isEqualTo(0xffff0000);
        assertThat(MsgFlags.LUSTRE_OBD_VERSION).isEqualTo(0x00010000);
        assertThat(MsgFlags.LUSTRE_MDS_VERSION).isEqualTo(0x00020000);
        assertThat(MsgFlags.LUSTRE_OST_VERSION).isEqualTo(0x00030000);
        assertThat(MsgFlags.LUSTRE_DLM_VERSION).isEqualTo(0x00040000);
        assertThat(MsgFlags.LUSTRE_LOG_VERSION).isEqualTo(0x00050000);
        assertThat(MsgFlags.LUSTRE_MGS_VERSION).isEqualTo(0x00060000);
        assertThat(MsgFlags.version(MsgFlags.LUSTRE_OBD_VERSION)).as("connect and ping").isEqualTo(0x00010003);
        assertThat(MsgFlags.version(MsgFlags.LUSTRE_MGS_VERSION)).isEqualTo(0x00060003);
        assertThat(MsgFlags.versionOk(0x00010003)).isTrue();
        assertThat(MsgFlags.versionOk(0x00000003)).as("replies carry only PTLRPC_MSG_VERSION").isTrue();
        assertThat(MsgFlags.versionOk(0x12340003)).as("the service half is not checked").isTrue();
        assertThat(MsgFlags.versionOk(0x00010002)).isFalse();
        assertThat(MsgFlags.versionOk(0x00010004)).isFalse();
    }

    @Test
    void pbFlags() {
        assertThat(MsgFlags.MSG_RESENT).isEqualTo(0x0002);
        assertThat(MsgFlags.MSG_REPLAY).isEqualTo(0x0004);
        assertThat(MsgFlags.MSG_REQ_REPLAY_DONE).isEqualTo(0x0040);
        assertThat(MsgFlags.MSG_LOCK_REPLAY_DONE).isEqualTo(0x0080);
        // obsolete, commented out in lustre_idl.h
        assertThat(MsgFlags.MSG_LAST_REPLAY).isEqualTo(0x0001);
        assertThat(MsgFlags.MSG_DELAY_REPLAY).isEqualTo(0x0010);
        assertThat(MsgFlags.MSG_VERSION_REPLAY).isEqualTo(0x0020);
    }

    @Test
    void connectMasksAreLustre215s() {
        // lustre_idl.h of 2.15: MGS_CONNECT_SUPPORTED has no 0x40 bit (OBD_CONNECT_REQPORTAL there)
        assertThat(ConnectFlags.MGS_CONNECT_SUPPORTED).isEqualTo(0xa004011001002020L);
        assertThat(ConnectFlags.MGS_CONNECT_SUPPORTED2).isEqualTo(0x100000L);
        assertThat(ConnectFlags.ECHO_CONNECT_SUPPORTED).isEqualTo(0x8000000040000000L);
        assertThat(ConnectFlags.ECHO_CONNECT_SUPPORTED2).isEqualTo(0x100000L);
    }

    @Test
    void pbOpFlagsForConnect() {
        assertThat(MsgFlags.MSG_CONNECT_RECOVERING).isEqualTo(0x1);
        assertThat(MsgFlags.MSG_CONNECT_RECONNECT).isEqualTo(0x2);
        assertThat(MsgFlags.MSG_CONNECT_REPLAYABLE).isEqualTo(0x4);
        assertThat(MsgFlags.MSG_CONNECT_LIBCLIENT).isEqualTo(0x10);
        assertThat(MsgFlags.MSG_CONNECT_INITIAL).isEqualTo(0x20);
        assertThat(MsgFlags.MSG_CONNECT_NEXT_VER).isEqualTo(0x80);
        assertThat(MsgFlags.MSG_CONNECT_TRANSNO).isEqualTo(0x100);
    }

    @ParameterizedTest(name = "status {0}: REPLY {1}")
    @CsvSource({
        "0,    true",
        "-28,  true",    // ENOSPC
        "-13,  true",    // EACCES
        "-1,   true",    // EPERM
        "-2,   true",    // ENOENT
        "-115, true",    // EINPROGRESS
        "-122, true",    // EDQUOT
        "-107, false",   // ENOTCONN
        "-71,  false",   // EPROTO
        "-22,  false",   // EINVAL
        "-16,  false",   // EBUSY
        "-114, false",   // EALREADY
    })
    void ptlrpcSendErrorKeepsReplyForExpectedErrors(int status, boolean reply) {
        assertThat(MsgFlags.replyTypeForStatus(status)).isEqualTo(reply);
    }

    // ======================= portals =======================

    @ParameterizedTest(name = "{0}_PORTAL = {1}")
    @CsvSource({
        "CONNMGR_REQUEST, 1", "CONNMGR_REPLY, 2", "OSC_REPLY, 4", "OST_IO, 6", "OST_CREATE, 7", "OST_BULK, 8",
        "MDC_REPLY, 10", "MDS_REQUEST, 12", "MDS_IO, 13", "MDS_BULK, 14", "LDLM_CB_REQUEST, 15",
        "LDLM_CB_REPLY, 16", "LDLM_CANCEL_REQUEST, 17", "LDLM_CANCEL_REPLY, 18", "MDS_SETATTR, 22",
        "MDS_READPAGE, 23", "OUT, 24", "MGC_REPLY, 25", "MGS_REQUEST, 26", "MGS_REPLY, 27", "OST_REQUEST, 28",
        "FLD_REQUEST, 29", "SEQ_METADATA, 30", "SEQ_DATA, 31", "SEQ_CONTROLLER, 32", "MGS_BULK, 33",
    })
    void portals(String name, int value) throws ReflectiveOperationException {
        assertThat(constant(Portals.class, name)).isEqualTo(value);
    }

    // ======================= opcodes =======================

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({
        "OST_REPLY, 0", "OST_GETATTR, 1", "OST_SETATTR, 2", "OST_READ, 3", "OST_WRITE, 4", "OST_CREATE, 5",
        "OST_DESTROY, 6", "OST_GET_INFO, 7", "OST_CONNECT, 8", "OST_DISCONNECT, 9", "OST_PUNCH, 10",
        "OST_OPEN, 11", "OST_CLOSE, 12", "OST_STATFS, 13", "OST_SYNC, 16", "OST_SET_INFO, 17",
        "OST_QUOTACHECK, 18", "OST_QUOTACTL, 19", "OST_QUOTA_ADJUST_QUNIT, 20", "OST_LADVISE, 21",
        "OST_FALLOCATE, 22", "OST_SEEK, 23",
        "MDS_GETATTR, 33", "MDS_GETATTR_NAME, 34", "MDS_CLOSE, 35", "MDS_REINT, 36", "MDS_READPAGE, 37",
        "MDS_CONNECT, 38", "MDS_DISCONNECT, 39", "MDS_GET_ROOT, 40", "MDS_STATFS, 41", "MDS_PIN, 42",
        "MDS_UNPIN, 43", "MDS_SYNC, 44", "MDS_DONE_WRITING, 45", "MDS_SET_INFO, 46", "MDS_QUOTACHECK, 47",
        "MDS_QUOTACTL, 48", "MDS_GETXATTR, 49", "MDS_SETXATTR, 50", "MDS_WRITEPAGE, 51", "MDS_IS_SUBDIR, 52",
        "MDS_GET_INFO, 53", "MDS_HSM_STATE_GET, 54", "MDS_HSM_STATE_SET, 55", "MDS_HSM_ACTION, 56",
        "MDS_HSM_PROGRESS, 57", "MDS_HSM_REQUEST, 58", "MDS_HSM_CT_REGISTER, 59", "MDS_HSM_CT_UNREGISTER, 60",
        "MDS_SWAP_LAYOUTS, 61", "MDS_RMFID, 62", "MDS_BATCH, 63", "MDS_HSM_DATA_VERSION, 64",
        "LDLM_ENQUEUE, 101", "LDLM_CONVERT, 102", "LDLM_CANCEL, 103", "LDLM_BL_CALLBACK, 104",
        "LDLM_CP_CALLBACK, 105", "LDLM_GL_CALLBACK, 106", "LDLM_SET_INFO, 107",
        "MGS_CONNECT, 250", "MGS_DISCONNECT, 251", "MGS_EXCEPTION, 252", "MGS_TARGET_REG, 253",
        "MGS_TARGET_DEL, 254", "MGS_SET_INFO, 255", "MGS_CONFIG_READ, 256",
        "OBD_PING, 400", "OBD_LOG_CANCEL, 401", "OBD_QC_CALLBACK, 402", "OBD_IDX_READ, 403",
        "LLOG_ORIGIN_HANDLE_CREATE, 501", "LLOG_ORIGIN_HANDLE_NEXT_BLOCK, 502",
        "LLOG_ORIGIN_HANDLE_READ_HEADER, 503", "LLOG_ORIGIN_HANDLE_WRITE_REC, 504",
        "LLOG_ORIGIN_HANDLE_CLOSE, 505", "LLOG_ORIGIN_CONNECT, 506", "LLOG_CATINFO, 507",
        "LLOG_ORIGIN_HANDLE_PREV_BLOCK, 508", "LLOG_ORIGIN_HANDLE_DESTROY, 509",
        "QUOTA_DQACQ, 601", "QUOTA_DQREL, 602", "SEQ_QUERY, 700", "SEC_CTX_INIT, 801", "SEC_CTX_INIT_CONT, 802",
        "SEC_CTX_FINI, 803", "FLD_QUERY, 900", "FLD_READ, 901", "OUT_UPDATE, 1000", "LFSCK_NOTIFY, 1101",
        "LFSCK_QUERY, 1102",
    })
    void opcodeNumbers(String name, int value) throws ReflectiveOperationException {
        assertThat(constant(Opcodes.class, name)).isEqualTo(value);
    }

    @ParameterizedTest(name = "ll_opcode2str({0}) = {1}")
    @CsvSource({
        "0, ost_reply", "1, ost_getattr", "2, ost_setattr", "3, ost_read", "4, ost_write", "5, ost_create",
        "6, ost_destroy", "7, ost_get_info", "8, ost_connect", "9, ost_disconnect", "10, ost_punch",
        "11, ost_open", "12, ost_close", "13, ost_statfs", "16, ost_sync", "17, ost_set_info",
        "18, ost_quotacheck", "19, ost_quotactl", "20, ost_quota_adjust_qunit", "21, ost_ladvise",
        "22, ost_fallocate", "23, ost_seek",
        "33, mds_getattr", "34, mds_getattr_lock", "35, mds_close", "36, mds_reint", "37, mds_readpage",
        "38, mds_connect", "39, mds_disconnect", "40, mds_get_root", "41, mds_statfs", "42, mds_pin",
        "43, mds_unpin", "44, mds_sync", "45, mds_done_writing", "46, mds_set_info", "47, mds_quotacheck",
        "48, mds_quotactl", "49, mds_getxattr", "50, mds_setxattr", "51, mds_writepage", "52, mds_is_subdir",
        "53, mds_get_info", "54, mds_hsm_state_get", "55, mds_hsm_state_set", "56, mds_hsm_action",
        "57, mds_hsm_progress", "58, mds_hsm_request", "59, mds_hsm_ct_register", "60, mds_hsm_ct_unregister",
        "61, mds_swap_layouts", "62, mds_rmfid", "63, mds_batch", "64, mds_hsm_data_version",
        "101, ldlm_enqueue", "102, ldlm_convert", "103, ldlm_cancel", "104, ldlm_bl_callback",
        "105, ldlm_cp_callback", "106, ldlm_gl_callback", "107, ldlm_set_info",
        "250, mgs_connect", "251, mgs_disconnect", "252, mgs_exception", "253, mgs_target_reg",
        "254, mgs_target_del", "255, mgs_set_info", "256, mgs_config_read",
        "400, obd_ping", "401, llog_cancel", "402, obd_quota_callback", "403, dt_index_read",
        "501, llog_origin_handle_open", "502, llog_origin_handle_next_block",
        "503, llog_origin_handle_read_header", "504, llog_origin_handle_write_rec",
        "505, llog_origin_handle_close", "506, llog_origin_connect", "507, llog_catinfo",
        "508, llog_origin_handle_prev_block", "509, llog_origin_handle_destroy",
        "601, quota_acquire", "602, quota_release", "700, seq_query", "801, sec_ctx_init",
        "802, sec_ctx_init_cont", "803, sec_ctx_fini", "900, fld_query", "901, fld_read", "1000, out_update",
        "1101, lfsck_notify", "1102, lfsck_query",
    })
    void opcodeNames(int opc, String name) {
        assertThat(Opcodes.name(opc)).isEqualTo(name);
        assertThat(Opcodes.nameOrNumber(opc)).isEqualTo(name);
    }

    @Test
    void opcodeTableHasExactlyTheDocumentedEntries() {
        // 22 OST + 32 MDS + 7 LDLM + 7 MGS + 4 OBD + 9 LLOG + 2 QUOTA + 1 SEQ + 3 SEC + 2 FLD + 1 OUT + 2 LFSCK
        assertThat(Opcodes.names()).hasSize(92);
        assertThat(Opcodes.name(14)).as("was OST_SAN_READ, NULL in the table").isNull();
        assertThat(Opcodes.name(15)).as("was OST_SAN_WRITE, NULL in the table").isNull();
        assertThat(Opcodes.name(24)).as("OST_LAST_OPC").isNull();
        assertThat(Opcodes.name(65)).as("MDS_LAST_OPC").isNull();
        assertThat(Opcodes.name(9999)).isNull();
        // ll_opcode2str prints "unknown-opcode-%u" for an opcode outside its table.
        assertThat(Opcodes.nameOrNumber(9999)).isEqualTo("unknown-opcode-9999");
        assertThat(Opcodes.nameOrNumber(24)).isEqualTo("unknown-opcode-24");
        assertThat(Opcodes.nameOrNumber(-1)).isEqualTo("unknown-opcode-4294967295");
        // ...and "unnamed-opcode-%u" for the empty slots 14 and 15 of it
        assertThat(Opcodes.nameOrNumber(14)).isEqualTo("unnamed-opcode-14");
        assertThat(Opcodes.nameOrNumber(15)).isEqualTo("unnamed-opcode-15");
        assertThatThrownBy(() -> Opcodes.names().put(1, "x")).isInstanceOf(UnsupportedOperationException.class);
    }

    // ======================= byte order helpers =======================

    @Test
    void beLayoutsAreBigEndianUnaligned() {
        assertThat(Be.U16.order()).isEqualTo(ByteOrder.BIG_ENDIAN);
        assertThat(Be.U32.order()).isEqualTo(ByteOrder.BIG_ENDIAN);
        assertThat(Be.U64.order()).isEqualTo(ByteOrder.BIG_ENDIAN);
        assertThat(Be.U16.byteSize()).isEqualTo(2);
        assertThat(Be.U32.byteSize()).isEqualTo(4);
        assertThat(Be.U64.byteSize()).isEqualTo(8);
        assertThat(Be.U16.byteAlignment()).isEqualTo(1);
        assertThat(Be.U32.byteAlignment()).isEqualTo(1);
        assertThat(Be.U64.byteAlignment()).isEqualTo(1);
        byte[] b = {0x00, 0x0b, (byte) 0xd0, 0x0b, (byte) 0xd3, 0x01, 0x02, 0x03, 0x04};
        MemorySegment s = MemorySegment.ofArray(b);
        assertThat(s.get(Be.U32, 1)).as("unaligned").isEqualTo(0x0BD00BD3);
        assertThat(s.get(Le.U32, 1)).isEqualTo(0xD30BD00B);
        assertThat(s.get(Be.U16, 1)).isEqualTo((short) 0x0bd0);
        assertThat(s.get(Be.U64, 1)).isEqualTo(0x0bd00bd301020304L);
        assertThat(s.get(Be.U64, 1)).isEqualTo(Long.reverseBytes(s.get(Le.U64, 1)));
    }
}
