package org.jlustre.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.jlustre.common.Fid;
import org.jlustre.wire.ldlm.LdlmResId;

/** What the flock system tests share: waiting for the MDT to show a lock. */
final class ClientFlockTestSupport {

    private ClientFlockTestSupport() {
    }

    /** Waits (at most a minute) until the MDT of {@code c} shows a lock of {@code f} starting with {@code prefix}. */
    static void awaitLine(LocalCluster c, Fid f, String prefix) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        List<String> lines = c.mdt().mdt().flocks().dump(LdlmResId.flock(f));
        while (lines.stream().noneMatch(s -> s.startsWith(prefix)) && System.nanoTime() < deadline) {
            Thread.sleep(10);
            lines = c.mdt().mdt().flocks().dump(LdlmResId.flock(f));
        }
        assertThat(lines).anyMatch(s -> s.startsWith(prefix));
    }
}
