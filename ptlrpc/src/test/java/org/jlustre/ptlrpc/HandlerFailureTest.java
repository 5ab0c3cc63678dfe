package org.jlustre.ptlrpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;
import org.jlustre.ptlrpc.echo.EchoService;
import org.jlustre.testing.Nodes;
import org.jlustre.wire.ptlrpc.MsgFlags;
import org.junit.jupiter.api.Test;

/**
 * A handler that fails with a runtime exception (a bug) still answers: the client gets EIO at
 * once instead of resending into silence until it gives up, and the service goes on.
 */
class HandlerFailureTest {

    private static final int BROKEN = 16099;

    @Test
    void aThrowingHandlerAnswersEio() throws Exception {
        try (EchoCluster c = new EchoCluster(Nodes.Driver.MEM, 2, 4096)) {
            c.echo.service().register(BROKEN, "broken", req -> {
                throw new IllegalStateException("handler bug");
            });
            Import imp = c.client("broken-osc", Duration.ofSeconds(30));
            imp.connectSync();
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> imp.call(imp.request(BROKEN, MsgFlags.LUSTRE_OST_VERSION)))
                    .isInstanceOf(LustreException.class)
                    .satisfies(e -> assertThat(((LustreException) e).errno()).isEqualTo(Errno.EIO));
            assertThat(System.nanoTime() - t0).as("answered, not timed out").isLessThan(10_000_000_000L);
            assertThat(c.server.libcfs().debug().dumpToString()).contains("handler failed: "
                    + "java.lang.IllegalStateException: handler bug");
            assertThat(imp.call(imp.request(EchoService.ECHO, MsgFlags.LUSTRE_OST_VERSION, 0)).status()).isZero();
        }
    }
}
