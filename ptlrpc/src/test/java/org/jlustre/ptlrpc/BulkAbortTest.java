package org.jlustre.ptlrpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.jlustre.common.Errno;
import org.jlustre.common.Libcfs;
import org.jlustre.common.LustreException;
import org.jlustre.common.Nid;
import org.jlustre.common.TimeSource;
import org.jlustre.lnet.Kiov;
import org.jlustre.lnet.Lnd;
import org.jlustre.lnet.LndRx;
import org.jlustre.lnet.LndTx;
import org.jlustre.lnet.Lnet;
import org.jlustre.ptlrpc.echo.EchoService;
import org.jlustre.wire.ptlrpc.MsgFlags;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A server bulk GET that times out while the client's REPLY is half way into the server's
 * memory: {@link ServerRequest#bulkGet(List, BulkLayout)} must not return before the MD is gone
 * ({@code ptlrpc_abort_bulk}), or the rest of the REPLY lands in pages (an OSD's) the handler
 * already gave back. A driver with a gate holds the second half of large payloads.
 */
class BulkAbortTest {

    private static final int GATED_WRITE = 16110;
    private static final int LEN = 8192;

    private final GatedNetwork net = new GatedNetwork();
    private Lnet serverLnet;
    private Lnet clientLnet;
    private Ptlrpc server;
    private Ptlrpc client;
    private EchoService echo;

    @AfterEach
    void tearDown() {
        net.gate.countDown();
        if (client != null) {
            client.close();
        }
        if (echo != null) {
            echo.close();
        }
        if (server != null) {
            server.close();
        }
        for (Lnet l : new Lnet[] {clientLnet, serverLnet}) {
            if (l != null) {
                l.close();
            }
        }
    }

    @Test
    void aTimedOutGetReturnsOnlyOnceNothingCanWriteTheFragments() throws Exception {
        serverLnet = net.node(1);
        clientLnet = net.node(2);
        server = Ptlrpc.start(serverLnet);
        echo = new EchoService(server, EchoService.config(2, 1 << 14));
        echo.service().bulkTimeout(Duration.ofMillis(200));
        List<MemorySegment> frags = List.of(MemorySegment.ofArray(new byte[3000]), MemorySegment.ofArray(new byte[5192]));
        AtomicReference<byte[]> atReturn = new AtomicReference<>();
        AtomicReference<LustreException> failure = new AtomicReference<>();
        CountDownLatch returned = new CountDownLatch(1);
        echo.service().register(GATED_WRITE, "gated_write", req -> {
            try {
                req.bulkGet(frags, BulkLayout.of(new long[] {0}, new int[] {LEN}));
            } catch (LustreException e) {
                failure.set(e);
                throw e;
            } finally {
                atReturn.set(Kiov.of(frags).toArray());
                returned.countDown();
            }
        });

        client = Ptlrpc.start(clientLnet);
        Import imp = new Import(client, EchoService.importConfig("gated", List.of(Nid.fromLnetNid(net.nid(1))),
                Duration.ofSeconds(30)));
        imp.connectSync();
        byte[] data = new byte[LEN];
        new Random(1).nextBytes(data);
        ClientRequest w = imp.request(GATED_WRITE, MsgFlags.LUSTRE_OST_VERSION, 8);
        w.bulk(ClientRequest.BulkType.GET_SOURCE, List.of(MemorySegment.ofArray(data)),
                BulkLayout.of(new long[] {0}, new int[] {LEN}));
        net.armed = true;
        imp.send(w);

        assertThat(net.held.await(10, TimeUnit.SECONDS)).as("the REPLY is half delivered").isTrue();
        // past the 200 ms bulk timeout, the handler must still be waiting: the REPLY holds the MD
        boolean early = returned.await(2, TimeUnit.SECONDS);
        net.gate.countDown();
        assertThat(returned.await(10, TimeUnit.SECONDS)).as("the handler returns once the REPLY is over").isTrue();
        assertThat(net.tailDone.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(early).as("bulkGet returned while the REPLY was still writing into its fragments").isFalse();
        assertThat(failure.get()).isNotNull();
        assertThat(failure.get().errno()).isEqualTo(Errno.ETIMEDOUT);
        assertThat(Kiov.of(frags).toArray()).as("nothing written after bulkGet returned").isEqualTo(atReturn.get());
    }

    /**
     * An in-JVM driver that, once armed, delivers the first half of the first payload larger than
     * 4 KiB, holds the rest until the gate opens, then delivers it from another thread.
     */
    private static final class GatedNetwork {
        final ConcurrentHashMap<Long, Node> nodes = new ConcurrentHashMap<>();
        final CountDownLatch held = new CountDownLatch(1);
        final CountDownLatch gate = new CountDownLatch(1);
        final CountDownLatch tailDone = new CountDownLatch(1);
        volatile boolean armed;

        long nid(int address) {
            return new Nid(Nid.LOLND, 9, address).toLnetNid();
        }

        Lnet node(int address) throws LustreException {
            Libcfs libcfs = new Libcfs(TimeSource.system(), new SplittableRandom(address));
            libcfs.debug().setConsole(null);
            Lnet l = Lnet.create(libcfs);
            l.addNi(lnet -> {
                Node n = new Node(nid(address), lnet);
                nodes.put(n.nid, n);
                return n;
            });
            return l;
        }

        final class Node implements Lnd {
            final long nid;
            final Lnet lnet;

            Node(long nid, Lnet lnet) {
                this.nid = nid;
                this.lnet = lnet;
            }

            @Override
            public long nid() {
                return nid;
            }

            @Override
            public synchronized void send(LndTx tx) {
                Node peer = nodes.get(tx.destNid());
                LndRx rx;
                try {
                    rx = peer.lnet.receive(peer, tx.header());
                } catch (LustreException e) {
                    tx.complete(-e.errno().value());
                    return;
                }
                long n = rx.sinkLength();
                if (armed && n > 4096) {
                    armed = false;
                    long half = n / 2;
                    Kiov.copy(tx.payload(), 0, rx.sink(), 0, half);
                    held.countDown();
                    Thread.ofPlatform().daemon().start(() -> {
                        try {
                            gate.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        Kiov.copy(tx.payload(), half, rx.sink(), half, n - half);
                        rx.finish(0);
                        tx.complete(0);
                        tailDone.countDown();
                    });
                    return;
                }
                Thread.ofPlatform().daemon().start(() -> {
                    Kiov.copy(tx.payload(), 0, rx.sink(), 0, n);
                    rx.finish(0);
                    tx.complete(0);
                });
            }

            @Override
            public void close() {
                nodes.remove(nid, this);
            }
        }
    }
}
