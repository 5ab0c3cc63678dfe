package org.jlustre.lnet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;
import org.jlustre.common.Nid;
import org.jlustre.testing.Nodes;
import org.jlustre.wire.lnet.LnetConstants;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * PUT, GET, ACK and REPLY between two nodes over each driver, with the MD rules of lib-md.c:
 * thresholds, local and remote offsets, MAX_SIZE request buffers, truncation, unlink events.
 */
class LnetMessagesTest {

    private Nodes nodes;

    @AfterEach
    void tearDown() {
        if (nodes != null) {
            nodes.close();
        }
    }

    private static final class Events implements EventHandler {
        final LinkedBlockingQueue<LnetEvent> q = new LinkedBlockingQueue<>();

        @Override
        public void onEvent(LnetEvent event) {
            q.add(event);
        }

        LnetEvent next() throws InterruptedException {
            LnetEvent e = q.poll(10, TimeUnit.SECONDS);
            assertThat(e).as("an event within 10 s").isNotNull();
            return e;
        }
    }

    private static MemorySegment pattern(int len, long seed) {
        byte[] b = new byte[len];
        new Random(seed).nextBytes(b);
        return MemorySegment.ofArray(b);
    }

    @ParameterizedTest
    @EnumSource(Nodes.Driver.class)
    void putWithAckLandsAtLocalOffsets(Nodes.Driver driver) throws Exception {
        nodes = new Nodes(driver);
        Lnet a = nodes.node();
        Lnet b = nodes.node();
        Events target = new Events();
        MemorySegment buf = MemorySegment.ofArray(new byte[4096]);
        b.attach(7, ProcessId.ANY, 0x1234, 0, Lnet.Position.AFTER, MemoryDescriptor.builder(buf)
                .options(MdOptions.OP_PUT).threshold(2).handler(target));
        long bNid = b.nids().getFirst();
        for (int i = 0; i < 2; i++) {
            Events init = new Events();
            MemorySegment data = pattern(1000, i);
            MemoryDescriptor md = a.bind(MemoryDescriptor.builder(data).threshold(2).handler(init));
            a.put(md, true, ProcessId.lustre(bNid), 7, 0x1234, 0, 0xabcdL + i);
            LnetEvent put = target.next();
            assertThat(put.type()).isEqualTo(LnetEvent.Type.PUT);
            assertThat(put.status()).isZero();
            assertThat(put.mlength()).isEqualTo(1000);
            assertThat(put.rlength()).isEqualTo(1000);
            assertThat(put.offset()).isEqualTo(1000 * i);
            assertThat(put.hdrData()).isEqualTo(0xabcdL + i);
            assertThat(put.matchBits()).isEqualTo(0x1234);
            assertThat(put.portal()).isEqualTo(7);
            if (nodes.knownAsLustre(a)) {
                assertThat(put.initiator()).isEqualTo(ProcessId.lustre(a.nids().getFirst()));
            } else {
                // over TCP, not root: a user-space process, pid = its port | LNET_PID_USERFLAG
                assertThat(put.initiator().nid()).isEqualTo(a.nids().getFirst());
                assertThat(put.initiator().pid() & LnetConstants.PID_USERFLAG).isNotZero();
            }
            assertThat(put.unlinked()).isEqualTo(i == 1);
            assertThat(put.data().mismatch(data)).isEqualTo(-1);
            List<LnetEvent.Type> types = List.of(init.next().type(), init.next().type());
            assertThat(types).containsExactlyInAnyOrder(LnetEvent.Type.SEND, LnetEvent.Type.ACK);
            assertThat(md.isUnlinked()).isTrue();
        }
        // threshold 2 used up: a third PUT finds no match and is dropped
        Events init = new Events();
        MemoryDescriptor md = a.bind(MemoryDescriptor.builder(pattern(10, 9)).threshold(1).handler(init));
        a.put(md, false, ProcessId.lustre(bNid), 7, 0x1234, 0, 0);
        assertThat(init.next().type()).isEqualTo(LnetEvent.Type.SEND);
        assertThat(target.q.poll(200, TimeUnit.MILLISECONDS)).isNull();
        assertThat(b.libcfs().params().get("lnet.stats").getFirst().value().split(" ")[6]).isEqualTo("1");
    }

    @ParameterizedTest
    @EnumSource(Nodes.Driver.class)
    void getReturnsDataFromRemoteOffset(Nodes.Driver driver) throws Exception {
        nodes = new Nodes(driver);
        Lnet a = nodes.node();
        Lnet b = nodes.node();
        Events source = new Events();
        MemorySegment src = pattern(3 * LnetConstants.MTU / 2, 42);
        try (Arena arena = Arena.ofShared()) {
            MemorySegment off = arena.allocate(src.byteSize());
            off.copyFrom(src);
            b.attach(8, ProcessId.ANY, 99, 0, Lnet.Position.AFTER, MemoryDescriptor.builder(off)
                    .options(MdOptions.OP_GET | MdOptions.MANAGE_REMOTE).threshold(1).handler(source));
            Events init = new Events();
            MemorySegment sink = arena.allocate(LnetConstants.MTU);
            MemoryDescriptor md = a.bind(MemoryDescriptor.builder(sink).threshold(2).handler(init));
            a.get(md, ProcessId.lustre(b.nids().getFirst()), 8, 99, 4096);
            LnetEvent get = source.next();
            assertThat(get.type()).isEqualTo(LnetEvent.Type.GET);
            assertThat(get.mlength()).isEqualTo(LnetConstants.MTU);
            assertThat(get.offset()).isEqualTo(4096);
            assertThat(get.unlinked()).isTrue();
            List<LnetEvent> evs = List.of(init.next(), init.next());
            LnetEvent reply = evs.stream().filter(e -> e.type() == LnetEvent.Type.REPLY).findFirst().orElseThrow();
            assertThat(reply.status()).isZero();
            assertThat(reply.mlength()).isEqualTo(LnetConstants.MTU);
            assertThat(sink.mismatch(src.asSlice(4096, LnetConstants.MTU))).isEqualTo(-1);
        }
    }

    @ParameterizedTest
    @EnumSource(Nodes.Driver.class)
    void maxSizeBufferTakesMessagesUntilExhausted(Nodes.Driver driver) throws Exception {
        nodes = new Nodes(driver);
        Lnet a = nodes.node();
        Lnet b = nodes.node();
        Events rq = new Events();
        MemorySegment buf = MemorySegment.ofArray(new byte[1000]);
        b.attach(12, ProcessId.ANY, 0, ~0L, Lnet.Position.AFTER, MemoryDescriptor.builder(buf)
                .options(MdOptions.OP_PUT).maxSize(300).handler(rq));
        CopyOnWriteArrayList<Integer> offsets = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 4; i++) {
            MemoryDescriptor md = a.bind(MemoryDescriptor.builder(pattern(250, i)).threshold(1));
            a.put(md, false, ProcessId.lustre(b.nids().getFirst()), 12, 1000 + i, 0, 0);
            if (i < 3) {
                LnetEvent e = rq.next();
                offsets.add(e.offset());
                assertThat(e.matchBits()).isEqualTo(1000 + i);
                // 1000 - 3 * 250 = 250 < 300 left after the third: exhausted, unlinked with it
                assertThat(e.unlinked()).isEqualTo(i == 2);
            }
        }
        assertThat(offsets).containsExactly(0, 250, 500);
        assertThat(rq.q.poll(200, TimeUnit.MILLISECONDS)).as("the fourth PUT is dropped").isNull();
    }

    @ParameterizedTest
    @EnumSource(Nodes.Driver.class)
    void truncateCutsAndUnlinkReportsOnce(Nodes.Driver driver) throws Exception {
        nodes = new Nodes(driver);
        Lnet a = nodes.node();
        Lnet b = nodes.node();
        Events t = new Events();
        MemorySegment small = MemorySegment.ofArray(new byte[100]);
        b.attach(3, ProcessId.ANY, 5, 0, Lnet.Position.AFTER, MemoryDescriptor.builder(small)
                .options(MdOptions.OP_PUT | MdOptions.TRUNCATE).threshold(1).handler(t));
        MemorySegment data = pattern(500, 1);
        a.put(a.bind(MemoryDescriptor.builder(data).threshold(1)), false, ProcessId.lustre(b.nids().getFirst()), 3, 5,
                0, 0);
        LnetEvent e = t.next();
        assertThat(e.rlength()).isEqualTo(500);
        assertThat(e.mlength()).isEqualTo(100);
        assertThat(small.mismatch(data.asSlice(0, 100))).isEqualTo(-1);

        Events u = new Events();
        MemoryDescriptor idle = b.attach(3, ProcessId.ANY, 6, 0, Lnet.Position.AFTER,
                MemoryDescriptor.builder(small).options(MdOptions.OP_PUT).handler(u));
        b.unlink(idle);
        LnetEvent unlink = u.next();
        assertThat(unlink.type()).isEqualTo(LnetEvent.Type.UNLINK);
        assertThat(unlink.unlinked()).isTrue();
        b.unlink(idle);
        assertThat(u.q.poll(100, TimeUnit.MILLISECONDS)).isNull();
        assertThat(idle.isUnlinked()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(Nodes.Driver.class)
    void sendErrorsNameTheProblem(Nodes.Driver driver) throws Exception {
        nodes = new Nodes(driver);
        Lnet a = nodes.node();
        MemoryDescriptor big = a.bind(MemoryDescriptor.builder(MemorySegment.ofArray(new byte[LnetConstants.MTU + 1])));
        assertThatThrownBy(() -> a.put(big, false, ProcessId.lustre(a.nids().getFirst()), 1, 0, 0, 0))
                .isInstanceOfSatisfying(LustreException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EMSGSIZE))
                .hasMessageContaining("LNET_MTU");
        MemoryDescriptor md = a.bind(MemoryDescriptor.builder(MemorySegment.ofArray(new byte[8])));
        long elsewhere = new Nid(Nid.O2IBLND, 0, 1).toLnetNid();
        assertThatThrownBy(() -> a.put(md, false, ProcessId.lustre(elsewhere), 1, 0, 0, 0))
                .isInstanceOfSatisfying(LustreException.class,
                        e -> assertThat(e.errno()).isEqualTo(Errno.EHOSTUNREACH))
                .hasMessageContaining("0.0.0.1@o2ib");
        a.unlink(md);
        assertThatThrownBy(() -> a.put(md, false, ProcessId.lustre(a.nids().getFirst()), 1, 0, 0, 0))
                .isInstanceOfSatisfying(LustreException.class, e -> assertThat(e.errno()).isEqualTo(Errno.ENOENT));
    }

    @ParameterizedTest
    @EnumSource(Nodes.Driver.class)
    void loopbackToOwnNidParsesTheSameBytes(Nodes.Driver driver) throws Exception {
        nodes = new Nodes(driver);
        Lnet a = nodes.node();
        Events t = new Events();
        MemorySegment buf = MemorySegment.ofArray(new byte[64]);
        a.attach(20, ProcessId.ANY, 1, 0, Lnet.Position.AFTER,
                MemoryDescriptor.builder(buf).options(MdOptions.OP_PUT).threshold(1).handler(t));
        MemorySegment data = MemorySegment.ofArray("hello, me".getBytes());
        a.put(a.bind(MemoryDescriptor.builder(data).threshold(1)), false, ProcessId.lustre(a.nids().getFirst()), 20, 1,
                0, 0);
        LnetEvent e = t.next();
        assertThat(e.mlength()).isEqualTo(9);
        assertThat(new String(buf.asSlice(0, 9).toArray(ValueLayout.JAVA_BYTE))).isEqualTo("hello, me");
    }
}
