package org.jlustre.lnet.socklnd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jlustre.common.LustreException;
import org.jlustre.common.Nid;
import org.jlustre.lnet.Lnet;
import org.jlustre.lnet.LnetEvent;
import org.jlustre.lnet.MdOptions;
import org.jlustre.lnet.MemoryDescriptor;
import org.jlustre.lnet.ProcessId;
import org.jlustre.testing.Nodes;
import org.jlustre.wire.Le;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Messages sent from an event handler while a connection reads a batch are flushed in pieces
 * of {@code txFlushBytes}: whatever the size (every message alone, about five pings, once per
 * batch), every one of many chained round trips arrives whole and in order.
 */
class SocklndBatchTest {

    private static final int REQUESTS = 5;
    private static final int REPLIES = 6;
    private static final int FOREIGN = 8;
    private static final int CHAINS = 16;
    private static final int ROUNDS = 500;
    private static final int SIZE = 64;

    @ParameterizedTest
    @ValueSource(ints = {1, SocklndConfig.DEFAULT_TX_FLUSH_BYTES, Integer.MAX_VALUE})
    void chainedRoundTripsArriveWholeAndInOrder(int flushBytes) throws Exception {
        try (Nodes nodes = new Nodes(Nodes.Driver.TCP).txFlushBytes(flushBytes)) {
            Lnet client = nodes.node();
            Lnet server = nodes.node();
            ProcessId serverId = ProcessId.lustre(server.nids().getFirst());
            ProcessId clientId = ProcessId.lustre(client.nids().getFirst());
            Queue<String> problems = new ConcurrentLinkedQueue<>();
            // the server answers each request from its handler, on the thread reading the batch
            listen(server, REQUESTS, CHAINS * SIZE, ev -> send(server, clientId, REPLIES, ev.matchBits(),
                    ev.data().toArray(ValueLayout.JAVA_BYTE), problems));
            long[] next = new long[CHAINS];
            CountDownLatch done = new CountDownLatch(CHAINS);
            // the client checks each answer and sends the chain's next request from its handler
            listen(client, REPLIES, CHAINS * SIZE, ev -> {
                int chain = (int) (ev.matchBits() >>> 32);
                long seq = ev.matchBits() & 0xffff_ffffL;
                byte[] got = ev.data().toArray(ValueLayout.JAVA_BYTE);
                if (seq != next[chain] || !java.util.Arrays.equals(got, payload(chain, seq))) {
                    problems.add("chain " + chain + ": answer " + seq + " where " + next[chain]
                            + " was due, or its bytes differ");
                    return;
                }
                if (++next[chain] == ROUNDS) {
                    done.countDown();
                } else {
                    request(client, serverId, chain, next[chain], problems);
                }
            });
            for (int c = 0; c < CHAINS; c++) {
                request(client, serverId, c, 0, problems);
            }
            assertThat(done.await(60, TimeUnit.SECONDS)).as("all chains done; problems: %s", problems).isTrue();
            assertThat(problems).isEmpty();
            assertThat(next).containsOnly(ROUNDS);
            // lnet.stats: nothing dropped on either side (field 7 is drop_count)
            for (Lnet l : new Lnet[] {client, server}) {
                assertThat(l.libcfs().params().get("lnet.stats").getFirst().value().split(" ")[6]).isEqualTo("0");
                assertThat(l.libcfs().params().get("socklnd.*.tx_flush_bytes")).singleElement()
                        .satisfies(p -> assertThat(p.value().trim()).isEqualTo(Integer.toString(flushBytes)));
            }
        }
    }

    /**
     * Small and 20 KB messages answered from handlers, with another thread sending its own
     * stream all along: every stream arrives in order. Cold, the first messages wait for the
     * connection, and must still go before what other threads send once it is up.
     */
    @ParameterizedTest
    @CsvSource({"1, false", "1500, false", "2147483647, false", "1, true", "1500, true", "2147483647, true"})
    void mixedStreamsFromHandlersAndAnotherThreadStayInOrder(int flushBytes, boolean cold) throws Exception {
        int chains = 8;
        int rounds = 300;
        int foreign = 3000;
        int slot = 20_000;
        try (Nodes nodes = new Nodes(Nodes.Driver.TCP).txFlushBytes(flushBytes)) {
            Lnet client = nodes.node();
            Lnet server = nodes.node();
            ProcessId serverId = ProcessId.lustre(server.nids().getFirst());
            ProcessId clientId = ProcessId.lustre(client.nids().getFirst());
            Queue<String> problems = new ConcurrentLinkedQueue<>();
            listen(server, REQUESTS, chains * slot, ev -> sendAt(server, clientId, REPLIES, ev.matchBits(),
                    ev.offset(), ev.data().toArray(ValueLayout.JAVA_BYTE), problems));
            long[] foreignNext = new long[1];
            CountDownLatch foreignDone = new CountDownLatch(1);
            listen(server, FOREIGN, slot, ev -> {
                long want = foreignNext[0]++;
                if (ev.matchBits() != want || !java.util.Arrays.equals(
                        ev.data().toArray(ValueLayout.JAVA_BYTE), mixed(99, want))) {
                    problems.add("foreign stream: " + ev.matchBits() + " where " + want + " was due");
                }
                if (want == foreign - 1) {
                    foreignDone.countDown();
                }
            });
            if (!cold) {
                CountDownLatch up = new CountDownLatch(1);
                server.attach(FOREIGN + 1, ProcessId.ANY, 0, ~0L, Lnet.Position.AFTER,
                        MemoryDescriptor.builder(MemorySegment.ofArray(new byte[8])).options(MdOptions.OP_PUT)
                                .threshold(1).handler(ev -> up.countDown()));
                sendAt(client, serverId, FOREIGN + 1, 0, 0, new byte[8], problems);
                assertThat(up.await(10, TimeUnit.SECONDS)).isTrue();
            }
            long[] next = new long[chains];
            CountDownLatch done = new CountDownLatch(chains);
            listen(client, REPLIES, chains * slot, ev -> {
                int chain = (int) (ev.matchBits() >>> 32);
                long seq = ev.matchBits() & 0xffff_ffffL;
                if (seq != next[chain] || !java.util.Arrays.equals(
                        ev.data().toArray(ValueLayout.JAVA_BYTE), mixed(chain, seq))) {
                    problems.add("chain " + chain + ": answer " + seq + " where " + next[chain]
                            + " was due, or its bytes differ");
                    return;
                }
                if (++next[chain] == rounds) {
                    done.countDown();
                } else {
                    sendAt(client, serverId, REQUESTS, ((long) chain << 32) | next[chain], chain * slot,
                            mixed(chain, next[chain]), problems);
                }
            });
            for (int c = 0; c < chains; c++) {
                sendAt(client, serverId, REQUESTS, (long) c << 32, c * slot, mixed(c, 0), problems);
            }
            Thread other = Thread.ofPlatform().start(() -> {
                for (long i = 0; i < foreign; i++) {
                    sendAt(client, serverId, FOREIGN, i, 0, mixed(99, i), problems);
                }
            });
            assertThat(done.await(60, TimeUnit.SECONDS)).as("chains done; problems: %s", problems).isTrue();
            assertThat(foreignDone.await(60, TimeUnit.SECONDS)).as("foreign stream done; problems: %s", problems)
                    .isTrue();
            other.join();
            assertThat(problems).isEmpty();
            assertThat(next).containsOnly(rounds);
        }
    }

    /**
     * A message whose payload the event loop cannot read (memory of a confined arena) is dropped
     * whole, its send failing with -EIO; the message after it arrives intact.
     */
    @Test
    void aPayloadThatCannotBeReadDropsOnlyItsMessage() throws Exception {
        try (Nodes nodes = new Nodes(Nodes.Driver.TCP)) {
            Lnet client = nodes.node();
            Lnet server = nodes.node();
            ProcessId serverId = ProcessId.lustre(server.nids().getFirst());
            java.util.concurrent.LinkedBlockingQueue<LnetEvent> got = new java.util.concurrent.LinkedBlockingQueue<>();
            listen(server, REQUESTS, 3 * SIZE, got::add);
            Queue<String> problems = new ConcurrentLinkedQueue<>();
            sendAt(client, serverId, REQUESTS, 1, 0, payload(1, 1), problems);
            assertThat(got.poll(10, TimeUnit.SECONDS)).isNotNull().satisfies(ev -> assertThat(ev.matchBits()).isOne());
            java.util.concurrent.LinkedBlockingQueue<LnetEvent> sent = new java.util.concurrent.LinkedBlockingQueue<>();
            try (java.lang.foreign.Arena arena = java.lang.foreign.Arena.ofConfined()) {
                MemorySegment confined = arena.allocate(SIZE);
                client.put(client.bind(MemoryDescriptor.builder(confined).threshold(1).handler(sent::add)), false,
                        serverId, REQUESTS, 2, SIZE, 0);
                LnetEvent ev = sent.poll(10, TimeUnit.SECONDS);
                assertThat(ev).isNotNull();
                assertThat(ev.type()).isEqualTo(LnetEvent.Type.SEND);
                assertThat(ev.status()).isEqualTo(-org.jlustre.common.Errno.EIO.value());
            }
            sendAt(client, serverId, REQUESTS, 3, 2 * SIZE, payload(3, 3), problems);
            LnetEvent third = got.poll(10, TimeUnit.SECONDS);
            assertThat(third).isNotNull();
            assertThat(third.matchBits()).isEqualTo(3);
            assertThat(third.data().toArray(ValueLayout.JAVA_BYTE)).isEqualTo(payload(3, 3));
            assertThat(got.poll(200, TimeUnit.MILLISECONDS)).as("nothing else arrived").isNull();
            assertThat(problems).isEmpty();
        }
    }

    /** A buffer on {@code portal} taking any PUT at the offset the sender names. */
    private static void listen(Lnet l, int portal, int bytes, org.jlustre.lnet.EventHandler handler) {
        l.attach(portal, ProcessId.ANY, 0, ~0L, Lnet.Position.AFTER, MemoryDescriptor.builder(MemorySegment.ofArray(
                new byte[bytes])).options(MdOptions.OP_PUT | MdOptions.MANAGE_REMOTE).threshold(MdOptions.THRESH_INF)
                .handler(handler));
    }

    /** A message of 0 to 300 bytes, or 20,000 (past the copy limit) every fifth. */
    private static byte[] mixed(int chain, long seq) {
        byte[] b = new byte[seq % 5 == 3 ? 20_000 : (int) (seq % 7) * 50];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (chain * 31 + seq * 7 + i);
        }
        return b;
    }

    @Test
    void txFlushBytesMustBePositive() throws LustreException {
        SocklndConfig c = SocklndConfig.of(Nid.parse("127.0.0.1@tcp"));
        assertThat(c.txFlushBytes()).isEqualTo(1500);
        assertThat(c.withTxFlushBytes(64).txFlushBytes()).isEqualTo(64);
        assertThatThrownBy(() -> c.withTxFlushBytes(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("txFlushBytes 0");
    }

    /** The bytes of a chain's request {@code seq}, which the server sends back. */
    private static byte[] payload(int chain, long seq) {
        MemorySegment m = MemorySegment.ofArray(new byte[SIZE]);
        for (int i = 0; i < SIZE; i += 8) {
            m.set(Le.U64, i, (chain * 1_000_003L + seq) * 31 + i);
        }
        return m.toArray(ValueLayout.JAVA_BYTE);
    }

    private static void request(Lnet from, ProcessId to, int chain, long seq, Queue<String> problems) {
        send(from, to, REQUESTS, ((long) chain << 32) | seq, payload(chain, seq), problems);
    }

    /** PUTs {@code bytes} to the chain's slot of the peer's buffer, with the chain and step as match bits. */
    private static void send(Lnet from, ProcessId to, int portal, long bits, byte[] bytes, Queue<String> problems) {
        sendAt(from, to, portal, bits, (int) (bits >>> 32) * SIZE, bytes, problems);
    }

    /** PUTs {@code bytes} at {@code offset} of the peer's buffer on {@code portal}. */
    private static void sendAt(Lnet from, ProcessId to, int portal, long bits, int offset, byte[] bytes,
            Queue<String> problems) {
        try {
            MemoryDescriptor md = from.bind(MemoryDescriptor.builder(MemorySegment.ofArray(bytes)).threshold(1)
                    .handler(ev -> {
                        if (ev.type() == LnetEvent.Type.SEND && ev.status() != 0) {
                            problems.add("send of " + Long.toHexString(bits) + " failed: " + ev.status());
                        }
                    }));
            from.put(md, false, to, portal, bits, offset, 0);
        } catch (LustreException e) {
            problems.add("cannot send " + Long.toHexString(bits) + ": " + e.getMessage());
        }
    }
}
