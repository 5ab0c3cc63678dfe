package org.jlustre.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;
import org.jlustre.common.Nid;
import org.jlustre.mgs.Mgs;
import org.jlustre.osd.OsdDevice;
import org.jlustre.osd.mem.MemOsdConfig;
import org.jlustre.osd.mem.OsdMem;
import org.jlustre.testdata.TestData;
import org.jlustre.testing.Nodes;
import org.jlustre.wire.mgs.LddFlags;
import org.jlustre.wire.mgs.LustreDiskData;
import org.junit.jupiter.api.Test;

/**
 * Mount data as Lustre keeps it: read from a real 2.9 OST's {@code CONFIGS/mountdata}, written
 * to a target's own OSD at format and after registration, and read back by a later mount.
 */
class MountDataTest {

    private static byte[] real(String disk) throws Exception {
        return Files.readAllBytes(TestData.lustreReal(disk + "/CONFIGS_mountdata"));
    }

    @Test
    void aReal29OstMountDataReadsAsOurs() throws Exception {
        MountData md = MountData.fromDisk(LustreDiskData.decode(MemorySegment.ofArray(real("disk2_9-ldiskfs-ost"))));
        assertThat(md.type()).isEqualTo(TargetType.OST);
        assertThat(md.fsname()).isEqualTo("t32fs");
        assertThat(md.index()).isZero();
        assertThat(md.mgsNodes()).containsExactly(Nid.parse("10.2.2.59@tcp"));
        assertThat(md.params()).isEqualTo("sys.timeout=20 failover.node=1.2.3.4@tcp,4.3.2.1@tcp");
        assertThat(md.virgin()).isTrue();
        assertThat(md.svname()).isEqualTo("t32fs:OST0000");

    }

    @Test
    void aReal29CombinedMgsMdtReadsAsAnMdtThatRunsTheMgs() throws Exception {
        MountData md = MountData.fromDisk(LustreDiskData.decode(MemorySegment.ofArray(real("disk2_9-ldiskfs-mdt"))));
        assertThat(md.type()).isEqualTo(TargetType.MDT);
        assertThat(md.mgs()).isTrue();
        assertThat(md.flags()).isEqualTo(LddFlags.SV_TYPE_MGS | LddFlags.SV_TYPE_MDT | LddFlags.VIRGIN);
        assertThat(md.mgsNodes()).isEmpty();
        assertThat(md.index()).isZero();
        assertThat(md.svname()).isEqualTo("t32fs:MDT0000");
        assertThat(md.deviceName()).isEqualTo("t32fs-MDT0000");
    }

    @Test
    void aCombinedMgsMdtRoundTripsAndOnlyAnMdtMayCarryTheMgs() throws Exception {
        MountData md = MountData.formatCombined("lustre", -1, "sys.timeout=20");
        assertThat(md.index()).as("mkfs.lustre's default MDT index").isZero();
        LustreDiskData ldd = md.toDisk();
        assertThat(ldd.svname()).isEqualTo("lustre:MDT0000");
        assertThat(ldd.flags() & LddFlags.SV_TYPE_MASK).isEqualTo(LddFlags.SV_TYPE_MGS | LddFlags.SV_TYPE_MDT);
        assertThat(ldd.params()).as("no mgsnode: its MGS is local").isEqualTo("sys.timeout=20");
        assertThat(MountData.fromDisk(LustreDiskData.decode(MemorySegment.ofArray(ldd.encode())))).isEqualTo(md);
        assertThat(MountData.format("lustre", TargetType.MDT, 0, List.of(Nid.parse("10.0.0.1@tcp")), "").mgs())
                .isFalse();
        assertThat(MountData.format("lustre", TargetType.MGT, 0, List.of(), "").mgs()).isFalse();

        LustreDiskData ostWithMgs = new LustreDiskData(0, 0, 0, 1, LddFlags.SV_TYPE_MGS | LddFlags.SV_TYPE_OST, 0,
                LustreDiskData.MT_MEM, "lustre", "lustre:OST0000", "", "", "");
        assertThatThrownBy(() -> MountData.fromDisk(ostWithMgs)).isInstanceOf(LustreException.class)
                .hasMessageContaining("lustre:OST0000: an MGS shares its device with an MDT only, not with an OST")
                .satisfies(e -> assertThat(((LustreException) e).errno()).isEqualTo(Errno.EINVAL));
    }

    @Test
    void roundTripThroughTheDiskLayout() throws Exception {
        MountData md = MountData.format("lustre", TargetType.OST, -1, List.of(Nid.parse("10.0.0.1@tcp"),
                Nid.parse("10.0.0.2@tcp")), "sys.timeout=30");
        LustreDiskData ldd = md.toDisk();
        assertThat(ldd.svname()).isEqualTo("lustre:OSTffff");
        assertThat(ldd.mountType()).isEqualTo(LustreDiskData.MT_MEM);
        assertThat(ldd.params()).isEqualTo("mgsnode=10.0.0.1@tcp,10.0.0.2@tcp sys.timeout=30");
        assertThat(MountData.fromDisk(LustreDiskData.decode(MemorySegment.ofArray(ldd.encode())))).isEqualTo(md);
        MountData registered = md.registered(3, LddFlags.SV_TYPE_OST);
        assertThat(registered.svname()).isEqualTo("lustre-OST0003");
        assertThat(registered.writeconf().svname()).isEqualTo("lustre=OST0003");
    }

    @Test
    void aTargetRemountsFromItsOwnDisk() throws Exception {
        try (Cluster c = new Cluster(Nodes.Driver.MEM)) {
            ServerNode mgsNode = c.node();
            OsdDevice mgtDisk = OsdMem.create(MemOsdConfig.defaults("mgt").withLibcfs(mgsNode.libcfs()));
            Mgs mgs = mgsNode.start(MountData.format("lustre", TargetType.MGT, 0, List.of(), ""), mgtDisk).mgs();
            List<Nid> nids = List.of(Cluster.nid(mgsNode));
            ServerNode oss = c.node();
            OsdDevice disk = OsdMem.create(MemOsdConfig.defaults("ost").withLibcfs(oss.libcfs()));
            ServerTarget ost = oss.start(MountData.format("lustre", TargetType.OST, -1, nids, "sys.timeout=30"), disk);
            ServerTarget again;
            try {
                MountData onDisk = ServerTarget.readMountData(disk);
                assertThat(onDisk.index()).isZero();
                assertThat(onDisk.virgin()).isFalse();
                assertThat(onDisk.flags() & (LddFlags.UPDATE | LddFlags.NEED_INDEX)).isZero();
                assertThat(onDisk.svname()).isEqualTo("lustre-OST0000");
                int records = records(mgs, "lustre-OST0000");
                ost.stop();

                again = oss.mount(disk);
                assertThat(again.name()).isEqualTo("lustre-OST0000");
                assertThat(again.devices()).containsExactly("lustre-OST0000");
                assertThat(records(mgs, "lustre-OST0000")).as("a startup ping writes nothing").isEqualTo(records);
                again.stop();

                // the MGS remounts from its disk too, and still knows the OST
                mgsNode.targets().getFirst().stop();
                Mgs mgs2 = mgsNode.mount(mgtDisk).mgs();
                assertThat(mgs2.listLogs()).contains("lustre-OST0000", "lustre-client");
                ServerTarget third = oss.mount(disk);
                assertThat(third.mountData().index()).isZero();
                third.stop();
            } finally {
                disk.close();
            }
            OsdDevice blank = OsdMem.create(MemOsdConfig.defaults("blank").withLibcfs(oss.libcfs()));
            assertThatThrownBy(() -> oss.mount(blank)).isInstanceOf(LustreException.class)
                    .hasMessageContaining("not a formatted target")
                    .satisfies(e -> assertThat(((LustreException) e).errno()).isEqualTo(Errno.ENOENT));
            blank.close();
            mgsNode.close();
            mgtDisk.close();
        }
    }

    private static int records(Mgs mgs, String log) throws Exception {
        try (var h = mgs.context().open(log, org.jlustre.llog.Llog.OpenMode.EXISTS)) {
            h.init(org.jlustre.wire.llog.LlogFlags.IS_PLAIN, null);
            return h.count();
        }
    }
}
