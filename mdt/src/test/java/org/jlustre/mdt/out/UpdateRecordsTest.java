package org.jlustre.mdt.out;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import org.jlustre.common.Errno;
import org.jlustre.common.Fid;
import org.jlustre.common.LustreException;
import org.jlustre.wire.Le;
import org.jlustre.wire.llog.LlogRecType;
import org.jlustre.wire.llog.UpdateRecord;
import org.jlustre.wire.out.ObjectUpdate;
import org.jlustre.wire.out.UpdateType;
import org.junit.jupiter.api.Test;

/**
 * Golden layout of the {@code llog_update_record} {@link UpdateRecords} packs, offsets worked out
 * by hand from lustre_idl.h ({@code update_records}, {@code update_op}) and lustre_update.h
 * ({@code update_op_size}, {@code object_update_param_size}, {@code llog_update_record_size}).
 */
class UpdateRecordsTest {

    private static final Fid A = new Fid(0x240000400L, 1, 0);
    private static final Fid B = new Fid(0x200000007L, 1, 0);
    private static final byte[] P0 = {1, 2, 3};
    private static final byte[] X = {'x', 0};

    private static byte[] fid(Fid f) {
        byte[] b = new byte[16];
        f.writeLE(MemorySegment.ofArray(b), 0);
        return b;
    }

    @Test
    void opsThenDeduplicatedParamsRoundedToEight() throws Exception {
        List<ObjectUpdate> ups = List.of(ObjectUpdate.of(UpdateType.CREATE, 3, A, P0, fid(B)),
                ObjectUpdate.of(UpdateType.REF_ADD, 3, B),
                ObjectUpdate.of(UpdateType.INDEX_INSERT, 3, B, P0.clone(), X));
        UpdateRecord r = UpdateRecords.pack(7, 3, ups, UpdateLogs.CHUNK_SIZE);
        // ops 24 + 20 + 24 = 68; params 16 + 24 + 16 = 56; body round8(32 + 68 + 56) = 160
        assertThat(r.length()).isEqualTo(184);
        byte[] rec = r.encode(5);
        MemorySegment s = MemorySegment.ofArray(rec);
        assertThat(s.get(Le.U32, 0)).isEqualTo(184);
        assertThat(s.get(Le.U32, 4)).isEqualTo(5);
        assertThat(s.get(Le.U32, 8)).isEqualTo(LlogRecType.UPDATE_REC).isEqualTo(0x106A0000);
        assertThat(s.get(Le.U64, 16)).as("ur_master_transno").isEqualTo(7);
        assertThat(s.get(Le.U64, 24)).as("ur_batchid").isEqualTo(3);
        assertThat(s.get(Le.U32, 32)).as("ur_flags").isZero();
        assertThat(s.get(Le.U32, 36)).as("ur_index").isZero();
        assertThat(s.get(Le.U32, 40)).as("ur_update_count").isEqualTo(3);
        assertThat(s.get(Le.U32, 44)).as("ur_param_count").isEqualTo(3);
        // op 0 at 48: create of A, params 0 and 1
        assertThat(Fid.readLE(s, 48)).isEqualTo(A);
        assertThat(s.get(Le.U16, 64)).isEqualTo((short) UpdateType.CREATE);
        assertThat(s.get(Le.U16, 66)).isEqualTo((short) 2);
        assertThat(s.get(Le.U16, 68)).isEqualTo((short) 0);
        assertThat(s.get(Le.U16, 70)).isEqualTo((short) 1);
        // op 1 at 72: ref_add of B, no params
        assertThat(Fid.readLE(s, 72)).isEqualTo(B);
        assertThat(s.get(Le.U16, 88)).isEqualTo((short) UpdateType.REF_ADD);
        assertThat(s.get(Le.U16, 90)).isEqualTo((short) 0);
        // op 2 at 92: insert into B, params 0 (the same bytes as op 0's first) and 2
        assertThat(Fid.readLE(s, 92)).isEqualTo(B);
        assertThat(s.get(Le.U16, 108)).isEqualTo((short) UpdateType.INDEX_INSERT).isEqualTo((short) 10);
        assertThat(s.get(Le.U16, 110)).isEqualTo((short) 2);
        assertThat(s.get(Le.U16, 112)).isEqualTo((short) 0);
        assertThat(s.get(Le.U16, 114)).isEqualTo((short) 2);
        // params right after the ops, at 116, each {u16 len, u16, u32, buf} rounded to 8
        assertThat(s.get(Le.U16, 116)).isEqualTo((short) 3);
        assertThat(new byte[] {rec[124], rec[125], rec[126]}).isEqualTo(P0);
        assertThat(s.get(Le.U16, 132)).isEqualTo((short) 16);
        assertThat(Fid.readLE(s, 140)).isEqualTo(B);
        assertThat(s.get(Le.U16, 156)).isEqualTo((short) 2);
        assertThat(rec[164]).isEqualTo((byte) 'x');
        // tail
        assertThat(s.get(Le.U32, 176)).isEqualTo(184);
        assertThat(s.get(Le.U32, 180)).isEqualTo(5);

        UpdateRecord back = UpdateRecord.decode(s);
        assertThat(back.masterTransno()).isEqualTo(7);
        assertThat(back.batchId()).isEqualTo(3);
        assertThat(back.updateCount()).isEqualTo(3);
        assertThat(back.paramCount()).isEqualTo(3);
        assertThat(back).isEqualTo(r);
    }

    @Test
    void anOperationWithoutParamsIsTheHeaderAndOps() throws Exception {
        UpdateRecord r = UpdateRecords.pack(0, 1, List.of(ObjectUpdate.of(UpdateType.REF_DEL, 1, A),
                ObjectUpdate.of(UpdateType.DESTROY, 1, A)), UpdateLogs.CHUNK_SIZE);
        assertThat(r.length()).isEqualTo(16 + 72 + 8); // round8(32 + 40)
        assertThat(r.paramCount()).isZero();
        assertThat(r.updateCount()).isEqualTo(2);
    }

    @Test
    void aRecordLargerThanAChunkIsE2big() {
        List<ObjectUpdate> ups = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            byte[] big = new byte[2000];
            big[0] = (byte) i; // all different: no sharing
            ups.add(ObjectUpdate.of(UpdateType.XATTR_SET, 1, A, big));
        }
        assertThatThrownBy(() -> UpdateRecords.pack(0, 1, ups, UpdateLogs.CHUNK_SIZE))
                .isInstanceOfSatisfying(LustreException.class, e -> {
                    assertThat(e.errno()).isEqualTo(Errno.E2BIG);
                    assertThat(e.getMessage()).contains("20 updates", "32768");
                });
    }
}
