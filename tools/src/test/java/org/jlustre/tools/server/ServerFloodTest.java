package org.jlustre.tools.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jlustre.common.Libcfs;
import org.jlustre.common.LustreException;
import org.jlustre.common.Nid;
import org.jlustre.common.TimeSource;
import org.jlustre.lnet.Lnet;
import org.jlustre.lnet.socklnd.Socklnd;
import org.jlustre.lnet.socklnd.SocklndConfig;
import org.jlustre.mgc.Mgc;
import org.jlustre.ptlrpc.Ptlrpc;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A {@code jlustre server} (an MGS) in a process of its own under {@code ulimit -n 256} is
 * flooded with connections that never send a byte, until accept fails for want of file
 * descriptors. The server must pause accepting, drop every flood connection once it has idled
 * for {@code accept_timeout} (5 s by default), and then serve a real client: an MGC that
 * connects and pings over ptlrpc. Before, the failed accept's own logging failed, the Error
 * killed the acceptor's event loop, and the server stayed up deaf with the flood's
 * connections open for good.
 */
class ServerFloodTest {

    private static final int FD_LIMIT = 256;
    private static final int FLOOD = 400;
    private static final Nid SERVER = Nid.tcp(0x7f0000d3); // 127.0.0.211
    private static final Nid CLIENT = Nid.tcp(0x7f0000d4); // 127.0.0.212
    private static final Duration ACCEPT_TIMEOUT = Duration.ofSeconds(5);
    private static final Pattern PORT = Pattern.compile("acceptor port (\\d+)");

    @Test
    @Timeout(300)
    void aServerOutOfDescriptorsDropsTheFloodAndServesAgain() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", "ulimit -n " + FD_LIMIT + " && exec \"$0\" \"$@\"", java,
                "-Xmx256m", "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                "org.jlustre.tools.Main", "server", "--type", "mgs", "--nid", SERVER.toString(), "--port", "0",
                "--accept", "all");
        Process server = pb.start();
        List<String> out = new CopyOnWriteArrayList<>();
        List<String> err = new CopyOnWriteArrayList<>();
        collect(server.getInputStream(), out);
        collect(server.getErrorStream(), err);
        List<Flooder> flood = new ArrayList<>();
        try {
            int port = Integer.parseInt(awaitLine(out, err, PORT, Duration.ofSeconds(60)).group(1));
            awaitLine(out, err, Pattern.compile("serving"), Duration.ofSeconds(60));

            // connections that never send anything, from many addresses (each under the per-peer limit)
            InetSocketAddress target = new InetSocketAddress(InetAddress.getByAddress(ipv4(SERVER.address())), port);
            for (int i = 0; i < FLOOD; i++) {
                InetAddress from = InetAddress.getByAddress(new byte[] {127, 0, (byte) (20 + i / 50), (byte) (1 + i % 50)});
                try {
                    flood.add(new Flooder(target, from));
                } catch (IOException e) {
                    // the server's backlog is full too (a small somaxconn): the flood is as big as it gets
                    break;
                }
            }
            assertThat(flood.size()).as("flood connections made").isGreaterThan(FD_LIMIT);
            String failed = awaitLine(out, err, Pattern.compile("Accept error .*"), Duration.ofSeconds(60)).group();
            assertThat(failed).as("accept ran out of descriptors").contains("Too many open files");

            // every flood connection is dropped, each after idling accept_timeout, with nothing sent to it
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            for (Flooder f : flood) {
                f.reader.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                assertThat(f.reader.isAlive()).as("flood connection %s still open after 120 s", f.from).isFalse();
                assertThat(f.bytes).as("bytes sent to a flood connection").isZero();
                assertThat(Duration.ofNanos(f.closedNanos - f.connectedNanos)).as("dropped after idling")
                        .isGreaterThanOrEqualTo(ACCEPT_TIMEOUT.minusMillis(500));
            }
            assertThat(server.isAlive()).as("the server process").isTrue();

            // the flood is over: a real client connects and pings
            ping(port, Duration.ofSeconds(60));
            assertThat(err).noneMatch(l -> l.contains("Exception in thread"));
        } finally {
            for (Flooder f : flood) {
                f.close();
            }
            server.destroy();
            if (!server.waitFor(30, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
    }

    /** An MGC connects to the MGS and pings, retried until it works or {@code within} passes. */
    private static void ping(int port, Duration within) throws Exception {
        Libcfs libcfs = new Libcfs(TimeSource.system(), new SplittableRandom(212));
        libcfs.debug().setConsole(null);
        Lnet lnet = Lnet.create(libcfs);
        try {
            lnet.addNi(Socklnd.tcp(SocklndConfig.of(CLIENT).withListen(false).withPeerPort(n -> port)));
            Ptlrpc rpc = Ptlrpc.start(lnet);
            try (Mgc mgc = new Mgc(rpc, List.of(SERVER), Duration.ofSeconds(5), Duration.ofHours(1))) {
                long deadline = System.nanoTime() + within.toNanos();
                LustreException last = null;
                while (System.nanoTime() < deadline) {
                    try {
                        mgc.mgsImport().connectSync();
                        assertThat(mgc.mgsImport().ping().status()).isZero();
                        return;
                    } catch (LustreException e) {
                        last = e;
                        Thread.sleep(500);
                    }
                }
                throw new AssertionError("no ping through in " + within + ": " + last, last);
            } finally {
                rpc.close();
            }
        } finally {
            lnet.close();
        }
    }

    /** One flood connection, and a reader that notes when the server closes it. */
    private static final class Flooder {
        final InetAddress from;
        final Socket socket = new Socket();
        final long connectedNanos;
        volatile long closedNanos;
        volatile long bytes;
        final Thread reader;

        Flooder(InetSocketAddress target, InetAddress from) throws IOException {
            this.from = from;
            try {
                socket.bind(new InetSocketAddress(from, 0));
                socket.connect(target, 3_000);
            } catch (IOException e) {
                socket.close();
                throw e;
            }
            connectedNanos = System.nanoTime();
            reader = Thread.ofVirtual().start(() -> {
                byte[] buf = new byte[64];
                try {
                    InputStream in = socket.getInputStream();
                    int n;
                    while ((n = in.read(buf)) >= 0) {
                        bytes += n;
                    }
                } catch (SocketException e) {
                    // reset by the server: dropped all the same
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                } finally {
                    closedNanos = System.nanoTime();
                }
            });
        }

        void close() throws IOException {
            socket.close();
        }
    }

    private static byte[] ipv4(int a) {
        return new byte[] {(byte) (a >>> 24), (byte) (a >>> 16), (byte) (a >>> 8), (byte) a};
    }

    private static void collect(InputStream s, List<String> lines) {
        Thread.ofPlatform().daemon().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(s, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // the process ended
            }
        });
    }

    /** The first line of either stream matching {@code p}, waiting up to {@code timeout}. */
    private static Matcher awaitLine(List<String> out, List<String> err, Pattern p, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (List<String> lines : List.of(out, err)) {
                for (String l : lines) {
                    Matcher m = p.matcher(l);
                    if (m.find()) {
                        return m;
                    }
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no line matching " + p + " in " + timeout + "; stdout " + tail(out) + ", stderr "
                + tail(err));
    }

    private static List<String> tail(List<String> lines) {
        return List.copyOf(lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    }
}
