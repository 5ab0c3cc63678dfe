package org.jlustre.wire.ldlm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.MemorySegment;
import java.util.HexFormat;
import java.util.List;
import org.jlustre.common.Fid;
import org.jlustre.wire.ptlrpc.MsgFlags;
import org.jlustre.wire.ptlrpc.Opcodes;
import org.junit.jupiter.api.Test;

/**
 * Pins the LDLM structures to lustre-release v2_15_0 {@code lustre/ptlrpc/wiretest.c}
 * ({@code check_ldlm_flock_wire}, {@code check_ldlm_lock_desc}, {@code check_ldlm_request},
 * {@code check_ldlm_reply}), lustre_idl.h and lustre_dlm_flags.h, typed in here.
 */
class LdlmWireGoldenTest {

    @Test
    void sizesAndOffsetsAreWiretests() {
        assertThat(LdlmFlockWire.SIZE).isEqualTo(32);
        assertThat(LdlmFlockWire.OFF_START).isEqualTo(0);
        assertThat(LdlmFlockWire.OFF_END).isEqualTo(8);
        assertThat(LdlmFlockWire.OFF_OWNER).isEqualTo(16);
        assertThat(LdlmFlockWire.OFF_PADDING).isEqualTo(24);
        assertThat(LdlmFlockWire.OFF_PID).isEqualTo(28);
        assertThat(LdlmResId.SIZE).isEqualTo(32);
        assertThat(LdlmLockDesc.RESOURCE_DESC_SIZE).isEqualTo(40);
        assertThat(LdlmLockDesc.SIZE).isEqualTo(80);
        assertThat(LdlmLockDesc.OFF_RES_NAME).isEqualTo(8);
        assertThat(LdlmLockDesc.OFF_REQ_MODE).isEqualTo(40);
        assertThat(LdlmLockDesc.OFF_GRANTED_MODE).isEqualTo(44);
        assertThat(LdlmLockDesc.OFF_POLICY).isEqualTo(48);
        assertThat(LdlmRequest.SIZE).isEqualTo(104);
        assertThat(LdlmRequest.OFF_COUNT).isEqualTo(4);
        assertThat(LdlmRequest.OFF_DESC).isEqualTo(8);
        assertThat(LdlmRequest.OFF_HANDLES).isEqualTo(88);
        assertThat(LdlmRequest.bufSize(1)).isEqualTo(104);
        assertThat(LdlmRequest.bufSize(5)).isEqualTo(128);
        assertThat(LdlmReply.SIZE).isEqualTo(112);
        assertThat(LdlmReply.OFF_DESC).isEqualTo(8);
        assertThat(LdlmReply.OFF_HANDLE).isEqualTo(88);
        assertThat(LdlmReply.OFF_POLICY_RES1).isEqualTo(96);
        assertThat(LdlmReply.OFF_POLICY_RES2).isEqualTo(104);
    }

    @Test
    void modesTypesFlagsAndOpcodesAreLustres() {
        assertThat(List.of(Ldlm.LCK_EX, Ldlm.LCK_PW, Ldlm.LCK_PR, Ldlm.LCK_CW, Ldlm.LCK_CR, Ldlm.LCK_NL,
                Ldlm.LCK_GROUP, Ldlm.LCK_COS)).containsExactly(1, 2, 4, 8, 16, 32, 64, 128);
        assertThat(List.of(Ldlm.LDLM_PLAIN, Ldlm.LDLM_EXTENT, Ldlm.LDLM_FLOCK, Ldlm.LDLM_IBITS))
                .containsExactly(10, 11, 12, 13);
        assertThat(Ldlm.FL_LOCK_CHANGED).isEqualTo(0x1);
        assertThat(Ldlm.FL_BLOCK_GRANTED).isEqualTo(0x2);
        assertThat(Ldlm.FL_BLOCK_CONV).isEqualTo(0x4);
        assertThat(Ldlm.FL_BLOCK_WAIT).isEqualTo(0x8);
        assertThat(Ldlm.FL_AST_SENT).isEqualTo(0x20);
        assertThat(Ldlm.FL_FLOCK_DEADLOCK).isEqualTo(0x8000);
        assertThat(Ldlm.FL_BLOCK_NOWAIT).isEqualTo(0x40000);
        assertThat(Ldlm.FL_TEST_LOCK).isEqualTo(0x80000);
        assertThat(Ldlm.ELDLM_LOCK_ABORTED).isEqualTo(301);
        assertThat(Opcodes.LDLM_ENQUEUE).isEqualTo(101);
        assertThat(Opcodes.LDLM_CANCEL).isEqualTo(103);
        assertThat(MsgFlags.LUSTRE_DLM_VERSION).isEqualTo(0x00040000);
        assertThat(Ldlm.validMode(Ldlm.LCK_PR)).isTrue();
        assertThat(Ldlm.validMode(3)).isFalse();
        assertThat(Ldlm.validMode(0)).isFalse();
    }

    @Test
    void aFlockEnqueueHasTheBytesOfMdcEnqueueBase() {
        Fid fid = Fid.of(0x200000401L, 0x2a, 0);
        LdlmLockDesc desc = new LdlmLockDesc(Ldlm.LDLM_FLOCK, LdlmResId.flock(fid), Ldlm.LCK_PW, 0,
                new LdlmFlockWire(100, LdlmFlockWire.EOF, 0x1122334455667788L, 4321));
        LdlmRequest req = new LdlmRequest(Ldlm.FL_BLOCK_NOWAIT, desc, List.of(0xabcdefL));
        byte[] b = new byte[LdlmRequest.SIZE];
        req.write(MemorySegment.ofArray(b), 0);
        assertThat(HexFormat.of().formatHex(b)).isEqualTo(
                "00000400" + "01000000"                       // lock_flags BLOCK_NOWAIT, lock_count 1
                + "0c000000" + "00000000"                     // lr_type LDLM_FLOCK, lr_pad
                + "0104000002000000" + "2a00000000000000"     // name[0] seq, name[1] oid | ver << 32
                + "0000000000000000" + "0c00000000000000"     // name[2] 0, name[3] LDLM_FLOCK
                + "02000000" + "00000000"                     // l_req_mode PW, l_granted_mode 0
                + "6400000000000000" + "ffffffffffffffff"     // lfw_start 100, lfw_end EOF
                + "8877665544332211" + "00000000" + "e1100000" // lfw_owner, padding, lfw_pid 4321
                + "efcdab0000000000" + "0000000000000000");   // lock_handle[0], [1]
        LdlmRequest back = LdlmRequest.read(MemorySegment.ofArray(b), 0, false);
        assertThat(back).isEqualTo(req);
        assertThat(back.desc().resource().fid()).isEqualTo(fid);
        assertThat(back.desc().resource()).hasToString("[0x200000401:0x2a:0x0].0xc");
    }

    @Test
    void aReplyRoundTripsAndASwabbedOneReadsTheSame() {
        LdlmLockDesc desc = new LdlmLockDesc(Ldlm.LDLM_FLOCK, LdlmResId.flock(Fid.of(0x200000401L, 7, 0)),
                Ldlm.LCK_PR, Ldlm.LCK_PR, new LdlmFlockWire(0, 99, 5, 77));
        LdlmReply rep = new LdlmReply(Ldlm.FL_LOCK_CHANGED, desc, 0x55aaL, 0, 0);
        byte[] b = new byte[LdlmReply.SIZE];
        rep.write(MemorySegment.ofArray(b), 0);
        assertThat(LdlmReply.read(MemorySegment.ofArray(b), 0, false)).isEqualTo(rep);
        assertThat(HexFormat.of().formatHex(b, 88, 96)).isEqualTo("aa55000000000000");
        byte[] swapped = swabEvery8And4(b);
        assertThat(LdlmReply.read(MemorySegment.ofArray(swapped), 0, true)).isEqualTo(rep);
    }

    @Test
    void shortOrOvercountedBuffersAreRefusedByName() {
        assertThatThrownBy(() -> LdlmRequest.read(MemorySegment.ofArray(new byte[100]), 0, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs 104 bytes, 100 there");
        byte[] b = new byte[LdlmRequest.SIZE];
        MemorySegment.ofArray(b).set(org.jlustre.wire.Le.U32, LdlmRequest.OFF_COUNT, 3);
        assertThatThrownBy(() -> LdlmRequest.read(MemorySegment.ofArray(b), 0, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lock_count 3");
        assertThatThrownBy(() -> LdlmReply.read(MemorySegment.ofArray(new byte[8]), 0, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs 112 bytes");
    }

    /** The big-endian image of a reply: each u32 and u64 field byte-reversed in place. */
    private static byte[] swabEvery8And4(byte[] le) {
        MemorySegment src = MemorySegment.ofArray(le);
        byte[] out = new byte[le.length];
        MemorySegment dst = MemorySegment.ofArray(out);
        int[] u32 = {0, 4, 8, 12, 48, 52, 80, 84};
        int[] u64 = {16, 24, 32, 40, 56, 64, 72, 88, 96, 104};
        for (int o : u32) {
            dst.set(org.jlustre.wire.Be.U32, o, src.get(org.jlustre.wire.Le.U32, o));
        }
        for (int o : u64) {
            dst.set(org.jlustre.wire.Be.U64, o, src.get(org.jlustre.wire.Le.U64, o));
        }
        return out;
    }
}
