package org.jlustre.osd.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jlustre.osd.testkit.KitAssertions.assertErrno;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import org.jlustre.common.Errno;
import org.jlustre.common.Fid;
import org.jlustre.common.FileMode;
import org.jlustre.common.Libcfs;
import org.jlustre.common.LustreException;
import org.jlustre.osd.AllocationHint;
import org.jlustre.osd.DeviceParams;
import org.jlustre.osd.DirectoryIndex;
import org.jlustre.osd.IndexFeatures;
import org.jlustre.osd.KeyValueIndex;
import org.jlustre.osd.LuAttr;
import org.jlustre.osd.ObjectFormat;
import org.jlustre.osd.Osd;
import org.jlustre.osd.OsdCapabilities;
import org.jlustre.osd.OsdDevice;
import org.jlustre.osd.OsdObject;
import org.jlustre.osd.OsdType;
import org.jlustre.osd.Transaction;
import org.jlustre.osd.XattrMode;
import org.jlustre.wire.ObdStatfs;
import org.junit.jupiter.api.Test;

/** The device surface ({@link OsdDevice}): root, find, statfs, conf, sync, read-only, purge. */
public abstract class DeviceConformance extends OsdTestCase {

    /** "rootFid(): Osd.ROOT_FID on every OSD" ({@code dt_root_get}, [0x200000001:0xd:0x0]). */
    @Test
    void rootFidIsTheOsdRoot() {
        assertThat(device.rootFid()).isEqualTo(Osd.ROOT_FID);
        assertThat(device.rootFid()).isEqualTo(new Fid(Fid.SEQ_LOCAL_FILE, Osd.OSD_FS_ROOT_OID, 0));
    }

    /** "Every OSD provides the root directory from the start." */
    @Test
    void rootExistsAndIsADirectory() throws Exception {
        OsdObject root = find(device.rootFid());
        assertThat(root.exists()).isTrue();
        assertThat(root.fileType()).isEqualTo(FileMode.S_IFDIR);
        assertThat(FileMode.type(root.attrGet().mode())).isEqualTo(FileMode.S_IFDIR);
        assertThat(root.fid()).isEqualTo(Osd.ROOT_FID);
    }

    /** The root is a directory index whose "." and ".." are the root itself. */
    @Test
    void rootIsItsOwnParent() throws Exception {
        DirectoryIndex root = dir(find(device.rootFid()));
        assertThat(root.lookupFid(".")).isEqualTo(Osd.ROOT_FID);
        assertThat(root.lookupFid("..")).isEqualTo(Osd.ROOT_FID);
    }

    /** "find: EINVAL for the zero FID" ({@code lu_object_find_at}). */
    @Test
    void findOfTheZeroFidFailsWithEinval() {
        assertErrno(Errno.EINVAL, () -> device.find(Fid.ZERO).close());
    }

    /** "The object need not exist": find hands out a non-existing object of that FID. */
    @Test
    void findOfAnUnknownFidGivesANonExistingObject() throws Exception {
        Fid fid = newFid();
        OsdObject o = find(fid);
        assertThat(o.exists()).isFalse();
        assertThat(o.fileType()).isZero();
        assertThat(o.fid()).isEqualTo(fid);
        assertThat(o.device()).isSameAs(device);
    }

    /**
     * "objectFids(): every object that exists, in FID order": created objects appear (named or
     * not), destroyed ones go, the root is there, and none is listed twice.
     */
    @Test
    void objectFidsListsEveryExistingObjectInFidOrder() throws Exception {
        OsdObject a = createRegular();
        OsdObject b = createDir();
        OsdObject gone = createRegular();
        tx().destroy(gone).run();
        List<Fid> fids = device.objectFids();
        assertThat(fids).contains(device.rootFid(), a.fid(), b.fid()).doesNotContain(gone.fid());
        assertThat(fids).doesNotHaveDuplicates().isSorted();
        for (Fid f : fids) {
            try (OsdObject o = device.find(f)) {
                assertThat(o.exists()).as("%s listed and existing", f).isTrue();
            }
        }
    }

    /** "objectFids(): every object that exists": one created in a transaction still open exists, so it is listed. */
    @Test
    void objectFidsListsAnObjectCreatedInAnOpenTransaction() throws Exception {
        Fid fid = newFid();
        try (OsdObject o = device.find(fid); Transaction th = device.transCreate()) {
            LuAttr attr = new LuAttr().mode(FileMode.S_IFREG | 0644);
            o.declareCreate(attr, AllocationHint.NONE, ObjectFormat.REGULAR, th);
            th.start();
            o.create(attr, AllocationHint.NONE, ObjectFormat.REGULAR, th);
            assertThat(o.exists()).isTrue();
            assertThat(device.objectFids()).contains(fid);
        }
        assertThat(device.objectFids()).contains(fid);
    }

    /** statfs: counts are consistent (free within total, available within free). */
    @Test
    void statfsCountsAreConsistent() throws Exception {
        ObdStatfs s = device.statfs();
        assertThat(s.bsize()).as("bsize").isPositive();
        assertThat(Integer.bitCount(s.bsize())).as("bsize %d is a power of two", s.bsize()).isEqualTo(1);
        assertThat(s.blocks()).as("blocks").isPositive();
        assertThat(s.bfree()).as("bfree").isBetween(0L, s.blocks());
        assertThat(s.bavail()).as("bavail").isBetween(0L, s.bfree());
        assertThat(s.files()).as("files").isPositive();
        assertThat(s.ffree()).as("ffree").isBetween(0L, s.files());
    }

    /** statfs namelen is the device's longest name ({@code os_namelen} = {@code ddp_max_name_len}). */
    @Test
    void statfsNamelenIsMaxNameLen() throws Exception {
        assertThat(device.statfs().namelen()).isEqualTo(device.conf().maxNameLen());
    }

    /** statfs maxbytes is the device's largest file ({@code os_maxbytes} = {@code ddp_maxbytes}). */
    @Test
    void statfsMaxbytesIsConfMaxBytes() throws Exception {
        assertThat(device.statfs().maxbytes()).isEqualTo(device.conf().maxBytes());
    }

    /** With space accounting, statfs reports no more than the device was made with. */
    @Test
    void statfsStaysWithinTheSpec() throws Exception {
        assumeTrue(device.capabilities().spaceAccounting(), "spaceAccounting");
        ObdStatfs s = device.statfs();
        assertThat(s.blocks() * s.bsize()).isLessThanOrEqualTo(DeviceSpec.STANDARD_CAPACITY);
        assertThat(s.files()).isLessThanOrEqualTo(DeviceSpec.STANDARD_INODES);
    }

    /** conf(): static limits are plausible ({@code struct dt_device_param}). */
    @Test
    void confLimitsArePlausible() {
        DeviceParams p = device.conf();
        assertThat(p.maxNameLen()).as("maxNameLen").isPositive();
        assertThat(p.maxNlink()).as("maxNlink").isGreaterThan(1);
        assertThat(p.symlinkMax()).as("symlinkMax").isPositive();
        assertThat(p.maxEaSize()).as("maxEaSize").isPositive();
        assertThat(p.maxBytes()).as("maxBytes").isPositive();
        assertThat(p.brwSize()).as("brwSize").isPositive();
        assertThat(p.inodeSpace()).as("inodeSpace").isNotNegative();
        assertThat(p.extentTax()).as("extentTax").isNotNegative();
        assertThat(p.maxExtentBlocks()).as("maxExtentBlocks").isNotNegative();
    }

    /** conf() is static: every call answers the same limits. */
    @Test
    void confIsStable() {
        assertThat(device.conf()).isEqualTo(device.conf());
    }

    /** {@code ddp_has_lseek_data_hole} and the capability say the same. */
    @Test
    void confLseekAgreesWithCapabilities() {
        assertThat(device.conf().hasLseekDataHole()).isEqualTo(device.capabilities().lseekDataHole());
    }

    /** Capabilities are a fixed declaration. */
    @Test
    void capabilitiesAreStable() {
        OsdCapabilities c = device.capabilities();
        assertThat(c).isNotNull().isEqualTo(device.capabilities());
    }

    /** quotaAccounting: "the ACCT_*_OID usage indexes exist"; without it, ACCOUNTING is EOPNOTSUPP. */
    @Test
    void quotaAccountingCapabilityMatchesTheAcctObjects() throws Exception {
        for (Fid acct : new Fid[] {Osd.ACCT_USER_FID, Osd.ACCT_GROUP_FID, Osd.ACCT_PROJECT_FID}) {
            OsdObject o = find(acct);
            if (device.capabilities().quotaAccounting()) {
                assertThat(o.exists()).as("%s exists", acct).isTrue();
                KeyValueIndex index = o.indexTry(IndexFeatures.ACCOUNTING);
                assertThat(index.keySize()).isEqualTo(8);
                assertThat(index.recSize()).isEqualTo(16);
            } else {
                assertErrno(Errno.EOPNOTSUPP, () -> o.indexTry(IndexFeatures.ACCOUNTING));
            }
        }
    }

    /** objectTable: "EOPNOTSUPP when the OSD has no object-table iterator". */
    @Test
    void objectTableCapabilityMatchesIndexTry() throws Exception {
        OsdObject o = find(Fid.localFile(Osd.OTABLE_IT_OID));
        if (device.capabilities().objectTable()) {
            assertThat(o.indexTry(IndexFeatures.OBJECT_TABLE)).isNotNull();
        } else {
            assertErrno(Errno.EOPNOTSUPP, () -> o.indexTry(IndexFeatures.OBJECT_TABLE));
        }
    }

    /** name() and type() identify the device. */
    @Test
    void nameAndTypeAreNotEmpty() {
        assertThat(device.name()).isNotBlank();
        assertThat(device.type()).isNotBlank();
    }

    /**
     * "A server finds the OSD by its type name" ({@link OsdType#find}, as a mount finds
     * {@code mt_type(ldd_mount_type)}): the type of {@code type()} formats new, empty devices of
     * that type, apart from every other device; an unknown name is ENODEV naming it.
     */
    @Test
    void theTypeIsFoundByNameAndFormatsEmptyDevices() throws Exception {
        OsdType t = OsdType.find(device.type());
        assertThat(t.name()).isEqualTo(device.type());
        Fid made = createRegular().fid();
        try (OsdDevice fresh = t.format(device.name() + "-formatted", Libcfs.create())) {
            assertThat(fresh.type()).isEqualTo(device.type());
            assertThat(fresh.name()).isEqualTo(device.name() + "-formatted");
            assertThat(fresh.rootFid()).isEqualTo(Osd.ROOT_FID);
            try (OsdObject root = fresh.find(fresh.rootFid()); OsdObject other = fresh.find(made)) {
                assertThat(root.exists()).isTrue();
                assertThat(root.fileType()).isEqualTo(FileMode.S_IFDIR);
                assertThat(other.exists()).as("an object of another device").isFalse();
            }
        }
        assertThatThrownBy(() -> OsdType.find("osd-nonesuch")).isInstanceOf(LustreException.class)
                .hasMessageContaining("osd-nonesuch").hasMessageContaining(device.type())
                .satisfies(e -> assertThat(((LustreException) e).errno()).isEqualTo(Errno.ENODEV));
    }

    /** sync() "flushes everything committed" and commitAsync() only hints: data stays. */
    @Test
    void syncAndCommitAsyncKeepData() throws Exception {
        byte[] data = pattern(10_000, 1);
        OsdObject o = createRegular(data);
        device.commitAsync();
        device.sync();
        o.sync(0, Osd.OBJECT_EOF);
        device.sync();
        assertThat(readAll(o)).isEqualTo(data);
    }

    /** A sync transaction stops after commit; the data is there and sync() afterwards is harmless. */
    @Test
    void syncTransactionThenDeviceSync() throws Exception {
        OsdObject o = newObject();
        byte[] data = pattern(100, 2);
        tx().sync().create(o, regAttr(), ObjectFormat.REGULAR).write(o, 0, data).run();
        device.sync();
        assertThat(readAll(o)).isEqualTo(data);
    }

    /** setReadOnly(): "every later transaction start fails with EROFS". */
    @Test
    void readOnlyDeviceFailsTransactionStartWithErofs() throws Exception {
        assertThat(device.isReadOnly()).isFalse();
        device.setReadOnly();
        assertThat(device.isReadOnly()).isTrue();
        OsdObject o = newObject();
        assertErrno(Errno.EROFS, () -> tx().create(o, regAttr(), ObjectFormat.REGULAR).run());
        assertThat(o.exists()).isFalse();
    }

    /** Read-only: local transactions ({@code dt_trans_start_local}) fail with EROFS too. */
    @Test
    void readOnlyDeviceFailsLocalStartsToo() throws Exception {
        device.setReadOnly();
        try (Transaction th = device.transCreate()) {
            assertErrno(Errno.EROFS, th::startLocal);
        }
    }

    /** Read-only: "reads keep working" (attributes, data, xattrs, names, iteration, statfs). */
    @Test
    void readOnlyDeviceStillServesReads() throws Exception {
        byte[] data = pattern(5000, 3);
        OsdObject file = createRegular(data);
        OsdObject d = createDir();
        tx().xattrSet(file, "user.k", utf8("v"), XattrMode.SET)
                .insert(dir(d), "file", file.fid(), FileMode.S_IFREG).run();
        device.setReadOnly();
        assertThat(readAll(file)).isEqualTo(data);
        assertThat(file.attrGet().size()).isEqualTo(5000);
        assertThat(file.xattrGet("user.k")).isEqualTo(utf8("v"));
        assertThat(dir(d).lookupFid("file")).isEqualTo(file.fid());
        assertThat(names(dir(d))).containsExactly(".", "..", "file");
        assertThat(device.statfs().blocks()).isPositive();
    }

    /** purgeCache(): "no data is lost, the next find instantiates the object afresh". */
    @Test
    void purgeCacheLosesNoData() throws Exception {
        Fid fileFid = newFid();
        Fid dirFid = newFid();
        byte[] data = pattern(70_000, 4);
        try (OsdObject file = device.find(fileFid); OsdObject d = device.find(dirFid)) {
            tx().create(file, regAttr().uid(1234).gid(5678), ObjectFormat.REGULAR).write(file, 0, data)
                    .xattrSet(file, "trusted.lma", utf8("lma"), XattrMode.CREATE)
                    .create(d, dirAttr(), ObjectFormat.DIR).insert(dir(d), "f", fileFid, FileMode.S_IFREG).run();
        }
        device.purgeCache();
        OsdObject file = find(fileFid);
        assertThat(file.exists()).isTrue();
        assertThat(readAll(file)).isEqualTo(data);
        LuAttr a = file.attrGet();
        assertThat(a.uid()).isEqualTo(1234);
        assertThat(a.gid()).isEqualTo(5678);
        assertThat(file.xattrGet("trusted.lma")).isEqualTo(utf8("lma"));
        assertThat(dir(find(dirFid)).lookupFid("f")).isEqualTo(fileFid);
    }

    /** purgeCache() drops the released objects and reports them; a second purge has nothing left. */
    @Test
    void purgeCacheCountsDroppedObjects() throws Exception {
        for (int i = 0; i < 3; i++) {
            try (OsdObject o = device.find(newFid())) {
                tx().create(o, regAttr(), ObjectFormat.REGULAR).run();
            }
        }
        assertThat(device.purgeCache()).isGreaterThanOrEqualTo(3);
        assertThat(device.purgeCache()).isZero();
    }

    /** The root survives a purge like any other object. */
    @Test
    void rootSurvivesPurge() throws Exception {
        device.purgeCache();
        OsdObject root = find(device.rootFid());
        assertThat(root.exists()).isTrue();
        assertThat(dir(root).lookupFid(".")).isEqualTo(Osd.ROOT_FID);
    }

    /** Two devices are separate stores: an object of one is unknown to the other. */
    @Test
    void devicesAreIndependent() throws Exception {
        OsdDevice other = openDevice(new DeviceSpec("kit-OST0002", 64L << 20, 10_000));
        OsdObject here = createRegular(pattern(10, 5));
        OsdObject there = find(other, here.fid());
        assertThat(there.exists()).isFalse();
        assertThat(find(other, other.rootFid()).exists()).isTrue();
    }
}
