package org.jlustre.wire.out;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.jlustre.common.Errno;
import org.jlustre.common.Fid;
import org.jlustre.common.LustreException;
import org.junit.jupiter.api.Test;

/**
 * The OUT_UPDATE formats against Lustre 2.15's wiretest.c ({@code check_object_update_param},
 * {@code check_object_update}, {@code check_object_update_request},
 * {@code check_object_update_result}, {@code check_object_update_reply},
 * {@code check_out_update_header}, {@code check_out_update_buffer}) and lustre_idl.h's magics, and
 * byte for byte against updates packed by hand as out_lib.c's {@code out_update_pack} lays them.
 */
class OutWireGoldenTest {

    private static final Fid ROOT = Fid.of(0x200000007L, 1);
    private static final Fid CHILD = Fid.of(0x240000400L, 1);

    @Test
    void sizesOffsetsAndMagicsAreLustres() {
        assertThat(ObjectUpdate.PARAM_HEADER_SIZE).isEqualTo(8);
        assertThat(ObjectUpdate.HEADER_SIZE).isEqualTo(40);
        assertThat(ObjectUpdate.OFF_TYPE).isZero();
        assertThat(ObjectUpdate.OFF_PARAMS_COUNT).isEqualTo(2);
        assertThat(ObjectUpdate.OFF_RESULT_SIZE).isEqualTo(4);
        assertThat(ObjectUpdate.OFF_FLAGS).isEqualTo(8);
        assertThat(ObjectUpdate.OFF_BATCHID).isEqualTo(16);
        assertThat(ObjectUpdate.OFF_FID).isEqualTo(24);
        assertThat(ObjectUpdateRequest.HEADER_SIZE).isEqualTo(8);
        assertThat(ObjectUpdateRequest.OFF_COUNT).isEqualTo(4);
        assertThat(ObjectUpdateRequest.MAGIC).isEqualTo(0xBDDE0002);
        assertThat(ObjectUpdateRequest.MAGIC_V1).isEqualTo(0xBDDE0001);
        assertThat(ObjectUpdateReply.HEADER_SIZE).isEqualTo(8);
        assertThat(ObjectUpdateReply.RESULT_HEADER_SIZE).isEqualTo(8);
        assertThat(ObjectUpdateReply.MAGIC).isEqualTo(0x00BD0002);
        assertThat(ObjectUpdateReply.MAGIC_V1).isEqualTo(0x00BD0001);
        assertThat(OutUpdateHeader.SIZE).isEqualTo(16);
        assertThat(OutUpdateHeader.OFF_COUNT).isEqualTo(4);
        assertThat(OutUpdateHeader.OFF_INLINE_LENGTH).isEqualTo(8);
        assertThat(OutUpdateHeader.OFF_REPLY_SIZE).isEqualTo(12);
        assertThat(OutUpdateHeader.MAGIC).isEqualTo(0xBDDF0001);
        assertThat(OutUpdateHeader.BUFFER_SIZE).isEqualTo(8);
        assertThat(OutUpdateHeader.MAX_INLINE_SIZE).isEqualTo(4096);
        assertThat(List.of(UpdateType.CREATE, UpdateType.DESTROY, UpdateType.REF_ADD, UpdateType.REF_DEL,
                UpdateType.ATTR_SET, UpdateType.ATTR_GET, UpdateType.XATTR_SET, UpdateType.XATTR_GET,
                UpdateType.INDEX_LOOKUP, UpdateType.INDEX_INSERT, UpdateType.INDEX_DELETE, UpdateType.WRITE,
                UpdateType.XATTR_DEL, UpdateType.PUNCH, UpdateType.READ, UpdateType.NOOP, UpdateType.XATTR_LIST,
                UpdateType.LAST)).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18);
        assertThat(UpdateType.name(UpdateType.INDEX_INSERT)).isEqualTo("index_insert");
        assertThat(UpdateType.name(99)).isEqualTo("unknown(99)");
    }

    /** out_index_insert_pack: name with its NUL, the FID little-endian, the type as a u32. */
    @Test
    void anIndexInsertRequestIsLaidOutAsOutUpdatePackDoes() throws Exception {
        byte[] name = "d1\0".getBytes(StandardCharsets.US_ASCII);
        byte[] fid = new byte[16];
        CHILD.writeLE(MemorySegment.ofArray(fid), 0);
        byte[] type = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(0040000).array();
        ObjectUpdateRequest req = new ObjectUpdateRequest(List.of(ObjectUpdate.of(UpdateType.INDEX_INSERT, 5, ROOT,
                name, fid, type)));

        ByteBuffer want = ByteBuffer.allocate(8 + 40 + 16 + 24 + 16).order(ByteOrder.LITTLE_ENDIAN);
        want.putInt(0xBDDE0002).putShort((short) 1).putShort((short) 0);
        want.putShort((short) 10).putShort((short) 3).putInt(0).putInt(0).putInt(0).putLong(5);
        want.putLong(0x200000007L).putInt(1).putInt(0);
        want.putShort((short) 3).putShort((short) 0).putInt(0).put(name).put(new byte[5]);
        want.putShort((short) 16).putShort((short) 0).putInt(0).putLong(0x240000400L).putInt(1).putInt(0);
        want.putShort((short) 4).putShort((short) 0).putInt(0).putInt(0040000).putInt(0);
        assertThat(HexFormat.of().formatHex(req.toBytes())).isEqualTo(HexFormat.of().formatHex(want.array()));
        assertThat(req.size()).isEqualTo(104);

        ObjectUpdateRequest back = ObjectUpdateRequest.read(MemorySegment.ofArray(req.toBytes()));
        ObjectUpdate u = back.updates().getFirst();
        assertThat(u.type()).isEqualTo(UpdateType.INDEX_INSERT);
        assertThat(u.batchId()).isEqualTo(5);
        assertThat(u.fid()).isEqualTo(ROOT);
        assertThat(u.params()).hasSize(3);
        assertThat(u.param(0)).isEqualTo(name);
        assertThat(Fid.readLE(MemorySegment.ofArray(u.param(1)), 0)).isEqualTo(CHILD);
    }

    @Test
    void aReplyPutsTheLengthsFirstAndEachResultOnAnEightByteBoundary() throws Exception {
        byte[] fid = new byte[16];
        CHILD.writeLE(MemorySegment.ofArray(fid), 0);
        ObjectUpdateReply reply = new ObjectUpdateReply(List.of(ObjectUpdateReply.Result.of(0),
                ObjectUpdateReply.Result.of(Errno.ENOENT.rc()), new ObjectUpdateReply.Result(1, fid),
                new ObjectUpdateReply.Result(3, new byte[] {1, 2, 3})));
        byte[] out = new byte[4096];
        reply.write(MemorySegment.ofArray(out));
        ByteBuffer b = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(b.getInt(0)).isEqualTo(0x00BD0002);
        assertThat(b.getShort(4)).isEqualTo((short) 4);
        assertThat(List.of(b.getShort(8), b.getShort(10), b.getShort(12), b.getShort(14)))
                .containsExactly((short) 8, (short) 8, (short) 24, (short) 16);
        // results from cfs_size_round(8 + 2 * 4) = 16
        assertThat(b.getInt(16)).isZero();
        assertThat(b.getInt(24)).isEqualTo(Errno.ENOENT.rc());
        assertThat(b.getInt(32)).isEqualTo(1);
        assertThat(b.getShort(36)).isEqualTo((short) 16);
        assertThat(b.getLong(40)).isEqualTo(0x240000400L);
        assertThat(b.getShort(60)).isEqualTo((short) 3);
        assertThat(reply.size()).isEqualTo(16 + 8 + 8 + 24 + 16);

        ObjectUpdateReply back = ObjectUpdateReply.read(MemorySegment.ofArray(out));
        assertThat(back.results()).extracting(ObjectUpdateReply.Result::rc).containsExactly(0, Errno.ENOENT.rc(),
                1, 3);
        assertThat(back.results().get(2).data()).isEqualTo(fid);
        assertThat(back.results().get(3).data()).containsExactly(1, 2, 3);
    }

    @Test
    void badBuffersAreEprotoNamingWhatIsWrong() {
        byte[] req = new ObjectUpdateRequest(List.of(ObjectUpdate.of(UpdateType.XATTR_DEL, 1, ROOT,
                "user.a\0".getBytes(StandardCharsets.US_ASCII)))).toBytes();
        byte[] badMagic = req.clone();
        badMagic[0] = 1;
        assertThatThrownBy(() -> ObjectUpdateRequest.read(MemorySegment.ofArray(badMagic)))
                .isInstanceOfSatisfying(LustreException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EPROTO))
                .hasMessageContaining("invalid update buffer magic");
        byte[] cut = java.util.Arrays.copyOf(req, req.length - 8);
        assertThatThrownBy(() -> ObjectUpdateRequest.read(MemorySegment.ofArray(cut)))
                .isInstanceOfSatisfying(LustreException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EPROTO))
                .hasMessageContaining("xattr_del");
        byte[] header = new byte[16];
        assertThatThrownBy(() -> OutUpdateHeader.read(MemorySegment.ofArray(header)))
                .isInstanceOfSatisfying(LustreException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EPROTO))
                .hasMessageContaining("expect bddf0001");
        assertThatThrownBy(() -> new ObjectUpdateReply(List.of(ObjectUpdateReply.Result.of(0)))
                .write(MemorySegment.ofArray(new byte[8])))
                .isInstanceOfSatisfying(LustreException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EOVERFLOW));
    }
}
