package org.jlustre.mdt.lod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jlustre.common.Errno;
import org.jlustre.common.Fid;
import org.jlustre.common.LustreException;
import org.jlustre.mdt.osp.Osp;
import org.jlustre.mdt.osp.OstRig;
import org.jlustre.osd.Transaction;
import org.jlustre.testing.Nodes;
import org.jlustre.wire.ObdStatfs;
import org.jlustre.wire.mdt.LovMdsMd;
import org.jlustre.wire.mdt.LovOstData;
import org.jlustre.wire.mdt.LovUserMd;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The LOD over real OSTs: layouts, the choice of OSTs, lov_objid, destroys, statfs, errors. */
class LodTest {

    private static final long MIB = 1L << 20;
    private static int nextOid = 1;

    private static long seed(String test) {
        long seed = System.nanoTime();
        System.out.println(test + " seed " + seed);
        return seed;
    }

    private static Fid newFid() {
        return Fid.of(Fid.SEQ_NORMAL, nextOid++);
    }

    /** A create as MDD runs it: declare (may wait), start, create, stop. */
    private static byte[] create(OstRig rig, Lod lod, Fid file, byte[] user, byte[] parent) throws LustreException {
        try (Transaction th = rig.mdtDisk.transCreate()) {
            byte[] ea = lod.declareCreate(th, file, user, parent);
            th.start();
            lod.create(th, file, ea);
            return ea;
        }
    }

    private static void destroy(OstRig rig, Lod lod, Fid file, byte[] ea) throws LustreException {
        try (Transaction th = rig.mdtDisk.transCreate()) {
            lod.declareDestroy(th, file, ea);
            th.start();
            lod.destroy(th, file, ea);
        }
    }

    /** Waits until every OSP has objects at hand, so placement does not depend on connect times. */
    private static void allReady(Lod lod) throws InterruptedException {
        for (Osp o : lod.osts()) {
            OstRig.await("OSP " + o.name() + " ready", o::ready);
        }
    }

    private static Fid objectOf(LovOstData d) throws LustreException {
        return d.oi().toFid(d.ostIndex());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 4})
    void everyOstGetsOneStripeOfAFileStripedOverAll(int osts) throws Exception {
        try (OstRig rig = new OstRig(Nodes.Driver.MEM, osts, 64 * MIB, 1 << 20)) {
            Lod lod = rig.lod(LodConfig.defaults("lustre", 0).withStriping(-1, 4 * MIB, -1), seed("all " + osts));
            for (Osp o : lod.osts()) {
                OstRig.await("OSP " + o.name() + " ready", o::ready);
            }
            Fid file = newFid();
            byte[] ea = create(rig, lod, file, null, null);
            LovMdsMd m = LovMdsMd.parse(ea);
            assertThat(ea).hasSize(LovMdsMd.V1_SIZE + LovOstData.SIZE * osts);
            assertThat(m.magic()).isEqualTo(LovMdsMd.LOV_MAGIC_V1);
            assertThat(m.pattern()).isEqualTo(LovMdsMd.LOV_PATTERN_RAID0);
            assertThat(m.oi()).isEqualTo(file);
            assertThat(m.stripeSize()).isEqualTo(4 * MIB);
            assertThat(m.stripeCount()).isEqualTo(osts);
            assertThat(m.layoutGen()).isZero();
            Set<Integer> used = new HashSet<>();
            for (LovOstData d : m.objects()) {
                assertThat(used.add(d.ostIndex())).as("OST %d used once", d.ostIndex()).isTrue();
                Fid obj = objectOf(d);
                assertThat(rig.osts.get(d.ostIndex()).has(obj)).isTrue();
                assertThat(rig.lovObjid(d.ostIndex())).isEqualTo(obj.idifObjectId());
                assertThat(d.gen()).isZero();
            }
            assertThat(used).hasSize(osts);
        }
    }

    @Test
    void roundRobinGivesEachOfFourOstsTheSameShare() throws Exception {
        try (OstRig rig = new OstRig(Nodes.Driver.MEM, 4, 64 * MIB, 1 << 20)) {
            Lod lod = rig.lod(LodConfig.defaults("lustre", 0), seed("rr"));
            for (Osp o : lod.osts()) {
                OstRig.await("OSP " + o.name() + " ready", o::ready);
            }
            Map<Integer, Integer> per = new HashMap<>();
            Set<Fid> objects = new HashSet<>();
            for (int i = 0; i < 40; i++) {
                LovMdsMd m = LovMdsMd.parse(create(rig, lod, newFid(), null, null));
                assertThat(m.stripeCount()).isEqualTo(1); // the default count
                per.merge(m.objects().get(0).ostIndex(), 1, Integer::sum);
                assertThat(objects.add(objectOf(m.objects().get(0)))).isTrue();
            }
            assertThat(lod.roundRobin()).isTrue();
            assertThat(per).containsOnlyKeys(0, 1, 2, 3);
            assertThat(per.values()).allMatch(n -> n == 10);
        }
    }

    @Test
    void unbalancedOstsAreChosenByFreeSpace() throws Exception {
        long seed = seed("qos");
        // one OST with 16x the free space of the others: weighted allocation favours it
        try (OstRig rig = new OstRig(Nodes.Driver.MEM, new long[] {64 * MIB, 64 * MIB, 1024 * MIB}, 1 << 20)) {
            Lod lod = rig.lod(LodConfig.defaults("lustre", 0), seed);
            for (Osp o : lod.osts()) {
                OstRig.await("OSP " + o.name() + " statfs", () -> {
                    try {
                        return o.statfs().blocks() > 0 && o.ready();
                    } catch (LustreException e) {
                        return false;
                    }
                });
            }
            Map<Integer, Integer> per = new HashMap<>();
            for (int i = 0; i < 90; i++) {
                LovMdsMd m = LovMdsMd.parse(create(rig, lod, newFid(), null, null));
                per.merge(m.objects().get(0).ostIndex(), 1, Integer::sum);
            }
            assertThat(lod.roundRobin()).isFalse();
            assertThat(per.getOrDefault(2, 0)).as("seed %d: %s", seed, per)
                    .isGreaterThan(per.getOrDefault(0, 0) + per.getOrDefault(1, 0));
            // setting the threshold to 100% makes any imbalance "balanced": round robin again
            rig.mdtNode.libcfs().params().set("lod.lustre-MDT0000-mdtlov.qos_threshold_rr", "100");
            create(rig, lod, newFid(), null, null);
            assertThat(lod.roundRobin()).isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(Nodes.Driver.class)
    void aRequestSetsCountSizeOffsetAndPool(Nodes.Driver driver) throws Exception {
        try (OstRig rig = new OstRig(driver, 4, 64 * MIB, 1 << 20)) {
            Lod lod = rig.lod(LodConfig.defaults("lustre", 0), seed("request"));
            allReady(lod);
            LovMdsMd m = LovMdsMd.parse(create(rig, lod, newFid(), LovUserMd.of(4 << 20, 2, 2, "").toBytes(), null));
            assertThat(m.stripeSize()).isEqualTo(4 << 20);
            assertThat(m.objects()).extracting(LovOstData::ostIndex).containsExactly(2, 3);
            // offset 3 with three stripes wraps to 0 and 1
            m = LovMdsMd.parse(create(rig, lod, newFid(), LovUserMd.of(0, 3, 3, "").toBytes(), null));
            assertThat(m.objects()).extracting(LovOstData::ostIndex).containsExactly(3, 0, 1);
            assertThat(m.stripeSize()).isEqualTo(1 << 20);
            // a pool: v3 with its name, only its OSTs
            lod.poolNew("fast");
            lod.poolAdd("fast", 1);
            lod.poolAdd("fast", 3);
            Fid f = newFid();
            byte[] ea = create(rig, lod, f, LovUserMd.of(0, -1 & 0xffff, 0xffff, "fast").toBytes(), null);
            m = LovMdsMd.parse(ea);
            assertThat(m.magic()).isEqualTo(LovMdsMd.LOV_MAGIC_V3);
            assertThat(ea).hasSize(LovMdsMd.V3_SIZE + 2 * LovOstData.SIZE);
            assertThat(m.poolName()).isEqualTo("fast");
            assertThat(m.objects()).extracting(LovOstData::ostIndex).containsExactlyInAnyOrder(1, 3);
            // more stripes than OSTs: cut to the OSTs there are
            m = LovMdsMd.parse(create(rig, lod, newFid(), LovUserMd.of(0, 9, 0xffff, "").toBytes(), null));
            assertThat(m.stripeCount()).isEqualTo(4);
        }
    }

    @Test
    void aDirectoryDefaultAppliesWhereTheRequestLeavesFieldsUnset() throws Exception {
        try (OstRig rig = new OstRig(Nodes.Driver.MEM, 4, 64 * MIB, 1 << 20)) {
            Lod lod = rig.lod(LodConfig.defaults("lustre", 0), seed("dirdefault"));
            byte[] dir = LovUserMd.of(2 << 20, 3, 0xffff, "").toBytes();
            LovMdsMd m = LovMdsMd.parse(create(rig, lod, newFid(), null, dir));
            assertThat(m.stripeCount()).isEqualTo(3);
            assertThat(m.stripeSize()).isEqualTo(2 << 20);
            m = LovMdsMd.parse(create(rig, lod, newFid(), LovUserMd.of(0, 1, 0xffff, "").toBytes(), dir));
            assertThat(m.stripeCount()).isEqualTo(1);
            assertThat(m.stripeSize()).isEqualTo(2 << 20);
            // a damaged default is skipped: the file system's applies
            m = LovMdsMd.parse(create(rig, lod, newFid(), null, new byte[] {1, 2, 3}));
            assertThat(m.stripeCount()).isEqualTo(1);
            assertThat(m.stripeSize()).isEqualTo(1 << 20);
        }
    }

    @Test
    void badRequestsAreRefusedWithTheirErrnoAndReserveNothing() throws Exception {
        try (OstRig rig = new OstRig(Nodes.Driver.MEM, 2, 64 * MIB, 1 << 20)) {
            Lod lod = rig.lod(LodConfig.defaults("lustre", 0), seed("bad"));
            byte[] size = LovUserMd.of(100_000, 1, 0xffff, "").toBytes();
            byte[] offset = LovUserMd.of(0, 1, 7, "").toBytes();
            byte[] comp = new byte[64];
            java.nio.ByteBuffer.wrap(comp).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(LovMdsMd.LOV_MAGIC_COMP_V1);
            byte[] magic = new byte[32];
            byte[] pattern = LovUserMd.of(0, 1, 0xffff, "").toBytes();
            pattern[4] = 0x10; // LOV_PATTERN_CMOBD, not RAID0
            Object[][] cases = {{size, Errno.EINVAL, "stripe size 100000"}, {offset, Errno.EINVAL, "stripe offset 7"},
                {comp, Errno.EOPNOTSUPP, "composite"}, {magic, Errno.EINVAL, "magic"},
                {new byte[12], Errno.EINVAL, "12 bytes"}, {pattern, Errno.EINVAL, "pattern 0x10"}};
            for (Object[] c : cases) {
                try (Transaction th = rig.mdtDisk.transCreate()) {
                    assertThatThrownBy(() -> lod.declareCreate(th, newFid(), (byte[]) c[0], null))
                            .isInstanceOfSatisfying(LustreException.class, e -> {
                                assertThat(e.errno()).isEqualTo(c[1]);
                                assertThat(e.getMessage()).contains((String) c[2]);
                            });
                }
            }
            for (Osp o : lod.osts()) {
                assertThat(o.reserved()).isZero();
            }
            // objects of a transaction that stops without create go back to the pool
            Fid f = newFid();
            byte[] ea;
            try (Transaction th = rig.mdtDisk.transCreate()) {
                ea = lod.declareCreate(th, f, LovUserMd.of(0, 2, 0xffff, "").toBytes(), null);
                assertThat(lod.osts()).allMatch(o -> o.reserved() == 1);
            }
            assertThat(lod.osts()).allMatch(o -> o.reserved() == 0);
            LovMdsMd again = LovMdsMd.parse(create(rig, lod, newFid(), LovUserMd.of(0, 2, 0xffff, "").toBytes(), null));
            Set<Fid> reused = new HashSet<>();
            for (LovOstData d : again.objects()) {
                reused.add(objectOf(d));
            }
            Set<Fid> first = new HashSet<>();
            for (LovOstData d : LovMdsMd.parse(ea).objects()) {
                first.add(objectOf(d));
            }
            assertThat(reused).isEqualTo(first);
        }
    }

    @ParameterizedTest
    @EnumSource(Nodes.Driver.class)
    void unlinkingDestroysTheObjectsOnTheOstsAfterCommit(Nodes.Driver driver) throws Exception {
        try (OstRig rig = new OstRig(driver, 2, 64 * MIB, 1 << 20)) {
            Lod lod = rig.lod(LodConfig.defaults("lustre", 0).withStriping(2, 1 << 20, -1), seed("unlink"));
            Fid file = newFid();
            byte[] ea = create(rig, lod, file, null, null);
            List<Fid> objs = new ArrayList<>();
            for (LovOstData d : LovMdsMd.parse(ea).objects()) {
                objs.add(objectOf(d));
                assertThat(rig.osts.get(d.ostIndex()).has(objectOf(d))).isTrue();
            }
            destroy(rig, lod, file, ea);
            OstRig.await("records cancelled", () -> lod.osts().stream().allMatch(o -> o.syncChanges() == 0));
            for (int i = 0; i < objs.size(); i++) {
                int idx = LovMdsMd.parse(ea).objects().get(i).ostIndex();
                assertThat(rig.osts.get(idx).has(objs.get(i))).as("%s destroyed", objs.get(i)).isFalse();
            }
        }
    }

    @Test
    void fullOstsGiveEnospcAndDownOstsEtimedout() throws Exception {
        try (OstRig rig = new OstRig(Nodes.Driver.MEM, 2, 64 * MIB, 60)) {
            Lod lod = rig.lod(LodConfig.defaults("lustre", 0), seed("enospc"));
            LustreException e = null;
            for (int i = 0; i < 200 && e == null; i++) {
                try {
                    create(rig, lod, newFid(), null, null);
                } catch (LustreException x) {
                    e = x;
                }
            }
            assertThat(e).isNotNull();
            assertThat(e.errno()).isEqualTo(Errno.ENOSPC);
            assertThat(e.getMessage()).contains("lustre-OST0000-osc-MDT0000").contains("lustre-OST0001-osc-MDT0000");
        }
        try (OstRig rig = new OstRig(Nodes.Driver.MEM, 2, 64 * MIB, 1 << 20)) {
            rig.stopOst(0);
            rig.stopOst(1);
            Lod shortWait = Lod.start(rig.mdtDisk, rig.mdtNode.libcfs(), new LodConfig("lustre-MDT0000-short", 1, 1 << 20,
                    -1, java.time.Duration.ofSeconds(2), 17, 90));
            try {
                shortWait.addOst(rig.osc(0), OstRig.ospConfig(0));
                long start = System.nanoTime();
                try (Transaction th = rig.mdtDisk.transCreate()) {
                    assertThatThrownBy(() -> shortWait.declareCreate(th, newFid(), null, null))
                            .isInstanceOfSatisfying(LustreException.class, x -> {
                                assertThat(x.errno()).isEqualTo(Errno.ETIMEDOUT);
                                assertThat(x.getMessage()).contains("lustre-OST0000-osc-MDT0000");
                            });
                }
                assertThat(System.nanoTime() - start).isLessThan(OstRig.WAIT.toNanos());
            } finally {
                shortWait.close();
            }
        }
    }

    @Test
    void statfsSumsTheOstsSpaceUnderTheMdtsInodes() throws Exception {
        try (OstRig rig = new OstRig(Nodes.Driver.MEM, new long[] {64 * MIB, 128 * MIB}, 1 << 20)) {
            Lod lod = rig.lod(LodConfig.defaults("lustre", 0), seed("statfs"));
            ObdStatfs mdt = rig.mdtDisk.statfs();
            ObdStatfs a = rig.osts.get(0).ofd.statfs();
            ObdStatfs b = rig.osts.get(1).ofd.statfs();
            OstRig.await("both OSTs answered", () -> {
                try {
                    return lod.statfs().blocks() == a.blocks() + b.blocks();
                } catch (LustreException x) {
                    return false;
                }
            });
            ObdStatfs s = lod.statfs();
            assertThat(s.bsize()).isEqualTo(a.bsize());
            assertThat(s.blocks()).isEqualTo(a.blocks() + b.blocks());
            assertThat(s.state() & ObdStatfs.OS_STATFS_SUM).isNotZero();
            assertThat(s.files()).isLessThanOrEqualTo(mdt.files());
            assertThat(s.namelen()).isEqualTo(mdt.namelen());
        }
    }

    @Test
    void parametersChangeTheDefaults() throws Exception {
        try (OstRig rig = new OstRig(Nodes.Driver.MEM, 2, 64 * MIB, 1 << 20)) {
            Lod lod = rig.lod(LodConfig.defaults("lustre", 0), seed("params"));
            allReady(lod);
            var params = rig.mdtNode.libcfs().params();
            String p = "lod.lustre-MDT0000-mdtlov.";
            assertThat(params.get(p + "stripesize").get(0).value()).isEqualTo("1048576");
            assertThat(params.get(p + "qos_threshold_rr").get(0).value()).isEqualTo("17%");
            assertThat(params.get(p + "qos_prio_free").get(0).value()).isEqualTo("90%");
            assertThat(params.get(p + "numobd").get(0).value()).isEqualTo("2");
            params.set(p + "stripesize", "4M");
            params.set(p + "stripecount", "-1");
            params.set(p + "stripeoffset", "1");
            LovUserMd d = LovUserMd.parse(lod.defaultLayout());
            assertThat(d.stripeSize()).isEqualTo(4 << 20);
            assertThat(d.stripeCount()).isEqualTo(0xffff);
            assertThat(d.stripeOffset()).isEqualTo(1);
            LovMdsMd m = LovMdsMd.parse(create(rig, lod, newFid(), null, null));
            assertThat(m.stripeSize()).isEqualTo(4 << 20);
            assertThat(m.objects()).extracting(LovOstData::ostIndex).containsExactly(1, 0);
            params.set(p + "stripesize", "100000"); // lod_fix_desc_stripe_size: down to a 64 KiB multiple
            assertThat(params.get(p + "stripesize").get(0).value()).isEqualTo("65536");
            assertThatThrownBy(() -> params.set(p + "qos_threshold_rr", "101")).isInstanceOf(LustreException.class);
            assertThat(params.get(p + "target_obd").get(0).value()).contains("0: lustre-OST0000_UUID ");
        }
    }

    @Test
    void concurrentCreatesNeverShareAnObject() throws Exception {
        try (OstRig rig = new OstRig(Nodes.Driver.MEM, 2, 256 * MIB, 1 << 20)) {
            Lod lod = rig.lod(LodConfig.defaults("lustre", 0).withStriping(2, 1 << 20, -1), seed("concurrent"));
            int threads = 8;
            int each = 40;
            List<byte[]> eas = java.util.Collections.synchronizedList(new ArrayList<>());
            List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
            List<Thread> ts = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                List<Fid> fids = new ArrayList<>();
                for (int i = 0; i < each; i++) {
                    fids.add(newFid());
                }
                Thread th = Thread.ofPlatform().start(() -> {
                    try {
                        for (Fid f : fids) {
                            eas.add(create(rig, lod, f, null, null));
                        }
                    } catch (Throwable x) {
                        failures.add(x);
                    }
                });
                ts.add(th);
            }
            for (Thread t : ts) {
                t.join(OstRig.WAIT.toMillis());
            }
            assertThat(failures).isEmpty();
            assertThat(eas).hasSize(threads * each);
            Set<Fid> objects = new HashSet<>();
            long[] max = new long[2];
            for (byte[] ea : eas) {
                for (LovOstData d : LovMdsMd.parse(ea).objects()) {
                    Fid o = objectOf(d);
                    assertThat(objects.add(o)).as("%s handed out once", o).isTrue();
                    assertThat(rig.osts.get(d.ostIndex()).has(o)).isTrue();
                    max[d.ostIndex()] = Math.max(max[d.ostIndex()], o.idifObjectId());
                }
            }
            assertThat(objects).hasSize(2 * threads * each);
            assertThat(rig.lovObjid(0)).isEqualTo(max[0]);
            assertThat(rig.lovObjid(1)).isEqualTo(max[1]);
        }
    }

    @Test
    void noOstMeansNoLayout() throws Exception {
        try (OstRig rig = new OstRig(Nodes.Driver.MEM, 0, 64 * MIB, 1 << 20)) {
            Lod lod = rig.lod(LodConfig.defaults("lustre", 0), seed("none"));
            try (Transaction th = rig.mdtDisk.transCreate()) {
                assertThat(lod.declareCreate(th, newFid(), null, null)).isNull();
            }
        }
    }
}
