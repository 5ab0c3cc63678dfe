package org.jlustre.osd.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jlustre.osd.testkit.KitAssertions.assertErrno;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.jlustre.common.Errno;
import org.jlustre.common.Fid;
import org.jlustre.common.LustreException;
import org.jlustre.osd.BufsType;
import org.jlustre.osd.IndexFeatures;
import org.jlustre.osd.KeyValueIndex;
import org.jlustre.osd.LuAttr;
import org.jlustre.osd.ObjectFormat;
import org.jlustre.osd.Osd;
import org.jlustre.osd.OsdDevice;
import org.jlustre.osd.OsdObject;
import org.jlustre.wire.ObdStatfs;
import org.junit.jupiter.api.Test;

/**
 * Space and quota accounting: truthful statfs, ENOSPC on a full device (reference 2.13: llog
 * caps and OST grants read statfs), and the ACCT_*_OID usage indexes ({@code dt_acct_features},
 * {@code lquota_acct_rec}). Skipped, by capability, on backends that do not account.
 *
 * <p>The kit reads usage keys and records little-endian (CPU order on every platform Lustre
 * runs on; the dt API passes {@code &id}).
 */
public abstract class SpaceAccountingConformance extends OsdTestCase {

    private static final int MIB = 1 << 20;
    private static final ValueLayout.OfLong LE64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final int UID = 61_001;
    private static final int GID = 62_002;
    private static final int PROJID = 63_003;

    private void assumeSpace() {
        assumeTrue(device.capabilities().spaceAccounting(), "spaceAccounting");
    }

    private void assumeQuota() {
        assumeTrue(device.capabilities().quotaAccounting(), "quotaAccounting");
    }

    /** The small device: 1 MiB and 64 inodes. */
    private OsdDevice small() throws Exception {
        return openDevice(DeviceSpec.small(MIB, 64));
    }

    // ---- statfs ----

    /** statfs: "free space shrinks as data ... are added and grows when they are removed" (write, punch). */
    @Test
    void freeBlocksFollowWritesAndPunches() throws Exception {
        assumeSpace();
        OsdObject o = createRegular();
        ObdStatfs empty = device.statfs();
        tx().write(o, 0, pattern(4 * MIB, 1)).run();
        ObdStatfs full = device.statfs();
        assertThat(full.bfree()).isLessThan(empty.bfree());
        assertThat((empty.bfree() - full.bfree()) * full.bsize()).isGreaterThanOrEqualTo(4L * MIB);
        assertThat(full.bavail()).isLessThanOrEqualTo(full.bfree());
        tx().punch(o, 0, Osd.OBJECT_EOF).run();
        assertThat(device.statfs().bfree()).isEqualTo(empty.bfree());
    }

    /** statfs: free inodes shrink with creates and come back with destroys. */
    @Test
    void freeInodesFollowCreatesAndDestroys() throws Exception {
        assumeSpace();
        ObdStatfs before = device.statfs();
        List<OsdObject> made = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            made.add(i % 2 == 0 ? createRegular() : createDir());
        }
        ObdStatfs during = device.statfs();
        assertThat(before.ffree() - during.ffree()).isGreaterThanOrEqualTo(10);
        for (OsdObject o : made) {
            tx().destroy(o).run();
        }
        assertThat(device.statfs().ffree()).isEqualTo(before.ffree());
    }

    /** Destroying an object gives its data blocks back. */
    @Test
    void freeBlocksComeBackAfterDestroy() throws Exception {
        assumeSpace();
        ObdStatfs before = device.statfs();
        OsdObject o = createRegular(pattern(3 * MIB, 2));
        assertThat(device.statfs().bfree()).isLessThan(before.bfree());
        tx().destroy(o).run();
        ObdStatfs after = device.statfs();
        assertThat(after.bfree()).isEqualTo(before.bfree());
        assertThat(after.ffree()).isEqualTo(before.ffree());
    }

    /** A small device reports no more than it was made with. */
    @Test
    void smallDeviceReportsItsLimits() throws Exception {
        assumeSpace();
        ObdStatfs s = small().statfs();
        assertThat(s.blocks() * s.bsize()).isLessThanOrEqualTo(MIB);
        assertThat(s.files()).isLessThanOrEqualTo(64);
        assertThat(s.bfree()).isPositive();
        assertThat(s.ffree()).isPositive();
    }

    // ---- ENOSPC ----

    /** "Writes that do not fit in the space left fail with ENOSPC and change nothing." */
    @Test
    void writePastCapacityFailsWithEnospc() throws Exception {
        assumeSpace();
        OsdDevice d = small();
        OsdObject o = createRegular(d);
        byte[] old = pattern(100_000, 3);
        tx(d).write(o, 0, old).run();
        assertErrno(Errno.ENOSPC, () -> tx(d).write(o, 50_000, pattern(2 * MIB, 4)).run());
        assertThat(size(o)).isEqualTo(old.length);
        assertThat(readAll(o)).isEqualTo(old);
    }

    /** bufsGet WRITE: "space is reserved; ENOSPC if it cannot be". */
    @Test
    void pageWritePastCapacityFailsWithEnospc() throws Exception {
        assumeSpace();
        OsdDevice d = small();
        OsdObject o = createRegular(d);
        assertErrno(Errno.ENOSPC, () -> {
            var bufs = o.body().bufsGet(0, 2 * MIB, BufsType.WRITE);
            o.body().bufsPut(bufs);
        });
        assertThat(size(o)).isZero();
    }

    /** bufsGet WRITE over existing data: ENOSPC "changes nothing", bytes, size and free space alike. */
    @Test
    void pageWritePastCapacityLeavesTheDataAlone() throws Exception {
        assumeSpace();
        OsdDevice d = small();
        OsdObject o = createRegular(d);
        byte[] old = pattern(100_000, 7);
        tx(d).write(o, 0, old).run();
        long free = d.statfs().bfree();
        assertErrno(Errno.ENOSPC, () -> {
            var bufs = o.body().bufsGet(50_000, 2 * MIB, BufsType.WRITE);
            o.body().bufsPut(bufs);
        });
        assertThat(size(o)).isEqualTo(old.length);
        assertThat(readAll(o)).isEqualTo(old);
        assertThat(d.statfs().bfree()).isEqualTo(free);
        // an aborted overwrite that fits gives its space back too
        var bufs = o.body().bufsGet(90_000, 200_000, BufsType.WRITE);
        o.body().bufsPut(bufs);
        assertThat(d.statfs().bfree()).isEqualTo(free);
        assertThat(readAll(o)).isEqualTo(old);
    }

    /** A device filled to ENOSPC takes writes again once space is freed. */
    @Test
    void spaceFreedByDestroyIsUsableAgain() throws Exception {
        assumeSpace();
        OsdDevice d = small();
        OsdObject filler = createRegular(d);
        long written = fill(d, filler);
        assertThat(written).isPositive();
        tx(d).destroy(filler).run();
        OsdObject next = createRegular(d);
        tx(d).write(next, 0, pattern((int) Math.min(written, MIB / 2), 5)).run();
        assertThat(size(next)).isEqualTo(Math.min(written, MIB / 2));
    }

    /** Writes 64 KiB chunks until ENOSPC; returns the bytes that fit. */
    private long fill(OsdDevice d, OsdObject o) throws Exception {
        long pos = 0;
        byte[] chunk = pattern(64 * 1024, 6);
        while (pos < 4L * MIB) {
            try {
                tx(d).write(o, pos, chunk).run();
                pos += chunk.length;
            } catch (LustreException e) {
                assertThat(e.errno()).isEqualTo(Errno.ENOSPC);
                return pos;
            }
        }
        throw new AssertionError("a 1 MiB device took " + pos + " bytes without ENOSPC");
    }

    /** create: "ENOSPC when the device has no inode left"; the failed object does not exist. */
    @Test
    void createPastTheInodeLimitFailsWithEnospc() throws Exception {
        assumeSpace();
        OsdDevice d = small();
        List<OsdObject> made = new ArrayList<>();
        OsdObject refused = null;
        for (int i = 0; i <= 64 && refused == null; i++) {
            OsdObject o = find(d, newFid());
            try {
                tx(d).create(o, regAttr(), ObjectFormat.REGULAR).run();
                made.add(o);
            } catch (LustreException e) {
                assertThat(e.errno()).isEqualTo(Errno.ENOSPC);
                refused = o;
            }
        }
        assertThat(refused).as("the 65th object of a 64-inode device").isNotNull();
        assertThat(refused.exists()).isFalse();
        assertThat(made.size()).isLessThanOrEqualTo(64);
        assertThat(d.statfs().ffree()).isZero();
        tx(d).destroy(made.get(0)).run();
        tx(d).create(refused, regAttr(), ObjectFormat.REGULAR).run();
        assertThat(refused.exists()).isTrue();
    }

    // ---- quota accounting ----

    private KeyValueIndex acct(Fid fid) throws Exception {
        return find(fid).indexTry(IndexFeatures.ACCOUNTING);
    }

    /** {bspace, ispace} of an id, zeros when it has no record. */
    private static long[] usage(KeyValueIndex acct, int id) throws Exception {
        byte[] key = new byte[8];
        MemorySegment.ofArray(key).set(LE64, 0, Integer.toUnsignedLong(id));
        return acct.lookup(key).map(r -> {
            assertThat(r).hasSize(16);
            MemorySegment s = MemorySegment.ofArray(r);
            return new long[] {s.get(LE64, 0), s.get(LE64, 8)};
        }).orElse(new long[2]);
    }

    private OsdObject ownedFile(int uid, int gid, int projid) throws Exception {
        OsdObject o = newObject();
        tx().create(o, regAttr().uid(uid).gid(gid).projid(projid), ObjectFormat.REGULAR).run();
        return o;
    }

    /** The usage indexes count inodes (ispace) per uid, gid and project. */
    @Test
    void usageCountsInodesPerId() throws Exception {
        assumeQuota();
        for (int i = 0; i < 3; i++) {
            ownedFile(UID, GID, PROJID);
        }
        assertThat(usage(acct(Osd.ACCT_USER_FID), UID)[1]).isEqualTo(3);
        assertThat(usage(acct(Osd.ACCT_GROUP_FID), GID)[1]).isEqualTo(3);
        assertThat(usage(acct(Osd.ACCT_PROJECT_FID), PROJID)[1]).isEqualTo(3);
        assertThat(usage(acct(Osd.ACCT_USER_FID), UID + 1)[1]).isZero();
    }

    /** The usage indexes count bytes (bspace) that follow writes and punches. */
    @Test
    void usageCountsBytesOfWrites() throws Exception {
        assumeQuota();
        OsdObject o = ownedFile(UID, GID, PROJID);
        long before = usage(acct(Osd.ACCT_USER_FID), UID)[0];
        tx().write(o, 0, pattern(MIB, 7)).run();
        long[] user = usage(acct(Osd.ACCT_USER_FID), UID);
        assertThat(user[0] - before).isGreaterThanOrEqualTo(MIB);
        assertThat(usage(acct(Osd.ACCT_GROUP_FID), GID)[0]).isEqualTo(user[0]);
        assertThat(usage(acct(Osd.ACCT_PROJECT_FID), PROJID)[0]).isEqualTo(user[0]);
        tx().punch(o, 0, Osd.OBJECT_EOF).run();
        assertThat(usage(acct(Osd.ACCT_USER_FID), UID)[0]).isEqualTo(before);
    }

    /** attrSet: "Usage accounting follows uid, gid and projid changes" (chown, chgrp, project change). */
    @Test
    void usageFollowsOwnerChanges() throws Exception {
        assumeQuota();
        OsdObject o = ownedFile(UID, GID, PROJID);
        tx().write(o, 0, pattern(MIB, 8)).run();
        long bytes = usage(acct(Osd.ACCT_USER_FID), UID)[0];
        tx().attrSet(o, new LuAttr().uid(UID + 1).gid(GID + 1).projid(PROJID + 1)).run();
        assertThat(usage(acct(Osd.ACCT_USER_FID), UID)).containsExactly(0, 0);
        assertThat(usage(acct(Osd.ACCT_USER_FID), UID + 1)).containsExactly(bytes, 1);
        assertThat(usage(acct(Osd.ACCT_GROUP_FID), GID)).containsExactly(0, 0);
        assertThat(usage(acct(Osd.ACCT_GROUP_FID), GID + 1)[1]).isEqualTo(1);
        assertThat(usage(acct(Osd.ACCT_PROJECT_FID), PROJID)).containsExactly(0, 0);
        assertThat(usage(acct(Osd.ACCT_PROJECT_FID), PROJID + 1)[1]).isEqualTo(1);
    }

    /** Destroy gives an id its inode and bytes back. */
    @Test
    void usageFollowsDestroy() throws Exception {
        assumeQuota();
        OsdObject o = ownedFile(UID, GID, PROJID);
        tx().write(o, 0, pattern(100_000, 9)).run();
        tx().destroy(o).run();
        assertThat(usage(acct(Osd.ACCT_USER_FID), UID)).containsExactly(0, 0);
        assertThat(usage(acct(Osd.ACCT_GROUP_FID), GID)).containsExactly(0, 0);
        assertThat(usage(acct(Osd.ACCT_PROJECT_FID), PROJID)).containsExactly(0, 0);
    }

    /** The usage index is "read-only": inserts and deletes fail with EOPNOTSUPP. */
    @Test
    void usageIndexRefusesUpdates() throws Exception {
        assumeQuota();
        ownedFile(UID, GID, PROJID);
        KeyValueIndex acct = acct(Osd.ACCT_USER_FID);
        byte[] key = new byte[8];
        MemorySegment.ofArray(key).set(LE64, 0, UID);
        assertErrno(Errno.EOPNOTSUPP, () -> tx().insert(acct, new byte[8], new byte[16]).run());
        assertErrno(Errno.EOPNOTSUPP, () -> tx().delete(acct, key).run());
        assertThat(usage(acct, UID)[1]).isEqualTo(1);
    }
}
