package org.jlustre.ost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.SplittableRandom;
import org.jlustre.common.Errno;
import org.jlustre.common.Fid;
import org.jlustre.common.FileMode;
import org.jlustre.common.Libcfs;
import org.jlustre.common.LustreException;
import org.jlustre.osd.AllocationHint;
import org.jlustre.osd.LuAttr;
import org.jlustre.osd.ObjectFormat;
import org.jlustre.osd.OsdDevice;
import org.jlustre.osd.OsdObject;
import org.jlustre.osd.Transaction;
import org.jlustre.osd.mem.MemOsdConfig;
import org.jlustre.osd.mem.OsdMem;
import org.jlustre.osd.testkit.AssertingOsd;
import org.jlustre.wire.Le;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The ofd over osd-api without the network: mount, LAST_ID, precreate, attributes, punch,
 * destroy, orphans, statfs, grants and the bulk paths with an in-memory transfer. Runs on
 * osd-mem under the kit's asserting wrapper, which fails any update that was not declared.
 */
class OfdTest {

    private final Libcfs libcfs = Libcfs.create();
    private OsdDevice mem;
    private OsdDevice osd;

    private Ofd mount(long capacity) throws LustreException {
        mem = OsdMem.create(MemOsdConfig.defaults("ost-test").withLibcfs(libcfs).withCapacity(capacity));
        osd = AssertingOsd.wrap(mem);
        return Ofd.mount(osd, libcfs, "lustre-OST0003", 3);
    }

    @AfterEach
    void close() {
        if (mem != null) {
            mem.close();
        }
    }

    /** A transfer that copies between the OSD's pages and one client buffer, as LNet would. */
    static BulkTransfer into(byte[] client) {
        return frags -> {
            long off = 0;
            for (MemorySegment f : frags) {
                MemorySegment.copy(MemorySegment.ofArray(client), off, f, 0, f.byteSize());
                off += f.byteSize();
            }
            return off;
        };
    }

    static BulkTransfer outOf(byte[] client) {
        return frags -> {
            long off = 0;
            for (MemorySegment f : frags) {
                MemorySegment.copy(f, 0, MemorySegment.ofArray(client), off, f.byteSize());
                off += f.byteSize();
            }
            return off;
        };
    }

    private long readLastId(Fid fid) throws LustreException {
        try (OsdObject o = mem.find(fid)) {
            assertThat(o.attrGet().size()).isEqualTo(8);
            MemorySegment b = MemorySegment.ofArray(new byte[8]);
            o.body().readRecord(0, b);
            return b.get(Le.U64, 0);
        }
    }

    @Test
    void mountCreatesHealthCheckAndTheIdifLastIdOfGroupZero() throws Exception {
        Ofd ofd = mount(1L << 30);
        try (OsdObject hc = mem.find(Fid.localFile(0x1018))) {
            assertThat(hc.exists()).isTrue();
        }
        Fid lastId = new Fid(0x100030000L, 0, 0); // [0x100000000 | 3<<16 : 0 : 0]
        assertThat(readLastId(lastId)).isZero();
        assertThat(ofd.lastId(0)).isZero();
        assertThat(ofd.renderLastIds()).isEqualTo("0x100030000:0\n");
    }

    @Test
    void precreateMakesUnsetOwnerObjectsAndAdvancesLastIdInTheSameTransaction() throws Exception {
        Ofd ofd = mount(1L << 30);
        long seq = 0x200000400L;
        assertThat(ofd.precreate(seq, 300, TxnRecord.NONE)).isEqualTo(300);
        assertThat(readLastId(new Fid(seq, 0, 0))).isEqualTo(300);
        for (long id : new long[] {1, 128, 129, 300}) {
            LuAttr a = ofd.getattr(Fid.of(seq, id));
            assertThat(a.mode()).isEqualTo(Ofd.UNSET_ATTRS_MODE);
            assertThat(a.size()).isZero();
            assertThat(a.mtime()).isZero();
        }
        assertThat(mem.find(Fid.of(seq, 301)).exists()).isFalse();
        // an MDT behind: told LAST_ID + 1, nothing made; far behind: refused
        assertThat(ofd.precreate(seq, 100, TxnRecord.NONE)).isEqualTo(301);
        assertThatThrownBy(() -> ofd.precreate(seq, 300 - Ofd.OST_MAX_PRECREATE - 1, TxnRecord.NONE))
                .isInstanceOf(LustreException.class).hasMessageContaining("last_id 300");
        assertThatThrownBy(() -> ofd.precreate(0x200000001L, 5, TxnRecord.NONE)).isInstanceOf(LustreException.class)
                .satisfies(e -> assertThat(((LustreException) e).errno()).isEqualTo(Errno.EINVAL));
    }

    @Test
    void lastIdOfOtherSizeIsReportedCorruptNotTrusted() throws Exception {
        mem = OsdMem.create(MemOsdConfig.defaults("ost-bad").withLibcfs(libcfs));
        Fid f = new Fid(0x100000000L, 0, 0);
        try (OsdObject o = mem.find(f); Transaction th = mem.transCreate()) {
            LuAttr a = new LuAttr().mode(FileMode.S_IFREG | 0644).valid(LuAttr.LA_MODE);
            o.declareCreate(a, AllocationHint.NONE, ObjectFormat.REGULAR, th);
            o.body().declareWrite(0, 5, th);
            th.start();
            o.create(a, AllocationHint.NONE, ObjectFormat.REGULAR, th);
            o.body().write(0, MemorySegment.ofArray(new byte[5]), th);
        }
        assertThatThrownBy(() -> Ofd.mount(mem, libcfs, "lustre-OST0000", 0)).isInstanceOf(LustreException.class)
                .hasMessageContaining("corrupted size 5 LAST_ID")
                .satisfies(e -> assertThat(((LustreException) e).errno()).isEqualTo(Errno.EINVAL));
    }

    @Test
    void lastIdOfSizeZeroIsInitialisedAndSizeEightIsRead() throws Exception {
        mem = OsdMem.create(MemOsdConfig.defaults("ost-zero").withLibcfs(libcfs));
        Fid f = new Fid(0x100000000L, 0, 0);
        try (OsdObject o = mem.find(f); Transaction th = mem.transCreate()) {
            LuAttr a = new LuAttr().mode(FileMode.S_IFREG | 0644).valid(LuAttr.LA_MODE);
            o.declareCreate(a, AllocationHint.NONE, ObjectFormat.REGULAR, th);
            th.start();
            o.create(a, AllocationHint.NONE, ObjectFormat.REGULAR, th);
        }
        Ofd ofd = Ofd.mount(mem, libcfs, "lustre-OST0000", 0);
        assertThat(readLastId(f)).isZero();
        assertThat(ofd.precreate(0, 40, TxnRecord.NONE)).isEqualTo(40);
        Ofd again = Ofd.mount(mem, libcfs, "lustre-OST0000", 0);
        assertThat(again.lastId(0)).isEqualTo(40);
        assertThat(again.getattr(Fid.idif(40, 0)).mode()).isEqualTo(Ofd.UNSET_ATTRS_MODE);
    }

    @Test
    void orphanCleanupDestroysAboveTheMdtsLastIdAndRewritesLastId() throws Exception {
        Ofd ofd = mount(1L << 30);
        long seq = 0x200000401L;
        ofd.precreate(seq, 50, TxnRecord.NONE);
        assertThat(ofd.orphansDestroy(seq, 20, false, TxnRecord.NONE)).isEqualTo(20);
        assertThat(readLastId(new Fid(seq, 0, 0))).isEqualTo(20);
        assertThat(mem.find(Fid.of(seq, 20)).exists()).isTrue();
        for (long id = 21; id <= 50; id++) {
            assertThat(mem.find(Fid.of(seq, id)).exists()).as("object %d", id).isFalse();
        }
        // with SKIP_ORPHAN the ids are not reused: the old LAST_ID is returned
        ofd.precreate(seq, 30, TxnRecord.NONE);
        assertThat(ofd.orphansDestroy(seq, 25, true, TxnRecord.NONE)).isEqualTo(30);
        // the MDT ahead: its objects are created
        assertThat(ofd.orphansDestroy(seq, 60, false, TxnRecord.NONE)).isEqualTo(60);
        assertThat(mem.find(Fid.of(seq, 60)).exists()).isTrue();
    }

    @Test
    void setattrSetsOwnerOnceClearsUnsetBitsAndStoresFilterFid() throws Exception {
        Ofd ofd = mount(1L << 30);
        ofd.precreate(0, 1, TxnRecord.NONE);
        Fid f = Fid.idif(1, 3);
        byte[] ff = new byte[52];
        ff[0] = 7;
        LuAttr set = new LuAttr().uid(500).gid(600).mtime(1000).valid(LuAttr.LA_UID | LuAttr.LA_GID | LuAttr.LA_MTIME
                | LuAttr.LA_SIZE);
        LuAttr after = ofd.setattr(f, set, FilterFidUpdate.of(MemorySegment.ofArray(ff)), TxnRecord.NONE);
        assertThat(after.uid()).isEqualTo(500);
        assertThat(after.gid()).isEqualTo(600);
        assertThat(after.mtime()).isEqualTo(1000);
        assertThat(after.mode()).isEqualTo(FileMode.S_IFREG | 01000 | 0666);
        assertThat(after.size()).as("setattr never changes the size").isZero();
        try (OsdObject o = mem.find(f)) {
            assertThat(o.xattrGet("trusted.fid")).isEqualTo(ff);
        }
        // a write's owner is ignored once set
        byte[] data = new byte[10];
        ofd.io().write(f, new long[] {0}, new int[] {10}, into(data), new OfdIo.WriteAttrs(
                new LuAttr().uid(1).gid(2).valid(LuAttr.LA_UID | LuAttr.LA_GID), null, 0, null), TxnRecord.NONE);
        assertThat(ofd.getattr(f).uid()).isEqualTo(500);
        assertThatThrownBy(() -> ofd.setattr(Fid.idif(99, 3), set, null, TxnRecord.NONE)).isInstanceOf(LustreException.class)
                .satisfies(e -> assertThat(((LustreException) e).errno()).isEqualTo(Errno.ENOENT));
    }

    @Test
    void writesAtRandomOffsetsReadBackWithHolesAsZerosAndShortAtTheEnd() throws Exception {
        Ofd ofd = mount(1L << 30);
        ofd.precreate(0, 1, TxnRecord.NONE);
        Fid f = Fid.idif(1, 3);
        long seed = System.nanoTime();
        System.out.println("OfdTest random writes: seed " + seed);
        SplittableRandom r = new SplittableRandom(seed);
        byte[] shadow = new byte[3 << 20];
        int end = 0;
        for (int w = 0; w < 40; w++) {
            int n = 1 + r.nextInt(3);
            long[] offs = new long[n];
            int[] lens = new int[n];
            long at = r.nextInt(1 << 20);
            int total = 0;
            for (int i = 0; i < n; i++) {
                offs[i] = at;
                lens[i] = 1 + r.nextInt(70_000);
                total += lens[i];
                at += lens[i] + r.nextInt(3) * r.nextInt(10_000);
            }
            byte[] data = new byte[total];
            r.nextBytes(data);
            assertThat(ofd.io().write(f, offs, lens, into(data), OfdIo.WriteAttrs.NONE, TxnRecord.NONE)).isEqualTo(total);
            int p = 0;
            for (int i = 0; i < n; i++) {
                System.arraycopy(data, p, shadow, (int) offs[i], lens[i]);
                p += lens[i];
                end = (int) Math.max(end, offs[i] + lens[i]);
            }
        }
        assertThat(ofd.getattr(f).size()).isEqualTo(end);
        byte[] back = new byte[end + 10_000];
        long got = ofd.io().read(f, new long[] {0}, new int[] {back.length}, outOf(back));
        assertThat(got).isEqualTo(end);
        assertThat(java.util.Arrays.copyOf(back, end)).isEqualTo(java.util.Arrays.copyOf(shadow, end));
        // purge the object cache: every byte is still there
        assertThat(mem.purgeCache()).isPositive();
        byte[] again = new byte[end];
        ofd.io().read(f, new long[] {0}, new int[] {end}, outOf(again));
        assertThat(again).isEqualTo(java.util.Arrays.copyOf(shadow, end));
    }

    @Test
    void badNiobufsMissingObjectsAndOversizeWritesFailBeforeAnythingChanges() throws Exception {
        Ofd ofd = mount(1L << 30);
        ofd.precreate(0, 1, TxnRecord.NONE);
        Fid f = Fid.idif(1, 3);
        BulkTransfer never = frags -> {
            throw new AssertionError("no bulk for a refused write");
        };
        assertThatThrownBy(() -> ofd.io().write(f, new long[] {0, 100}, new int[] {200, 10}, never,
                OfdIo.WriteAttrs.NONE, TxnRecord.NONE)).hasMessageContaining("niobufs 0 [0, 200) and 1 [100, 110)")
                .hasMessageContaining("overlap");
        assertThatThrownBy(() -> ofd.io().write(f, new long[] {4096, 0}, new int[] {10, 10}, never,
                OfdIo.WriteAttrs.NONE, TxnRecord.NONE)).hasMessageContaining("out of order");
        long max = osd.conf().maxBytes();
        assertThatThrownBy(() -> ofd.io().write(f, new long[] {max - 5}, new int[] {10}, never, OfdIo.WriteAttrs.NONE, TxnRecord.NONE))
                .isInstanceOf(LustreException.class)
                .satisfies(e -> assertThat(((LustreException) e).errno()).isEqualTo(Errno.EFBIG));
        assertThatThrownBy(() -> ofd.io().read(Fid.idif(77, 3), new long[] {0}, new int[] {10}, never))
                .isInstanceOf(LustreException.class)
                .satisfies(e -> assertThat(((LustreException) e).errno()).isEqualTo(Errno.ENOENT));
        assertThat(ofd.getattr(f).size()).isZero();
    }

    @Test
    void anAbortedBulkCommitsNothing() throws Exception {
        Ofd ofd = mount(1L << 30);
        ofd.precreate(0, 1, TxnRecord.NONE);
        Fid f = Fid.idif(1, 3);
        byte[] first = new byte[8192];
        java.util.Arrays.fill(first, (byte) 1);
        ofd.io().write(f, new long[] {0}, new int[] {8192}, into(first), OfdIo.WriteAttrs.NONE, TxnRecord.NONE);
        // the client's bytes land in the first pages, then it goes away mid-transfer
        BulkTransfer aborted = frags -> {
            for (MemorySegment frag : frags.subList(0, frags.size() / 2)) {
                frag.fill((byte) 9);
            }
            throw new LustreException(Errno.ETIMEDOUT, "client went away");
        };
        assertThatThrownBy(() -> ofd.io().write(f, new long[] {4096}, new int[] {65536}, aborted,
                OfdIo.WriteAttrs.NONE, TxnRecord.NONE)).hasMessageContaining("client went away");
        assertThat(ofd.getattr(f).size()).isEqualTo(8192);
        byte[] back = new byte[8192];
        ofd.io().read(f, new long[] {0}, new int[] {8192}, outOf(back));
        assertThat(java.util.Arrays.mismatch(back, first)).as("first byte the aborted write changed").isEqualTo(-1);
    }

    @Test
    void enospcAtCapacityLeavesNothingHalfWritten() throws Exception {
        Ofd ofd = mount(8L << 20);
        ofd.precreate(0, 2, TxnRecord.NONE);
        Fid f = Fid.idif(1, 3);
        byte[] chunk = new byte[1 << 20];
        new SplittableRandom(1).nextBytes(chunk);
        long written = 0;
        LustreException full = null;
        for (int i = 0; i < 16 && full == null; i++) {
            try {
                ofd.io().write(f, new long[] {written}, new int[] {chunk.length}, into(chunk), OfdIo.WriteAttrs.NONE, TxnRecord.NONE);
                written += chunk.length;
            } catch (LustreException e) {
                full = e;
            }
        }
        assertThat(full).isNotNull();
        assertThat(full.errno()).isEqualTo(Errno.ENOSPC);
        assertThat(written).isPositive();
        assertThat(ofd.getattr(f).size()).isEqualTo(written);
        // punch frees space: writes work again
        ofd.punch(f, 0, null, TxnRecord.NONE);
        assertThat(ofd.getattr(f).size()).isZero();
        ofd.io().write(f, new long[] {0}, new int[] {chunk.length}, into(chunk), OfdIo.WriteAttrs.NONE, TxnRecord.NONE);
    }

    @Test
    void grantsNeverPromiseMoreThanTheOsdHas() throws Exception {
        Ofd ofd = mount(64L << 20);
        Grants g = ofd.grants();
        List<Grants.ExportGrant> exports = java.util.stream.Stream.generate(Grants.ExportGrant::new).limit(50).toList();
        for (Grants.ExportGrant e : exports) {
            g.alloc(e, 32L << 20);
        }
        long avail = osd.statfs().bavail() * osd.statfs().bsize();
        assertThat(g.totalGranted()).isPositive().isLessThanOrEqualTo(avail);
        assertThat(exports.stream().mapToLong(Grants.ExportGrant::granted).sum()).isEqualTo(g.totalGranted());
        // statfs hides promised space from bavail
        assertThat(ofd.statfs().bavail() * ofd.statfs().bsize()).isLessThanOrEqualTo(avail - g.totalGranted() + 4096);
        // a write without grant cannot take promised space
        assertThatThrownBy(() -> g.checkUngranted(avail)).isInstanceOf(LustreException.class)
                .satisfies(e -> assertThat(((LustreException) e).errno()).isEqualTo(Errno.ENOSPC));
        for (Grants.ExportGrant e : exports) {
            g.discard(e);
        }
        assertThat(g.totalGranted()).isZero();
    }

    @Test
    void destroyRemovesAndSecondDestroyIsEnoent() throws Exception {
        Ofd ofd = mount(1L << 30);
        ofd.precreate(0, 3, TxnRecord.NONE);
        ofd.destroy(Fid.idif(2, 3), TxnRecord.NONE);
        assertThat(mem.find(Fid.idif(2, 3)).exists()).isFalse();
        assertThatThrownBy(() -> ofd.destroy(Fid.idif(2, 3), TxnRecord.NONE)).isInstanceOf(LustreException.class)
                .satisfies(e -> assertThat(((LustreException) e).errno()).isEqualTo(Errno.ENOENT));
    }
}
