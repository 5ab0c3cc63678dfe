package org.jlustre.osd.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jlustre.osd.testkit.KitAssertions.assertEachErrno;
import static org.jlustre.osd.testkit.KitAssertions.assertErrno;

import java.lang.foreign.MemorySegment;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.jlustre.common.Errno;
import org.jlustre.common.Fid;
import org.jlustre.common.FileMode;
import org.jlustre.osd.BufsType;
import org.jlustre.osd.DirectoryIndex;
import org.jlustre.osd.IndexFeatures;
import org.jlustre.osd.LuAttr;
import org.jlustre.osd.ObjectFormat;
import org.jlustre.osd.ObjectRole;
import org.jlustre.osd.Osd;
import org.jlustre.osd.OsdObject;
import org.jlustre.osd.SeekWhence;
import org.jlustre.osd.XattrMode;
import org.junit.jupiter.api.Test;

/**
 * The object surface ({@link OsdObject}): create and destroy, existence, ENOENT on a missing
 * object, link counts and the dt locks. Attributes are in {@link ObjectAttrConformance}, index
 * negotiation in {@link IndexTryConformance}.
 */
public abstract class ObjectConformance extends OsdTestCase {

    private static final long LOCK_WAIT_MS = 300;

    // ---- create ----

    /** create: "size 0, nlink 1" and the mode given; the object exists with its type. */
    @Test
    void createMakesARegularFile() throws Exception {
        OsdObject o = createRegular();
        assertThat(o.exists()).isTrue();
        assertThat(o.fileType()).isEqualTo(FileMode.S_IFREG);
        LuAttr a = o.attrGet();
        assertThat(a.mode()).isEqualTo(REG_MODE);
        assertThat(a.size()).isZero();
        assertThat(a.nlink()).isEqualTo(1);
    }

    /** Every {@link ObjectFormat} creates an object of the matching type, size 0, nlink 1. */
    @Test
    void createMakesEveryFormat() throws Exception {
        Map<Integer, ObjectFormat> formats = new LinkedHashMap<>();
        formats.put(FileMode.S_IFREG | 0644, ObjectFormat.REGULAR);
        formats.put(FileMode.S_IFDIR | 0755, ObjectFormat.DIR);
        formats.put(FileMode.S_IFLNK | 0777, ObjectFormat.SYMLINK);
        formats.put(FileMode.S_IFCHR | 0600, ObjectFormat.NODE);
        formats.put(FileMode.S_IFBLK | 0600, ObjectFormat.NODE);
        formats.put(FileMode.S_IFIFO | 0600, ObjectFormat.NODE);
        formats.put(FileMode.S_IFSOCK | 0600, ObjectFormat.NODE);
        for (Map.Entry<Integer, ObjectFormat> f : formats.entrySet()) {
            OsdObject o = newObject();
            tx().create(o, new LuAttr().mode(f.getKey()), f.getValue()).run();
            String what = FileMode.typeName(f.getKey()) + " " + f.getValue();
            assertThat(o.exists()).as(what).isTrue();
            assertThat(o.fileType()).as(what).isEqualTo(FileMode.type(f.getKey()));
            LuAttr a = o.attrGet();
            assertThat(a.mode()).as(what).isEqualTo(f.getKey());
            assertThat(a.nlink()).as(what).isEqualTo(1);
        }
        OsdObject index = createIndex(IndexFeatures.keyValue(8, 8));
        assertThat(index.exists()).isTrue();
        assertThat(index.fileType()).isEqualTo(FileMode.S_IFREG);
    }

    /** create: "the type bits from the format when the mode has none". */
    @Test
    void createTakesTheTypeFromTheFormat() throws Exception {
        Map<ObjectFormat, Integer> expected = Map.of(ObjectFormat.REGULAR, FileMode.S_IFREG, ObjectFormat.DIR,
                FileMode.S_IFDIR, ObjectFormat.SYMLINK, FileMode.S_IFLNK);
        for (Map.Entry<ObjectFormat, Integer> e : expected.entrySet()) {
            OsdObject o = newObject();
            tx().create(o, new LuAttr().mode(0640), e.getKey()).run();
            assertThat(o.fileType()).as("%s", e.getKey()).isEqualTo(e.getValue());
            assertThat(o.attrGet().mode()).as("%s", e.getKey()).isEqualTo(e.getValue() | 0640);
        }
    }

    /** create: "a NODE needs them: EINVAL otherwise"; nothing is created. */
    @Test
    void createOfANodeWithoutTypeBitsFailsWithEinval() throws Exception {
        OsdObject o = newObject();
        assertErrno(Errno.EINVAL, () -> tx().create(o, new LuAttr().mode(0644), ObjectFormat.NODE).run());
        assertThat(o.exists()).isFalse();
    }

    /** create: "EEXIST if it exists"; the existing object keeps its data. */
    @Test
    void createOfAnExistingObjectFailsWithEexist() throws Exception {
        byte[] data = pattern(300, 1);
        OsdObject o = createRegular(data);
        assertErrno(Errno.EEXIST, () -> tx().create(o, regAttr(), ObjectFormat.REGULAR).run());
        assertErrno(Errno.EEXIST, () -> tx().create(o, dirAttr(), ObjectFormat.DIR).run());
        assertThat(o.fileType()).isEqualTo(FileMode.S_IFREG);
        assertThat(readAll(o)).isEqualTo(data);
    }

    /** create: "with the valid attributes of attr": owner, group, project, times and flags are kept. */
    @Test
    void createStoresTheGivenAttributes() throws Exception {
        OsdObject o = newObject();
        LuAttr attr = regAttr().uid(500).gid(600).projid(700).atime(1_000_001).mtime(1_000_002).ctime(1_000_003)
                .btime(1_000_004).flags(0x10);
        tx().create(o, attr, ObjectFormat.REGULAR).run();
        LuAttr a = o.attrGet();
        assertThat(a.uid()).isEqualTo(500);
        assertThat(a.gid()).isEqualTo(600);
        assertThat(a.projid()).isEqualTo(700);
        assertThat(a.atime()).isEqualTo(1_000_001);
        assertThat(a.mtime()).isEqualTo(1_000_002);
        assertThat(a.ctime()).isEqualTo(1_000_003);
        assertThat(a.btime()).isEqualTo(1_000_004);
        assertThat(a.flags()).isEqualTo(0x10);
    }

    /** create: "Unset times default to the device's current time" (never left at the epoch). */
    @Test
    void createDefaultsUnsetTimesToNow() throws Exception {
        LuAttr a = createRegular().attrGet();
        assertThat(a.has(LuAttr.LA_ATIME | LuAttr.LA_MTIME | LuAttr.LA_CTIME)).isTrue();
        assertThat(a.atime()).isPositive();
        assertThat(a.mtime()).isPositive();
        assertThat(a.ctime()).isPositive();
    }

    /** A symlink (DFT_SYM) keeps its target as the body. */
    @Test
    void symlinkBodyHoldsTheTarget() throws Exception {
        OsdObject link = newObject();
        byte[] target = utf8("../some/where/ünïcode");
        tx().create(link, new LuAttr().mode(FileMode.S_IFLNK | 0777), ObjectFormat.SYMLINK).write(link, 0, target)
                .run();
        assertThat(link.fileType()).isEqualTo(FileMode.S_IFLNK);
        assertThat(size(link)).isEqualTo(target.length);
        assertThat(readAll(link)).isEqualTo(target);
    }

    // ---- destroy ----

    /** destroy: the reference then answers exists() false, and so does a new find. */
    @Test
    void destroyRemovesTheObject() throws Exception {
        OsdObject o = createRegular(pattern(100, 2));
        tx().destroy(o).run();
        assertThat(o.exists()).isFalse();
        OsdObject again = find(o.fid());
        assertThat(again.exists()).isFalse();
        assertThat(again.fileType()).isZero();
    }

    /** destroy: "whatever its link count". */
    @Test
    void destroyIgnoresTheLinkCount() throws Exception {
        OsdObject o = createRegular();
        tx().refAdd(o).refAdd(o).run();
        assertThat(o.attrGet().nlink()).isEqualTo(3);
        tx().destroy(o).run();
        assertThat(find(o.fid()).exists()).isFalse();
    }

    /** destroy: "with all its data, entries and xattrs": a re-created object starts empty. */
    @Test
    void destroyTakesDataXattrsAndEntries() throws Exception {
        Fid fid = newFid();
        try (OsdObject o = device.find(fid)) {
            tx().create(o, regAttr().uid(42), ObjectFormat.REGULAR).write(o, 0, pattern(9000, 3))
                    .xattrSet(o, "user.a", utf8("x"), XattrMode.SET).run();
            tx().destroy(o).run();
        }
        OsdObject o = find(fid);
        tx().create(o, regAttr(), ObjectFormat.REGULAR).run();
        assertThat(size(o)).isZero();
        assertThat(read(o, 0, 100)).isEmpty();
        assertThat(o.xattrNames()).isEmpty();
        assertThat(o.attrGet().uid()).isZero();
        assertThat(o.attrGet().nlink()).isEqualTo(1);
    }

    /** destroy of a directory with entries succeeds; the FID can become an empty directory again. */
    @Test
    void destroyOfADirectoryWithEntries() throws Exception {
        Fid fid = newFid();
        try (OsdObject d = device.find(fid)) {
            tx().create(d, dirAttr(), ObjectFormat.DIR).insert(dir(d), "a", newFid(), FileMode.S_IFREG)
                    .insert(dir(d), "b", newFid(), FileMode.S_IFREG).run();
            tx().destroy(d).run();
        }
        OsdObject d = find(fid);
        tx().create(d, dirAttr(), ObjectFormat.DIR).run();
        assertThat(dir(d).size()).isEqualTo(2);
        assertThat(dir(d).lookup("a")).isEmpty();
    }

    // ---- ENOENT ----

    /** "Every operation other than the declares, create, exists() and indexTry requires the object to exist". */
    @Test
    void objectOperationsOnAMissingObjectFailWithEnoent() throws Exception {
        assertEachErrno(Errno.ENOENT, objectOperations(newObject()));
    }

    /** The same for the body of a missing object ("Every operation on an object that does not exist"). */
    @Test
    void bodyOperationsOnAMissingObjectFailWithEnoent() throws Exception {
        assertEachErrno(Errno.ENOENT, bodyOperations(newObject()));
    }

    /** The same "also after it was destroyed", through the destroyed reference. */
    @Test
    void operationsThroughADestroyedReferenceFailWithEnoent() throws Exception {
        OsdObject o = createRegular(pattern(5000, 4));
        tx().xattrSet(o, "user.x", utf8("1"), XattrMode.SET).run();
        tx().destroy(o).run();
        assertEachErrno(Errno.ENOENT, objectOperations(o));
        assertEachErrno(Errno.ENOENT, bodyOperations(o));
    }

    /** The same after destroy, through a new find of the FID. */
    @Test
    void operationsOnAFreshHandleAfterDestroyFailWithEnoent() throws Exception {
        OsdObject o = createRegular(pattern(5000, 5));
        tx().destroy(o).run();
        OsdObject fresh = find(o.fid());
        assertEachErrno(Errno.ENOENT, objectOperations(fresh));
        assertEachErrno(Errno.ENOENT, bodyOperations(fresh));
    }

    /** "other than ... exists() and indexTry": both work on a missing object. */
    @Test
    void existsFileTypeAndIndexTryWorkOnAMissingObject() throws Exception {
        OsdObject o = newObject();
        assertThat(o.exists()).isFalse();
        assertThat(o.fileType()).isZero();
        DirectoryIndex index = dir(o);
        assertThat(index).isNotNull();
        assertErrno(Errno.ENOENT, () -> index.lookup("x"));
    }

    private Map<String, ThrowingCallable> objectOperations(OsdObject o) {
        Map<String, ThrowingCallable> ops = new LinkedHashMap<>();
        ops.put("attrGet", () -> o.attrGet());
        ops.put("attrSet", () -> tx().attrSet(o, new LuAttr().uid(1)).run());
        ops.put("destroy", () -> tx().destroy(o).run());
        ops.put("refAdd", () -> tx().refAdd(o).run());
        ops.put("refDel", () -> tx().refDel(o).run());
        ops.put("xattrGet", () -> o.xattrGet("user.x", MemorySegment.NULL));
        ops.put("xattrGetOrNull", () -> o.xattrGetOrNull("user.x"));
        ops.put("xattrSet", () -> tx().xattrSet(o, "user.x", utf8("v"), XattrMode.SET).run());
        ops.put("xattrDel", () -> tx().xattrDel(o, "user.x").run());
        ops.put("xattrList", () -> o.xattrList(MemorySegment.NULL));
        ops.put("sync", () -> o.sync(0, Osd.OBJECT_EOF));
        return ops;
    }

    private Map<String, ThrowingCallable> bodyOperations(OsdObject o) {
        Map<String, ThrowingCallable> ops = new LinkedHashMap<>();
        ops.put("read", () -> o.body().read(0, MemorySegment.ofArray(new byte[10])));
        ops.put("readRecord", () -> o.body().readRecord(0, MemorySegment.ofArray(new byte[10])));
        ops.put("write", () -> tx().write(o, 0, pattern(10, 1)).run());
        ops.put("writeRecord", () -> tx().step(th -> o.body().declareWrite(0, 4, th),
                th -> o.body().writeRecord(0, MemorySegment.ofArray(new byte[4]), th)).run());
        ops.put("punch", () -> tx().punch(o, 0, Osd.OBJECT_EOF).run());
        ops.put("seek", () -> o.body().seek(0, SeekWhence.DATA));
        ops.put("bufsGet READ", () -> o.body().bufsGet(0, 4096, BufsType.READ));
        ops.put("bufsGet WRITE", () -> o.body().bufsGet(0, 4096, BufsType.WRITE));
        return ops;
    }

    // ---- links ----

    /** refAdd / refDel move nlink by one ({@code do_ref_add} / {@code do_ref_del}). */
    @Test
    void refAddAndRefDelCountLinks() throws Exception {
        OsdObject o = createRegular();
        tx().refAdd(o).run();
        assertThat(o.attrGet().nlink()).isEqualTo(2);
        tx().refAdd(o).refAdd(o).run();
        assertThat(o.attrGet().nlink()).isEqualTo(4);
        tx().refDel(o).run();
        assertThat(o.attrGet().nlink()).isEqualTo(3);
        tx().refDel(o).refDel(o).refDel(o).run();
        assertThat(o.attrGet().nlink()).isZero();
        assertThat(o.exists()).as("nlink 0 does not destroy").isTrue();
    }

    /** refDel: "at 0 it stays 0" (osd-ldiskfs: "maybe an upgraded file?"). */
    @Test
    void refDelAtZeroStaysZero() throws Exception {
        OsdObject o = createRegular();
        tx().refDel(o).run();
        tx().refDel(o).run();
        assertThat(o.attrGet().nlink()).isZero();
        tx().refAdd(o).run();
        assertThat(o.attrGet().nlink()).isEqualTo(1);
    }

    /** refAdd: "EMLINK at maxNlink()"; the count is unchanged. */
    @Test
    void refAddAtMaxNlinkFailsWithEmlink() throws Exception {
        int max = device.conf().maxNlink();
        OsdObject o = createRegular();
        tx().attrSet(o, new LuAttr().nlink(max - 1)).run();
        tx().refAdd(o).run();
        assertThat(o.attrGet().nlink()).isEqualTo(max);
        assertErrno(Errno.EMLINK, () -> tx().refAdd(o).run());
        assertThat(o.attrGet().nlink()).isEqualTo(max);
    }

    // ---- dt locks ----

    /** readLock is shared: two threads hold it at once ({@code dt_read_lock}). */
    @Test
    void readLocksAreShared() throws Exception {
        OsdObject o = createRegular();
        CountDownLatch bothHolding = new CountDownLatch(2);
        Future<Boolean> other = pool(1).submit(() -> {
            try (OsdObject h = device.find(o.fid())) {
                h.readLock(ObjectRole.SRC_CHILD);
                try {
                    bothHolding.countDown();
                    return bothHolding.await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                } finally {
                    h.readUnlock();
                }
            }
        });
        o.readLock(ObjectRole.SRC_CHILD);
        boolean mine;
        try {
            bothHolding.countDown();
            mine = bothHolding.await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } finally {
            o.readUnlock();
        }
        assertThat(mine).as("both readers held the lock together").isTrue();
        assertThat(await(other)).isTrue();
    }

    /** writeLock is exclusive: a reader in another thread waits until it is released. */
    @Test
    void writeLockBlocksAReaderInAnotherThread() throws Exception {
        assertLockExcludes(false);
    }

    /** writeLock is exclusive: a second writer waits until it is released. */
    @Test
    void writeLockBlocksAnotherWriter() throws Exception {
        assertLockExcludes(true);
    }

    private void assertLockExcludes(boolean otherWrites) throws Exception {
        OsdObject o = createRegular();
        CountDownLatch acquired = new CountDownLatch(1);
        o.writeLock(ObjectRole.TGT_CHILD);
        boolean locked = true;
        try {
            Future<Void> other = pool(1).submit(() -> {
                try (OsdObject h = device.find(o.fid())) {
                    if (otherWrites) {
                        h.writeLock(ObjectRole.TGT_CHILD);
                        acquired.countDown();
                        h.writeUnlock();
                    } else {
                        h.readLock(ObjectRole.TGT_CHILD);
                        acquired.countDown();
                        h.readUnlock();
                    }
                }
                return null;
            });
            assertThat(acquired.await(LOCK_WAIT_MS, TimeUnit.MILLISECONDS)).as("acquired while write-locked")
                    .isFalse();
            o.writeUnlock();
            locked = false;
            assertThat(acquired.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)).as("acquired after unlock").isTrue();
            await(other);
        } finally {
            if (locked) {
                o.writeUnlock();
            }
        }
    }

    /** isWriteLocked: "whether the current thread holds the exclusive lock". */
    @Test
    void isWriteLockedOnlyForTheHolder() throws Exception {
        OsdObject o = createRegular();
        assertThat(o.isWriteLocked()).isFalse();
        o.readLock(ObjectRole.SRC_CHILD);
        assertThat(o.isWriteLocked()).as("under a read lock").isFalse();
        o.readUnlock();
        o.writeLock(ObjectRole.SRC_CHILD);
        try {
            assertThat(o.isWriteLocked()).isTrue();
            Future<Boolean> other = pool(1).submit(() -> {
                try (OsdObject h = device.find(o.fid())) {
                    return h.isWriteLocked();
                }
            });
            assertThat(await(other)).as("seen from another thread").isFalse();
        } finally {
            o.writeUnlock();
        }
        assertThat(o.isWriteLocked()).isFalse();
    }

    /** The lock belongs to the object, not the handle: two handles of one FID share it. */
    @Test
    void handlesOfOneObjectShareItsLock() throws Exception {
        OsdObject o = createRegular();
        OsdObject same = find(o.fid());
        same.writeLock(ObjectRole.LASTID);
        try {
            assertThat(o.isWriteLocked()).isTrue();
        } finally {
            same.writeUnlock();
        }
        assertThat(o.isWriteLocked()).isFalse();
    }
}
