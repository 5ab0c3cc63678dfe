package org.jlustre.mdt.osp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jlustre.common.Errno;
import org.jlustre.common.Fid;
import org.jlustre.common.LustreException;
import org.jlustre.llog.LlogCatalogList;
import org.jlustre.llog.LlogContext;
import org.jlustre.llog.reader.LlogReader;
import org.jlustre.llog.reader.LlogReaderResult;
import org.jlustre.osd.DirectoryIndex;
import org.jlustre.osd.IndexFeatures;
import org.jlustre.osd.OsdObject;
import org.jlustre.osd.Transaction;
import org.jlustre.testing.Nodes;
import org.jlustre.wire.llog.LlogLogid;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** One OSP against a real OST: the pool, lov_objid, orphans, ENOSPC and timeouts, the sync log. */
class OspTest {

    private static final long MIB = 1L << 20;

    /** Takes {@code n} objects, each in a transaction of its own that records it in lov_objid. */
    private static List<Fid> createObjects(OstRig rig, Osp osp, int n) throws LustreException {
        List<Fid> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Fid f = osp.reserve(true, System.nanoTime() + OstRig.WAIT.toNanos());
            try (Transaction th = rig.mdtDisk.transCreate()) {
                osp.declareCreate(th);
                th.start();
                osp.create(f, th);
            }
            out.add(f);
        }
        return out;
    }

    private static void destroyObjects(OstRig rig, Osp osp, List<Fid> objs) throws LustreException {
        for (Fid f : objs) {
            try (Transaction th = rig.mdtDisk.transCreate()) {
                osp.declareDestroy(th);
                th.start();
                osp.destroy(f, th);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Nodes.Driver.class)
    void objectsArePrecreatedInGrowingBatchesAndHandedOutOnce(Nodes.Driver driver) throws Exception {
        try (OstRig rig = new OstRig(driver, 1, 256 * MIB, 1 << 20)) {
            Osp osp = rig.osp(0, rig.syncLogs());
            List<Fid> objs = createObjects(rig, osp, 300);
            Set<Fid> distinct = new HashSet<>(objs);
            assertThat(distinct).hasSize(300);
            for (int i = 0; i < objs.size(); i++) {
                assertThat(objs.get(i).isIdif()).isTrue();
                assertThat(objs.get(i).idifOstIndex()).isZero();
                assertThat(rig.osts.get(0).has(objs.get(i))).as("object %s on the OST", objs.get(i)).isTrue();
                if (i > 0) {
                    assertThat(objs.get(i).idifObjectId()).isEqualTo(objs.get(i - 1).idifObjectId() + 1);
                }
            }
            long last = objs.get(299).idifObjectId();
            // lov_objid holds the last id used, written by the create's transaction; lov_objseq the IDIF sequence
            assertThat(rig.lovObjid(0)).isEqualTo(last);
            assertThat(rig.lovObjseq(0)).isEqualTo(Fid.SEQ_IDIF);
            assertThat(osp.lastUsedId()).isEqualTo(last);
            // precreated ahead, in batches that grew past the first 32
            assertThat(osp.lastCreatedId()).isGreaterThanOrEqualTo(last);
            OstRig.await("the pool refilled", () -> osp.lastCreatedId() > last);
            long seen = osp.lastCreatedId();
            assertThat(rig.osts.get(0).ofd.lastId(Fid.SEQ_OST_MDT0)).isGreaterThanOrEqualTo(seen);
            String name = osp.name();
            assertThat(param(rig, "osp." + name + ".prealloc_next_id").strip()).isEqualTo(Long.toString(last + 1));
            assertThat(Integer.parseInt(param(rig, "osp." + name + ".create_count").strip()))
                    .isGreaterThan(OspConfig.OST_MIN_PRECREATE);
            assertThat(param(rig, "osp." + name + ".prealloc_next_seq").strip()).isEqualTo("0x100000000");
            assertThat(param(rig, "osp." + name + ".prealloc_status").strip()).isEqualTo("0");
            // both files are named in the OSD root as Lustre's local storage names them
            try (OsdObject root = rig.mdtDisk.find(rig.mdtDisk.rootFid())) {
                DirectoryIndex dir = root.indexTry(IndexFeatures.DIRECTORY);
                assertThat(dir.lookup("lov_objid").orElseThrow().fid()).isEqualTo(Fid.localFile(8));
                assertThat(dir.lookup("lov_objseq").orElseThrow().fid()).isEqualTo(Fid.localFile(0x1019));
            }
        }
    }

    @Test
    void aReleasedObjectIsHandedOutAgainAndNeverTwiceAtOnce() throws Exception {
        try (OstRig rig = new OstRig(Nodes.Driver.MEM, 1, 64 * MIB, 1 << 20)) {
            Osp osp = rig.osp(0, rig.syncLogs());
            Fid a = osp.reserve(true, System.nanoTime() + OstRig.WAIT.toNanos());
            Fid b = osp.reserve(true, System.nanoTime() + OstRig.WAIT.toNanos());
            assertThat(b).isNotEqualTo(a);
            assertThat(osp.reserved()).isEqualTo(2);
            osp.release(a);
            Fid c = osp.reserve(true, System.nanoTime() + OstRig.WAIT.toNanos());
            assertThat(c).isEqualTo(a);
            assertThat(osp.reserved()).isEqualTo(2);
        }
    }

    @ParameterizedTest
    @EnumSource(Nodes.Driver.class)
    void aRemountCleansOrphansFromLovObjidAndNeverReusesThem(Nodes.Driver driver) throws Exception {
        try (OstRig rig = new OstRig(driver, 1, 64 * MIB, 1 << 20)) {
            LlogContext logs = rig.syncLogs();
            Osp osp = rig.osp(0, logs);
            List<Fid> used = createObjects(rig, osp, 5);
            OstRig.await("a first batch", () -> osp.lastCreatedId() > 5);
            long precreated = osp.lastCreatedId();
            rig.closeMdtSide();
            assertThat(rig.lovObjid(0)).isEqualTo(5);
            // a new mount: lov_objid says 5 were used; DELORPHAN destroys the rest on the OST
            Osp again = rig.osp(0, rig.syncLogs());
            List<Fid> next = createObjects(rig, again, 1);
            assertThat(next.get(0).idifObjectId()).isGreaterThan(precreated); // SKIP_ORPHAN: no id reused
            for (Fid f : used) {
                assertThat(rig.osts.get(0).has(f)).isTrue();
            }
            for (long id = 6; id <= precreated; id++) {
                assertThat(rig.osts.get(0).has(Fid.idif(id, 0))).as("orphan %d destroyed", id).isFalse();
            }
            assertThat(rig.lovObjid(0)).isEqualTo(next.get(0).idifObjectId());
        }
    }

    @Test
    void aFullOstFailsCreatesWithEnospcInsteadOfWaiting() throws Exception {
        // 80 inodes: the OST's own files, a first batch, then ENOSPC; below 32 free, the OSP calls it full
        try (OstRig rig = new OstRig(Nodes.Driver.MEM, 1, 64 * MIB, 80)) {
            Osp osp = rig.osp(0, rig.syncLogs());
            long start = System.nanoTime();
            LustreException e = null;
            int got = 0;
            while (e == null && got < 200) {
                try {
                    createObjects(rig, osp, 1);
                    got++;
                } catch (LustreException x) {
                    e = x;
                }
            }
            assertThat(e).isNotNull();
            assertThat(e.errno()).isEqualTo(Errno.ENOSPC);
            assertThat(e.getMessage()).contains(osp.name());
            assertThat(got).isBetween(1, 80);
            assertThat(System.nanoTime() - start).isLessThan(OstRig.WAIT.toNanos());
            assertThat(osp.full()).isTrue();
        }
    }

    @Test
    void anOstThatIsDownFailsCreatesWithEtimedoutThenServesWhenBack() throws Exception {
        try (OstRig rig = new OstRig(Nodes.Driver.MEM, 1, 64 * MIB, 1 << 20)) {
            rig.stopOst(0);
            Osp osp = rig.osp(0, rig.syncLogs());
            long start = System.nanoTime();
            assertThatThrownBy(() -> osp.reserve(true, System.nanoTime() + 1_500_000_000L))
                    .isInstanceOfSatisfying(LustreException.class, x -> {
                        assertThat(x.errno()).isEqualTo(Errno.ETIMEDOUT);
                        assertThat(x.getMessage()).contains(osp.name());
                    });
            assertThat(System.nanoTime() - start).isLessThan(OstRig.WAIT.toNanos());
            assertThat(osp.reserve(false, System.nanoTime() + 1_000_000_000L)).isNull();
            rig.startOst(0);
            Fid f = osp.reserve(true, System.nanoTime() + OstRig.WAIT.toNanos());
            assertThat(rig.osts.get(0).has(f)).isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(Nodes.Driver.class)
    void unlinkRecordsAreLoggedThenDestroyedOnTheOstAfterCommitAndCancelled(Nodes.Driver driver) throws Exception {
        try (OstRig rig = new OstRig(driver, 1, 64 * MIB, 1 << 20)) {
            Osp osp = rig.osp(0, rig.syncLogs());
            List<Fid> objs = createObjects(rig, osp, 3);
            // the OST is down: the records stay in the catalog's plain log for llog_reader to see
            rig.stopOst(0);
            destroyObjects(rig, osp, objs);
            assertThat(osp.syncChanges()).isEqualTo(3);
            LlogLogid cat = osp.syncCatalog();
            assertThat(LlogCatalogList.read(rig.mdtDisk, 0, 1).get(0).logid()).isEqualTo(cat);
            assertThat(cat.fid().seq()).isEqualTo(Fid.SEQ_LLOG);
            String catText = read(rig.dump(cat.fid()));
            Fid plain = plainLogOf(rig, cat);
            assertThat(catText).contains("Number of records: 1").contains("Flags: 0x412")
                    .contains("#01 (064)fid=" + plain);
            String plainText = read(rig.dump(plain));
            for (Fid f : objs) {
                assertThat(plainText).contains("unlink64 record id:0x0 target " + f);
            }
            assertThat(plainText).contains("Number of records: 3");
            for (Fid f : objs) {
                assertThat(rig.osts.get(0).has(f)).isTrue();
            }
            rig.startOst(0);
            OstRig.await("records cancelled", () -> osp.syncChanges() == 0);
            for (Fid f : objs) {
                assertThat(rig.osts.get(0).has(f)).as("%s destroyed", f).isFalse();
            }
            // every record cancelled; the plain log stays while it is the current one (llog_cancel_rec)
            assertThat(read(rig.dump(plain))).contains("Number of records: 0").doesNotContain("unlink64");
        }
    }

    @Test
    void recordsLeftByAStoppedMdtAreProcessedAtTheNextMount() throws Exception {
        try (OstRig rig = new OstRig(Nodes.Driver.MEM, 1, 64 * MIB, 1 << 20)) {
            Osp osp = rig.osp(0, rig.syncLogs());
            List<Fid> objs = createObjects(rig, osp, 4);
            rig.stopOst(0);
            destroyObjects(rig, osp, objs);
            LlogLogid cat = osp.syncCatalog();
            rig.closeMdtSide();
            rig.startOst(0);
            for (Fid f : objs) {
                assertThat(rig.osts.get(0).has(f)).isTrue();
            }
            Osp again = rig.osp(0, rig.syncLogs());
            assertThat(again.syncCatalog()).isEqualTo(cat);
            OstRig.await("old records processed", () -> again.syncChanges() == 0);
            for (Fid f : objs) {
                assertThat(rig.osts.get(0).has(f)).as("%s destroyed", f).isFalse();
            }
        }
    }

    @Test
    void theSyncCatalogIsListedAtTheOstsIndexInCatalogs() throws Exception {
        try (OstRig rig = new OstRig(Nodes.Driver.MEM, 3, 64 * MIB, 1 << 20)) {
            LlogContext logs = rig.syncLogs();
            Osp o2 = rig.osp(2, logs);
            Osp o0 = rig.osp(0, logs);
            var list = LlogCatalogList.read(rig.mdtDisk, 0, 3);
            assertThat(list.get(0).logid()).isEqualTo(o0.syncCatalog());
            assertThat(list.get(1).logid().fid().isZero()).isTrue();
            assertThat(list.get(2).logid()).isEqualTo(o2.syncCatalog());
            assertThat(o0.syncCatalog()).isNotEqualTo(o2.syncCatalog());
        }
    }

    /** The value of parameter {@code name} on the MDT node. */
    static String param(OstRig rig, String name) throws LustreException {
        return rig.mdtNode.libcfs().params().get(name).get(0).value();
    }

    /** The FID of the catalog's one plain log, from its logid record. */
    private static Fid plainLogOf(OstRig rig, LlogLogid cat) throws Exception {
        byte[] b = rig.dump(cat.fid());
        var m = java.lang.foreign.MemorySegment.ofArray(b);
        // the first record after the 8 KiB header: llog_logid_rec, logid at 16
        return LlogLogid.read(m, 8192 + 16).fid();
    }

    private static String read(byte[] file) {
        LlogReaderResult r = LlogReader.defaults().read(file);
        assertThat(r.exitStatus()).as(new String(r.stderr(), StandardCharsets.UTF_8)).isZero();
        return new String(r.stdout(), StandardCharsets.UTF_8);
    }
}
