package org.jlustre.mdt.ldlm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.jlustre.common.Errno;
import org.jlustre.common.Fid;
import org.jlustre.common.LustreException;
import org.jlustre.wire.ldlm.Ldlm;
import org.jlustre.wire.ldlm.LdlmFlockWire;
import org.jlustre.wire.ldlm.LdlmResId;
import org.junit.jupiter.api.Test;

/** The flock rules of ldlm_flock.c on one namespace, with two clients standing for two exports. */
class FlockNamespaceTest {

    private static final long EOF = LdlmFlockWire.EOF;
    private final FlockNamespace ns = new FlockNamespace("lustre-MDT0000");
    private final LdlmResId file = LdlmResId.flock(Fid.of(0x200000401L, 1, 0));
    private final LdlmResId other = LdlmResId.flock(Fid.of(0x200000401L, 2, 0));
    private final String a = "clientA";
    private final String b = "clientB";
    private long cookie = 100;

    private FlockNamespace.Result lock(String client, LdlmResId res, long owner, int mode, long start, long end,
            int flags) throws LustreException {
        return ns.enqueue(client, cookie++, res, mode, new LdlmFlockWire(start, end, owner, (int) owner + 1000), flags);
    }

    private Errno errnoOf(ThrowingCall c) {
        try {
            c.run();
        } catch (LustreException e) {
            return e.errno();
        }
        return null;
    }

    private interface ThrowingCall {
        void run() throws LustreException;
    }

    @Test
    void conflictingWritersOfTwoClientsGetEagainReadersShare() throws LustreException {
        assertThat(lock(a, file, 1, Ldlm.LCK_PW, 0, 99, Ldlm.FL_BLOCK_NOWAIT).granted()).isTrue();
        assertThat(errnoOf(() -> lock(b, file, 1, Ldlm.LCK_PW, 50, 60, Ldlm.FL_BLOCK_NOWAIT))).isEqualTo(Errno.EAGAIN);
        assertThat(errnoOf(() -> lock(b, file, 1, Ldlm.LCK_PR, 99, 99, Ldlm.FL_BLOCK_NOWAIT))).isEqualTo(Errno.EAGAIN);
        assertThat(lock(b, file, 1, Ldlm.LCK_PW, 100, EOF, Ldlm.FL_BLOCK_NOWAIT).granted()).isTrue();
        assertThat(lock(a, other, 1, Ldlm.LCK_PR, 0, EOF, 0).granted()).isTrue();
        assertThat(lock(b, other, 2, Ldlm.LCK_PR, 0, 10, 0).granted()).isTrue();
        assertThat(ns.dump(file)).containsExactly("PW [0, 99] pid 1001 owner 0x1 of clientA",
                "PW [100, EOF] pid 1001 owner 0x1 of clientB");
    }

    @Test
    void sameOwnerRangesMergeAndUnlockSplits() throws LustreException {
        lock(a, file, 7, Ldlm.LCK_PW, 0, 9, 0);
        lock(a, file, 7, Ldlm.LCK_PW, 10, 19, 0);
        lock(a, file, 7, Ldlm.LCK_PW, 15, 29, 0);
        assertThat(ns.dump(file)).containsExactly("PW [0, 29] pid 1007 owner 0x7 of clientA");
        lock(a, file, 7, Ldlm.LCK_NL, 10, 14, 0);
        assertThat(ns.dump(file)).containsExactly("PW [0, 9] pid 1007 owner 0x7 of clientA",
                "PW [15, 29] pid 1007 owner 0x7 of clientA");
        lock(a, file, 7, Ldlm.LCK_PR, 5, 20, 0);
        assertThat(ns.dump(file)).containsExactly("PR [5, 20] pid 1007 owner 0x7 of clientA",
                "PW [0, 4] pid 1007 owner 0x7 of clientA", "PW [21, 29] pid 1007 owner 0x7 of clientA");
        lock(a, file, 7, Ldlm.LCK_NL, 0, EOF, 0);
        assertThat(ns.dump(file)).isEmpty();
        assertThat(ns.resourceCount()).isZero();
    }

    @Test
    void testLockReportsTheHolderOrNl() throws LustreException {
        lock(a, file, 1, Ldlm.LCK_PW, 10, 20, 0);
        FlockNamespace.Result held = lock(b, file, 9, Ldlm.LCK_PR, 0, EOF, Ldlm.FL_TEST_LOCK);
        assertThat(held.mode()).isEqualTo(Ldlm.LCK_PW);
        assertThat(held.flags() & Ldlm.FL_LOCK_CHANGED).isNotZero();
        assertThat(held.flock().start()).isEqualTo(10);
        assertThat(held.flock().end()).isEqualTo(20);
        assertThat(held.flock().pid()).isEqualTo(1001);
        assertThat(lock(b, file, 9, Ldlm.LCK_PR, 21, EOF, Ldlm.FL_TEST_LOCK).mode()).isEqualTo(Ldlm.LCK_NL);
        assertThat(lock(a, file, 1, Ldlm.LCK_PW, 0, EOF, Ldlm.FL_TEST_LOCK).mode()).isEqualTo(Ldlm.LCK_NL);
        assertThat(ns.dump(file)).hasSize(1);
    }

    @Test
    void aWaiterIsGrantedAfterTheUnlockAndCollectedByItsReEnqueue() throws LustreException {
        lock(a, file, 1, Ldlm.LCK_PW, 0, EOF, 0);
        long mine = 5000;
        FlockNamespace.Result wait = ns.enqueue(b, mine, file, Ldlm.LCK_PR, new LdlmFlockWire(0, 10, 2, 2), 0);
        assertThat(wait.granted()).isFalse();
        assertThat(wait.flags() & Ldlm.FL_BLOCK_GRANTED).isNotZero();
        assertThat(ns.enqueue(b, mine, file, Ldlm.LCK_PR, new LdlmFlockWire(0, 10, 2, 2), 0).granted()).isFalse();
        lock(a, file, 1, Ldlm.LCK_NL, 0, 5, 0);
        assertThat(ns.enqueue(b, mine, file, Ldlm.LCK_PR, new LdlmFlockWire(0, 10, 2, 2), 0).granted()).isFalse();
        lock(a, file, 1, Ldlm.LCK_PR, 6, EOF, 0);
        FlockNamespace.Result got = ns.enqueue(b, mine, file, Ldlm.LCK_PR, new LdlmFlockWire(0, 10, 2, 2), 0);
        assertThat(got.granted()).isTrue();
        assertThat(got.cookie()).isEqualTo(wait.cookie());
        assertThat(ns.dump(file)).containsExactly("PR [0, 10] pid 2 owner 0x2 of clientB",
                "PR [6, EOF] pid 1001 owner 0x1 of clientA");
    }

    @Test
    void aCycleOfWaitersIsEdeadlkAtEnqueueAndAtReprocess() throws LustreException {
        lock(a, file, 1, Ldlm.LCK_PW, 0, 0, 0);
        lock(b, other, 2, Ldlm.LCK_PW, 0, 0, 0);
        assertThat(lock(a, other, 1, Ldlm.LCK_PW, 0, 0, 0).granted()).isFalse();
        assertThatThrownBy(() -> lock(b, file, 2, Ldlm.LCK_PW, 0, 0, 0)).isInstanceOf(LustreException.class)
                .hasMessageContaining("which waits for it")
                .satisfies(e -> assertThat(((LustreException) e).errno()).isEqualTo(Errno.EDEADLK));
        // the same owner number on another client is another owner: no cycle
        assertThat(lock(a, file, 2, Ldlm.LCK_PW, 5, 5, 0).granted()).isTrue();
    }

    @Test
    void aWaiterWhoseNewBlockerWaitsForItIsRefusedAtReprocess() throws LustreException {
        // A holds f[0]; B and C wait on it; C also holds o[0], for which B... and A waits on o[0]
        String c = "clientC";
        lock(a, file, 1, Ldlm.LCK_PR, 0, 0, 0);
        lock(c, file, 3, Ldlm.LCK_PR, 0, 0, 0);
        lock(b, other, 2, Ldlm.LCK_PW, 0, 0, 0);
        long bWait = 9000;
        assertThat(ns.enqueue(b, bWait, file, Ldlm.LCK_PW, new LdlmFlockWire(0, 0, 2, 2), 0).granted()).isFalse();
        assertThat(lock(c, other, 3, Ldlm.LCK_PW, 0, 0, 0).granted()).isFalse();
        // A unlocks: B now waits behind C, who waits behind B
        lock(a, file, 1, Ldlm.LCK_NL, 0, EOF, 0);
        assertThatThrownBy(() -> ns.enqueue(b, bWait, file, Ldlm.LCK_PW, new LdlmFlockWire(0, 0, 2, 2), 0))
                .satisfies(e -> assertThat(((LustreException) e).errno()).isEqualTo(Errno.EDEADLK));
    }

    @Test
    void aGoneClientsLocksGoAndItsWaitersWithThem() throws LustreException {
        lock(a, file, 1, Ldlm.LCK_PW, 0, EOF, 0);
        long bWait = 7000;
        ns.enqueue(b, bWait, file, Ldlm.LCK_PW, new LdlmFlockWire(0, 0, 2, 2), 0);
        assertThat(lock(a, other, 1, Ldlm.LCK_PW, 0, 0, 0).granted()).isTrue();
        assertThat(lock(b, other, 2, Ldlm.LCK_PR, 0, 0, 0).granted()).isFalse();
        ns.clientGone(a);
        assertThat(ns.enqueue(b, bWait, file, Ldlm.LCK_PW, new LdlmFlockWire(0, 0, 2, 2), 0).granted()).isTrue();
        assertThat(ns.dump(other)).containsExactly("PR [0, 0] pid 1002 owner 0x2 of clientB");
        ns.clientGone(b);
        assertThat(ns.dump(file)).isEmpty();
        assertThat(ns.resourceCount()).isZero();
    }

    @Test
    void cancelWithdrawsAWaiterOfItsClientOnly() throws LustreException {
        lock(a, file, 1, Ldlm.LCK_PW, 0, EOF, 0);
        FlockNamespace.Result w = ns.enqueue(b, 1, file, Ldlm.LCK_PW, new LdlmFlockWire(0, 0, 2, 2), 0);
        assertThat(ns.cancel(a, List.of(w.cookie()))).isZero();
        assertThat(ns.dump(file)).contains("waiting PW [0, 0] owner 0x2 of clientB");
        assertThat(ns.cancel(b, List.of(w.cookie(), 12345L))).isEqualTo(1);
        assertThat(ns.dump(file)).containsExactly("PW [0, EOF] pid 1001 owner 0x1 of clientA");
    }

    @Test
    void badModesAndRangesAreEinvalNamingThem() {
        assertThatThrownBy(() -> lock(a, file, 1, Ldlm.LCK_EX, 0, 1, 0)).hasMessageContaining("flock mode 1")
                .satisfies(e -> assertThat(((LustreException) e).errno()).isEqualTo(Errno.EINVAL));
        assertThatThrownBy(() -> lock(a, file, 1, Ldlm.LCK_PR, 9, 1, 0)).hasMessageContaining("ends before it starts")
                .satisfies(e -> assertThat(((LustreException) e).errno()).isEqualTo(Errno.EINVAL));
    }
}
