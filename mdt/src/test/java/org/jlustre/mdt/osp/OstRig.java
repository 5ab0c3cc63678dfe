package org.jlustre.mdt.osp;

import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.jlustre.common.Fid;
import org.jlustre.common.LustreException;
import org.jlustre.common.Nid;
import org.jlustre.common.Uuid;
import org.jlustre.llog.LlogContext;
import org.jlustre.mdt.lod.Lod;
import org.jlustre.mdt.lod.LodConfig;
import org.jlustre.osc.Osc;
import org.jlustre.osc.OscConfig;
import org.jlustre.osd.OsdDevice;
import org.jlustre.osd.OsdObject;
import org.jlustre.osd.mem.MemOsdConfig;
import org.jlustre.osd.mem.OsdMem;
import org.jlustre.ost.Ofd;
import org.jlustre.ost.Ost;
import org.jlustre.ost.OstServices;
import org.jlustre.ptlrpc.Ptlrpc;
import org.jlustre.testing.Nodes;
import org.jlustre.wire.Le;
import org.jlustre.wire.llog.LlogHeader;

/**
 * Real OSTs (the ofd on osd-mem, each on an OSS node of its own) and an MDT node with an
 * osd-mem device for the OSPs and the LOD, on one LNet driver. OSTs can be stopped (no longer
 * served: requests to them fail) and served again; the MDT side can be "remounted" by closing
 * its LOD or OSPs and starting new ones on the same device.
 */
public final class OstRig implements AutoCloseable {

    /** The OSC's per-request timeout: short, so a stopped OST is noticed soon. */
    public static final Duration RPC_TIMEOUT = Duration.ofSeconds(3);
    /** How long a test polls for something asynchronous before failing. */
    public static final Duration WAIT = Duration.ofSeconds(60);

    /** One OST. */
    public static final class OstNode {
        final Ptlrpc node;
        final OstServices oss;
        /** The OST's device. */
        public final OsdDevice disk;
        /** The ofd. */
        public final Ofd ofd;
        Ost ost;

        OstNode(Ptlrpc node, OstServices oss, OsdDevice disk, Ofd ofd, Ost ost) {
            this.node = node;
            this.oss = oss;
            this.disk = disk;
            this.ofd = ofd;
            this.ost = ost;
        }

        /** Whether object {@code fid} exists on this OST. */
        public boolean has(Fid fid) throws LustreException {
            try (OsdObject o = disk.find(fid)) {
                return o.exists();
            }
        }
    }

    private final Nodes nodes;
    /** The MDT's node. */
    public final Ptlrpc mdtNode;
    /** The MDT's device. */
    public final OsdDevice mdtDisk;
    /** The OSTs, by index. */
    public final List<OstNode> osts = new ArrayList<>();
    private final List<AutoCloseable> mdtSide = new ArrayList<>();

    /** {@code count} OSTs of {@code capacity} bytes and {@code maxInodes} objects each. */
    public OstRig(Nodes.Driver driver, int count, long capacity, long maxInodes) throws LustreException {
        this(driver, capacities(count, capacity), maxInodes);
    }

    /** OSTs of the given capacities. */
    public OstRig(Nodes.Driver driver, long[] capacities, long maxInodes) throws LustreException {
        this.nodes = new Nodes(driver);
        this.mdtNode = Ptlrpc.start(nodes.node());
        this.mdtDisk = OsdMem.create(MemOsdConfig.defaults("mdt0").withLibcfs(mdtNode.libcfs()));
        for (int i = 0; i < capacities.length; i++) {
            Ptlrpc n = Ptlrpc.start(nodes.node());
            OstServices oss = OstServices.start(n);
            OsdDevice disk = OsdMem.create(MemOsdConfig.defaults("ost" + i).withLibcfs(n.libcfs())
                    .withCapacity(capacities[i]).withMaxInodes(maxInodes));
            Ofd ofd = Ofd.mount(disk, n.libcfs(), String.format("lustre-OST%04x", i), i);
            osts.add(new OstNode(n, oss, disk, ofd, oss.serve(ofd)));
        }
    }

    private static long[] capacities(int count, long capacity) {
        long[] c = new long[count];
        java.util.Arrays.fill(c, capacity);
        return c;
    }

    /** OST {@code i}'s NID. */
    public Nid nid(int i) {
        return Nid.fromLnetNid(nodes.nid(osts.get(i).node.lnet()));
    }

    /** An MDT OSC (asMdt) for OST {@code i}, not connected. */
    public Osc osc(int i) throws LustreException {
        String ost = String.format("lustre-OST%04x", i);
        OscConfig cfg = new OscConfig(ost + "-osc-MDT0000", new Uuid("lustre-MDT0000-mdtlov_UUID"),
                new Uuid(ost + "_UUID"), i, List.of(nid(i)), RPC_TIMEOUT, OscConfig.DEFAULT_RPCS_IN_FLIGHT, true, true);
        return new Osc(mdtNode, cfg);
    }

    /** The OSP config of OST {@code i} for tests: short waits and backoffs. */
    public static OspConfig ospConfig(int i) {
        return OspConfig.defaults("lustre", i, 0).withCreateTimeout(Duration.ofSeconds(20))
                .withStatfsMaxAge(Duration.ofMillis(500)).withRetry(Duration.ofMillis(50), Duration.ofMillis(500));
    }

    /** A new llog context for the MDT's unnamed logs. */
    public LlogContext syncLogs() {
        LlogContext c = new LlogContext(mdtDisk, mdtNode.libcfs(), null, LlogHeader.MIN_CHUNK_SIZE, "lustre-MDT0000");
        mdtSide.add(c);
        return c;
    }

    /** Starts the OSP of OST {@code i} on the MDT device, closed with the rig unless closed before. */
    public Osp osp(int i, LlogContext logs) throws LustreException {
        Osp o = Osp.start(mdtDisk, logs, osc(i), ospConfig(i), mdtNode.libcfs());
        mdtSide.add(o);
        return o;
    }

    /** Starts a LOD over every OST. */
    public Lod lod(LodConfig cfg, long seed) throws LustreException {
        Lod lod = Lod.start(mdtDisk, mdtNode.libcfs(), cfg.withCreateTimeout(Duration.ofSeconds(20)), syncLogs(),
                new java.util.SplittableRandom(seed));
        mdtSide.add(lod);
        for (int i = 0; i < osts.size(); i++) {
            lod.addOst(osc(i), ospConfig(i));
        }
        return lod;
    }

    /** Stops serving OST {@code i}: its requests fail until {@link #startOst}. */
    public void stopOst(int i) {
        OstNode n = osts.get(i);
        if (n.ost != null) {
            n.ost.close();
            n.ost = null;
        }
    }

    /** Serves OST {@code i} again. */
    public void startOst(int i) throws LustreException {
        OstNode n = osts.get(i);
        if (n.ost == null) {
            n.ost = n.oss.serve(n.ofd);
        }
    }

    /** The u64 of slot {@code index} of {@code lov_objid} (0 past the end). */
    public long lovObjid(int index) throws LustreException {
        return slot(LastUsedFiles.LOV_OBJID, index);
    }

    /** The u64 of slot {@code index} of {@code lov_objseq}. */
    public long lovObjseq(int index) throws LustreException {
        return slot(LastUsedFiles.LOV_OBJSEQ, index);
    }

    private long slot(Fid fid, int index) throws LustreException {
        try (OsdObject o = mdtDisk.find(fid)) {
            if (!o.exists() || o.attrGet().size() < 8L * index + 8) {
                return 0;
            }
            MemorySegment b = MemorySegment.ofArray(new byte[8]);
            o.body().read(8L * index, b);
            return b.get(Le.U64, 0);
        }
    }

    /** The whole content of MDT object {@code fid}, as {@code osd dump} copies it. */
    public byte[] dump(Fid fid) throws LustreException {
        try (OsdObject o = mdtDisk.find(fid)) {
            byte[] b = new byte[(int) o.attrGet().size()];
            o.body().read(0, MemorySegment.ofArray(b));
            return b;
        }
    }

    /** Polls {@code cond} until it holds or {@link #WAIT} passed. */
    public static void await(String what, BooleanSupplier cond) throws InterruptedException {
        long end = System.nanoTime() + WAIT.toNanos();
        long sleep = 5;
        while (!cond.getAsBoolean()) {
            if (System.nanoTime() - end > 0) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(sleep);
            sleep = Math.min(sleep * 2, 100);
        }
    }

    /** Closes what was started on the MDT side (LOD, OSPs), newest first; the device stays. */
    public void closeMdtSide() {
        for (int i = mdtSide.size() - 1; i >= 0; i--) {
            try {
                mdtSide.get(i).close();
            } catch (Exception e) {
                // closing what is left
            }
        }
        mdtSide.clear();
    }

    @Override
    public void close() {
        closeMdtSide();
        for (OstNode n : osts) {
            if (n.ost != null) {
                n.ost.close();
            }
            n.ofd.close();
            n.oss.close();
            n.disk.close();
            n.node.close();
        }
        mdtDisk.close();
        mdtNode.close();
        nodes.close();
    }
}
