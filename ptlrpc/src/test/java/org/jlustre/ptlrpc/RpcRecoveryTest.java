package org.jlustre.ptlrpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;
import org.jlustre.testing.Nodes;
import org.jlustre.wire.ptlrpc.MsgFlags;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The import's recovery: a server that restarts while requests are in flight gets them again,
 * with MSG_RESENT, after the client reconnects; a request that times out makes the import
 * reconnect and resend it; a dead server makes no-resend requests fail with a clear error.
 */
class RpcRecoveryTest {

    /** A test opcode the servers here serve on the echo service. */
    private static final int HOLD = 16101;

    private EchoCluster cluster;

    @AfterEach
    void tearDown() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @ParameterizedTest
    @EnumSource(Nodes.Driver.class)
    void serverRestartResendsRequestsInFlight(Nodes.Driver driver) throws Exception {
        cluster = new EchoCluster(driver, 8, 1 << 14);
        CountDownLatch arrived = new CountDownLatch(5);
        CountDownLatch hold = new CountDownLatch(1);
        cluster.echo.service().register(HOLD, req -> {
            arrived.countDown();
            try {
                hold.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Import imp = cluster.client("echo-client", Duration.ofSeconds(30));
        imp.connectSync();
        long firstHandle = imp.remoteHandle();
        List<CompletableFuture<Reply>> inFlight = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ClientRequest r = imp.request(HOLD, MsgFlags.LUSTRE_OST_VERSION);
            inFlight.add(imp.send(r));
        }
        assertThat(arrived.await(10, TimeUnit.SECONDS)).as("all five reached the server").isTrue();

        // the server node dies with the five requests in its handlers, then comes back
        cluster.serverLnet.close();
        hold.countDown();
        cluster.echo.close();
        cluster.server.close();
        cluster.startServerAgain();
        CopyOnWriteArrayList<Long> resentXids = new CopyOnWriteArrayList<>();
        CopyOnWriteArrayList<Integer> connCnts = new CopyOnWriteArrayList<>();
        cluster.echo.service().register(HOLD, req -> {
            if (req.resent()) {
                resentXids.add(req.xid());
            }
            connCnts.add(req.body().connCnt());
        });

        for (CompletableFuture<Reply> f : inFlight) {
            Reply r;
            try {
                r = f.get(30, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                throw new AssertionError("a request in flight was not answered after the restart; logs:\n"
                        + cluster.logs(), e);
            }
            assertThat(r.status()).isZero();
        }
        assertThat(resentXids).as("the new server sees every request in flight as MSG_RESENT, same xids")
                .containsExactlyInAnyOrderElementsOf(xidsOf(inFlight));
        assertThat(imp.state()).isEqualTo(ImportState.FULL);
        assertThat(imp.connCnt()).isGreaterThanOrEqualTo(2);
        assertThat(connCnts).allSatisfy(c -> assertThat(c).isEqualTo(imp.connCnt()));
        assertThat(imp.remoteHandle()).as("a new export on the restarted server").isNotEqualTo(firstHandle);
        assertThat(imp.ping().status()).isZero();
    }

    private static List<Long> xidsOf(List<CompletableFuture<Reply>> fs) throws Exception {
        List<Long> out = new ArrayList<>();
        for (CompletableFuture<Reply> f : fs) {
            out.add(f.get().xid());
        }
        return out;
    }

    @ParameterizedTest
    @EnumSource(Nodes.Driver.class)
    void timeoutReconnectsAndResends(Nodes.Driver driver) throws Exception {
        cluster = new EchoCluster(driver, 4, 1 << 14);
        CopyOnWriteArrayList<Boolean> seen = new CopyOnWriteArrayList<>();
        cluster.echo.service().register(HOLD, req -> {
            seen.add(req.resent());
            if (!req.resent()) {
                try {
                    Thread.sleep(1500); // longer than the client's timeout: the first attempt times out
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        Import imp = cluster.client("echo-client", Duration.ofSeconds(30));
        imp.connectSync();
        ClientRequest r = imp.request(HOLD, MsgFlags.LUSTRE_OST_VERSION).timeout(Duration.ofMillis(500));
        Reply reply = imp.send(r).get(20, TimeUnit.SECONDS);
        assertThat(reply.status()).isZero();
        assertThat(seen).startsWith(false).contains(true);
        assertThat(imp.timeouts()).isGreaterThanOrEqualTo(1);
        assertThat(imp.connCnt()).isGreaterThanOrEqualTo(2);
        assertThat(cluster.echo.target().exports()).as("the reconnect found its export").hasSize(1);
        String timeouts = imp.stats().find("req_timeout") != null ? "yes" : "no";
        assertThat(timeouts).isEqualTo("yes");
    }

    @ParameterizedTest
    @EnumSource(Nodes.Driver.class)
    void deadServerFailsNoResendRequests(Nodes.Driver driver) throws Exception {
        cluster = new EchoCluster(driver, 2, 1 << 14);
        Import imp = cluster.client("echo-client", Duration.ofSeconds(2));
        imp.connectSync();
        cluster.stopServer();
        long start = System.nanoTime();
        try {
            imp.ping();
            throw new AssertionError("ping of a dead server succeeded");
        } catch (LustreException e) {
            // ENOTCONN once the import saw the peer go; before that, whatever the failed send reported
            assertThat(e.errno()).isIn(Errno.ENOTCONN, Errno.ETIMEDOUT, Errno.EHOSTUNREACH, Errno.ECONNRESET,
                    Errno.EIO);
            assertThat(e.getMessage()).contains("echo-client");
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        cluster.startServerAgain();
        // the import reconnects by itself and serves again
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (imp.state() != ImportState.FULL && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(imp.state()).isEqualTo(ImportState.FULL);
        assertThat(imp.ping().status()).isZero();
    }
}
