package org.jlustre.tools.osd;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.jlustre.common.Fid;
import org.jlustre.common.Libcfs;
import org.jlustre.common.LustreException;
import org.jlustre.common.Nid;
import org.jlustre.osd.OsdDevice;
import org.jlustre.osd.OsdObject;
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
import org.jlustre.wire.Le;
import org.jlustre.wire.llog.LlogRecType;
import org.jlustre.wire.target.LrServerData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jlustre osd dump} on a running in-JVM target (an MGS and an OST on the in-JVM
 * network, an OSC client that wrote to the OST): last_rcvd, LAST_ID, an object and a config log
 * copied byte for byte, in this process and through a control socket, and {@code lr_reader}
 * reading the copied last_rcvd with the client's slot; unknown names and targets refused
 * naming them, with no file left behind.
 */
class OsdDumpTest {

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

    @Test
    void dumpsARunningTargetsLastRcvdAndConfigLog() throws Exception {
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
                // a client connects to the OST and writes: the ofd records it in its last_rcvd
                Ptlrpc clientNode = Ptlrpc.start(nodes.node());
                Osc osc = new Osc(clientNode, OscConfig.client("lustre", 0, List.of(Nid.fromLnetNid(nodes.nid(lnet))),
                        "9c1e3b2a-client", Duration.ofSeconds(30)));
                osc.connect();
                Fid object = osc.precreate(Fid.idif(1, 0));
                byte[] data = new byte[6000];
                Arrays.fill(data, (byte) 0x5a);
                osc.write(object, 100, MemorySegment.ofArray(data));
                LastRcvd lr = ost.ost().lastRcvd();
                long transno = lr.lastTransno();
                long slotTransno = lr.slot("9c1e3b2a-client_UUID").orElseThrow().lastTransno();
                assertThat(transno).isPositive();
                assertThat(slotTransno).isEqualTo(transno);

                Path copy = tmp.resolve("last_rcvd");
                Run r = run(libcfs, control, "osd", "dump", "lustre-OST0000", "last_rcvd", copy.toString());
                assertThat(r.rc()).as(r.err()).isZero();
                assertThat(Files.readAllBytes(copy)).isEqualTo(objectBytes(osd, LastRcvd.FID));
                assertThat(Files.size(copy)).isEqualTo(8192 + 128);

                Run lrr = run(libcfs, control, "lr_reader", "-c", "-C", copy.toString());
                assertThat(lrr.rc()).as(lrr.err()).isZero();
                // the client's slot holds the write's transno; the header, as Lustre's, still has
                // the mount's (tgt_last_rcvd_update writes only the slot of a client that has one)
                assertThat(lrr.out()).startsWith("last_rcvd:\n  uuid: lustre-OST0000_UUID\n")
                        .contains("  last_transaction: 0\n  target_index: 0\n  mount_count: 1\n")
                        .contains("\n  9c1e3b2a-client_UUID:\n    generation: 0\n    last_transaction: " + transno
                                + "\n");

                // the same through a control socket, as `jlustre server` serves it
                ControlServer socket = ControlServer.start(control.directory(), "127.0.0.9@tcp:988",
                        new DumpingNode(libcfs), libcfs.debug());
                try {
                    Path remote = tmp.resolve("remote_last_rcvd");
                    Run rr = run(Libcfs.create(), control, "osd", "dump", "--server", "127.0.0.9@tcp:988",
                            "lustre-OST0000", "last_rcvd", remote.toString());
                    assertThat(rr.rc()).as(rr.err()).isZero();
                    assertThat(Files.readAllBytes(remote)).isEqualTo(objectBytes(osd, LastRcvd.FID));
                    Path none = tmp.resolve("none");
                    Run bad = run(Libcfs.create(), control, "osd", "dump", "--server", "127.0.0.9@tcp:988",
                            "lustre-OST0000", "nosuch", none.toString());
                    assertThat(bad.rc()).isEqualTo(2);
                    assertThat(bad.err()).contains("no object 'nosuch'");
                    assertThat(none).doesNotExist();
                } finally {
                    socket.close();
                }
                Path log = tmp.resolve("config");
                Run cfg = run(libcfs, control, "osd", "dump", "lustre-OST0000", "CONFIGS/lustre-OST0000", log.toString());
                assertThat(cfg.rc()).as(cfg.err()).isZero();
                Fid logFid = TargetObjects.standard().resolve(osd, "CONFIGS/lustre-OST0000");
                assertThat(Files.readAllBytes(log)).isEqualTo(objectBytes(osd, logFid)).hasSizeGreaterThan(8192);
                // an llog: its header record's lrh_type
                assertThat(MemorySegment.ofArray(Files.readAllBytes(log)).get(Le.U32, 8))
                        .isEqualTo(LlogRecType.LLOG_HDR_MAGIC);
                // by FID too
                Path byFid = tmp.resolve("byfid");
                assertThat(run(libcfs, control, "osd", "dump", "lustre-OST0000-osd", LastRcvd.FID.toString(),
                        byFid.toString()).rc()).isZero();
                assertThat(LrServerData.decode(MemorySegment.ofArray(Files.readAllBytes(byFid)), 0).uuid())
                        .isEqualTo("lustre-OST0000_UUID");

                // group 0's LAST_ID (made by the ofd at mount): a u64 LE, 1 after the client's precreate
                Path lastId = tmp.resolve("LAST_ID");
                Run li = run(libcfs, control, "osd", "dump", "lustre-OST0000", "O/0/LAST_ID", lastId.toString());
                assertThat(li.rc()).as(li.err()).isZero();
                assertThat(Files.readAllBytes(lastId)).containsExactly(1, 0, 0, 0, 0, 0, 0, 0);
                // the object itself, by its ldiskfs name: a hole of 100 bytes, then what the client wrote
                Path obj = tmp.resolve("object");
                Run od = run(libcfs, control, "osd", "dump", "lustre-OST0000", "O/0/d1/1", obj.toString());
                assertThat(od.rc()).as(od.err()).isZero();
                byte[] expected = new byte[100 + data.length];
                System.arraycopy(data, 0, expected, 100, data.length);
                assertThat(Files.readAllBytes(obj)).isEqualTo(expected);

                Path none = tmp.resolve("none");
                Run missing = run(libcfs, control, "osd", "dump", "lustre-OST0000", "O/0/d5/5", none.toString());
                assertThat(missing.rc()).isEqualTo(2);
                assertThat(missing.err()).contains("no object 'O/0/d5/5'").contains("No such file or directory");
                assertThat(none).doesNotExist();
                Run noTarget = run(libcfs, control, "osd", "dump", "lustre-OST0007", "last_rcvd", none.toString());
                assertThat(noTarget.rc()).isEqualTo(19);
                assertThat(noTarget.err()).contains("no target lustre-OST0007").contains("lustre-OST0000-osd");
                Run dir = run(libcfs, control, "osd", "dump", "lustre-OST0000", "CONFIGS", none.toString());
                assertThat(dir.rc()).isEqualTo(21);
                assertThat(none).doesNotExist();
                osc.close();
                clientNode.close();
            } finally {
                rpc.close();
            }
        }
    }

    /** A control socket node that serves dump as {@code jlustre server}'s does. */
    private record DumpingNode(Libcfs libcfs) implements ControlServer.Node {
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
    void dumpOfNothingRunningSaysSo() {
        Run r = run(Libcfs.create(), ControlSettings.defaults(), "osd", "dump", "MGS", "last_rcvd",
                tmp.resolve("x").toString());
        assertThat(r.rc()).isEqualTo(19);
        assertThat(r.err()).contains("no target MGS with an OSD in this process (it runs none)");
        assertThat(tmp.resolve("x")).doesNotExist();
    }
}
