package org.jlustre.osd.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jlustre.osd.testkit.KitAssertions.assertErrno;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import org.jlustre.common.Errno;
import org.jlustre.common.FileMode;
import org.jlustre.common.LustreException;
import org.jlustre.osd.DirectoryIndex;
import org.jlustre.osd.ObjectFormat;
import org.jlustre.osd.OsdObject;
import org.jlustre.osd.Transaction;
import org.jlustre.osd.UpdateType;
import org.jlustre.osd.XattrMode;
import org.jlustre.wire.ObdStatfs;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Failures injected by {@link FaultyOsd} leave the OSD consistent: an update that fails changes
 * nothing, a failed start creates nothing, and an empty plan changes nothing at all. Each test
 * runs on {@code FaultyOsd.wrap(standard device)}.
 */
public abstract class FaultInjectionConformance extends OsdTestCase {

    /** The standard device behind the fault injector. */
    private FaultyOsd faulty;

    @BeforeEach
    final void wrapInFaults() {
        faulty = FaultyOsd.wrap(device, FaultPlan.none());
        device = faulty;
    }

    /** An empty plan changes nothing: a mixed workload answers as on the bare device. */
    @Test
    void emptyPlanChangesNothing() throws Exception {
        assertThat(faulty.plan().isEmpty()).isTrue();
        OsdObject d = createDir();
        OsdObject f = newObject();
        byte[] data = pattern(100_000, 1);
        tx().create(f, regAttr(), ObjectFormat.REGULAR).write(f, 7, data)
                .xattrSet(f, "user.k", utf8("v"), XattrMode.CREATE).insert(dir(d), "f", f.fid(), FileMode.S_IFREG)
                .run();
        assertThat(read(f, 7, data.length)).isEqualTo(data);
        assertThat(f.xattrGet("user.k")).isEqualTo(utf8("v"));
        assertThat(dir(d).lookupFid("f")).isEqualTo(f.fid());
        assertErrno(Errno.EEXIST, () -> tx().create(f, regAttr(), ObjectFormat.REGULAR).run());
        assertThat(faulty.injected()).isZero();
    }

    /** An injected ENOSPC at start surfaces as ENOSPC, with the failure as the callbacks' result, and creates nothing. */
    @Test
    void startFailureCreatesNothing() throws Exception {
        ObdStatfs before = device.statfs();
        faulty.plan(FaultPlan.builder().onStart().errno(Errno.ENOSPC).build());
        OsdObject o = newObject();
        List<Integer> results = Collections.synchronizedList(new ArrayList<>());
        assertErrno(Errno.ENOSPC, () -> {
            try (Transaction th = device.transCreate()) {
                th.addCommitCallback((t, rc) -> results.add(rc));
                o.declareCreate(regAttr(), org.jlustre.osd.AllocationHint.NONE, ObjectFormat.REGULAR, th);
                th.start();
                o.create(regAttr(), org.jlustre.osd.AllocationHint.NONE, ObjectFormat.REGULAR, th);
            }
        });
        assertThat(results).containsExactly(Errno.ENOSPC.rc());
        assertThat(o.exists()).isFalse();
        assertThat(device.statfs().ffree()).isEqualTo(before.ffree());
        faulty.plan(FaultPlan.none());
        tx().create(o, regAttr(), ObjectFormat.REGULAR).run();
        assertThat(o.exists()).isTrue();
        assertThat(faulty.injected()).isEqualTo(1);
    }

    /** An injected EIO on write leaves the old data readable and the size unchanged. */
    @Test
    void failedWriteLeavesOldData() throws Exception {
        byte[] old = pattern(10_000, 2);
        OsdObject o = createRegular(old);
        faulty.plan(FaultPlan.builder().onUpdates(UpdateType.WRITE).errno(Errno.EIO).build());
        assertErrno(Errno.EIO, () -> tx().write(o, 5000, pattern(20_000, 3)).run());
        assertThat(size(o)).isEqualTo(old.length);
        assertThat(readAll(o)).isEqualTo(old);
    }

    /** Injected read faults surface as EIO from read, readRecord and readPrep; disarmed, reads work. */
    @Test
    void readFaultsSurfaceAsEio() throws Exception {
        byte[] data = pattern(5000, 4);
        OsdObject o = createRegular(data);
        faulty.plan(FaultPlan.builder().onRead().errno(Errno.EIO).build());
        assertErrno(Errno.EIO, () -> o.body().read(0, MemorySegment.ofArray(new byte[10])));
        assertErrno(Errno.EIO, () -> o.body().readRecord(0, MemorySegment.ofArray(new byte[10])));
        assertErrno(Errno.EIO, () -> {
            var bufs = o.body().bufsGet(0, 100, org.jlustre.osd.BufsType.READ);
            try {
                o.body().readPrep(bufs);
            } finally {
                o.body().bufsPut(bufs);
            }
        });
        faulty.plan(FaultPlan.none());
        assertThat(readAll(o)).isEqualTo(data);
    }

    /** Every Nth insert fails (the 3rd, 6th, 9th): exactly those names are missing. */
    @Test
    void everyNthInsertFails() throws Exception {
        DirectoryIndex d = dir(createDir());
        faulty.plan(FaultPlan.builder().onUpdates(UpdateType.INSERT).errno(Errno.EIO).everyNth(3).build());
        List<String> failed = new ArrayList<>();
        for (int i = 1; i <= 9; i++) {
            try {
                tx().insert(d, "n" + i, newFid(), FileMode.S_IFREG).run();
            } catch (LustreException e) {
                assertThat(e.errno()).isEqualTo(Errno.EIO);
                failed.add("n" + i);
            }
        }
        assertThat(failed).containsExactly("n3", "n6", "n9");
        assertThat(names(d)).containsExactly(".", "..", "n1", "n2", "n4", "n5", "n7", "n8");
        assertThat(faulty.injected()).isEqualTo(3);
    }

    /** A probability plan is reproducible from its seed; the kit's seed is printed. */
    @Test
    void probabilityPlansReplayFromTheSeed(SplittableRandom random) throws Exception {
        long seed = random.nextLong();
        List<Boolean> first = failures(new SplittableRandom(seed));
        List<Boolean> second = failures(new SplittableRandom(seed));
        assertThat(second).isEqualTo(first);
        assertThat(first).contains(true, false);
    }

    private List<Boolean> failures(SplittableRandom random) throws Exception {
        OsdObject o = createRegular();
        faulty.plan(FaultPlan.builder().onUpdates(UpdateType.ATTR_SET).probability(0.5, random).build());
        List<Boolean> out = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            try {
                tx().attrSet(o, new org.jlustre.osd.LuAttr().uid(i)).run();
                out.add(false);
            } catch (LustreException e) {
                out.add(true);
            }
        }
        faulty.plan(FaultPlan.none());
        return out;
    }

    /** An injected ENOSPC on create leaves no object behind. */
    @Test
    void failedCreateLeavesNoObject() throws Exception {
        faulty.plan(FaultPlan.builder().onUpdates(UpdateType.CREATE).errno(Errno.ENOSPC).build());
        OsdObject o = newObject();
        assertErrno(Errno.ENOSPC, () -> tx().create(o, regAttr(), ObjectFormat.REGULAR).run());
        assertThat(o.exists()).isFalse();
        assertThat(find(o.fid()).exists()).isFalse();
    }

    /** An injected fault on destroy leaves the object and its data intact. */
    @Test
    void failedDestroyKeepsTheObject() throws Exception {
        byte[] data = pattern(3000, 5);
        OsdObject o = createRegular(data);
        faulty.plan(FaultPlan.builder().onUpdates(UpdateType.DESTROY).errno(Errno.EIO).build());
        assertErrno(Errno.EIO, () -> tx().destroy(o).run());
        assertThat(o.exists()).isTrue();
        assertThat(readAll(o)).isEqualTo(data);
    }

    /** A failure half-way through a transaction keeps the updates before it (no rollback after start). */
    @Test
    void updatesBeforeAFailureStay() throws Exception {
        OsdObject o = createRegular();
        faulty.plan(FaultPlan.builder().onUpdates(UpdateType.XATTR_SET).errno(Errno.EIO).build());
        assertErrno(Errno.EIO, () -> tx().write(o, 0, pattern(100, 6)).xattrSet(o, "user.x", utf8("1"),
                XattrMode.SET).run());
        assertThat(readAll(o)).isEqualTo(pattern(100, 6));
        assertThat(o.xattrNames()).isEmpty();
    }
}
