package org.jlustre.mdc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;
import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;
import org.junit.jupiter.api.Test;

/** The modifying-RPC slots as {@code obd_get_mod_rpc_slot}: distinct tags from 1, the limit, a close's extra slot. */
class ModRpcSlotsTest {

    private static final long SHORT = TimeUnit.MILLISECONDS.toNanos(50);

    @Test
    void tagsAreTheLowestFreeFromOne() throws LustreException {
        ModRpcSlots s = new ModRpcSlots(3);
        assertThat(s.acquire(false, SHORT, () -> "t")).isEqualTo(1);
        assertThat(s.acquire(false, SHORT, () -> "t")).isEqualTo(2);
        assertThat(s.acquire(false, SHORT, () -> "t")).isEqualTo(3);
        s.release(2, false);
        assertThat(s.acquire(false, SHORT, () -> "t")).isEqualTo(2);
        assertThat(s.inFlight()).isEqualTo(3);
        assertThatThrownBy(() -> s.release(7, false)).isInstanceOf(IllegalStateException.class).hasMessageContaining("7");
    }

    @Test
    void theLimitHoldsAndOneCloseMayPassIt() throws LustreException {
        ModRpcSlots s = new ModRpcSlots(2);
        s.acquire(false, SHORT, () -> "t");
        s.acquire(false, SHORT, () -> "t");
        assertThatThrownBy(() -> s.acquire(false, SHORT, () -> "create x"))
                .isInstanceOfSatisfying(LustreException.class, e -> assertThat(e.errno()).isEqualTo(Errno.ETIMEDOUT))
                .hasMessageContaining("create x");
        int closeTag = s.acquire(true, SHORT, () -> "close");
        assertThat(closeTag).isEqualTo(3);
        // a second close waits like anything else
        assertThatThrownBy(() -> s.acquire(true, SHORT, () -> "close 2"))
                .isInstanceOfSatisfying(LustreException.class, e -> assertThat(e.errno()).isEqualTo(Errno.ETIMEDOUT));
        s.release(closeTag, true);
        s.release(1, false);
        assertThat(s.acquire(true, SHORT, () -> "close 3")).isEqualTo(1);
    }

    @Test
    void aWaiterGetsTheSlotReleased() throws Exception {
        ModRpcSlots s = new ModRpcSlots(1);
        int first = s.acquire(false, SHORT, () -> "t");
        int[] got = new int[1];
        Thread waiter = Thread.ofVirtual().start(() -> {
            try {
                got[0] = s.acquire(false, TimeUnit.SECONDS.toNanos(30), () -> "t");
            } catch (LustreException e) {
                got[0] = -1;
            }
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (waiter.getState() != Thread.State.WAITING && waiter.getState() != Thread.State.TIMED_WAITING
                && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        s.release(first, false);
        waiter.join(TimeUnit.SECONDS.toMillis(30));
        assertThat(got[0]).isEqualTo(1);
        s.max(0);
        assertThat(s.max()).isEqualTo(1);
    }
}
