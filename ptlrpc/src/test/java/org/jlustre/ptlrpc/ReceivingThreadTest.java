package org.jlustre.ptlrpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;
import org.jlustre.ptlrpc.echo.EchoService;
import org.jlustre.testing.Nodes;
import org.jlustre.wire.Le;
import org.jlustre.wire.ptlrpc.MsgFlags;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Requests a handler registered as quick are handled on the thread that received them (socklnd's
 * event loop, or the sender's own on the in-JVM network), the others on a service thread, as
 * the request's own bytes decide; a quick handler that starts a bulk transfer, which would wait
 * for that very thread, gets EIO at once instead of stalling it until the bulk timeout.
 */
class ReceivingThreadTest {

    /** An opcode of this test: buffer 1 holds a u64, 1 asks for the receiving thread. */
    private static final int WHERE = 16098;

    @ParameterizedTest
    @EnumSource(Nodes.Driver.class)
    void theRequestSaysWhetherItIsHandledWhereItArrived(Nodes.Driver driver) throws Exception {
        try (EchoCluster c = new EchoCluster(driver, 2, 4096)) {
            ConcurrentLinkedQueue<String> threads = new ConcurrentLinkedQueue<>();
            c.echo.service().register(WHERE, req -> threads.add(Thread.currentThread().getName()),
                    req -> req.request().buf(1).get(Le.U64, 0) == 1);
            Import imp = c.client("where-osc", Duration.ofSeconds(30));
            imp.connectSync();
            String service = c.echo.service().config().name() + "_";
            for (long quick : new long[] {1, 0, 1, 0}) {
                threads.clear();
                assertThat(imp.call(where(imp, quick)).status()).isZero();
                assertThat(threads).hasSize(1);
                if (quick == 1) {
                    assertThat(threads.peek()).as("a quick request's handler thread").doesNotStartWith(service);
                } else {
                    assertThat(threads.peek()).as("a queued request's handler thread").startsWith(service);
                }
            }
            assertThat(c.echo.service().stats().counter("unknown-opcode-" + WHERE, "usecs").count())
                    .as("both kinds counted in the service's stats").isEqualTo(4);
        }
    }

    @ParameterizedTest
    @EnumSource(Nodes.Driver.class)
    void aQuickHandlerThatStartsABulkGetsEioAndTheThreadServesOn(Nodes.Driver driver) throws Exception {
        try (EchoCluster c = new EchoCluster(driver, 2, 4096)) {
            c.echo.service().bulkTimeout(Duration.ofSeconds(60));
            c.echo.service().register(WHERE, req -> req.bulkGet(List.of(MemorySegment.ofArray(new byte[4096]))),
                    req -> true);
            Import imp = c.client("bulk-osc", Duration.ofSeconds(120));
            imp.connectSync();
            ClientRequest w = where(imp, 1).bulk(ClientRequest.BulkType.GET_SOURCE,
                    List.of(MemorySegment.ofArray(new byte[4096])));
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> imp.call(w)).isInstanceOf(LustreException.class)
                    .satisfies(e -> assertThat(((LustreException) e).errno()).isEqualTo(Errno.EIO));
            assertThat(System.nanoTime() - t0).as("answered at once, not after the 60 s bulk timeout")
                    .isLessThan(20_000_000_000L);
            assertThat(c.server.libcfs().debug().dumpToString())
                    .contains("a bulk transfer from a request handled on the thread that received it");
            // the thread that refused the bulk goes on serving: another request, then an echo
            assertThat(imp.call(imp.request(EchoService.ECHO, MsgFlags.LUSTRE_OST_VERSION, 0)).status()).isZero();
        }
    }

    private static ClientRequest where(Import imp, long quick) {
        ClientRequest r = imp.request(WHERE, MsgFlags.LUSTRE_OST_VERSION, 8);
        r.buf(1).set(Le.U64, 0, quick);
        return r;
    }
}
