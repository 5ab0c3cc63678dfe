package org.jlustre.tools.osd;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.jlustre.common.Fid;
import org.jlustre.common.FileMode;
import org.jlustre.common.Libcfs;
import org.jlustre.common.LustreException;
import org.jlustre.common.Nid;
import org.jlustre.osd.OsdDevice;
import org.jlustre.osd.OsdObject;
import org.jlustre.mdt.mdd.CreateSpec;
import org.jlustre.mdt.mdd.Mdd;
import org.jlustre.mdt.perm.Cred;
import org.jlustre.osc.Osc;
import org.jlustre.osc.OscConfig;
import org.jlustre.ptlrpc.Ptlrpc;
import org.jlustre.server.MountData;
import org.jlustre.server.ServerNode;
import org.jlustre.server.ServerTarget;
import org.jlustre.server.TargetType;
import org.jlustre.target.LastRcvd;
import org.jlustre.target.TargetObjects;
import org.jlustre.testing.Nodes;
import org.jlustre.tools.Main;
import org.jlustre.tools.control.ControlDirectory;
import org.jlustre.tools.control.ControlServer;
import org.jlustre.tools.control.ControlSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jlustre osd export} of a running in-JVM OST (an MGS and an OST on the in-JVM network, an
 * OSC client that precreated and wrote): the tree an ldiskfs OST shows ({@code last_rcvd},
 * {@code CONFIGS/}, {@code O/0/LAST_ID}, {@code O/0/d1/1} with the client's data and its xattrs),
 * read back by {@code lr_reader} and {@code llog_reader}; the same through a control socket; a
 * relative directory for a server and a busy directory refused.
 */
@Timeout(300)
class OsdExportServerTest {

    @TempDir
    Path tmp;

    private record Run(int rc, String out, String err) {
    }

    private static Run run(Libcfs libcfs, ControlSettings control, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int rc = Main.commandLine(libcfs, new PrintWriter(out, true), new PrintWriter(err, true), control).execute(args);
        return new Run(rc, out.toString(), err.toString());
    }

    private static byte[] objectBytes(OsdDevice osd, Fid fid) throws LustreException {
        try (OsdObject o = osd.find(fid)) {
            byte[] b = new byte[(int) o.attrGet().size()];
            o.body().readRecord(0, MemorySegment.ofArray(b));
            return b;
        }
    }

    /** A control socket node that serves export as {@code jlustre server}'s does. */
    private record ExportingNode(Libcfs libcfs) implements ControlServer.Node {
        @Override
        public int lctl(List<String> words, PrintWriter out, PrintWriter err) {
            return 95;
        }

        @Override
        public List<String> info() {
            return List.of("name test");
        }

        @Override
        public int dump(String target, String name, OutputStream data, PrintWriter err) {
            return TargetOsds.dump(libcfs, target, name, data, err);
        }

        @Override
        public int export(String target, Path dir, PrintWriter out, PrintWriter err) {
            return TargetOsds.export(libcfs, target, dir, TargetOsds.runningAsRoot(), out, err);
        }
    }

    @Test
    void exportsARunningOstAsItsLdiskfsTree() throws Exception {
        try (Nodes nodes = new Nodes(Nodes.Driver.MEM)) {
            var lnet = nodes.node();
            Ptlrpc rpc = Ptlrpc.start(lnet);
            rpc.libcfs().debug().setConsole(null);
            try (ServerNode node = new ServerNode(rpc, Duration.ofSeconds(10), Duration.ofMillis(50))) {
                node.start(MountData.format("lustre", TargetType.MGT, 0, List.of(), ""));
                ServerTarget ost = node.start(MountData.format("lustre", TargetType.OST, 0,
                        List.of(Nid.fromLnetNid(nodes.nid(lnet))), ""));
                OsdDevice osd = ost.osd();
                Libcfs libcfs = node.libcfs();
                ControlSettings control = new ControlSettings(ControlDirectory.at(tmp.resolve("ctl")), null);
                Ptlrpc clientNode = Ptlrpc.start(nodes.node());
                Osc osc = new Osc(clientNode, OscConfig.client("lustre", 0, List.of(Nid.fromLnetNid(nodes.nid(lnet))),
                        "5e1f-client", Duration.ofSeconds(30)));
                osc.connect();
                Fid object = osc.precreate(Fid.idif(1, 0));
                byte[] data = new byte[9000];
                Arrays.fill(data, (byte) 0x3c);
                osc.write(object, 8192, MemorySegment.ofArray(data));

                Path out = tmp.resolve("ost0");
                Run r = run(libcfs, control, "osd", "export", "lustre-OST0000", out.toString());
                assertThat(r.rc()).as(r.err()).isZero();
                assertThat(r.out()).startsWith("exported lustre-OST0000 to " + out + ": ");
                assertThat(Files.readAllBytes(out.resolve("last_rcvd"))).isEqualTo(objectBytes(osd, LastRcvd.FID));
                Fid logFid = TargetObjects.standard().resolve(osd, "CONFIGS/lustre-OST0000");
                assertThat(Files.readAllBytes(out.resolve("CONFIGS/lustre-OST0000"))).isEqualTo(objectBytes(osd, logFid));
                assertThat(Files.readAllBytes(out.resolve("O/0/LAST_ID"))).containsExactly(1, 0, 0, 0, 0, 0, 0, 0);
                byte[] expected = new byte[8192 + data.length];
                System.arraycopy(data, 0, expected, 8192, data.length);
                assertThat(Files.readAllBytes(out.resolve("O/0/d1/1"))).isEqualTo(expected);
                assertThat(out.resolve("O/0/d31")).isDirectory();
                if (TargetOsds.runningAsRoot()) {
                    try (OsdObject o = osd.find(object)) {
                        for (String x : o.xattrNames()) {
                            assertThat(Posix.lgetxattr(out.resolve("O/0/d1/1"), x)).as(x).isEqualTo(o.xattrGet(x));
                        }
                    }
                } else {
                    assertThat(r.out()).contains("needs root");
                }
                Run lrr = run(libcfs, control, "lr_reader", "-c", "-C", out.resolve("last_rcvd").toString());
                assertThat(lrr.rc()).as(lrr.err()).isZero();
                assertThat(lrr.out()).contains("uuid: lustre-OST0000_UUID").contains("5e1f-client_UUID:");
                Run llr = run(libcfs, control, "llog_reader", out.resolve("CONFIGS/lustre-OST0000").toString());
                assertThat(llr.rc()).as(llr.err()).isZero();
                assertThat(llr.out()).contains("Header size : 8192");

                Run busy = run(libcfs, control, "osd", "export", "lustre-OST0000", out.toString());
                assertThat(busy.rc()).isEqualTo(17);
                assertThat(busy.err()).contains("is not empty");

                ControlServer socket = ControlServer.start(control.directory(), "127.0.0.9@tcp:988",
                        new ExportingNode(libcfs), libcfs.debug());
                try {
                    Path remote = tmp.resolve("remote");
                    Run rr = run(Libcfs.create(), control, "osd", "export", "--server", "127.0.0.9@tcp:988",
                            "lustre-OST0000", remote.toString());
                    assertThat(rr.rc()).as(rr.err()).isZero();
                    assertThat(rr.out()).startsWith("exported lustre-OST0000 to " + remote);
                    assertThat(Files.readAllBytes(remote.resolve("O/0/d1/1"))).isEqualTo(expected);
                    Run relative = run(Libcfs.create(), control, "osd", "export", "--server", "127.0.0.9@tcp:988",
                            "lustre-OST0000", "rel");
                    assertThat(relative.rc()).isEqualTo(22);
                    assertThat(relative.err()).contains("needs an absolute path");
                } finally {
                    socket.close();
                }
                osc.close();
                clientNode.close();
            } finally {
                rpc.close();
            }
        }
    }

    @Test
    void exportsARunningMdtsNamespaceWithItsLinkEaAndLma() throws Exception {
        try (Nodes nodes = new Nodes(Nodes.Driver.MEM)) {
            var lnet = nodes.node();
            Ptlrpc rpc = Ptlrpc.start(lnet);
            rpc.libcfs().debug().setConsole(null);
            try (ServerNode node = new ServerNode(rpc, Duration.ofSeconds(10), Duration.ofMillis(50))) {
                node.start(MountData.format("lustre", TargetType.MGT, 0, List.of(), ""));
                ServerTarget mdt = node.start(MountData.format("lustre", TargetType.MDT, 0,
                        List.of(Nid.fromLnetNid(nodes.nid(lnet))), ""));
                OsdDevice osd = mdt.osd();
                Mdd mdd = mdt.mdt().mdd();
                Fid root = mdd.root();
                Fid docs = Fid.of(0x200000401L, 1, 0);
                Fid fifo = Fid.of(0x200000401L, 2, 0);
                mdd.create(Cred.ROOT, root, bytes("docs"), docs, CreateSpec.dir(0750));
                mdd.create(Cred.ROOT, docs, bytes("link"), Fid.of(0x200000401L, 3, 0),
                        CreateSpec.symlink(bytes("../fifo")));
                mdd.create(Cred.ROOT, root, bytes("fifo"), fifo, CreateSpec.node(FileMode.S_IFIFO | 0640, 0));
                mdd.link(Cred.ROOT, fifo, docs, bytes("fifo2"));

                Path out = tmp.resolve("mdt0");
                Run r = run(node.libcfs(), ControlSettings.defaults(), "osd", "export", "lustre-MDT0000",
                        out.toString());
                assertThat(r.rc()).as(r.err()).isZero();
                Path d = out.resolve("ROOT/docs");
                assertThat(d).isDirectory();
                assertThat((int) Files.getAttribute(d, "unix:mode") & 07777).isEqualTo(0750);
                assertThat(Files.readSymbolicLink(d.resolve("link")).toString()).isEqualTo("../fifo");
                assertThat(Files.getAttribute(d.resolve("fifo2"), "unix:ino"))
                        .isEqualTo(Files.getAttribute(out.resolve("ROOT/fifo"), "unix:ino"));
                assertThat((int) Files.getAttribute(out.resolve("ROOT/fifo"), "unix:mode") & FileMode.S_IFMT)
                        .isEqualTo(FileMode.S_IFIFO);
                assertThat(out.resolve("last_rcvd")).isRegularFile();
                assertThat(out.resolve("reply_data")).isRegularFile();
                assertThat(out.resolve("CONFIGS/lustre-MDT0000")).isRegularFile();
                assertThat(out.resolve("PENDING")).isDirectory();
                if (TargetOsds.runningAsRoot()) {
                    try (OsdObject o = osd.find(docs)) {
                        assertThat(o.xattrNames()).contains("trusted.lma", "trusted.link");
                        for (String x : o.xattrNames()) {
                            assertThat(Posix.lgetxattr(d, x)).as(x).isEqualTo(o.xattrGet(x));
                        }
                    }
                }
                Run lrr = run(node.libcfs(), ControlSettings.defaults(), "lr_reader", "-c", "-r", "-C",
                        out.resolve("last_rcvd").toString(), "-R", out.resolve("reply_data").toString());
                assertThat(lrr.rc()).as(lrr.err()).isZero();
                assertThat(lrr.out()).contains("uuid: lustre-MDT0000_UUID").contains("reply_data:");
            } finally {
                rpc.close();
            }
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
