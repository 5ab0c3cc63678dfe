package org.jlustre.lnet.socklnd;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jlustre.common.LustreException;
import org.jlustre.common.Nid;
import org.jlustre.common.debug.DebugMask;
import org.jlustre.common.debug.DebugRecord;
import org.jlustre.lnet.Lnet;
import org.jlustre.testing.Nodes;
import org.jlustre.wire.lnet.KsockHello;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The acceptor's door ({@link Acceptor}): {@code accept=secure} refuses ordinary ports at once,
 * the connection limits in all and per peer address, {@code accept_timeout} (5 s by default,
 * changed by {@code set_param}) for connections that say nothing, and accept errors that pause
 * accepting, back off, and resume, without Netty's own error handling ever running.
 */
class AcceptorTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private Nodes nodes;

    @AfterEach
    void tearDown() {
        if (nodes != null) {
            nodes.close();
        }
    }

    private Lnet server(AcceptPolicy policy) throws LustreException {
        nodes = new Nodes(Nodes.Driver.TCP).accept(policy);
        return nodes.node();
    }

    private InetSocketAddress at(Lnet node) {
        return new InetSocketAddress(WirePeer.address(nodes.nid(node)), nodes.port(node));
    }

    private static InetAddress loopback(int c, int d) throws IOException {
        return InetAddress.getByAddress(new byte[] {127, 0, (byte) c, (byte) d});
    }

    private static String param(Lnet node, String name) throws LustreException {
        String group = "socklnd." + Nid.toString(node.nids().getFirst()).replace('.', '_') + ".";
        return node.libcfs().params().get(group + name).getFirst().value().strip();
    }

    private static long stat(Lnet node, String name) throws LustreException {
        for (String line : param(node, "acceptor").split("\n")) {
            if (line.startsWith(name + ": ")) {
                return Long.parseLong(line.substring(name.length() + 2).strip());
            }
        }
        throw new AssertionError("no " + name + " in acceptor stats");
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for: %s", what).isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    private static List<String> lines(Lnet node, String fragment) {
        return node.libcfs().debug().snapshot().stream().map(DebugRecord::text).filter(t -> t.contains(fragment))
                .toList();
    }

    @Test
    void secureRefusesOrdinaryPortsBeforeReadingAByte() throws Exception {
        Lnet s = server(AcceptPolicy.DEFAULT);
        assertThat(param(s, "accept")).isEqualTo("secure");
        try (WirePeer p = WirePeer.open(at(s), loopback(3, 1), 0)) {
            p.hello(nodes.nid(s), nodes.nid(s) + 1000, 12345, 7);
            assertThat(p.awaitClose(WAIT)).as("closed, nothing answered").isEmpty();
        }
        assertThat(stat(s, "refused_insecure")).isEqualTo(1);
        assertThat(lines(s, "Refusing connection from 127.0.3.1: insecure port")).hasSize(1);
        assertThat(stat(s, "accepted")).isZero();
    }

    @Test
    void limitsInAllAndPerPeerCloseTheConnectionsPastThemAtOnce() throws Exception {
        Lnet s = server(AcceptPolicy.DEFAULT.withMode(AcceptPolicy.Mode.ALL).withTimeout(Duration.ofSeconds(60))
                .withLimits(5, 2));
        Acceptor acceptor = nodes.socklnd(s).acceptor();
        List<WirePeer> held = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                held.add(WirePeer.open(at(s), loopback(4, 1), 0));
            }
            await("two from 127.0.4.1 held", () -> acceptor.held() == 2);
            try (WirePeer third = WirePeer.open(at(s), loopback(4, 1), 0)) {
                assertThat(third.awaitClose(WAIT)).as("the third from one address is closed at once").isEmpty();
            }
            for (int i = 0; i < 3; i++) {
                held.add(WirePeer.open(at(s), loopback(4, 2 + i / 2), 0));
            }
            await("five held", () -> acceptor.held() == 5);
            try (WirePeer sixth = WirePeer.open(at(s), loopback(4, 9), 0)) {
                assertThat(sixth.awaitClose(WAIT)).as("the sixth in all is closed at once").isEmpty();
            }
            assertThat(stat(s, "refused_limit")).isEqualTo(2);
            assertThat(acceptor.held()).isEqualTo(5);

            // a connection that goes gives its room back, to its address and in all
            held.removeFirst().close();
            await("four held", () -> acceptor.held() == 4);
            try (WirePeer again = WirePeer.open(at(s), loopback(4, 1), 0)) {
                again.hello(nodes.nid(s), 0, 12345, 7);
                KsockHello h = again.readHello(WAIT);
                assertThat(h.srcNid()).isEqualTo(nodes.nid(s));
            }
            assertThat(stat(s, "refused_limit")).isEqualTo(2);
        } finally {
            for (WirePeer p : held) {
                p.close();
            }
        }
        await("none held", () -> acceptor.held() == 0);
        assertThat(lines(s, "the most accepted per peer")).hasSize(1);
        assertThat(lines(s, "the most accepted in all")).hasSize(1);
    }

    @Test
    void acceptTimeoutIsFiveSecondsAndSetParamChangesIt() throws Exception {
        assertThat(SocklndConfig.of(Nid.parse("127.0.0.1@tcp")).accept())
                .isEqualTo(new AcceptPolicy(AcceptPolicy.Mode.SECURE, Duration.ofSeconds(5), 16384, 64));
        Lnet s = server(AcceptPolicy.DEFAULT.withMode(AcceptPolicy.Mode.ALL));
        assertThat(param(s, "accept_timeout")).isEqualTo("5");
        assertThat(param(s, "accept_max_conns")).isEqualTo("16384");
        assertThat(param(s, "accept_max_conns_per_peer")).isEqualTo("64");
        String group = "socklnd." + Nid.toString(nodes.nid(s)).replace('.', '_') + ".";
        s.libcfs().params().set(group + "accept_timeout", "1");
        assertThat(param(s, "accept_timeout")).isEqualTo("1");

        try (WirePeer silent = WirePeer.open(at(s), loopback(5, 1), 0);
                WirePeer talker = WirePeer.open(at(s), loopback(5, 2), 0)) {
            long since = System.nanoTime();
            talker.hello(nodes.nid(s), 0, 12345, 7);
            talker.readHello(WAIT);
            assertThat(silent.awaitClose(WAIT)).as("the silent one is dropped, sent nothing").isEmpty();
            Duration took = Duration.ofNanos(System.nanoTime() - since);
            assertThat(took).as("after accept_timeout, not before").isBetween(Duration.ofMillis(900), WAIT);
            assertThat(talker.awaitClose(Duration.ofMillis(500))).as("the one through its hello stays").isNull();
        }
        assertThat(stat(s, "dropped_idle")).isEqualTo(1);
        assertThat(lines(s, "no acceptor request and hello within accept_timeout (1000 ms)")).hasSize(1);
    }

    /** An accept error as the server channel's read reports it: on its event loop, through its pipeline. */
    private static void fail(Acceptor acceptor, Throwable cause) throws Exception {
        acceptor.channel().eventLoop().submit(() -> acceptor.channel().pipeline().fireExceptionCaught(cause)).get();
    }

    @Test
    void acceptErrorsPauseAcceptingWithGrowingPausesAndNettyNeverSeesThem() throws Exception {
        Lnet s = server(AcceptPolicy.DEFAULT.withMode(AcceptPolicy.Mode.ALL));
        Acceptor acceptor = nodes.socklnd(s).acceptor();
        List<String> netty = new CopyOnWriteArrayList<>();
        Handler h = new Handler() {
            @Override
            public void publish(LogRecord r) {
                if (r.getLevel().intValue() >= Level.WARNING.intValue()) {
                    netty.add(r.getLoggerName() + ": " + r.getMessage());
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger nettyLog = Logger.getLogger("io.netty");
        nettyLog.addHandler(h);
        try {
            IOException emfile = new IOException("accept(..) failed: Too many open files");
            fail(acceptor, emfile);
            assertThat(acceptor.pausedMillis()).as("the first pause").isEqualTo(Acceptor.FIRST_PAUSE_MILLIS);
            assertThat(acceptor.channel().config().isAutoRead()).as("accepting stopped").isFalse();
            await("accepting resumes", () -> acceptor.channel().config().isAutoRead());
            fail(acceptor, emfile);
            assertThat(acceptor.pausedMillis()).as("the second in a row pauses twice as long")
                    .isEqualTo(2 * Acceptor.FIRST_PAUSE_MILLIS);
            // a connection made during the pause waits in the backlog and is served after it
            try (WirePeer p = WirePeer.open(at(s), loopback(6, 1), 0)) {
                p.hello(nodes.nid(s), 0, 12345, 7);
                assertThat(p.readHello(WAIT).srcNid()).isEqualTo(nodes.nid(s));
            }
            assertThat(acceptor.channel().config().isAutoRead()).isTrue();
            // after an accept, the pauses start again from the first
            fail(acceptor, emfile);
            assertThat(acceptor.pausedMillis()).isEqualTo(Acceptor.FIRST_PAUSE_MILLIS);
            await("accepting resumes", () -> acceptor.channel().config().isAutoRead());
        } finally {
            nettyLog.removeHandler(h);
        }
        assertThat(stat(s, "accept_errors")).isEqualTo(3);
        // one line a second at most: a flood of errors does not flood the log
        assertThat(lines(s, "Accept error (accept(..) failed: Too many open files): pausing")).hasSizeBetween(1, 3);
        assertThat(netty).as("Netty's own handling of the error (its log)").isEmpty();
        assertThat(s.libcfs().debug().snapshot()).filteredOn(r -> r.text().contains("pausing"))
                .allSatisfy(r -> assertThat(r.mask()).isEqualTo(DebugMask.D_WARNING));
    }
}
