package org.jlustre.lnet;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jlustre.testing.Nodes;
import org.jlustre.wire.lnet.LnetConstants;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * MDs over lists of fragments (kiov MDs) on each driver: PUTs land in and GETs are served from
 * fragments of odd sizes, heap and off-heap mixed, at offsets inside later fragments, with
 * truncation; the bytes cross the wire as one payload and are cut again on arrival.
 */
class KiovMdTest {

    /** Odd sizes: a byte, less than a cache line, a page, more than a page, a large run. */
    private static final int[] SIZES = {1, 63, 4096, 6000, 1, 100_000, 17, 4095, 20_000};

    private Nodes nodes;
    private final Arena arena = Arena.ofShared();

    @AfterEach
    void tearDown() {
        if (nodes != null) {
            nodes.close();
        }
        arena.close();
    }

    private static final class Events implements EventHandler {
        final LinkedBlockingQueue<LnetEvent> q = new LinkedBlockingQueue<>();

        @Override
        public void onEvent(LnetEvent event) {
            q.add(event);
        }

        LnetEvent next(LnetEvent.Type type) throws InterruptedException {
            while (true) {
                LnetEvent e = q.poll(10, TimeUnit.SECONDS);
                assertThat(e).as("a %s event within 10 s", type).isNotNull();
                if (e.type() == type) {
                    return e;
                }
            }
        }
    }

    /** Fragments of these sizes, even ones on the heap and odd ones off it. */
    private List<MemorySegment> fragments(int... sizes) {
        List<MemorySegment> out = new ArrayList<>();
        for (int i = 0; i < sizes.length; i++) {
            out.add(i % 2 == 0 ? MemorySegment.ofArray(new byte[sizes[i]]) : arena.allocate(sizes[i]));
        }
        return out;
    }

    private static int total(int... sizes) {
        int t = 0;
        for (int s : sizes) {
            t += s;
        }
        return t;
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static byte[] gather(List<MemorySegment> frags) {
        return Kiov.of(frags).toArray();
    }

    @ParameterizedTest
    @EnumSource(Nodes.Driver.class)
    void putFromAndIntoFragmentsOfOddSizes(Nodes.Driver driver) throws Exception {
        nodes = new Nodes(driver);
        Lnet a = nodes.node();
        Lnet b = nodes.node();
        int len = total(SIZES);
        byte[] data = random(len, 1);
        // the sender's fragments are cut elsewhere than the receiver's
        List<MemorySegment> src = fragments(len - 5000, 3000, 2000);
        Kiov.of(src).copyFrom(Kiov.of(MemorySegment.ofArray(data)));
        List<MemorySegment> sink = fragments(SIZES);
        Events target = new Events();
        b.attach(9, ProcessId.ANY, 77, 0, Lnet.Position.AFTER,
                MemoryDescriptor.builder(sink).options(MdOptions.OP_PUT).threshold(1).handler(target));
        Events init = new Events();
        a.put(a.bind(MemoryDescriptor.builder(src).threshold(2).handler(init)), true,
                ProcessId.lustre(b.nids().getFirst()), 9, 77, 0, 0);
        LnetEvent put = target.next(LnetEvent.Type.PUT);
        assertThat(put.status()).isZero();
        assertThat(put.mlength()).isEqualTo(len);
        assertThat(put.md().kiov().count()).isEqualTo(SIZES.length);
        assertThat(gather(sink)).isEqualTo(data);
        assertThat(put.kiov().toArray()).isEqualTo(data);
        assertThat(init.next(LnetEvent.Type.ACK).mlength()).isEqualTo(len);
    }

    @ParameterizedTest
    @EnumSource(Nodes.Driver.class)
    void putAtAnOffsetInsideALaterFragment(Nodes.Driver driver) throws Exception {
        nodes = new Nodes(driver);
        Lnet a = nodes.node();
        Lnet b = nodes.node();
        List<MemorySegment> sink = fragments(SIZES);
        int before = 1 + 63 + 4096 + 100; // 100 bytes into the 6000-byte fragment
        byte[] data = random(6000 + 1 + 5000, 2); // to 5000 bytes into the 100,000-byte one
        Events target = new Events();
        b.attach(9, ProcessId.ANY, 78, 0, Lnet.Position.AFTER, MemoryDescriptor.builder(sink)
                .options(MdOptions.OP_PUT | MdOptions.MANAGE_REMOTE).threshold(1).handler(target));
        a.put(a.bind(MemoryDescriptor.builder(MemorySegment.ofArray(data)).threshold(1)), false,
                ProcessId.lustre(b.nids().getFirst()), 9, 78, before, 0);
        LnetEvent put = target.next(LnetEvent.Type.PUT);
        assertThat(put.offset()).isEqualTo(before);
        assertThat(put.mlength()).isEqualTo(data.length);
        byte[] all = gather(sink);
        byte[] want = new byte[all.length];
        System.arraycopy(data, 0, want, before, data.length);
        assertThat(all).isEqualTo(want);
        assertThat(put.kiov().count()).as("the 6000, 1 and 100,000-byte fragments").isEqualTo(3);
    }

    @ParameterizedTest
    @EnumSource(Nodes.Driver.class)
    void getServedFromFragmentsAtARemoteOffset(Nodes.Driver driver) throws Exception {
        nodes = new Nodes(driver);
        Lnet a = nodes.node();
        Lnet b = nodes.node();
        int len = total(SIZES);
        byte[] data = random(len, 3);
        List<MemorySegment> source = fragments(SIZES);
        Kiov.of(source).copyFrom(Kiov.of(MemorySegment.ofArray(data)));
        Events src = new Events();
        b.attach(8, ProcessId.ANY, 5, 0, Lnet.Position.AFTER, MemoryDescriptor.builder(source)
                .options(MdOptions.OP_GET | MdOptions.MANAGE_REMOTE).threshold(1).handler(src));
        int offset = 1 + 63 + 4000; // inside the page-sized fragment
        int want = len - offset - 10;
        List<MemorySegment> sink = fragments(want - 70_000, 7, 70_000 - 7);
        Events init = new Events();
        a.get(a.bind(MemoryDescriptor.builder(sink).threshold(2).handler(init)), ProcessId.lustre(b.nids().getFirst()),
                8, 5, offset);
        LnetEvent get = src.next(LnetEvent.Type.GET);
        assertThat(get.mlength()).isEqualTo(want);
        assertThat(get.offset()).isEqualTo(offset);
        LnetEvent reply = init.next(LnetEvent.Type.REPLY);
        assertThat(reply.status()).isZero();
        assertThat(reply.mlength()).isEqualTo(want);
        byte[] expected = new byte[want];
        System.arraycopy(data, offset, expected, 0, want);
        assertThat(gather(sink)).isEqualTo(expected);
    }

    @ParameterizedTest
    @EnumSource(Nodes.Driver.class)
    void truncatedPutFillsTheFragmentsAndDropsTheRest(Nodes.Driver driver) throws Exception {
        nodes = new Nodes(driver);
        Lnet a = nodes.node();
        Lnet b = nodes.node();
        List<MemorySegment> sink = fragments(1, 63, 4096, 6000);
        byte[] data = random(LnetConstants.MTU, 4);
        Events target = new Events();
        b.attach(3, ProcessId.ANY, 6, 0, Lnet.Position.AFTER, MemoryDescriptor.builder(sink)
                .options(MdOptions.OP_PUT | MdOptions.TRUNCATE).threshold(1).handler(target));
        a.put(a.bind(MemoryDescriptor.builder(MemorySegment.ofArray(data)).threshold(1)), false,
                ProcessId.lustre(b.nids().getFirst()), 3, 6, 0, 0);
        LnetEvent put = target.next(LnetEvent.Type.PUT);
        assertThat(put.rlength()).isEqualTo(LnetConstants.MTU);
        assertThat(put.mlength()).isEqualTo(10_160);
        byte[] want = new byte[10_160];
        System.arraycopy(data, 0, want, 0, want.length);
        assertThat(gather(sink)).isEqualTo(want);

        // the next message on the connection frames after the dropped bytes
        List<MemorySegment> next = fragments(10, 20);
        b.attach(3, ProcessId.ANY, 7, 0, Lnet.Position.AFTER,
                MemoryDescriptor.builder(next).options(MdOptions.OP_PUT).threshold(1).handler(target));
        byte[] small = random(30, 5);
        a.put(a.bind(MemoryDescriptor.builder(MemorySegment.ofArray(small)).threshold(1)), false,
                ProcessId.lustre(b.nids().getFirst()), 3, 7, 0, 0);
        assertThat(target.next(LnetEvent.Type.PUT).mlength()).isEqualTo(30);
        assertThat(gather(next)).isEqualTo(small);
    }

    @ParameterizedTest
    @EnumSource(Nodes.Driver.class)
    void loopbackMovesFragmentsToFragments(Nodes.Driver driver) throws Exception {
        nodes = new Nodes(driver);
        Lnet a = nodes.node();
        List<MemorySegment> sink = fragments(SIZES);
        int len = total(SIZES);
        byte[] data = random(len, 6);
        List<MemorySegment> src = fragments(len / 3, len - len / 3);
        Kiov.of(src).copyFrom(Kiov.of(MemorySegment.ofArray(data)));
        Events target = new Events();
        a.attach(20, ProcessId.ANY, 1, 0, Lnet.Position.AFTER,
                MemoryDescriptor.builder(sink).options(MdOptions.OP_PUT).threshold(1).handler(target));
        a.put(a.bind(MemoryDescriptor.builder(src).threshold(1)), false, ProcessId.lustre(a.nids().getFirst()), 20, 1,
                0, 0);
        assertThat(target.next(LnetEvent.Type.PUT).mlength()).isEqualTo(len);
        assertThat(gather(sink)).isEqualTo(data);
    }

    @ParameterizedTest
    @EnumSource(Nodes.Driver.class)
    void manySmallFragmentsGoWithoutACopyAndArriveWhole(Nodes.Driver driver) throws Exception {
        nodes = new Nodes(driver);
        Lnet a = nodes.node();
        Lnet b = nodes.node();
        // 300 fragments of 100 bytes: past socklnd's copy limit, sent as one gathered buffer
        int[] hundreds = new int[300];
        java.util.Arrays.fill(hundreds, 100);
        List<MemorySegment> src = fragments(hundreds);
        byte[] data = random(30_000, 7);
        Kiov.of(src).copyFrom(Kiov.of(MemorySegment.ofArray(data)));
        List<MemorySegment> sink = fragments(29_999, 1);
        Events target = new Events();
        b.attach(4, ProcessId.ANY, 2, 0, Lnet.Position.AFTER,
                MemoryDescriptor.builder(sink).options(MdOptions.OP_PUT).threshold(1).handler(target));
        Events init = new Events();
        a.put(a.bind(MemoryDescriptor.builder(src).threshold(1).handler(init)), false,
                ProcessId.lustre(b.nids().getFirst()), 4, 2, 0, 0);
        assertThat(init.next(LnetEvent.Type.SEND).status()).isZero();
        assertThat(target.next(LnetEvent.Type.PUT).mlength()).isEqualTo(30_000);
        assertThat(gather(sink)).isEqualTo(data);
    }

    /**
     * A payload with a fragment of a closed arena, large enough to be sent from where it lies:
     * the send fails with -EIO instead of reading freed memory, and the next message arrives.
     */
    @ParameterizedTest
    @EnumSource(Nodes.Driver.class)
    void aFragmentOfAClosedArenaFailsTheSendNotTheConnection(Nodes.Driver driver) throws Exception {
        nodes = new Nodes(driver);
        Lnet a = nodes.node();
        Lnet b = nodes.node();
        Events target = new Events();
        b.attach(5, ProcessId.ANY, 1, 0, Lnet.Position.AFTER, MemoryDescriptor.builder(fragments(40_000))
                .options(MdOptions.OP_PUT).threshold(1).handler(target));
        Arena gone = Arena.ofShared();
        List<MemorySegment> src = List.of(MemorySegment.ofArray(new byte[20_000]), gone.allocate(20_000));
        gone.close();
        Events init = new Events();
        a.put(a.bind(MemoryDescriptor.builder(src).threshold(1).handler(init)), false,
                ProcessId.lustre(b.nids().getFirst()), 5, 1, 0, 0);
        assertThat(init.next(LnetEvent.Type.SEND).status()).isEqualTo(-org.jlustre.common.Errno.EIO.value());

        List<MemorySegment> sink = fragments(100, 30_000);
        b.attach(5, ProcessId.ANY, 2, 0, Lnet.Position.AFTER,
                MemoryDescriptor.builder(sink).options(MdOptions.OP_PUT).threshold(1).handler(target));
        byte[] data = random(30_100, 8);
        a.put(a.bind(MemoryDescriptor.builder(MemorySegment.ofArray(data)).threshold(1)), false,
                ProcessId.lustre(b.nids().getFirst()), 5, 2, 0, 0);
        LnetEvent ok;
        do {
            ok = target.next(LnetEvent.Type.PUT);
        } while (ok.matchBits() != 2);
        assertThat(ok.status()).isZero();
        assertThat(gather(sink)).isEqualTo(data);
    }
}
