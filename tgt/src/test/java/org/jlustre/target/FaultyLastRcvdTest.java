package org.jlustre.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.MemorySegment;
import org.jlustre.common.Errno;
import org.jlustre.common.Libcfs;
import org.jlustre.common.LustreException;
import org.jlustre.osd.OsdObject;
import org.jlustre.osd.Transaction;
import org.jlustre.osd.UpdateType;
import org.jlustre.osd.mem.MemOsdConfig;
import org.jlustre.osd.mem.OsdMem;
import org.jlustre.osd.testkit.FaultPlan;
import org.jlustre.osd.testkit.FaultyOsd;
import org.jlustre.wire.target.LsdClientData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * last_rcvd when the OSD fails a write: the error comes back with its errno, and what
 * LastRcvd holds stays what the file holds (a slot that could not be written is not handed
 * out, a disconnect that could not be written keeps the slot).
 */
class FaultyLastRcvdTest {

    private static final String OST = "lustre-OST0000_UUID";
    private static final FaultPlan FAIL_WRITES = FaultPlan.builder().onUpdates(UpdateType.WRITE).errno(Errno.EIO)
            .build();

    private FaultyOsd dev;

    @BeforeEach
    void setUp() throws LustreException {
        dev = FaultyOsd.wrap(OsdMem.create(MemOsdConfig.defaults("faulty-lastrcvd").withLibcfs(Libcfs.create())),
                FaultPlan.none());
    }

    @AfterEach
    void tearDown() {
        dev.close();
    }

    @Test
    void aFailedWriteAtMountFailsTheMountWithItsErrno() {
        dev.plan(FAIL_WRITES);
        assertThatThrownBy(() -> LastRcvd.open(dev, OST, 0, TargetKind.OST)).isInstanceOf(LustreException.class)
                .satisfies(e -> assertThat(((LustreException) e).errno()).isEqualTo(Errno.EIO));
    }

    @Test
    void aSlotThatCouldNotBeWrittenIsNotHandedOut() throws LustreException {
        try (LastRcvd lr = LastRcvd.open(dev, OST, 0, TargetKind.OST)) {
            dev.plan(FAIL_WRITES);
            assertThatThrownBy(() -> lr.connect("a", 0, 0)).isInstanceOf(LustreException.class)
                    .satisfies(e -> assertThat(((LustreException) e).errno()).isEqualTo(Errno.EIO));
            assertThat(lr.slot("a")).isEmpty();
            dev.plan(FaultPlan.none());
            ClientSlot a = lr.connect("a", 0, 0);
            assertThat(a.index()).isZero();

            dev.plan(FAIL_WRITES);
            assertThatThrownBy(() -> lr.disconnect(a)).isInstanceOf(LustreException.class);
            assertThat(lr.slot("a")).contains(a);
            dev.plan(FaultPlan.none());
            lr.disconnect(a);
            assertThat(lr.slot("a")).isEmpty();
            assertThat(lr.connect("b", 0, 0).index()).isZero();
        }
    }

    @Test
    void aRecordWhoseWriteFailsReportsItAndTheNextRecordGoesOn() throws LustreException {
        try (LastRcvd lr = LastRcvd.open(dev, OST, 0, TargetKind.OST)) {
            ClientSlot a = lr.connect("a", 0, 0);
            dev.plan(FAIL_WRITES);
            try (Transaction th = dev.transCreate()) {
                lr.declareRecord(th, a);
                th.start();
                assertThatThrownBy(() -> lr.record(th, a, 1, 0)).isInstanceOf(LustreException.class)
                        .satisfies(e -> assertThat(((LustreException) e).errno()).isEqualTo(Errno.EIO));
            }
            dev.plan(FaultPlan.none());
            long transno;
            try (Transaction th = dev.transCreate()) {
                lr.declareRecord(th, a);
                th.start();
                transno = lr.record(th, a, 2, 0);
            }
            assertThat(transno).isGreaterThan(0);
            try (OsdObject o = dev.find(LastRcvd.FID)) {
                byte[] b = new byte[LsdClientData.SIZE];
                o.body().readRecord(8192, MemorySegment.ofArray(b));
                assertThat(LsdClientData.decode(MemorySegment.ofArray(b), 0).lastTransno()).isEqualTo(transno);
            }
        }
    }
}
