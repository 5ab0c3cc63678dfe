package org.jlustre.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.List;
import org.jlustre.common.Nid;
import org.jlustre.llog.Llog;
import org.jlustre.llog.LlogBackup;
import org.jlustre.llog.LlogHandle;
import org.jlustre.llog.reader.LlogReader;
import org.jlustre.llog.reader.ObjectPaths;
import org.jlustre.mgs.Mgs;
import org.jlustre.testdata.TestData;
import org.jlustre.testing.Nodes;
import org.jlustre.wire.llog.LlogFlags;
import org.jlustre.wire.mgs.LustreDiskData;
import org.junit.jupiter.api.Test;

/**
 * Our MGS writes config logs that read, record by record, like the ones Lustre 2.9 wrote for
 * the {@code t32fs} upgrade image in the test-data module: the same filesystem
 * (an MGS, MDT0000 and OST0000 on one node, registered with the parameters of the image's own
 * mount data, then {@code conf_param t32fs.sys.jobid_var=procname_uid}) gives the same
 * {@code llog_reader} output, every record length and offset included, once times, the node's
 * NID and the writer's version are masked. The client and MDT logs are the MGS's; the OST log
 * is the OST's local copy, as on the real OST disk.
 *
 * <p>TCP loopback NIDs ({@code 127.0.0.1@tcp}) have the length of the image's
 * ({@code 10.2.2.59@tcp}), so buffer lengths agree. The MDT and OST are registration-only
 * targets until their layers exist (see {@link ServerTarget}).
 */
class RealConfigLogTest {

    private static Path real() {
        return TestData.lustreReal();
    }

    @Test
    void mgsWritesTheT32fsLogsAsLustre29Did() throws Exception {
        Path real = real();
        try (Cluster c = new Cluster(Nodes.Driver.TCP)) {
            ServerNode n = c.node();
            Nid nid = Cluster.nid(n);
            assertThat(nid.toString()).hasSize("10.2.2.59@tcp".length());
            // the targets' parameters are the image's own, from its mount data
            LustreDiskData mdtDisk = LustreDiskData.decode(MemorySegment.ofArray(Files.readAllBytes(
                    real.resolve("disk2_9-ldiskfs-mdt/CONFIGS_mountdata"))));
            MountData ostDisk = MountData.fromDisk(LustreDiskData.decode(MemorySegment.ofArray(Files.readAllBytes(
                    real.resolve("disk2_9-ldiskfs-ost/CONFIGS_mountdata")))));
            assertThat(mdtDisk.params().strip()).isEqualTo(
                    "sys.timeout=20 lov.stripesize=1048576 lov.stripecount=0 mdt.identity_upcall=/sbin/l_getidentity");
            ServerTarget mgt = n.start(MountData.format("t32fs", TargetType.MGT, 0, List.of(), ""));
            n.start(MountData.format("t32fs", TargetType.MDT, mdtDisk.svindex(), List.of(nid), mdtDisk.params()));
            ServerTarget ost = n.start(MountData.format("t32fs", TargetType.OST, ostDisk.index(), List.of(nid),
                    ostDisk.params()));
            Mgs mgs = mgt.mgs();
            mgs.confParam("t32fs.sys.jobid_var=procname_uid");
            Cluster.eventually(() -> {
                try (LlogHandle h = ost.localConfigs().open("t32fs-OST0000", Llog.OpenMode.EXISTS)) {
                    h.init(LlogFlags.IS_PLAIN, null);
                    assertThat(h.lastIndex()).isEqualTo(10);
                }
            });


            compare(real.resolve("disk2_9-ldiskfs-mdt/CONFIGS_t32fs-client"),
                    LlogBackup.bytes(mgs.context(), "t32fs-client"), nid);
            compare(real.resolve("disk2_9-ldiskfs-mdt/CONFIGS_t32fs-MDT0000"),
                    LlogBackup.bytes(mgs.context(), "t32fs-MDT0000"), nid);
            compare(real.resolve("disk2_9-ldiskfs-ost/CONFIGS_t32fs-OST0000"),
                    LlogBackup.bytes(ost.localConfigs(), "t32fs-OST0000"), nid);
        }
    }

    private static void compare(Path realLog, byte[] ours, Nid nid) throws Exception {
        LlogReader reader = new LlogReader(ZoneOffset.UTC, ObjectPaths.LDISKFS);
        String expected = mask(new String(reader.read(Files.readAllBytes(realLog)).stdout(), StandardCharsets.UTF_8),
                "10.2.2.59@tcp", 0x200000a02023bL);
        String actual = mask(new String(reader.read(ours).stdout(), StandardCharsets.UTF_8), nid.toString(),
                nid.toLnetNid());
        assertThat(actual).as("llog_reader of our %s", realLog.getFileName()).isEqualTo(expected);
    }

    /** Masks times, the writer's version and the node's NID (text and hex). */
    private static String mask(String text, String nidText, long nid) {
        return text.replaceAll("[A-Z][a-z]{2} [A-Z][a-z]{2} [ 0-9]\\d \\d\\d:\\d\\d:\\d\\d \\d{4}", "<time>")
                .replaceAll("v\\d+\\.\\d+\\.\\d+\\.\\d+", "v<version>")
                .replace(String.format("(0x%x)", nid), "(<nid>)")
                .replace(nidText, "<nid>");
    }
}
