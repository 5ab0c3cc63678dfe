package org.jlustre.wire.lnet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;
import org.jlustre.wire.Le;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Pins every size, offset and constant of the LNet and socklnd wire structures, one assertion
 * per field, in the spirit of Lustre's {@code wiretest.c}. The expected values come from
 * reference 7.2 and 7.3 and from the wire-facts notes (lnet-idl.h, lnet-types.h, socklnd.h,
 * socklnd_proto.c, acceptor.c), not from the Java constants.
 */
class LnetWireGoldenTest {

    /** tcp NID 10.0.0.1@tcp: net (SOCKLND 2 << 16 | 0), address 0x0a000001. */
    private static final long NID_A = 0x000200000a000001L;
    /** 192.168.1.2@tcp3. */
    private static final long NID_B = 0x00020003c0a80102L;

    private static int u32(byte[] b, int off) {
        return MemorySegment.ofArray(b).get(Le.U32, off);
    }

    private static long u64(byte[] b, int off) {
        return MemorySegment.ofArray(b).get(Le.U64, off);
    }

    private static void eproto(ThrowingRunnable r, String... fragments) {
        var t = assertThatThrownBy(r::run).isInstanceOfSatisfying(LustreException.class,
                e -> assertThat(e.errno()).isEqualTo(Errno.EPROTO));
        for (String f : fragments) {
            t.hasMessageContaining(f);
        }
    }

    @FunctionalInterface
    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    // ======================= struct _lnet_hdr_nid4 =======================

    @Test
    void lnetHeaderSizeAndOffsets() {
        assertThat(LnetHeader.SIZE).isEqualTo(72);
        assertThat(LnetHeader.OFF_DEST_NID).isEqualTo(0);
        assertThat(LnetHeader.OFF_SRC_NID).isEqualTo(8);
        assertThat(LnetHeader.OFF_DEST_PID).isEqualTo(16);
        assertThat(LnetHeader.OFF_SRC_PID).isEqualTo(20);
        assertThat(LnetHeader.OFF_TYPE).isEqualTo(24);
        assertThat(LnetHeader.OFF_PAYLOAD_LENGTH).isEqualTo(28);
        assertThat(LnetHeader.OFF_MSG).isEqualTo(32);
        assertThat(LnetHeader.MSG_SIZE).isEqualTo(40);
    }

    @Test
    void lnetMsgTypes() {
        assertThat(LnetHeader.TYPE_ACK).isEqualTo(0);
        assertThat(LnetHeader.TYPE_PUT).isEqualTo(1);
        assertThat(LnetHeader.TYPE_GET).isEqualTo(2);
        assertThat(LnetHeader.TYPE_REPLY).isEqualTo(3);
        assertThat(LnetHeader.TYPE_HELLO).isEqualTo(4);
    }

    @ParameterizedTest(name = "type {0} is {1}")
    @CsvSource({"0, ACK", "1, PUT", "2, GET", "3, REPLY", "4, HELLO", "5, <UNKNOWN>", "-1, <UNKNOWN>"})
    void lnetMsgTypeNames(int type, String name) {
        assertThat(LnetHeader.typeName(type)).isEqualTo(name);
    }

    @Test
    void putUnionOffsets() {
        assertThat(LnetHeader.OFF_PUT_ACK_WMD).isEqualTo(32);
        assertThat(LnetHeader.OFF_PUT_MATCH_BITS).isEqualTo(48);
        assertThat(LnetHeader.OFF_PUT_HDR_DATA).isEqualTo(56);
        assertThat(LnetHeader.OFF_PUT_PTL_INDEX).isEqualTo(64);
        assertThat(LnetHeader.OFF_PUT_OFFSET).isEqualTo(68);
    }

    @Test
    void getUnionOffsets() {
        assertThat(LnetHeader.OFF_GET_RETURN_WMD).isEqualTo(32);
        assertThat(LnetHeader.OFF_GET_MATCH_BITS).isEqualTo(48);
        assertThat(LnetHeader.OFF_GET_PTL_INDEX).isEqualTo(56);
        assertThat(LnetHeader.OFF_GET_SRC_OFFSET).isEqualTo(60);
        assertThat(LnetHeader.OFF_GET_SINK_LENGTH).isEqualTo(64);
    }

    @Test
    void ackReplyHelloUnionOffsets() {
        assertThat(LnetHeader.OFF_ACK_DST_WMD).isEqualTo(32);
        assertThat(LnetHeader.OFF_ACK_MATCH_BITS).isEqualTo(48);
        assertThat(LnetHeader.OFF_ACK_MLENGTH).isEqualTo(56);
        assertThat(LnetHeader.OFF_REPLY_DST_WMD).isEqualTo(32);
        assertThat(LnetHeader.OFF_HELLO_INCARNATION).isEqualTo(32);
        assertThat(LnetHeader.OFF_HELLO_TYPE).isEqualTo(40);
    }

    @Test
    void bodiesReportTheirType() {
        LnetWireHandle h = new LnetWireHandle(1, 2);
        assertThat(new LnetHeader.Put(h, 0, 0, 0, 0).type()).isEqualTo(1);
        assertThat(new LnetHeader.Get(h, 0, 0, 0, 0).type()).isEqualTo(2);
        assertThat(new LnetHeader.Ack(h, 0, 0).type()).isEqualTo(0);
        assertThat(new LnetHeader.Reply(h).type()).isEqualTo(3);
        assertThat(new LnetHeader.Hello(0, 0).type()).isEqualTo(4);
    }

    // ======================= struct lnet_handle_wire =======================

    @Test
    void wireHandleSizeOffsetsAndNone() {
        assertThat(LnetWireHandle.SIZE).isEqualTo(16);
        assertThat(LnetWireHandle.OFF_INTERFACE_COOKIE).isEqualTo(0);
        assertThat(LnetWireHandle.OFF_OBJECT_COOKIE).isEqualTo(8);
        assertThat(LnetWireHandle.COOKIE_NONE).as("LNET_WIRE_HANDLE_COOKIE_NONE = ~0ULL").isEqualTo(0xffffffffffffffffL);
        assertThat(LnetWireHandle.NONE.interfaceCookie()).isEqualTo(0xffffffffffffffffL);
        assertThat(LnetWireHandle.NONE.objectCookie()).isEqualTo(0xffffffffffffffffL);
        assertThat(LnetWireHandle.NONE.isNone()).isTrue();
        assertThat(new LnetWireHandle(7, 8).isNone()).isFalse();
    }

    @Test
    void wireHandleBytesAreLittleEndian() {
        byte[] b = new byte[20];
        Arrays.fill(b, (byte) 0xee);
        new LnetWireHandle(0x0102030405060708L, 0x1112131415161718L).write(MemorySegment.ofArray(b), 2);
        assertThat(Arrays.copyOfRange(b, 0, 2)).containsOnly(0xee);
        assertThat(Arrays.copyOfRange(b, 2, 10)).containsExactly(0x08, 0x07, 0x06, 0x05, 0x04, 0x03, 0x02, 0x01);
        assertThat(Arrays.copyOfRange(b, 10, 18)).containsExactly(0x18, 0x17, 0x16, 0x15, 0x14, 0x13, 0x12, 0x11);
        assertThat(Arrays.copyOfRange(b, 18, 20)).containsOnly(0xee);
        assertThat(LnetWireHandle.read(MemorySegment.ofArray(b), 2))
                .isEqualTo(new LnetWireHandle(0x0102030405060708L, 0x1112131415161718L));
        byte[] none = new byte[16];
        LnetWireHandle.NONE.write(MemorySegment.ofArray(none), 0);
        assertThat(none).containsOnly(0xff);
    }

    // ======================= lnet-types.h numbers =======================

    @Test
    void lnetConstants() {
        assertThat(LnetConstants.PID_LUSTRE).isEqualTo(12345);
        assertThat(LnetConstants.PID_ANY).as("~0").isEqualTo(0xffffffff);
        assertThat(LnetConstants.PID_USERFLAG).isEqualTo(0x80000000);
        assertThat(LnetConstants.MTU).as("LNET_MTU = 1 << LNET_MTU_BITS(20)").isEqualTo(1048576);
        assertThat(LnetConstants.MAX_IOV).isEqualTo(256);
        // Not in the reference documents: MAX_PORTALS is 64 in lnet/include/lnet/lib-lnet.h.
        assertThat(LnetConstants.MAX_PORTALS).isEqualTo(64);
    }

    // ======================= header round trips, per body type =======================

    /** Writes {@code h} into a 0xa5-filled buffer at offset 8 and returns the 72 header bytes. */
    private static byte[] encode(LnetHeader h) {
        byte[] buf = new byte[8 + 72 + 8];
        Arrays.fill(buf, (byte) 0xa5);
        h.write(MemorySegment.ofArray(buf), 8);
        assertThat(Arrays.copyOfRange(buf, 0, 8)).as("before the header").containsOnly(0xa5);
        assertThat(Arrays.copyOfRange(buf, 80, 88)).as("after the header").containsOnly(0xa5);
        return Arrays.copyOfRange(buf, 8, 80);
    }

    private static LnetHeader decode(byte[] hdr) throws LustreException {
        byte[] buf = new byte[4 + 72];
        System.arraycopy(hdr, 0, buf, 4, 72);
        return LnetHeader.read(MemorySegment.ofArray(buf), 4);
    }

    private static void assertCommon(byte[] b, int type, int payloadLength) {
        assertThat(u64(b, 0)).as("dest_nid").isEqualTo(NID_A);
        assertThat(u64(b, 8)).as("src_nid").isEqualTo(NID_B);
        assertThat(u32(b, 16)).as("dest_pid").isEqualTo(12345);
        assertThat(u32(b, 20)).as("src_pid").isEqualTo(0x80003039);
        assertThat(u32(b, 24)).as("type").isEqualTo(type);
        assertThat(u32(b, 28)).as("payload_length").isEqualTo(payloadLength);
    }

    @Test
    void nidsAreAddressThenNetnumThenTypeLittleEndian() {
        byte[] b = encode(new LnetHeader(NID_A, NID_B, 12345, 12345, 0, new LnetHeader.Reply(LnetWireHandle.NONE)));
        assertThat(Arrays.copyOfRange(b, 0, 8)).as("10.0.0.1@tcp")
                .containsExactly(0x01, 0x00, 0x00, 0x0a, 0x00, 0x00, 0x02, 0x00);
        assertThat(Arrays.copyOfRange(b, 8, 16)).as("192.168.1.2@tcp3")
                .containsExactly(0x02, 0x01, 0xa8, 0xc0, 0x03, 0x00, 0x02, 0x00);
        assertThat(Arrays.copyOfRange(b, 16, 20)).as("dest_pid 12345").containsExactly(0x39, 0x30, 0x00, 0x00);
    }

    @Test
    void putRoundTripsAtTheDocumentedOffsets() throws LustreException {
        LnetHeader h = new LnetHeader(NID_A, NID_B, 12345, 0x80003039, 224,
                new LnetHeader.Put(new LnetWireHandle(0x1111111122222222L, 0x3333333344444444L), 0x0123456789abcdefL,
                        0x5555666677778888L, 26, 192));
        byte[] b = encode(h);
        assertCommon(b, 1, 224);
        assertThat(u64(b, 32)).as("ack_wmd.wh_interface_cookie").isEqualTo(0x1111111122222222L);
        assertThat(u64(b, 40)).as("ack_wmd.wh_object_cookie").isEqualTo(0x3333333344444444L);
        assertThat(u64(b, 48)).as("match_bits").isEqualTo(0x0123456789abcdefL);
        assertThat(u64(b, 56)).as("hdr_data").isEqualTo(0x5555666677778888L);
        assertThat(u32(b, 64)).as("ptl_index").isEqualTo(26);
        assertThat(u32(b, 68)).as("offset").isEqualTo(192);
        assertThat(Arrays.copyOfRange(b, 48, 56)).containsExactly(0xef, 0xcd, 0xab, 0x89, 0x67, 0x45, 0x23, 0x01);
        assertThat(decode(b)).isEqualTo(h);
        assertThat(decode(b).type()).isEqualTo(LnetHeader.TYPE_PUT);
    }

    @Test
    void putWithoutAckCarriesTheNoneHandle() throws LustreException {
        LnetHeader h = new LnetHeader(NID_A, NID_B, 12345, 12345, 0,
                new LnetHeader.Put(LnetWireHandle.NONE, 42, 0, 12, 0));
        byte[] b = encode(h);
        assertThat(Arrays.copyOfRange(b, 32, 48)).containsOnly(0xff);
        assertThat(((LnetHeader.Put) decode(b).body()).ackWmd().isNone()).isTrue();
    }

    @Test
    void getRoundTripsAtTheDocumentedOffsets() throws LustreException {
        LnetHeader h = new LnetHeader(NID_A, NID_B, 12345, 0x80003039, 0,
                new LnetHeader.Get(new LnetWireHandle(0xa1a2a3a4a5a6a7a8L, 0xb1b2b3b4b5b6b7b8L), 0x00ff00ff00ff00ffL,
                        8, 4096, 1048576));
        byte[] b = encode(h);
        assertCommon(b, 2, 0);
        assertThat(u64(b, 32)).as("return_wmd.wh_interface_cookie").isEqualTo(0xa1a2a3a4a5a6a7a8L);
        assertThat(u64(b, 40)).as("return_wmd.wh_object_cookie").isEqualTo(0xb1b2b3b4b5b6b7b8L);
        assertThat(u64(b, 48)).as("match_bits").isEqualTo(0x00ff00ff00ff00ffL);
        assertThat(u32(b, 56)).as("ptl_index").isEqualTo(8);
        assertThat(u32(b, 60)).as("src_offset").isEqualTo(4096);
        assertThat(u32(b, 64)).as("sink_length").isEqualTo(1048576);
        assertThat(Arrays.copyOfRange(b, 68, 72)).as("unused tail of the union").containsOnly(0);
        assertThat(decode(b)).isEqualTo(h);
    }

    @Test
    void ackRoundTripsAtTheDocumentedOffsets() throws LustreException {
        LnetHeader h = new LnetHeader(NID_A, NID_B, 12345, 0x80003039, 0,
                new LnetHeader.Ack(new LnetWireHandle(0x0c0c0c0c0d0d0d0dL, 0x0e0e0e0e0f0f0f0fL), 0x7777000000001234L,
                        65536));
        byte[] b = encode(h);
        assertCommon(b, 0, 0);
        assertThat(u64(b, 32)).as("dst_wmd.wh_interface_cookie").isEqualTo(0x0c0c0c0c0d0d0d0dL);
        assertThat(u64(b, 40)).as("dst_wmd.wh_object_cookie").isEqualTo(0x0e0e0e0e0f0f0f0fL);
        assertThat(u64(b, 48)).as("match_bits").isEqualTo(0x7777000000001234L);
        assertThat(u32(b, 56)).as("mlength").isEqualTo(65536);
        assertThat(Arrays.copyOfRange(b, 60, 72)).as("unused tail of the union").containsOnly(0);
        assertThat(decode(b)).isEqualTo(h);
    }

    @Test
    void replyRoundTripsAtTheDocumentedOffsets() throws LustreException {
        LnetHeader h = new LnetHeader(NID_A, NID_B, 12345, 0x80003039, 8192,
                new LnetHeader.Reply(new LnetWireHandle(0x1020304050607080L, 0x0102030405060708L)));
        byte[] b = encode(h);
        assertCommon(b, 3, 8192);
        assertThat(u64(b, 32)).as("dst_wmd.wh_interface_cookie").isEqualTo(0x1020304050607080L);
        assertThat(u64(b, 40)).as("dst_wmd.wh_object_cookie").isEqualTo(0x0102030405060708L);
        assertThat(Arrays.copyOfRange(b, 48, 72)).as("unused tail of the union").containsOnly(0);
        assertThat(decode(b)).isEqualTo(h);
    }

    @Test
    void helloRoundTripsAtTheDocumentedOffsets() throws LustreException {
        LnetHeader h = new LnetHeader(NID_A, NID_B, 12345, 0x80003039, 0,
                new LnetHeader.Hello(0x17a2b3c4d5e6f708L, 3));
        byte[] b = encode(h);
        assertCommon(b, 4, 0);
        assertThat(u64(b, 32)).as("incarnation").isEqualTo(0x17a2b3c4d5e6f708L);
        assertThat(u32(b, 40)).as("type").isEqualTo(3);
        assertThat(Arrays.copyOfRange(b, 44, 72)).as("unused tail of the union").containsOnly(0);
        assertThat(decode(b)).isEqualTo(h);
    }

    @Test
    void largestPayloadLengthAndUnsignedFieldsRoundTrip() throws LustreException {
        LnetHeader h = new LnetHeader(-1L, -1L, -1, -1, Integer.MAX_VALUE,
                new LnetHeader.Get(LnetWireHandle.NONE, -1L, -1, -1, -1));
        byte[] b = encode(h);
        assertThat(u32(b, 28)).isEqualTo(0x7fffffff);
        assertThat(decode(b)).isEqualTo(h);
    }

    @ParameterizedTest(name = "type {0} is rejected")
    @CsvSource({"5, 5", "193, 193", "-1, 4294967295", "1234567, 1234567"})
    void unknownTypeIsEproto(int type, String named) {
        byte[] b = encode(new LnetHeader(NID_A, NID_B, 12345, 12345, 0, new LnetHeader.Reply(LnetWireHandle.NONE)));
        MemorySegment.ofArray(b).set(Le.U32, 24, type);
        eproto(() -> decode(b), "unknown message type " + named);
    }

    @ParameterizedTest(name = "payload_length {1} is rejected")
    @CsvSource({"-1, 4294967295", "-2147483648, 2147483648"})
    void negativePayloadLengthIsEproto(int len, String named) {
        byte[] b = encode(new LnetHeader(NID_A, NID_B, 12345, 12345, 0,
                new LnetHeader.Put(LnetWireHandle.NONE, 1, 0, 4, 0)));
        MemorySegment.ofArray(b).set(Le.U32, 28, len);
        eproto(() -> decode(b), "payload length " + named);
    }

    @Test
    void negativePayloadLengthCannotBeBuilt() {
        assertThatThrownBy(() -> new LnetHeader(NID_A, NID_B, 0, 0, -1, new LnetHeader.Reply(LnetWireHandle.NONE)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("4294967295");
    }

    @Test
    void readingPastTheSegmentFails() {
        MemorySegment short71 = MemorySegment.ofArray(new byte[71]);
        assertThatThrownBy(() -> LnetHeader.read(short71, 0)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    // ======================= struct ksock_msg =======================

    @Test
    void ksockMsgSizeOffsetsAndTypes() {
        assertThat(KsockMsg.HEADER_SIZE).isEqualTo(24);
        assertThat(KsockMsg.OFF_TYPE).isEqualTo(0);
        assertThat(KsockMsg.OFF_CSUM).isEqualTo(4);
        assertThat(KsockMsg.OFF_ZC_REQ_COOKIE).isEqualTo(8);
        assertThat(KsockMsg.OFF_ZC_ACK_COOKIE).isEqualTo(16);
        assertThat(KsockMsg.OFF_LNET_HDR).isEqualTo(24);
        assertThat(KsockMsg.LNET_HEADERS_SIZE).as("24 + 72").isEqualTo(96);
        assertThat(KsockMsg.TYPE_NOOP).isEqualTo(0xc0);
        assertThat(KsockMsg.TYPE_LNET).isEqualTo(0xc1);
    }

    @Test
    void ksockNoopHeaderBytes() {
        byte[] b = new byte[24];
        Arrays.fill(b, (byte) 0xff);
        KsockMsg.writeHeader(MemorySegment.ofArray(b), 0, KsockMsg.TYPE_NOOP);
        assertThat(b).containsExactly(
                0xc0, 0x00, 0x00, 0x00,                            // ksm_type KSOCK_MSG_NOOP
                0x00, 0x00, 0x00, 0x00,                            // ksm_csum
                0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,    // ksm_zc_cookies[0]
                0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00);   // ksm_zc_cookies[1]
    }

    @Test
    void ksockLnetMessageFramesAsWiresharkReadsIt() throws LustreException {
        // packet-lnet.c: ksm_type at 0, payload_length at 24 + 28 = 52, PUT ptl_index at 24 + 64 = 88.
        byte[] frame = new byte[96];
        MemorySegment seg = MemorySegment.ofArray(frame);
        KsockMsg.writeHeader(seg, 0, KsockMsg.TYPE_LNET);
        LnetHeader h = new LnetHeader(NID_A, NID_B, 12345, 12345, 224,
                new LnetHeader.Put(LnetWireHandle.NONE, 0x1000, 0, 26, 0));
        h.write(seg, KsockMsg.OFF_LNET_HDR);
        assertThat(u32(frame, 0)).isEqualTo(0xc1);
        assertThat(u32(frame, 52)).as("payload_length").isEqualTo(224);
        assertThat(u32(frame, 88)).as("ptl_index").isEqualTo(26);
        assertThat(u64(frame, 24)).as("dest_nid right after the ksock header").isEqualTo(NID_A);
        assertThat(LnetHeader.read(seg, 24)).isEqualTo(h);
    }

    // ======================= struct lnet_acceptor_connreq =======================

    @Test
    void connreqSizeOffsetsAndConstants() {
        assertThat(AcceptorConnreq.SIZE).isEqualTo(16);
        assertThat(AcceptorConnreq.OFF_MAGIC).isEqualTo(0);
        assertThat(AcceptorConnreq.OFF_VERSION).isEqualTo(4);
        assertThat(AcceptorConnreq.OFF_NID).isEqualTo(8);
        assertThat(AcceptorConnreq.MAGIC).isEqualTo(0xacce7100);
        assertThat(AcceptorConnreq.VERSION).isEqualTo(1);
        assertThat(AcceptorConnreq.DEFAULT_PORT).isEqualTo(988);
    }

    @Test
    void connreqBytesAreLittleEndian() throws LustreException {
        byte[] b = new byte[16];
        new AcceptorConnreq(1, NID_A).write(MemorySegment.ofArray(b), 0);
        assertThat(b).containsExactly(
                0x00, 0x71, 0xce, 0xac,                            // acr_magic 0xacce7100
                0x01, 0x00, 0x00, 0x00,                            // acr_version 1
                0x01, 0x00, 0x00, 0x0a, 0x00, 0x00, 0x02, 0x00);   // acr_nid 10.0.0.1@tcp
        assertThat(AcceptorConnreq.read(MemorySegment.ofArray(b), 0)).isEqualTo(new AcceptorConnreq(1, NID_A));
    }

    @Test
    void connreqWrittenBigEndianIsRead() throws LustreException {
        byte[] b = new byte[4 + 16];
        ByteBuffer.wrap(b, 4, 16).order(ByteOrder.BIG_ENDIAN).putInt(0xacce7100).putInt(1).putLong(NID_B);
        assertThat(Arrays.copyOfRange(b, 4, 8)).containsExactly(0xac, 0xce, 0x71, 0x00);
        assertThat(AcceptorConnreq.isMagic(u32(b, 4))).isTrue();
        assertThat(AcceptorConnreq.read(MemorySegment.ofArray(b), 4)).isEqualTo(new AcceptorConnreq(1, NID_B));
    }

    @Test
    void connreqMagicRecognisedInBothOrdersOnly() {
        assertThat(AcceptorConnreq.isMagic(0xacce7100)).isTrue();
        assertThat(AcceptorConnreq.isMagic(0x0071ceac)).isTrue();
        assertThat(AcceptorConnreq.isMagic(0x45726963)).as("LNET_PROTO_MAGIC").isFalse();
        assertThat(AcceptorConnreq.isMagic(0xeebc0ded)).as("LNET_PROTO_TCP_MAGIC").isFalse();
    }

    @ParameterizedTest(name = "magic {0} is not the acceptor's")
    @CsvSource({"0x45726963, 45726963", "0xeebc0ded, eebc0ded", "0x00000000, 0 "})
    void connreqBadMagicIsEproto(String magicHex, String named) {
        int magic = Integer.parseUnsignedInt(magicHex.substring(2), 16);
        byte[] b = new byte[16];
        MemorySegment.ofArray(b).set(Le.U32, 0, magic);
        eproto(() -> AcceptorConnreq.read(MemorySegment.ofArray(b), 0), "bad acceptor magic 0x" + named.trim());
    }

    // ======================= struct ksock_hello_msg (nid4) =======================

    @Test
    void helloSizeAndOffsets() {
        assertThat(KsockHello.SIZE).isEqualTo(56);
        assertThat(KsockHello.OFF_MAGIC).isEqualTo(0);
        assertThat(KsockHello.OFF_VERSION).isEqualTo(4);
        assertThat(KsockHello.OFF_SRC_NID).isEqualTo(8);
        assertThat(KsockHello.OFF_DST_NID).isEqualTo(16);
        assertThat(KsockHello.OFF_SRC_PID).isEqualTo(24);
        assertThat(KsockHello.OFF_DST_PID).isEqualTo(28);
        assertThat(KsockHello.OFF_SRC_INCARNATION).isEqualTo(32);
        assertThat(KsockHello.OFF_DST_INCARNATION).isEqualTo(40);
        assertThat(KsockHello.OFF_CTYPE).isEqualTo(48);
        assertThat(KsockHello.OFF_NIPS).isEqualTo(52);
        assertThat(KsockHello.OFF_IPS).isEqualTo(56);
    }

    @Test
    void helloMagicsAndVersions() {
        assertThat(KsockHello.MAGIC).as("LNET_PROTO_MAGIC").isEqualTo(0x45726963);
        assertThat(KsockHello.TCP_MAGIC_V1).as("LNET_PROTO_TCP_MAGIC").isEqualTo(0xeebc0ded);
        assertThat(KsockHello.PROTO_V2).isEqualTo(2);
        assertThat(KsockHello.PROTO_V3).isEqualTo(3);
        assertThat(KsockHello.PROTO_V4).isEqualTo(4);
        // Not in the reference documents: LNET_INTERFACES_NUM is 16 in lnet's uapi headers.
        assertThat(KsockHello.MAX_IPS).isEqualTo(16);
    }

    @Test
    void connectionTypes() {
        assertThat(KsockHello.CONN_NONE).isEqualTo(-1);
        assertThat(KsockHello.CONN_ANY).isEqualTo(0);
        assertThat(KsockHello.CONN_CONTROL).isEqualTo(1);
        assertThat(KsockHello.CONN_BULK_IN).isEqualTo(2);
        assertThat(KsockHello.CONN_BULK_OUT).isEqualTo(3);
    }

    @ParameterizedTest(name = "ksocknal_invert_type({0}) = {1}")
    @CsvSource({"0, 0", "1, 1", "2, 3", "3, 2", "-1, -1", "4, -1", "99, -1"})
    void invertTypeSwapsBulkInAndOut(int ctype, int inverted) {
        assertThat(KsockHello.invertType(ctype)).isEqualTo(inverted);
    }

    private static final KsockHello HELLO = new KsockHello(3, NID_B, NID_A, 12345, 0, 0x1800a1b2c3d4e5f6L, 0,
            KsockHello.CONN_CONTROL, new int[0]);

    @Test
    void helloBytesAreLittleEndianAtTheDocumentedOffsets() throws LustreException {
        byte[] b = new byte[56 + 4];
        Arrays.fill(b, (byte) 0xa5);
        HELLO.write(MemorySegment.ofArray(b), 0);
        assertThat(HELLO.size()).isEqualTo(56);
        assertThat(Arrays.copyOfRange(b, 0, 4)).as("kshm_magic").containsExactly(0x63, 0x69, 0x72, 0x45);
        assertThat(u32(b, 4)).as("kshm_version").isEqualTo(3);
        assertThat(u64(b, 8)).as("kshm_src_nid").isEqualTo(NID_B);
        assertThat(u64(b, 16)).as("kshm_dst_nid").isEqualTo(NID_A);
        assertThat(u32(b, 24)).as("kshm_src_pid").isEqualTo(12345);
        assertThat(u32(b, 28)).as("kshm_dst_pid").isEqualTo(0);
        assertThat(u64(b, 32)).as("kshm_src_incarnation").isEqualTo(0x1800a1b2c3d4e5f6L);
        assertThat(u64(b, 40)).as("kshm_dst_incarnation").isEqualTo(0);
        assertThat(u32(b, 48)).as("kshm_ctype").isEqualTo(1);
        assertThat(u32(b, 52)).as("kshm_nips").isEqualTo(0);
        assertThat(Arrays.copyOfRange(b, 56, 60)).as("nothing after 56 bytes").containsOnly(0xa5);
        assertThat(KsockHello.nips(MemorySegment.ofArray(b), 0)).isZero();
        assertThat(KsockHello.read(MemorySegment.ofArray(b), 0)).isEqualTo(HELLO);
    }

    @Test
    void helloWithAddressesListsThemAfterTheFixedPart() throws LustreException {
        KsockHello v2 = new KsockHello(2, NID_B, -1L, 12345, 12345, 77, 88, KsockHello.CONN_ANY,
                new int[] {0x0a000001, 0xc0a80102});
        byte[] b = new byte[64];
        v2.write(MemorySegment.ofArray(b), 0);
        assertThat(v2.size()).isEqualTo(64);
        assertThat(u32(b, 52)).isEqualTo(2);
        assertThat(u32(b, 56)).isEqualTo(0x0a000001);
        assertThat(u32(b, 60)).isEqualTo(0xc0a80102);
        assertThat(KsockHello.read(MemorySegment.ofArray(b), 0)).isEqualTo(v2);
        assertThat(KsockHello.read(MemorySegment.ofArray(b), 0).ips()).containsExactly(0x0a000001, 0xc0a80102);
    }

    @Test
    void sixteenAddressesAreTheMost() throws LustreException {
        int[] ips = new int[16];
        Arrays.setAll(ips, i -> 0x0a000000 + i);
        KsockHello h = new KsockHello(2, NID_A, NID_B, 1, 2, 3, 4, 2, ips);
        byte[] b = new byte[56 + 64];
        h.write(MemorySegment.ofArray(b), 0);
        assertThat(KsockHello.read(MemorySegment.ofArray(b), 0)).isEqualTo(h);
    }

    /** A hello as a big-endian peer writes it, built field by field. */
    private static byte[] bigEndianHello(int magic, int nips, int... ips) {
        ByteBuffer bb = ByteBuffer.allocate(56 + 4 * ips.length).order(ByteOrder.BIG_ENDIAN);
        bb.putInt(magic).putInt(3).putLong(NID_B).putLong(NID_A).putInt(12345).putInt(54321)
                .putLong(0x1122334455667788L).putLong(0x0102030405060708L).putInt(KsockHello.CONN_BULK_OUT)
                .putInt(nips);
        for (int ip : ips) {
            bb.putInt(ip);
        }
        return bb.array();
    }

    @Test
    void helloWrittenBigEndianIsRead() throws LustreException {
        byte[] b = bigEndianHello(0x45726963, 1, 0xc0a80102);
        assertThat(Arrays.copyOfRange(b, 0, 4)).containsExactly(0x45, 0x72, 0x69, 0x63);
        assertThat(KsockHello.isSwabbed(u32(b, 0))).isTrue();
        assertThat(KsockHello.isSwabbed(0x45726963)).isFalse();
        assertThat(KsockHello.nips(MemorySegment.ofArray(b), 0)).isEqualTo(1);
        assertThat(KsockHello.read(MemorySegment.ofArray(b), 0)).isEqualTo(new KsockHello(3, NID_B, NID_A, 12345,
                54321, 0x1122334455667788L, 0x0102030405060708L, KsockHello.CONN_BULK_OUT, new int[] {0xc0a80102}));
    }

    @Test
    void helloAtAnOffsetIsRead() throws LustreException {
        byte[] b = new byte[16 + 56];
        HELLO.write(MemorySegment.ofArray(b), 16);
        assertThat(u32(b, 16)).isEqualTo(0x45726963);
        assertThat(KsockHello.read(MemorySegment.ofArray(b), 16)).isEqualTo(HELLO);
    }

    @ParameterizedTest(name = "magic {0}")
    @CsvSource({"0xacce7100, acce7100", "0x12345678, 12345678", "0x00000000, 0"})
    void helloBadMagicIsEproto(String magicHex, String named) {
        byte[] b = new byte[56];
        HELLO.write(MemorySegment.ofArray(b), 0);
        MemorySegment.ofArray(b).set(Le.U32, 0, Integer.parseUnsignedInt(magicHex.substring(2), 16));
        eproto(() -> KsockHello.read(MemorySegment.ofArray(b), 0), "bad hello magic 0x" + named);
        eproto(() -> KsockHello.nips(MemorySegment.ofArray(b), 0), "bad hello magic 0x" + named);
    }

    @ParameterizedTest(name = "V1 magic {0}")
    @CsvSource({"0xeebc0ded, eebc0ded", "0xed0dbcee, ed0dbcee"})
    void helloOfProtocolV1IsEprotoNamingV1(String magicHex, String named) {
        byte[] b = new byte[56];
        MemorySegment.ofArray(b).set(Le.U32, 0, Integer.parseUnsignedInt(magicHex.substring(2), 16));
        eproto(() -> KsockHello.read(MemorySegment.ofArray(b), 0), "V1", "0x" + named);
    }

    @ParameterizedTest(name = "nips {1}")
    @CsvSource({"17, 17", "1000, 1000", "-1, 4294967295"})
    void tooManyAddressesIsEproto(int nips, String named) {
        byte[] le = new byte[56];
        HELLO.write(MemorySegment.ofArray(le), 0);
        MemorySegment.ofArray(le).set(Le.U32, 52, nips);
        eproto(() -> KsockHello.nips(MemorySegment.ofArray(le), 0), named + " interface addresses");
        eproto(() -> KsockHello.read(MemorySegment.ofArray(le), 0), named + " interface addresses");
        byte[] be = bigEndianHello(0x45726963, nips);
        eproto(() -> KsockHello.read(MemorySegment.ofArray(be), 0), named + " interface addresses");
    }

    @Test
    void helloCopiesItsAddressList() {
        int[] ips = {1, 2};
        KsockHello h = new KsockHello(2, 0, 0, 0, 0, 0, 0, 0, ips);
        ips[0] = 99;
        assertThat(h.ips()).containsExactly(1, 2);
        h.ips()[1] = 99;
        assertThat(h.ips()).containsExactly(1, 2);
    }
}
