package org.jlustre.ptlrpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32C;
import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;
import org.jlustre.lnet.Kiov;
import org.jlustre.testing.Nodes;
import org.jlustre.wire.Le;
import org.jlustre.wire.ptlrpc.MsgFlags;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Bulk laid out by {@link BulkLayout} on both sides, as an OST write and read do it: the client
 * posts its pages (cut at file-offset pages, as an OSC's are) on the MDs Lustre's split gives
 * the niobufs, and the server moves the bytes straight into or out of many small fragments of
 * its own, cut elsewhere; the checksums must agree on each network.
 */
class FragmentBulkTest {

    /** Request: buffer 1 the niobufs (offset u64, length u32, flags u32), buffer 2 seed u64 and read length u64. */
    private static final int FRAG_WRITE = 16101;
    private static final int FRAG_READ = 16102;
    private static final int FRAG_WRITE_SHORT = 16103;

    private EchoCluster cluster;
    private final Arena arena = Arena.ofShared();

    @AfterEach
    void tearDown() {
        if (cluster != null) {
            cluster.close();
        }
        arena.close();
    }

    /** The niobufs of a request. */
    private static BulkLayout layout(ServerRequest req) throws LustreException {
        int n = req.request().bufLen(1) / 16;
        MemorySegment b = req.buf(1, n * 16, "niobufs");
        long[] off = new long[n];
        int[] len = new int[n];
        for (int i = 0; i < n; i++) {
            off[i] = b.get(Le.U64, 16L * i);
            len[i] = b.get(Le.U32, 16L * i + 8);
        }
        return BulkLayout.of(off, len);
    }

    /** Server fragments of random sizes from 1 to 700 bytes, on and off the heap, holding {@code total} bytes. */
    private List<MemorySegment> serverFragments(long total, long seed) {
        Random r = new Random(seed);
        List<MemorySegment> out = new ArrayList<>();
        for (long at = 0; at < total; ) {
            int n = (int) Math.min(total - at, 1 + r.nextInt(700));
            out.add(out.size() % 2 == 0 ? MemorySegment.ofArray(new byte[n]) : arena.allocate(n));
            at += n;
        }
        return out;
    }

    private static long crc(List<MemorySegment> frags) {
        CRC32C c = new CRC32C();
        for (MemorySegment f : frags) {
            c.update(f.asByteBuffer());
        }
        return c.getValue();
    }

    private void startServer(Nodes.Driver driver) throws LustreException {
        cluster = new EchoCluster(driver, 2, 1 << 16);
        Service s = cluster.echo.service();
        s.register(FRAG_WRITE, "frag_write", req -> {
            BulkLayout l = layout(req);
            MemorySegment args = req.buf(2, 16, "args");
            List<MemorySegment> frags = serverFragments(l.totalLength(), args.get(Le.U64, 0));
            long moved = req.bulkGet(frags, l);
            req.packReply(16);
            req.replyBuf(1).set(Le.U64, 0, moved);
            req.replyBuf(1).set(Le.U64, 8, crc(frags));
        });
        s.register(FRAG_READ, "frag_read", req -> {
            BulkLayout l = layout(req);
            MemorySegment args = req.buf(2, 16, "args");
            long seed = args.get(Le.U64, 0);
            long bytes = args.get(Le.U64, 8);
            List<MemorySegment> frags = serverFragments(bytes, seed);
            Kiov.of(frags).copyFrom(Kiov.of(MemorySegment.ofArray(pattern((int) bytes, seed))));
            long moved = req.bulkPut(frags, l.truncate(bytes));
            req.packReply(8);
            req.replyBuf(1).set(Le.U64, 0, moved);
        });
        s.register(FRAG_WRITE_SHORT, "frag_write_short", req -> {
            BulkLayout l = layout(req);
            req.bulkGet(serverFragments(l.totalLength() - 1, 1), l);
        });
    }

    private static byte[] pattern(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** The client's pages for the niobufs: each niobuf cut at 4 KiB file-offset boundaries, as an OSC's pages. */
    private List<MemorySegment> clientPages(long[] off, int[] len) {
        List<MemorySegment> out = new ArrayList<>();
        for (int i = 0; i < off.length; i++) {
            for (long at = off[i], end = off[i] + len[i]; at < end; ) {
                int n = (int) Math.min(end - at, 4096 - (at & 4095));
                out.add(arena.allocate(n));
                at += n;
            }
        }
        return out;
    }

    private static ClientRequest request(Import imp, int opc, long[] off, int[] len, long seed, long bytes) {
        ClientRequest r = imp.request(opc, MsgFlags.LUSTRE_OST_VERSION, 16 * off.length, 16);
        for (int i = 0; i < off.length; i++) {
            r.buf(1).set(Le.U64, 16L * i, off[i]);
            r.buf(1).set(Le.U32, 16L * i + 8, len[i]);
        }
        r.buf(2).set(Le.U64, 0, seed);
        r.buf(2).set(Le.U64, 8, bytes);
        return r;
    }

    /** Unaligned, sparse niobufs over three MDs: 100 bytes in, a hole, then 2 MiB from an odd offset. */
    private static final long[] OFFSETS = {100, 20_000, (1 << 20) + 7};
    private static final int[] LENGTHS = {9000, 5000, 2 << 20};

    @ParameterizedTest
    @EnumSource(Nodes.Driver.class)
    void serverPullsIntoManySmallFragments(Nodes.Driver driver) throws Exception {
        startServer(driver);
        Import imp = cluster.client("frag-client", Duration.ofSeconds(20));
        imp.connectSync();
        BulkLayout layout = BulkLayout.of(OFFSETS, LENGTHS);
        assertThat(layout.mdCount()).isEqualTo(3);
        List<MemorySegment> pages = clientPages(OFFSETS, LENGTHS);
        long seed = 77;
        Kiov.of(pages).copyFrom(Kiov.of(MemorySegment.ofArray(pattern((int) layout.totalLength(), seed))));
        ClientRequest w = request(imp, FRAG_WRITE, OFFSETS, LENGTHS, seed, 0);
        w.bulk(ClientRequest.BulkType.GET_SOURCE, pages, layout);
        Reply r = imp.call(w);
        assertThat(r.buf(1, 16, "reply").get(Le.U64, 0)).isEqualTo(layout.totalLength());
        assertThat(r.buf(1, 16, "reply").get(Le.U64, 8)).isEqualTo(crc(pages));
        assertThat(w.bulkTransferred()).isEqualTo(layout.totalLength());
    }

    @ParameterizedTest
    @EnumSource(Nodes.Driver.class)
    void serverPushesFromManySmallFragmentsAndAShortReadSendsEmptyMds(Nodes.Driver driver) throws Exception {
        startServer(driver);
        Import imp = cluster.client("frag-client", Duration.ofSeconds(20));
        imp.connectSync();
        BulkLayout layout = BulkLayout.of(OFFSETS, LENGTHS);
        for (long bytes : new long[] {layout.totalLength(), 12_345, 0}) {
            List<MemorySegment> pages = clientPages(OFFSETS, LENGTHS);
            ClientRequest rd = request(imp, FRAG_READ, OFFSETS, LENGTHS, bytes, bytes);
            rd.bulk(ClientRequest.BulkType.PUT_SINK, pages, layout);
            Reply r = imp.call(rd);
            assertThat(r.buf(1, 8, "reply").get(Le.U64, 0)).as("%d bytes", bytes).isEqualTo(bytes);
            assertThat(rd.bulkTransferred()).isEqualTo(bytes);
            byte[] want = new byte[(int) layout.totalLength()];
            System.arraycopy(pattern((int) bytes, bytes), 0, want, 0, (int) bytes);
            assertThat(Kiov.of(pages).toArray()).as("%d bytes, the rest untouched", bytes).isEqualTo(want);
        }
    }

    @ParameterizedTest
    @EnumSource(Nodes.Driver.class)
    void fragmentsThatDoNotHoldTheLayoutAreRefused(Nodes.Driver driver) throws Exception {
        startServer(driver);
        Import imp = cluster.client("frag-client", Duration.ofSeconds(20));
        imp.connectSync();
        BulkLayout layout = BulkLayout.of(OFFSETS, LENGTHS);
        List<MemorySegment> pages = clientPages(OFFSETS, LENGTHS);
        ClientRequest w = request(imp, FRAG_WRITE_SHORT, OFFSETS, LENGTHS, 0, 0);
        w.bulk(ClientRequest.BulkType.GET_SOURCE, pages, layout);
        assertThatThrownBy(() -> imp.call(w)).isInstanceOfSatisfying(LustreException.class,
                e -> assertThat(e.errno()).isEqualTo(Errno.EPROTO));
        // the server keeps serving
        ClientRequest ok = request(imp, FRAG_WRITE, OFFSETS, LENGTHS, 5, 0);
        ok.bulk(ClientRequest.BulkType.GET_SOURCE, clientPages(OFFSETS, LENGTHS), layout);
        assertThat(imp.call(ok).buf(1, 16, "reply").get(Le.U64, 0)).isEqualTo(layout.totalLength());

        ClientRequest bad = request(imp, FRAG_WRITE, OFFSETS, LENGTHS, 0, 0);
        assertThatThrownBy(() -> bad.bulk(ClientRequest.BulkType.GET_SOURCE, pages.subList(1, pages.size()), layout))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(layout.totalLength() + " bytes")
                .hasMessageContaining((layout.totalLength() - pages.getFirst().byteSize()) + " bytes");
    }
}
