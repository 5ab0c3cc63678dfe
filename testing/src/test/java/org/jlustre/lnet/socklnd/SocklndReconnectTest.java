package org.jlustre.lnet.socklnd;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.jlustre.common.Errno;
import org.jlustre.common.Libcfs;
import org.jlustre.common.Nid;
import org.jlustre.common.TimeSource;
import org.jlustre.lnet.Lnet;
import org.jlustre.lnet.LnetEvent;
import org.jlustre.lnet.MemoryDescriptor;
import org.jlustre.lnet.ProcessId;
import org.junit.jupiter.api.Test;

/**
 * A peer whose connects fail is not connected to on every send: after a failure socklnd waits
 * {@code min_reconnectms} (1 s), doubling with each further failure up to
 * {@code max_reconnectms} (60 s), and sends in between fail at once with {@code -EHOSTUNREACH}
 * ({@code ksocknal_connect}'s failure path and {@code ksocknal_launch_packet}).
 */
class SocklndReconnectTest {

    @Test
    void aPeerThatDropsEveryConnectionIsTriedAgainAfterDoublingIntervals() throws Exception {
        Nid peer = Nid.parse("127.0.0.1@tcp");
        try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            // a "peer" that takes each TCP connection and closes it before any hello
            AtomicInteger connections = new AtomicInteger();
            Thread.ofPlatform().daemon().start(() -> {
                while (!listener.isClosed()) {
                    try (Socket s = listener.accept()) {
                        connections.incrementAndGet();
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            Libcfs libcfs = new Libcfs(TimeSource.system(), new SplittableRandom(7));
            libcfs.debug().setConsole(null);
            try (Lnet lnet = Lnet.create(libcfs)) {
                lnet.addNi(Socklnd.tcp(SocklndConfig.of(Nid.parse("127.0.0.2@tcp")).withListen(false)
                        .withPeerPort(n -> listener.getLocalPort())));
                assertThat(param(libcfs, "min_reconnectms")).isEqualTo("1000");
                assertThat(param(libcfs, "max_reconnectms")).isEqualTo("60000");

                // a send every 50 ms for 3.5 s: connects at 0 s, after 1 s, then 2 s later
                List<Integer> statuses = new CopyOnWriteArrayList<>();
                long end = System.nanoTime() + 3_500_000_000L;
                int sent = 0;
                while (System.nanoTime() < end) {
                    MemoryDescriptor md = lnet.bind(MemoryDescriptor.builder(MemorySegment.ofArray(new byte[8]))
                            .threshold(1).handler(ev -> {
                                if (ev.type() == LnetEvent.Type.SEND) {
                                    statuses.add(ev.status());
                                }
                            }));
                    lnet.put(md, false, ProcessId.lustre(peer.toLnetNid()), 7, 0, 0, 0);
                    sent++;
                    Thread.sleep(50);
                }
                long deadline = System.nanoTime() + 5_000_000_000L;
                while (statuses.size() < sent && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                assertThat(statuses).as("every send completed").hasSize(sent)
                        .allSatisfy(s -> assertThat(s).isEqualTo(-Errno.EHOSTUNREACH.value()));
                assertThat(sent).isGreaterThan(20);
                assertThat(connections.get()).as("TCP connects in 3.5 s of sends every 50 ms (not one per send)")
                        .isBetween(2, 4);
            }
        }
    }

    private static String param(Libcfs libcfs, String name) throws Exception {
        return libcfs.params().get("socklnd.127_0_0_2@tcp." + name).getFirst().value().strip();
    }
}
