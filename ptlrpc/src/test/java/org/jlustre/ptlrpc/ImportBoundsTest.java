package org.jlustre.ptlrpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;
import org.jlustre.common.Nid;
import org.jlustre.common.fail.FailLoc;
import org.jlustre.lnet.Lnet;
import org.jlustre.lnet.LnetEvent;
import org.jlustre.lnet.MdOptions;
import org.jlustre.lnet.MemoryDescriptor;
import org.jlustre.lnet.ProcessId;
import org.jlustre.ptlrpc.echo.EchoService;
import org.jlustre.testing.Nodes;
import org.jlustre.wire.ptlrpc.MsgFlags;
import org.jlustre.wire.ptlrpc.Portals;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Nothing an import does waits forever, and nothing is left behind: a call to a target that
 * never comes back fails at its delay limit; a request taken off the wire while the import
 * closes fails with -ESHUTDOWN instead of being stranded; a bad CONNECT reply completes the
 * connect with no lock held; reconnects to a target that is down back off.
 */
class ImportBoundsTest {

    /** An opcode nothing serves: requests with it are held by a handler or go unanswered. */
    private static final int HOLD = 16101;
    /** How long a test waits for something that should happen well within it. */
    private static final long WAIT_S = 20;

    private EchoCluster cluster;

    @AfterEach
    void tearDown() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @ParameterizedTest
    @EnumSource(Nodes.Driver.class)
    void callsToATargetThatNeverComesBackFailAtTheirDelayLimit(Nodes.Driver driver) throws Exception {
        cluster = new EchoCluster(driver, 2, 1 << 14);
        Import imp = cluster.client("echo-client", Duration.ofSeconds(2));
        imp.connectSync();
        cluster.stopServer();

        // one request with a delay limit of its own, one with the default (the import's timeout)
        CompletableFuture<LustreException> own = callInBackground(imp,
                imp.request(HOLD, MsgFlags.LUSTRE_OST_VERSION).delayLimit(Duration.ofSeconds(1)));
        CompletableFuture<LustreException> dflt = callInBackground(imp, imp.request(HOLD, MsgFlags.LUSTRE_OST_VERSION));
        LustreException e1 = returned(own);
        LustreException e2 = returned(dflt);
        assertThat(e1.errno()).as(e1.getMessage()).isEqualTo(Errno.ETIMEDOUT);
        assertThat(e1.getMessage()).contains("echo-client").contains("delay limit 1000 ms");
        assertThat(e2.errno()).as(e2.getMessage()).isEqualTo(Errno.ETIMEDOUT);
        assertThat(e2.getMessage()).contains("delay limit 2000 ms");
        assertThat(imp.state()).as("still trying to reconnect").isIn(ImportState.DISCON, ImportState.CONNECTING);
        assertThat(importParam(cluster.lastClientNode(), "echo-client")).contains("delayed: 0");
    }

    @Test
    void aRequestAnEnotconnReplySendsBackIsNotStrandedWhenTheImportClosesMeanwhile() throws Exception {
        cluster = new EchoCluster(Nodes.Driver.MEM, 2, 1 << 14);
        Import imp = cluster.client("echo-client", Duration.ofSeconds(10));
        imp.connectSync();
        for (Export e : cluster.echo.target().exports()) {
            cluster.echo.target().evict(e); // the next request gets -ENOTCONN
        }
        FailLoc fl = cluster.lastClientNode().libcfs().failLoc();
        fl.setLoc(FailLoc.ONCE | ImportConnection.OBD_FAIL_PTLRPC_REQUEUE_PAUSE);
        CompletableFuture<Reply> f = imp.send(imp.request(HOLD, MsgFlags.LUSTRE_OST_VERSION));
        closeWhilePaused(imp, fl);
        assertShutDown(f);
    }

    @Test
    void requestsAFailedConnectionTakesBackAreNotStrandedWhenTheImportClosesMeanwhile() throws Exception {
        cluster = new EchoCluster(Nodes.Driver.MEM, 2, 1 << 14);
        CountDownLatch arrived = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        cluster.echo.service().register(HOLD, req -> {
            arrived.countDown();
            try {
                release.await(WAIT_S, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            Import imp = cluster.client("echo-client", Duration.ofSeconds(30));
            imp.connectSync();
            CompletableFuture<Reply> f = imp.send(imp.request(HOLD, MsgFlags.LUSTRE_OST_VERSION));
            assertThat(arrived.await(WAIT_S, TimeUnit.SECONDS)).isTrue();
            FailLoc fl = cluster.lastClientNode().libcfs().failLoc();
            fl.setLoc(FailLoc.ONCE | ImportConnection.OBD_FAIL_PTLRPC_REQUEUE_PAUSE);
            // the connection fails with the request on the wire: it is taken back to be resent
            long serverNid = cluster.serverNid().toLnetNid();
            Thread.ofPlatform().start(() -> imp.peerDown(serverNid, -Errno.ECONNRESET.value()));
            closeWhilePaused(imp, fl);
            assertShutDown(f);
        } finally {
            release.countDown();
        }
    }

    @Test
    void aBadConnectReplyCompletesTheConnectWithNoLockHeld() throws Exception {
        try (Nodes nodes = new Nodes(Nodes.Driver.MEM)) {
            Lnet server = nodes.node();
            LinkedBlockingQueue<LnetEvent> connects = new LinkedBlockingQueue<>();
            server.attach(Portals.OST_REQUEST, ProcessId.ANY, 0, ~0L, Lnet.Position.AFTER,
                    MemoryDescriptor.builder(MemorySegment.ofArray(new byte[1 << 16])).options(MdOptions.OP_PUT)
                            .threshold(1).handler(connects::add));
            Lnet clientLnet = nodes.node();
            try (Ptlrpc client = Ptlrpc.start(clientLnet)) {
                Import imp = new Import(client, EchoService.importConfig("echo-client",
                        List.of(Nid.fromLnetNid(server.nids().getFirst())), Duration.ofSeconds(10)));
                AtomicReference<List<String>> held = new AtomicReference<>();
                CompletableFuture<Void> connected = imp.connect();
                connected.whenComplete((v, e) -> held.set(JvmWatch.monitorsHeld()));
                LnetEvent connect = connects.poll(WAIT_S, TimeUnit.SECONDS);
                assertThat(connect).as("the CONNECT reached the server").isNotNull();

                // a reply that is no lustre_msg, delivered on this (platform) thread
                MemoryDescriptor garbage = server.bind(MemoryDescriptor.builder(
                        MemorySegment.ofArray("not a lustre_msg at all, sorry".getBytes())).threshold(1));
                server.put(garbage, false, connect.initiator(), Portals.OSC_REPLY, connect.matchBits(), 0, 0);

                assertThatThrownBy(() -> connected.get(WAIT_S, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                        .cause().isInstanceOf(LustreException.class)
                        .satisfies(e -> assertThat(((LustreException) e).errno()).isEqualTo(Errno.EPROTO));
                assertThat(held.get()).as("monitors held by the connect's callback").isNotNull()
                        .noneMatch(c -> c.startsWith(ClientRequest.class.getName()))
                        .noneMatch(c -> c.startsWith(ImportConnection.class.getName()));
                // DISCON, or CONNECTING again if its reconnect delay already ran out (a loaded machine)
                assertThat(imp.state()).isIn(ImportState.DISCON, ImportState.CONNECTING);
                imp.close();
            }
        }
    }

    @Test
    void reconnectsToATargetThatIsDownBackOffAndResumeWhenItReturns() throws Exception {
        cluster = new EchoCluster(Nodes.Driver.MEM, 2, 1 << 14);
        Import imp = cluster.client("echo-client", Duration.ofSeconds(2)); // reconnectDelay 100 ms
        imp.connectSync();
        Ptlrpc node = cluster.lastClientNode();
        cluster.stopServer();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_S);
        while (imp.state() == ImportState.FULL && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        long before = attempts(node);
        Thread.sleep(3000);
        long during = attempts(node) - before;
        // 100 ms doubling: tries at about 0.1, 0.3, 0.7, 1.5 and 3.1 s; at 100 ms flat it would be 30
        assertThat(during).as("connects in 3 s to a target that is down").isBetween(2L, 6L);

        cluster.startServerAgain();
        deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_S);
        while (imp.state() != ImportState.FULL && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(imp.state()).isEqualTo(ImportState.FULL);
        assertThat(imp.ping().status()).isZero();
    }

    @Test
    void closingAnImportToATargetThatStoppedAnsweringTakesAtMostTheConnectTimeout() throws Exception {
        cluster = new EchoCluster(Nodes.Driver.MEM, 2, 1 << 14);
        Import imp = cluster.client("echo-client", Duration.ofSeconds(30));
        imp.connectSync();
        cluster.echo.close(); // the node stays up, but nothing takes requests: the DISCONNECT goes unanswered
        long t0 = System.nanoTime();
        imp.close();
        // ptlrpc_disconnect_prep_req: at most INITIAL_CONNECT_TIMEOUT (5 s), not the import's 30 s
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isBetween(Duration.ofSeconds(4), Duration.ofSeconds(15));
        assertThat(imp.state()).isEqualTo(ImportState.CLOSED);
    }

    // ------------------------------------------------------------------ helpers

    /** Calls on a thread of its own; completes with the call's failure (or fails if it succeeded). */
    private static CompletableFuture<LustreException> callInBackground(Import imp, ClientRequest req) {
        CompletableFuture<LustreException> out = new CompletableFuture<>();
        Thread.ofPlatform().daemon().start(() -> {
            try {
                imp.call(req);
                out.completeExceptionally(new AssertionError("the call to a dead target succeeded"));
            } catch (LustreException e) {
                out.complete(e);
            }
        });
        return out;
    }

    private static LustreException returned(CompletableFuture<LustreException> f) throws Exception {
        try {
            return f.get(WAIT_S, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("Import.call did not return in " + WAIT_S + " s", e);
        }
    }

    /** Waits until the requeue pause fired, closes the import, then ends the pause. */
    private static void closeWhilePaused(Import imp, FailLoc fl) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_S);
        while ((fl.loc() & FailLoc.FAILED) == 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(fl.loc() & FailLoc.FAILED).as("the request was taken off the wire").isNotZero();
        imp.abort();
        fl.reset(); // ends the pause: the request now finds the import closed
    }

    private static void assertShutDown(CompletableFuture<Reply> f) throws Exception {
        try {
            f.get(WAIT_S, TimeUnit.SECONDS);
            throw new AssertionError("the request was answered");
        } catch (TimeoutException e) {
            throw new AssertionError("the request was stranded: neither queued nor failed", e);
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(LustreException.class);
            assertThat(((LustreException) e.getCause()).errno()).isEqualTo(Errno.ESHUTDOWN);
        }
    }

    private static String importParam(Ptlrpc node, String name) throws Exception {
        return node.libcfs().params().get("osc." + name + ".import").getFirst().value();
    }

    private static long attempts(Ptlrpc node) throws Exception {
        for (String line : importParam(node, "echo-client").split("\n")) {
            if (line.strip().startsWith("connection_attempts:")) {
                return Long.parseLong(line.strip().substring("connection_attempts:".length()).strip());
            }
        }
        throw new AssertionError("no connection_attempts in the import parameter");
    }
}
