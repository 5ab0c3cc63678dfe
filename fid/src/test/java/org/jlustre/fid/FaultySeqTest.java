package org.jlustre.fid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.jlustre.common.Errno;
import org.jlustre.common.Fid;
import org.jlustre.common.LustreException;
import org.jlustre.osd.UpdateType;
import org.jlustre.osd.testkit.FaultPlan;
import org.jlustre.osd.testkit.FaultyOsd;
import org.jlustre.wire.fid.LuSeqRange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The sequence managers when the OSD fails their writes: the error comes back with its errno,
 * nothing is handed out, and once the OSD works again the grants go on from where they were,
 * never handing out a sequence a failed grant might have stored as used.
 */
class FaultySeqTest {

    private static final FaultPlan FAIL_WRITES = FaultPlan.builder().onUpdates(UpdateType.WRITE).errno(Errno.EIO)
            .build();
    private static final FaultPlan FAIL_INSERTS = FaultPlan.builder().onUpdates(UpdateType.INSERT)
            .errno(Errno.ENOSPC).build();

    private FaultyOsd dev;
    private Mdt0Site site;

    @BeforeEach
    void setUp() throws LustreException {
        dev = FaultyOsd.wrap(Mdt0Site.newDevice("faulty-seq"), FaultPlan.none());
        site = Mdt0Site.mount(dev);
    }

    @AfterEach
    void tearDown() {
        site.close();
        dev.close();
    }

    @Test
    void aSuperSequenceWhoseSpaceCouldNotBeWrittenIsNotHandedOut() throws LustreException {
        dev.plan(FAIL_WRITES);
        assertThatThrownBy(() -> site.ctl.allocSuper(1, LuSeqRange.MDT)).isInstanceOf(LustreException.class)
                .satisfies(e -> assertThat(((LustreException) e).errno()).isEqualTo(Errno.EIO));
        assertThat(site.ctl.space().start()).isEqualTo(0x200000400L);
        assertThat(site.fld.find(0x200000400L)).isEmpty();
        dev.plan(FaultPlan.none());
        assertThat(site.ctl.allocSuper(1, LuSeqRange.MDT)).isEqualTo(LuSeqRange.of(0x200000400L, 0x240000400L, 1, 0));
    }

    @Test
    void aSuperSequenceWhoseFldEntryCouldNotBeInsertedIsNotHandedOut() throws LustreException {
        dev.plan(FAIL_INSERTS);
        assertThatThrownBy(() -> site.ctl.allocSuper(1, LuSeqRange.MDT)).isInstanceOf(LustreException.class)
                .satisfies(e -> assertThat(((LustreException) e).errno()).isEqualTo(Errno.ENOSPC));
        assertThat(site.fld.find(0x200000400L)).isEmpty();
        dev.plan(FaultPlan.none());
        // granted now, with its fld entry
        LuSeqRange r = site.ctl.allocSuper(1, LuSeqRange.MDT);
        assertThat(site.fld.lookup(r.start())).isEqualTo(r);
        // the failed grant's space write may have landed: after a remount nothing at or below is granted again
        site.close();
        site = Mdt0Site.mount(dev);
        assertThat(Long.compareUnsigned(site.ctl.allocSuper(2, LuSeqRange.MDT).start(), r.end())).isGreaterThanOrEqualTo(0);
    }

    @Test
    void aSetWhoseCarveCouldNotBeStoredGrantsNothing() throws LustreException {
        SeqClient cli = SeqClient.local(site.srv);
        assertThat(cli.allocFid()).isEqualTo(Fid.of(0x200000400L, 1, 0));
        for (int i = 1; i < 1000; i++) {
            cli.allocSeq();
        }
        // the low set is used up: carving the next set must be stored first
        dev.plan(FAIL_WRITES);
        assertThatThrownBy(cli::allocSeq).isInstanceOf(LustreException.class)
                .satisfies(e -> assertThat(((LustreException) e).errno()).isEqualTo(Errno.EIO));
        dev.plan(FaultPlan.none());
        assertThat(cli.allocSeq()).isEqualTo(0x200000400L + 1000);
        assertThat(site.srv.space().start()).isEqualTo(0x200000400L + 3000);
    }

    @Test
    void aFailedWriteAtMountFailsTheMountWithItsErrno() throws LustreException {
        site.close();
        try (var fresh = FaultyOsd.wrap(Mdt0Site.newDevice("faulty-fresh"), FAIL_WRITES)) {
            Fld fld = Fld.open(fresh, "lustre-MDT0000", 0, true);
            try {
                assertThatThrownBy(() -> SeqController.open(fresh, "lustre-MDT0000", 0, fld, Mdt0Site.log()))
                        .isInstanceOf(LustreException.class)
                        .satisfies(e -> assertThat(((LustreException) e).errno()).isEqualTo(Errno.EIO));
            } finally {
                fld.close();
            }
        }
        site = Mdt0Site.mount(dev);
    }
}
