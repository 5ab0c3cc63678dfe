package org.jlustre.fid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jlustre.common.Errno;
import org.jlustre.common.Fid;
import org.jlustre.common.LustreException;
import org.jlustre.osd.OsdDevice;
import org.jlustre.osd.OsdObject;
import org.jlustre.osd.Transaction;
import org.jlustre.wire.fid.LuSeqRange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The sequence controller, server and a local client on MDT0's osd-mem device, as
 * fid_handler.c / fid_request.c / fid_store.c behave: the fresh spaces, the first FIDs, the
 * 0x20000-oid width, what {@code seq_ctl} and {@code seq_srv} hold, remounts on the kept device
 * that never grant a sequence twice, and the errors.
 */
class SeqAllocationTest {

    OsdDevice dev;
    Mdt0Site site;

    /** A device under test; a subclass runs every case on a wrapper. */
    OsdDevice newDevice(String name) throws LustreException {
        return Mdt0Site.newDevice(name);
    }

    @BeforeEach
    void setUp() throws LustreException {
        dev = newDevice("seq-test");
        site = Mdt0Site.mount(dev);
    }

    @AfterEach
    void tearDown() {
        site.close();
        dev.close();
    }

    private LuSeqRange stored(Fid fid) throws LustreException {
        try (OsdObject o = dev.find(fid)) {
            byte[] b = new byte[LuSeqRange.SIZE];
            assertThat(o.body().read(0, MemorySegment.ofArray(b))).isEqualTo(LuSeqRange.SIZE);
            return LuSeqRange.fromBytes(b);
        }
    }

    @Test
    void freshSpacesAreLustresAndStoredLittleEndian() throws LustreException {
        assertThat(site.ctl.space()).isEqualTo(LuSeqRange.of(0x200000400L, -1L, 0, LuSeqRange.MDT));
        assertThat(stored(SeqController.FID)).isEqualTo(site.ctl.space());
        assertThat(site.srv.space()).isEqualTo(LuSeqRange.of(0, 0, 0, LuSeqRange.MDT));
        assertThat(stored(SeqServer.FID)).isEqualTo(LuSeqRange.ZERO);
        // named in the OSD root as on ldiskfs
        try (OsdObject root = dev.find(dev.rootFid())) {
            var dir = root.indexTry(org.jlustre.osd.IndexFeatures.DIRECTORY);
            assertThat(dir.lookup("seq_ctl").orElseThrow().fid()).isEqualTo(Fid.localFile(4));
            assertThat(dir.lookup("seq_srv").orElseThrow().fid()).isEqualTo(Fid.localFile(5));
            assertThat(dir.lookup("fld").orElseThrow().fid()).isEqualTo(Fid.localFile(3));
        }
    }

    @Test
    void theFirstFidsAreOidsOfTheFirstNormalSequence() throws LustreException {
        SeqClient cli = SeqClient.local(site.srv);
        assertThat(cli.name()).isEqualTo("cli-lustre-MDT0000");
        assertThat(cli.allocFid()).isEqualTo(Fid.of(0x200000400L, 1, 0));
        assertThat(cli.allocFid()).isEqualTo(Fid.of(0x200000400L, 2, 0));
        // the controller granted MDT0 a super-sequence, recorded with the space in its fld
        assertThat(site.ctl.space()).isEqualTo(LuSeqRange.of(0x240000400L, -1L, 0, LuSeqRange.MDT));
        assertThat(stored(SeqController.FID)).isEqualTo(site.ctl.space());
        assertThat(site.fld.lookup(0x200000400L)).isEqualTo(LuSeqRange.of(0x200000400L, 0x240000400L, 0, 0));
        // the server carved two sets of 1000 and stored what is left
        assertThat(site.srv.space()).isEqualTo(LuSeqRange.of(0x200000400L + 2000, 0x240000400L, 0, 0));
        assertThat(stored(SeqServer.FID)).isEqualTo(site.srv.space());
    }

    @Test
    void aMetadataSequenceGivesOids1To0x20000ThenTheNextSequence() throws LustreException {
        SeqClient cli = SeqClient.local(site.srv);
        Fid f = null;
        for (int i = 1; i <= 0x20000; i++) {
            f = cli.allocFid();
            assertThat(f.oid()).isEqualTo(i);
        }
        assertThat(f).isEqualTo(Fid.of(0x200000400L, 0x20000, 0));
        assertThat(cli.allocFid()).isEqualTo(Fid.of(0x200000401L, 1, 0));
    }

    @Test
    void allocSeqTakesAWholeSequenceAndTheNextFidStartsAnother() throws LustreException {
        SeqClient cli = SeqClient.local(site.srv);
        assertThat(cli.allocFid()).isEqualTo(Fid.of(0x200000400L, 1, 0));
        assertThat(cli.allocSeq()).isEqualTo(0x200000401L);
        assertThat(cli.allocFid()).isEqualTo(Fid.of(0x200000402L, 1, 0));
        SeqClient data = SeqClient.local(site.srv, "osp", SeqType.DATA);
        assertThat(data.allocSeq()).isEqualTo(0x200000403L);
        // a data sequence goes to oid 0xffffffff
        assertThat(data.allocFid()).isEqualTo(Fid.of(0x200000404L, 1, 0));
    }

    @Test
    void setsAreRefilledFromTheSpaceAndEachRefillIsStored() throws LustreException {
        SeqClient cli = SeqClient.local(site.srv);
        for (int i = 0; i < 1000; i++) {
            assertThat(cli.allocSeq()).isEqualTo(0x200000400L + i);
        }
        assertThat(stored(SeqServer.FID).start()).isEqualTo(0x200000400L + 2000);
        // the low set is used up: the high set takes over and a third set is carved and stored
        assertThat(cli.allocSeq()).isEqualTo(0x200000400L + 1000);
        assertThat(stored(SeqServer.FID).start()).isEqualTo(0x200000400L + 3000);
    }

    @Test
    void aRemountOnTheKeptDeviceNeverGrantsASequenceTwice() throws LustreException {
        Set<Long> seen = new HashSet<>();
        for (int mount = 0; mount < 4; mount++) {
            SeqClient cli = SeqClient.local(site.srv);
            for (int i = 0; i < 1500; i++) {
                long s = cli.allocSeq();
                assertThat(seen.add(s)).as("sequence 0x%x granted twice (mount %d)", s, mount).isTrue();
            }
            site.close();
            site = Mdt0Site.mount(dev);
        }
        // the controller's grants are in the fld after the remounts too: one super-sequence so far
        assertThat(site.fld.lookup(0x200000400L + 5999)).isEqualTo(LuSeqRange.of(0x200000400L, 0x240000400L, 0, 0));
        // each mount carved three sets of 1000 (two at the first grant, one when the low set ran out)
        // and stored the space past them; the next mount resumes there
        assertThat(SeqClient.local(site.srv).allocSeq()).isEqualTo(0x200000400L + 4 * 3000L);
    }

    @Test
    void theControllerHandsOutSuperSequencesInOrderAndRemembersThemAcrossRemounts() throws LustreException {
        LuSeqRange a = site.ctl.allocSuper(1, LuSeqRange.MDT);
        LuSeqRange b = site.ctl.allocSuper(0, LuSeqRange.OST);
        assertThat(a).isEqualTo(LuSeqRange.of(0x200000400L, 0x240000400L, 1, LuSeqRange.MDT));
        assertThat(b).isEqualTo(LuSeqRange.of(0x240000400L, 0x280000400L, 0, LuSeqRange.OST));
        site.close();
        site = Mdt0Site.mount(dev);
        assertThat(site.ctl.allocSuper(2, LuSeqRange.OST).start()).isEqualTo(0x280000400L);
        assertThat(site.fld.lookup(0x240000401L)).isEqualTo(b);
        assertThat(site.fld.lookup(0x200000400L)).isEqualTo(a);
    }

    @Test
    void superSequencesShorterThanTwoSetsStillGrantEverySequence() throws LustreException {
        // a controller near the end of its space grants what is left: here one sequence at a time
        long[] next = {0x300000000L};
        SuperSequenceSource oneAtATime = (index, flags) -> {
            long s = next[0]++;
            return LuSeqRange.of(s, s + 1, index, flags);
        };
        try (OsdDevice other = newDevice("seq-short");
                SeqServer srv = SeqServer.open(other, "lustre-MDT0001", 1, LuSeqRange.MDT, oneAtATime, null,
                        Mdt0Site.log(), 2)) {
            for (int i = 0; i < 5; i++) {
                assertThat(srv.allocMeta(0, LuSeqRange.MDT)).isEqualTo(
                        LuSeqRange.of(0x300000000L + i, 0x300000001L + i, 0, LuSeqRange.MDT));
            }
        }
    }

    @Test
    void theParametersShowTheSpacesAsLprocFidDoes() throws LustreException {
        org.jlustre.common.param.ParamTree tree = org.jlustre.common.Libcfs.create().params();
        site.ctl.publishParams(tree);
        site.srv.publishParams(tree);
        SeqClient.local(site.srv).allocFid();
        assertThat(tree.get("seq.ctl-lustre-MDT0000.space").getFirst().value())
                .isEqualTo("[0x240000400 - 0xffffffffffffffff]:0:mdt\n");
        assertThat(tree.get("seq.ctl-lustre-MDT0000.width").getFirst().value()).isEqualTo("1073741824\n");
        assertThat(tree.get("seq.ctl-lustre-MDT0000.server").getFirst().value()).isEqualTo("<none>\n");
        assertThat(tree.get("seq.ctl-lustre-MDT0000.fldb").getFirst().value()).isEqualTo(
                "[0x000000000000000c-0x0000000100000000]:0:mdt\n"
                        + "[0x0000000200000002-0x0000000200000003]:0:mdt\n"
                        + "[0x0000000200000007-0x0000000200000008]:0:mdt\n"
                        + "[0x0000000200000400-0x0000000240000400]:0:mdt\n");
        assertThat(tree.get("seq.srv-lustre-MDT0000.space").getFirst().value())
                .isEqualTo("[0x200000bd0 - 0x240000400]:0:mdt\n");
        assertThat(tree.get("seq.srv-lustre-MDT0000.width").getFirst().value()).isEqualTo("1\n");
        assertThat(tree.get("seq.srv-lustre-MDT0000.server").getFirst().value()).isEqualTo("ctl-lustre-MDT0000\n");
        site.close();
        assertThat(tree.exists("seq.srv-lustre-MDT0000.space")).isFalse();
        site = Mdt0Site.mount(dev);
    }

    @Test
    void manyThreadsNeverGetTheSameFid() throws Exception {
        SeqClient cli = SeqClient.local(site.srv);
        SeqClient other = SeqClient.local(site.srv, "other", SeqType.METADATA);
        Set<Fid> all = ConcurrentHashMap.newKeySet();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                SeqClient c = t % 2 == 0 ? cli : other;
                fs.add(pool.submit(() -> {
                    for (int i = 0; i < 20000; i++) {
                        Fid f = i % 1000 == 999 ? Fid.of(c.allocSeq(), 0, 0) : c.allocFid();
                        assertThat(all.add(f)).as("%s handed out twice", f).isTrue();
                    }
                    return null;
                }));
            }
            for (Future<?> f : fs) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(all).hasSize(8 * 20000);
    }

    @Test
    void anExhaustedControllerAnswersEnospc() throws LustreException {
        site.close();
        writeRaw(SeqController.FID, LuSeqRange.of(-1L - 5, -1L, 0, 0).toBytes());
        site = Mdt0Site.mount(dev);
        // the last grant is what is left, not a full 2^30
        assertThat(site.ctl.allocSuper(3, LuSeqRange.OST)).isEqualTo(LuSeqRange.of(-1L - 5, -1L, 3, LuSeqRange.OST));
        assertThatThrownBy(() -> site.ctl.allocSuper(3, LuSeqRange.OST)).isInstanceOf(LustreException.class)
                .satisfies(e -> assertThat(((LustreException) e).errno()).isEqualTo(Errno.ENOSPC))
                .hasMessageContaining("exhausted");
        assertThatThrownBy(() -> SeqClient.local(site.srv).allocFid())
                .satisfies(e -> assertThat(((LustreException) e).errno()).isEqualTo(Errno.ENOSPC));
    }

    @Test
    void aSuperSequenceForAnUnknownKindIsEinval() {
        assertThatThrownBy(() -> site.ctl.allocSuper(0, LuSeqRange.ANY)).isInstanceOf(LustreException.class)
                .satisfies(e -> assertThat(((LustreException) e).errno()).isEqualTo(Errno.EINVAL))
                .hasMessageContaining("0x3");
    }

    @Test
    void aServerWithoutControllerAnswersEnodev() throws LustreException {
        try (OsdDevice other = newDevice("seq-orphan");
                SeqServer lone = SeqServer.open(other, "lustre-MDT0001", 1, LuSeqRange.MDT, null, null, Mdt0Site.log())) {
            assertThatThrownBy(() -> lone.allocMeta(0, LuSeqRange.MDT))
                    .satisfies(e -> assertThat(((LustreException) e).errno()).isEqualTo(Errno.ENODEV))
                    .hasMessageContaining("No sequence controller");
        }
    }

    @Test
    void aReadOnlyDeviceAnswersErofs() throws LustreException {
        dev.setReadOnly();
        assertThatThrownBy(() -> site.srv.allocMeta(0, LuSeqRange.MDT))
                .satisfies(e -> assertThat(((LustreException) e).errno()).isEqualTo(Errno.EROFS));
        assertThatThrownBy(() -> site.ctl.allocSuper(1, LuSeqRange.MDT))
                .satisfies(e -> assertThat(((LustreException) e).errno()).isEqualTo(Errno.EROFS));
    }

    @Test
    void aTornSpaceFileIsRefusedWithEio() throws LustreException {
        site.close();
        writeRaw(SeqServer.FID, new byte[10]);
        assertThatThrownBy(() -> SeqServer.open(dev, "lustre-MDT0000", 0, 0, null, null, Mdt0Site.log()))
                .satisfies(e -> assertThat(((LustreException) e).errno()).isEqualTo(Errno.EIO))
                .hasMessageContaining("10 bytes");
        site = Mdt0Site.mount(freshDevice());
    }

    private OsdDevice freshDevice() throws LustreException {
        dev.close();
        dev = newDevice("seq-test-2");
        return dev;
    }

    @Test
    void anInsaneStoredSpaceIsRefusedWithEio() throws LustreException {
        site.close();
        writeRaw(SeqController.FID, LuSeqRange.of(10, 5, 0, 0).toBytes());
        Fld fld = Fld.open(dev, "lustre-MDT0000", 0, true);
        try {
            assertThatThrownBy(() -> SeqController.open(dev, "lustre-MDT0000", 0, fld, Mdt0Site.log()))
                    .satisfies(e -> assertThat(((LustreException) e).errno()).isEqualTo(Errno.EIO))
                    .hasMessageContaining("insane");
        } finally {
            fld.close();
        }
        site = Mdt0Site.mount(freshDevice());
    }

    /** Replaces a file's bytes (truncating it to them). */
    private void writeRaw(Fid fid, byte[] bytes) throws LustreException {
        try (OsdObject o = dev.find(fid); Transaction th = dev.transCreate()) {
            o.body().declarePunch(0, Long.MAX_VALUE, th);
            o.body().declareWrite(0, bytes.length, th);
            th.start();
            o.body().punch(0, Long.MAX_VALUE, th);
            o.body().write(0, MemorySegment.ofArray(bytes), th);
        }
    }
}
