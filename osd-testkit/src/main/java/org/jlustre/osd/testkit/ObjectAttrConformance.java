package org.jlustre.osd.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.jlustre.common.FileMode;
import org.jlustre.osd.LuAttr;
import org.jlustre.osd.ObjectFormat;
import org.jlustre.osd.OsdObject;
import org.junit.jupiter.api.Test;

/** Attributes ({@link OsdObject#attrGet}, {@link OsdObject#attrSet}; {@code struct lu_attr}, reference 2.14). */
public abstract class ObjectAttrConformance extends OsdTestCase {

    /** attrGet: "all of LA_ALL" for every object. */
    @Test
    void attrGetReportsEveryStoredField() throws Exception {
        LuAttr a = createRegular().attrGet();
        assertThat(a.valid() & LuAttr.LA_ALL).as("valid %s", a).isEqualTo(LuAttr.LA_ALL);
    }

    /** attrGet: "and LA_DIRENT_CNT for directories" ("." and ".." included). */
    @Test
    void attrGetOfADirectoryReportsTheEntryCount() throws Exception {
        OsdObject d = createDir();
        LuAttr a = d.attrGet();
        assertThat(a.has(LuAttr.LA_DIRENT_CNT)).isTrue();
        assertThat(a.direntCount()).isEqualTo(2);
        tx().insert(dir(d), "x", newFid(), FileMode.S_IFREG).run();
        assertThat(d.attrGet().direntCount()).isEqualTo(3);
    }

    /** attrGet(out) fills the caller's LuAttr; the convenience form answers the same. */
    @Test
    void attrGetFillsTheCallersAttr() throws Exception {
        OsdObject o = createRegular();
        tx().attrSet(o, new LuAttr().uid(77)).run();
        LuAttr out = new LuAttr();
        o.attrGet(out);
        assertThat(out.uid()).isEqualTo(77);
        assertThat(out.mode()).isEqualTo(REG_MODE);
        assertThat(out.valid() & LuAttr.LA_ALL).isEqualTo(o.attrGet().valid() & LuAttr.LA_ALL);
    }

    /** Every stored field round-trips through attrSet/attrGet (osd-api "all LA_* fields persisted"). */
    @Test
    void everyFieldRoundTrips() throws Exception {
        OsdObject o = createRegular();
        LuAttr set = new LuAttr().mode(0751).uid(1001).gid(2002).projid(3003).flags(0x4000_0010).nlink(7)
                .rdev(0x0801).layoutVersion(9).atime(1_600_000_001L).mtime(1_600_000_002L)
                .ctime(1_600_000_003L).btime(1_600_000_004L);
        tx().attrSet(o, set).run();
        LuAttr a = o.attrGet();
        assertThat(a.mode()).isEqualTo(FileMode.S_IFREG | 0751);
        assertThat(a.uid()).isEqualTo(1001);
        assertThat(a.gid()).isEqualTo(2002);
        assertThat(a.projid()).isEqualTo(3003);
        assertThat(a.flags()).isEqualTo(0x4000_0010);
        assertThat(a.nlink()).isEqualTo(7);
        assertThat(a.rdev()).isEqualTo(0x0801);
        assertThat(a.layoutVersion()).isEqualTo(9);
        assertThat(a.atime()).isEqualTo(1_600_000_001L);
        assertThat(a.mtime()).isEqualTo(1_600_000_002L);
        assertThat(a.ctime()).isEqualTo(1_600_000_003L);
        assertThat(a.btime()).isEqualTo(1_600_000_004L);
    }

    /** LA_BLKSIZE is in LA_ALL and not among the ignored OSD-owned fields, so it round-trips. */
    @Test
    void blockSizeRoundTrips() throws Exception {
        OsdObject o = createRegular();
        tx().attrSet(o, new LuAttr().blksize(1 << 20)).run();
        assertThat(o.attrGet().blksize()).isEqualTo(1 << 20);
    }

    /** attrSet: "Changes the attributes whose bits are valid": nothing else moves. */
    @Test
    void attrSetChangesOnlyValidFields() throws Exception {
        OsdObject o = newObject();
        tx().create(o, regAttr().uid(1).gid(2).projid(3).mtime(100).atime(101).ctime(102), ObjectFormat.REGULAR)
                .run();
        LuAttr half = new LuAttr().uid(10).gid(20).projid(30).mtime(200);
        half.valid(LuAttr.LA_UID | LuAttr.LA_MTIME); // gid and projid carry values but are not valid
        tx().attrSet(o, half).run();
        LuAttr a = o.attrGet();
        assertThat(a.uid()).isEqualTo(10);
        assertThat(a.mtime()).isEqualTo(200);
        assertThat(a.gid()).isEqualTo(2);
        assertThat(a.projid()).isEqualTo(3);
        assertThat(a.atime()).isEqualTo(101);
        assertThat(a.ctime()).isEqualTo(102);
        assertThat(a.mode()).isEqualTo(REG_MODE);
    }

    /** uid, gid and projid are unsigned 32-bit values: the top ids round-trip. */
    @Test
    void idsAreUnsigned32Bit() throws Exception {
        OsdObject o = createRegular();
        tx().attrSet(o, new LuAttr().uid(0xfffffffe).gid(0xfffffffd).projid(0x80000000)).run();
        LuAttr a = o.attrGet();
        assertThat(Integer.toUnsignedLong(a.uid())).isEqualTo(0xfffffffeL);
        assertThat(Integer.toUnsignedLong(a.gid())).isEqualTo(0xfffffffdL);
        assertThat(Integer.toUnsignedLong(a.projid())).isEqualTo(0x80000000L);
    }

    /** Times are 64-bit seconds ({@code s64 la_*time}): dates past 2038 and 2106 round-trip. */
    @Test
    void timesAre64Bit() throws Exception {
        OsdObject o = createRegular();
        long y2200 = 7_258_118_400L;
        tx().attrSet(o, new LuAttr().atime(y2200).mtime(y2200 + 1).ctime(y2200 + 2).btime(y2200 + 3)).run();
        LuAttr a = o.attrGet();
        assertThat(a.atime()).isEqualTo(y2200);
        assertThat(a.mtime()).isEqualTo(y2200 + 1);
        assertThat(a.ctime()).isEqualTo(y2200 + 2);
        assertThat(a.btime()).isEqualTo(y2200 + 3);
    }

    /** attrSet: "The type bits of the mode never change", even when the new mode carries others. */
    @Test
    void modeSetNeverChangesTheType() throws Exception {
        OsdObject o = createRegular();
        tx().attrSet(o, new LuAttr().mode(FileMode.S_IFDIR | 0700)).run();
        assertThat(o.attrGet().mode()).isEqualTo(FileMode.S_IFREG | 0700);
        assertThat(o.fileType()).isEqualTo(FileMode.S_IFREG);
        OsdObject d = createDir();
        tx().attrSet(d, new LuAttr().mode(FileMode.S_IFREG | 0711)).run();
        assertThat(d.attrGet().mode()).isEqualTo(FileMode.S_IFDIR | 0711);
        assertThat(d.fileType()).isEqualTo(FileMode.S_IFDIR);
    }

    /** A permission-only mode (no type bits) keeps the type and replaces the permissions. */
    @Test
    void permissionOnlyModeKeepsTheType() throws Exception {
        OsdObject o = createRegular();
        tx().attrSet(o, new LuAttr().mode(FileMode.S_ISVTX | 0600)).run();
        assertThat(o.attrGet().mode()).isEqualTo(FileMode.S_IFREG | FileMode.S_ISVTX | 0600);
    }

    /** "LA_KILL_SUID ... clear those bits": set-user-id goes, set-group-id stays. */
    @Test
    void killSuidClearsSetUserId() throws Exception {
        OsdObject o = setIdFile();
        tx().attrSet(o, new LuAttr().valid(LuAttr.LA_KILL_SUID)).run();
        assertThat(o.attrGet().mode()).isEqualTo(FileMode.S_IFREG | FileMode.S_ISGID | 0755);
    }

    /** "LA_KILL_SGID ... clear those bits": set-group-id goes, set-user-id stays. */
    @Test
    void killSgidClearsSetGroupId() throws Exception {
        OsdObject o = setIdFile();
        tx().attrSet(o, new LuAttr().valid(LuAttr.LA_KILL_SGID)).run();
        assertThat(o.attrGet().mode()).isEqualTo(FileMode.S_IFREG | FileMode.S_ISUID | 0755);
    }

    /** Both kill bits at once, with a uid change as a chown does. */
    @Test
    void killBothWithAChown() throws Exception {
        OsdObject o = setIdFile();
        tx().attrSet(o, new LuAttr().uid(9).valid(LuAttr.LA_UID | LuAttr.LA_KILL_SUID | LuAttr.LA_KILL_SGID)).run();
        LuAttr a = o.attrGet();
        assertThat(a.mode()).isEqualTo(FileMode.S_IFREG | 0755);
        assertThat(a.uid()).isEqualTo(9);
    }

    private OsdObject setIdFile() throws Exception {
        OsdObject o = newObject();
        tx().create(o, new LuAttr().mode(FileMode.S_IFREG | FileMode.S_ISUID | FileMode.S_ISGID | 0755),
                ObjectFormat.REGULAR).run();
        return o;
    }

    /** attrSet: "a smaller LA_SIZE frees the data past it": the tail reads as zeros after growing back. */
    @Test
    void sizeShrinkFreesTheTail() throws Exception {
        byte[] data = pattern(10_000, 1);
        OsdObject o = createRegular(data);
        tx().attrSet(o, new LuAttr().size(3000)).run();
        assertThat(size(o)).isEqualTo(3000);
        assertThat(readAll(o)).isEqualTo(java.util.Arrays.copyOf(data, 3000));
        tx().attrSet(o, new LuAttr().size(10_000)).run();
        byte[] expected = java.util.Arrays.copyOf(data, 10_000);
        java.util.Arrays.fill(expected, 3000, 10_000, (byte) 0);
        assertThat(readAll(o)).isEqualTo(expected);
    }

    /** attrSet: "a larger one extends with a hole". */
    @Test
    void sizeGrowExtendsWithAHole() throws Exception {
        byte[] data = pattern(100, 2);
        OsdObject o = createRegular(data);
        tx().attrSet(o, new LuAttr().size(1 << 20)).run();
        assertThat(size(o)).isEqualTo(1 << 20);
        byte[] all = readAll(o);
        assertThat(all).hasSize(1 << 20);
        assertThat(java.util.Arrays.copyOf(all, 100)).isEqualTo(data);
        assertThat(java.util.Arrays.copyOfRange(all, 100, 1 << 20)).containsOnly(0);
    }

    /** attrSet: "LA_BLOCKS, LA_LSIZE and LA_LBLOCKS are the OSD's own and ignored". */
    @Test
    void osdOwnedFieldsAreIgnored() throws Exception {
        OsdObject o = createRegular(pattern(5000, 3));
        LuAttr before = o.attrGet();
        tx().attrSet(o, new LuAttr().blocks(before.blocks() + 12_345)).run();
        tx().attrSet(o, new LuAttr().size(1).blocks(1).valid(LuAttr.LA_LSIZE | LuAttr.LA_LBLOCKS)).run();
        LuAttr after = o.attrGet();
        assertThat(after.size()).isEqualTo(5000);
        assertThat(after.blocks()).isEqualTo(before.blocks());
    }

    /** A device node keeps its rdev from create ({@code mknod}). */
    @Test
    void nodeKeepsItsDeviceNumber() throws Exception {
        OsdObject o = newObject();
        tx().create(o, new LuAttr().mode(FileMode.S_IFBLK | 0660).rdev(0x0812), ObjectFormat.NODE).run();
        assertThat(o.attrGet().rdev()).isEqualTo(0x0812);
        assertThat(o.fileType()).isEqualTo(FileMode.S_IFBLK);
    }

    /** attrGet: "blocks count the allocated space in 512-byte units": they cover the data written. */
    @Test
    void blocksCoverTheData() throws Exception {
        OsdObject o = createRegular();
        long empty = o.attrGet().blocks();
        tx().write(o, 0, pattern(1 << 20, 4)).run();
        long full = o.attrGet().blocks();
        assertThat(full).isGreaterThan(empty);
        assertThat(full * 512).isGreaterThanOrEqualTo(1 << 20);
    }

    /** Attribute changes of a directory leave its entries alone. */
    @Test
    void attrSetOfADirectoryKeepsItsEntries() throws Exception {
        OsdObject d = createDir();
        tx().insert(dir(d), "kept", newFid(), FileMode.S_IFREG).run();
        tx().attrSet(d, new LuAttr().mode(0700).uid(5).mtime(12345)).run();
        assertThat(dir(d).lookup("kept")).isPresent();
        assertThat(d.attrGet().mode()).isEqualTo(FileMode.S_IFDIR | 0700);
    }
}
