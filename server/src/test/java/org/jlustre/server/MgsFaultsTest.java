package org.jlustre.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;
import org.jlustre.common.Nid;
import org.jlustre.common.Uuid;
import org.jlustre.common.fail.FailLoc;
import org.jlustre.mgc.Mgc;
import org.jlustre.mgs.Mgs;
import org.jlustre.osd.OsdDevice;
import org.jlustre.osd.mem.MemOsdConfig;
import org.jlustre.osd.mem.OsdMem;
import org.jlustre.ptlrpc.Import;
import org.jlustre.ptlrpc.ImportConfig;
import org.jlustre.ptlrpc.ImportState;
import org.jlustre.ptlrpc.Reply;
import org.jlustre.testing.Nodes;
import org.jlustre.wire.mgs.LddFlags;
import org.jlustre.wire.ptlrpc.ConnectFlags;
import org.jlustre.wire.ptlrpc.MsgFlags;
import org.jlustre.wire.ptlrpc.LustreMsg;
import org.jlustre.wire.ptlrpc.ObdConnectData;
import org.jlustre.wire.ptlrpc.Opcodes;
import org.jlustre.wire.ptlrpc.Portals;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Targets and their MGS when things go wrong, all within bounds: a target whose MGS is down
 * starts from its local copy after the registration's delay limit and registers when the MGS
 * answers, saying it waits once, then at growing intervals; one that cannot start without the
 * MGS says so after the limit; an MGS restarted without its logs gets them back from the running
 * targets, which notice their log is gone; an OST on a fresh device takes its index back with
 * {@code --replace}; an MDT or OST answers what it does not serve yet with an error at once.
 */
class MgsFaultsTest {

    /** How long a test waits for what should happen well within it. */
    private static final long WAIT_S = 60;

    @Test
    void aTargetWhoseMgsIsDownStartsFromItsLocalCopyAndRegistersWhenTheMgsAnswers() throws Exception {
        try (Cluster c = new Cluster(Nodes.Driver.MEM)) {
            ServerNode mgsNode = c.node();
            OsdDevice mgt = OsdMem.create(MemOsdConfig.defaults("mgt").withLibcfs(mgsNode.libcfs()));
            mgsNode.start(MountData.format("lustre", TargetType.MGT, 0, List.of(), ""), mgt);
            ServerNode oss = c.node();
            OsdDevice disk = OsdMem.create(MemOsdConfig.defaults("ost").withLibcfs(oss.libcfs()));
            oss.start(MountData.format("lustre", TargetType.OST, -1, List.of(Cluster.nid(mgsNode)), ""), disk).stop();
            List<String> console = capture(oss);
            Nid mgsNid = Cluster.nid(mgsNode);

            c.stop(mgsNode);
            long t0 = System.nanoTime();
            ServerTarget ost = within(() -> oss.mount(disk), "the mount with the MGS down");
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            assertThat(took).as("started after the registration's 10 s delay limit").isBetween(Duration.ofSeconds(9),
                    Duration.ofSeconds(30));
            assertThat(ost.devices()).containsExactly("lustre-OST0000");
            assertThat(lines(console, "waiting for the MGS at " + mgsNid + " to register, at most 10 s"))
                    .hasSize(1);
            assertThat(lines(console, "started from the local config log")).hasSize(1);

            // the MGS stays away a while: the MGC says so once, then at growing intervals
            Thread.sleep(4000);
            int waiting = lines(console, "waiting for the MGS at " + mgsNid + " (following lustre-OST0000").size();
            assertThat(waiting).as("lines in 4 s of polls every 50 ms (once, then 0.5, 1, 2 s later ...)")
                    .isBetween(1, 4);

            ServerNode mgsAgain = c.startAgain(mgsNode);
            mgsAgain.mount(mgt);
            Cluster.eventually(() -> assertThat(lines(console, "registered with the MGS")).hasSize(1), WAIT_S);
            assertThat(lines(console, "answers again")).isNotEmpty();
            assertThat(ost.mountData().index()).isZero();
            assertThat(ost.devices()).containsExactly("lustre-OST0000");
            ost.stop();
            disk.close();
            mgt.close();
        }
    }

    @Test
    void aSlowLogChangeHoldsNoLockTheTargetIsAskedFor() throws Exception {
        try (Cluster c = new Cluster(Nodes.Driver.MEM)) {
            ServerNode mgsNode = c.node();
            Mgs mgs = mgsNode.start(MountData.format("lustre", TargetType.MGT, 0, List.of(), "")).mgs();
            ServerNode oss = c.node();
            ServerTarget ost = oss.start(MountData.format("lustre", TargetType.OST, -1,
                    List.of(Cluster.nid(mgsNode)), ""));
            FailLoc fl = oss.libcfs().failLoc();
            fl.setLoc(FailLoc.ONCE | Mgc.OBD_FAIL_MGC_PAUSE_PROCESS_LOG);
            mgs.confParam("lustre.sys.timeout=40"); // the OST's log changes; its follower pauses on it
            Cluster.eventually(() -> assertThat(fl.loc() & FailLoc.FAILED).isNotZero());

            // the target answers meanwhile: its follower holds none of its locks
            assertThat(quickly(ost::mountData).index()).isZero();
            assertThat(quickly(ost::devices)).containsExactly("lustre-OST0000");
            assertThat(quickly(() -> oss.libcfs().params().get("timeout").getFirst().value().strip()))
                    .isNotEqualTo("40");
            // and stops without waiting for the pause: the follower is interrupted
            long t0 = System.nanoTime();
            ost.stop();
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
            fl.reset();
        }
    }

    @Test
    void aTargetThatCannotStartWithoutTheMgsFailsAtItsDelayLimit() throws Exception {
        try (Cluster c = new Cluster(Nodes.Driver.MEM)) {
            ServerNode mgsNode = c.node();
            Nid mgs = Cluster.nid(mgsNode);
            c.stop(mgsNode);
            ServerNode oss = c.node();
            // registered before, but on a fresh device: no local copy to start from
            MountData md = MountData.format("lustre", TargetType.OST, 3, List.of(mgs), "")
                    .withFlags(LddFlags.SV_TYPE_OST);
            long t0 = System.nanoTime();
            LustreException e = within(() -> {
                try {
                    oss.start(md);
                    throw new AssertionError("started with no MGS and no local copy");
                } catch (LustreException x) {
                    return x;
                }
            }, "the failing start");
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(30));
            assertThat(e.errno()).isEqualTo(Errno.ETIMEDOUT);
            assertThat(e.getMessage()).contains("lustre-OST0003: cannot register this server with the MGS at " + mgs)
                    .contains("Is the MGS running?");
            assertThat(oss.targets()).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(Nodes.Driver.class)
    void anMgsRestartedWithoutItsLogsGetsThemBackFromTheRunningTargets(Nodes.Driver driver) throws Exception {
        try (Cluster c = new Cluster(driver)) {
            ServerNode mgsNode = c.node();
            Mgs mgs = mgsNode.start(MountData.format("lustre", TargetType.MGT, 0, List.of(), "")).mgs();
            List<Nid> nids = List.of(Cluster.nid(mgsNode));
            ServerNode mds = c.node();
            ServerTarget mdt = mds.start(MountData.format("lustre", TargetType.MDT, 0, nids, "sys.timeout=20"));
            ServerNode oss0 = c.node();
            ServerTarget ost0 = oss0.start(MountData.format("lustre", TargetType.OST, -1, nids, ""));
            ServerNode oss1 = c.node();
            ServerTarget ost1 = oss1.start(MountData.format("lustre", TargetType.OST, -1, nids, ""));
            List<String> mdtDevices = List.of("lustre-MDT0000-mdtlov", "lustre-MDT0000", "lustre-OST0000-osc-MDT0000",
                    "lustre-OST0001-osc-MDT0000");
            Cluster.eventually(() -> assertThat(mdt.devices()).containsExactlyElementsOf(mdtDevices));
            List<String> clientSections = Cluster.sections(mgs, "lustre-client");
            List<String> mdtSections = Cluster.sections(mgs, "lustre-MDT0000");
            List<List<String>> consoles = List.of(capture(mds), capture(oss0), capture(oss1));

            // the MGS node restarts with a fresh MGT: every log is gone
            c.stop(mgsNode);
            ServerNode mgsAgain = c.startAgain(mgsNode);
            Mgs fresh = mgsAgain.start(MountData.format("lustre", TargetType.MGT, 0, List.of(), "")).mgs();

            Cluster.eventually(() -> assertThat(fresh.listLogs()).contains("lustre-MDT0000", "lustre-OST0000",
                    "lustre-OST0001", "lustre-client"), WAIT_S);
            Cluster.eventually(() -> assertThat(Cluster.sections(fresh, "lustre-client"))
                    .containsExactlyInAnyOrderElementsOf(clientSections), WAIT_S);
            Cluster.eventually(() -> assertThat(Cluster.sections(fresh, "lustre-MDT0000"))
                    .containsExactlyInAnyOrderElementsOf(mdtSections), WAIT_S);
            String[] names = {"lustre-MDT0000", "lustre-OST0000", "lustre-OST0001"};
            for (int i = 0; i < 3; i++) {
                assertThat(lines(consoles.get(i), names[i] + ": the MGS at " + nids.getFirst() + " has no config log "
                        + names[i])).as("one clear line on the %s node", names[i]).hasSize(1);
            }
            // the targets kept running as they were, their indexes too
            assertThat(List.of(mdt.mountData().index(), ost0.mountData().index(), ost1.mountData().index()))
                    .containsExactly(0, 0, 1);
            assertThat(mdt.devices()).containsExactlyElementsOf(mdtDevices);
            assertThat(ost0.devices()).containsExactly("lustre-OST0000");

            // and the MDT follows its new log: an OST added now reaches it
            ServerTarget ost2 = c.node().start(MountData.format("lustre", TargetType.OST, -1, nids, ""));
            assertThat(ost2.mountData().index()).isEqualTo(2);
            Cluster.eventually(() -> assertThat(mdt.devices()).contains("lustre-OST0002-osc-MDT0000"), WAIT_S);
            assertThat(new HashSet<>(mdt.devices())).hasSameSizeAs(mdt.devices());
            for (ServerTarget t : List.of(ost2, ost1, ost0, mdt)) {
                t.stop(); // before the cluster stops the MGS, which was started after them
            }
        }
    }

    @Test
    void anOstOnAFreshDeviceTakesItsIndexBackWithReplace() throws Exception {
        try (Cluster c = new Cluster(Nodes.Driver.MEM)) {
            ServerNode mgsNode = c.node();
            Mgs mgs = mgsNode.start(MountData.format("lustre", TargetType.MGT, 0, List.of(), "")).mgs();
            List<Nid> nids = List.of(Cluster.nid(mgsNode));
            c.node().start(MountData.format("lustre", TargetType.MDT, 0, nids, ""));
            ServerNode oss = c.node();
            oss.start(MountData.format("lustre", TargetType.OST, 0, nids, "")).stop();
            List<String> client = Cluster.sections(mgs, "lustre-client");

            // the OST's device is lost; formatted again with its index, the MGS refuses it...
            MountData fresh = MountData.format("lustre", TargetType.OST, 0, nids, "");
            assertThatThrownBy(() -> oss.start(fresh)).isInstanceOf(LustreException.class)
                    .satisfies(e -> assertThat(((LustreException) e).errno()).isEqualTo(Errno.EADDRINUSE));
            // ... unless it says it replaces the old one (mkfs.lustre --replace clears VIRGIN)
            MountData replacing = fresh.replace();
            assertThat(replacing.virgin()).isFalse();
            assertThat(replacing.svname()).isEqualTo("lustre-OST0000");
            ServerTarget ost = oss.start(replacing);
            assertThat(ost.name()).isEqualTo("lustre-OST0000");
            assertThat(ost.devices()).containsExactly("lustre-OST0000");
            assertThat(Cluster.sections(mgs, "lustre-client")).as("the MGS kept the logs as they were")
                    .isEqualTo(client);
            assertThatThrownBy(() -> MountData.format("lustre", TargetType.OST, -1, nids, "").replace())
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--index");
        }
    }

    @ParameterizedTest
    @EnumSource(Nodes.Driver.class)
    void anMdtOrOstAnswersWhatItDoesNotServeYetWithAnErrorAtOnce(Nodes.Driver driver) throws Exception {
        try (Cluster c = new Cluster(driver)) {
            ServerNode mgsNode = c.node();
            mgsNode.start(MountData.format("lustre", TargetType.MGT, 0, List.of(), ""));
            List<Nid> nids = List.of(Cluster.nid(mgsNode));
            ServerNode mds = c.node();
            mds.start(MountData.format("lustre", TargetType.MDT, 0, nids, ""));
            ServerNode oss = c.node();
            ServerTarget ost = oss.start(MountData.format("lustre", TargetType.OST, -1, nids, ""));
            ServerNode client = c.node();

            Import toOst = client(client, "ost-client", Cluster.nid(oss), "lustre-OST0000_UUID", false);
            toOst.connectSync();
            assertThat(toOst.state()).isEqualTo(ImportState.FULL);
            assertAnsweredAtOnce(toOst, Opcodes.OST_QUOTACTL, MsgFlags.LUSTRE_OST_VERSION, Errno.ENOTSUPP);
            // the OST serves now: a getattr whose ost_body is 64 bytes short of 208 is a protocol error
            assertAnsweredAtOnce(toOst, Opcodes.OST_GETATTR, MsgFlags.LUSTRE_OST_VERSION, Errno.EPROTO);
            assertThat(toOst.ping().status()).isZero();

            Import toMdt = client(client, "mdt-client", Cluster.nid(mds), "lustre-MDT0000_UUID", true);
            toMdt.connectSync();
            assertAnsweredAtOnce(toMdt, Opcodes.MDS_QUOTACTL, MsgFlags.LUSTRE_MDS_VERSION, Errno.ENOTSUPP);
            // the MDT serves now: a getattr whose mdt_body is 152 bytes short of 216 is a protocol error
            assertAnsweredAtOnce(toMdt, Opcodes.MDS_GETATTR, MsgFlags.LUSTRE_MDS_VERSION, Errno.EPROTO);

            // a target this node does not run: target_handle_connect's -ENODEV
            Import elsewhere = client(client, "nosuch-client", Cluster.nid(oss), "lustre-OST0007_UUID", false);
            assertThatThrownBy(elsewhere::connectSync).isInstanceOf(LustreException.class)
                    .satisfies(e -> assertThat(((LustreException) e).errno()).isEqualTo(Errno.ENODEV));
            assertThat(toOst.timeouts() + toMdt.timeouts() + elsewhere.timeouts()).as("nothing went unanswered")
                    .isZero();

            // a stopped OST takes no more connections: its services are gone with it
            toOst.close();
            ost.stop();
            assertThat(oss.libcfs().params().exists("ost.OSS.ost.stats")).isFalse();
            elsewhere.close();
            toMdt.close();
        }
    }

    // ------------------------------------------------------------------ helpers

    private static Import client(ServerNode n, String name, Nid server, String target, boolean mdt)
            throws LustreException {
        return new Import(n.ptlrpc(), new ImportConfig(name, List.of(mdt ? "mdc" : "osc", name), new Uuid(name + "_UUID"),
                new Uuid(target), List.of(server), mdt ? Portals.MDS_REQUEST : Portals.OST_REQUEST,
                mdt ? Portals.MDC_REPLY : Portals.OSC_REPLY, mdt ? Portals.MDS_BULK : Portals.OST_BULK,
                mdt ? Opcodes.MDS_CONNECT : Opcodes.OST_CONNECT, mdt ? Opcodes.MDS_DISCONNECT : Opcodes.OST_DISCONNECT,
                // an MDT requires FID support (mdt_connect_internal: -EBADE without it)
                ObdConnectData.ofFlags(ConnectFlags.OBD_CONNECT_VERSION | ConnectFlags.OBD_CONNECT_AT
                        | ConnectFlags.OBD_CONNECT_FULL20 | (mdt ? ConnectFlags.OBD_CONNECT_FID : 0)),
                Duration.ofSeconds(10), Duration.ZERO, Duration.ofMillis(100), LustreMsg.SP_CLI));
    }

    /** Sends {@code opcode} and expects the error back well before the request's 10 s timeout. */
    private static void assertAnsweredAtOnce(Import imp, int opcode, int version, Errno errno) throws Exception {
        long t0 = System.nanoTime();
        Reply r = imp.send(imp.request(opcode, version, 64)).get(WAIT_S, TimeUnit.SECONDS);
        assertThat(r.status()).as(Opcodes.nameOrNumber(opcode)).isEqualTo(-errno.value());
        assertThat(r.body().type()).isEqualTo(MsgFlags.PTL_RPC_MSG_ERR);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
    }

    /** {@code call}'s result, which must come within 2 s. */
    private static <T> T quickly(Call<T> call) throws Exception {
        return within(call, "a call during the paused log change (a lock held across it?)", 2);
    }

    /** The console lines of a node, from now on. */
    private static List<String> capture(ServerNode n) {
        List<String> lines = new CopyOnWriteArrayList<>();
        n.libcfs().debug().setConsole(lines::add);
        return lines;
    }

    private static List<String> lines(List<String> console, String fragment) {
        return console.stream().filter(l -> l.contains(fragment)).toList();
    }

    /** Something that may throw. */
    @FunctionalInterface
    private interface Call<T> {
        T call() throws Exception;
    }

    /** Runs {@code call} on a thread of its own and fails the test if it does not return in {@link #WAIT_S}. */
    private static <T> T within(Call<T> call, String what) throws Exception {
        return within(call, what, WAIT_S);
    }

    /** Runs {@code call} on a thread of its own and fails the test if it does not return in {@code seconds}. */
    private static <T> T within(Call<T> call, String what, long seconds) throws Exception {
        CompletableFuture<T> f = new CompletableFuture<>();
        Thread.ofPlatform().daemon().start(() -> {
            try {
                f.complete(call.call());
            } catch (Throwable e) {
                f.completeExceptionally(e);
            }
        });
        try {
            return f.get(seconds, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError(what + " did not return in " + seconds + " s", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception x) {
                throw x;
            }
            throw e;
        }
    }
}
