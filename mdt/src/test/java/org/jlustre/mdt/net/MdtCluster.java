package org.jlustre.mdt.net;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.jlustre.common.Fid;
import org.jlustre.common.LustreException;
import org.jlustre.common.Nid;
import org.jlustre.common.Uuid;
import org.jlustre.fid.TargetFid;
import org.jlustre.mdc.Mdc;
import org.jlustre.mdc.MdcConfig;
import org.jlustre.mdt.Mdt;
import org.jlustre.mdt.MdtServices;
import org.jlustre.mdt.MdtStack;
import org.jlustre.mdt.lod.Lod;
import org.jlustre.mdt.lod.LodConfig;
import org.jlustre.mdt.mdd.Mdd;
import org.jlustre.mdt.mdd.MddConfig;
import org.jlustre.osd.OsdDevice;
import org.jlustre.osd.OsdObject;
import org.jlustre.osd.mem.MemOsdConfig;
import org.jlustre.osd.mem.OsdMem;
import org.jlustre.ost.Ofd;
import org.jlustre.ost.OstServices;
import org.jlustre.ptlrpc.Ptlrpc;
import org.jlustre.testing.Nodes;

/**
 * A small filesystem on one LNet driver: an MDS node serving {@code lustre-MDT0000} (MDD over
 * a LOD over real OSTs, FID's services), {@code osts} OSS nodes each serving one OST, and
 * client nodes with an {@link Mdc} each.
 */
final class MdtCluster implements AutoCloseable {

    static final Duration TIMEOUT = Duration.ofSeconds(20);

    final Nodes nodes;
    final Ptlrpc mds;
    final MdtServices services;
    final OsdDevice mdtDisk;
    final List<Ptlrpc> ossNodes = new ArrayList<>();
    final List<OstServices> oss = new ArrayList<>();
    final List<OsdDevice> ostDisks = new ArrayList<>();
    final List<Ofd> ofds = new ArrayList<>();
    Lod lod;
    Mdd mdd;
    TargetFid fid;
    Mdt mdt;
    private final List<AutoCloseable> clients = new ArrayList<>();

    MdtCluster(Nodes.Driver driver, int osts) throws LustreException {
        this.nodes = new Nodes(driver);
        this.mds = Ptlrpc.start(nodes.node());
        this.services = MdtServices.start(mds);
        this.mdtDisk = OsdMem.create(MemOsdConfig.defaults("mdt0").withLibcfs(mds.libcfs()));
        for (int i = 0; i < osts; i++) {
            Ptlrpc n = Ptlrpc.start(nodes.node());
            ossNodes.add(n);
            OstServices s = OstServices.start(n);
            oss.add(s);
            OsdDevice d = OsdMem.create(MemOsdConfig.defaults("ost" + i).withLibcfs(n.libcfs()));
            ostDisks.add(d);
            Ofd ofd = Ofd.mount(d, n.libcfs(), String.format("lustre-OST%04x", i), i);
            ofds.add(ofd);
            s.serve(ofd);
        }
        mount();
    }

    private void mount() throws LustreException {
        lod = Lod.start(mdtDisk, mds.libcfs(), LodConfig.defaults("lustre", 0).withCreateTimeout(TIMEOUT));
        for (int i = 0; i < ofds.size(); i++) {
            String ost = String.format("lustre-OST%04x", i);
            lod.addOst(mds, ost + "-osc-MDT0000", new Uuid(ost + "_UUID"), i,
                    List.of(Nid.fromLnetNid(nodes.nid(ossNodes.get(i).lnet()))));
        }
        mdd = Mdd.mount(mdtDisk, MddConfig.defaults("lustre-MDD0000"), lod);
        fid = TargetFid.mdt(mdtDisk, "lustre-MDT0000", 0, null, mds.libcfs());
        mdt = services.serve(new MdtStack("lustre-MDT0000", 0, mdtDisk, mdd, lod, mds.libcfs(), fid.site(),
                new SplittableRandom().nextLong()));
    }

    /** Waits (at most a minute) until every OSP is connected with objects precreated. */
    void awaitOsts() throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!lod.osts().stream().allMatch(o -> o.ready())) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("OSPs not ready within 60 s: " + lod.osts());
            }
            Thread.sleep(20);
        }
    }

    /** Stops the MDT and mounts it again on its kept device. */
    void remount() throws LustreException {
        unmount();
        mount();
    }

    private void unmount() {
        mdt.close();
        fid.close();
        mdd.close();
        lod.close();
    }

    Nid nid() {
        return Nid.fromLnetNid(nodes.nid(mds.lnet()));
    }

    /** A connected MDC on a client node of its own. */
    Mdc client(String name) throws LustreException {
        return client(MdcConfig.client("lustre", 0, List.of(nid()), name, TIMEOUT));
    }

    /** A connected MDC with this configuration on a client node of its own. */
    Mdc client(MdcConfig cfg) throws LustreException {
        Ptlrpc p = Ptlrpc.start(nodes.node());
        clients.add(p);
        Mdc mdc = new Mdc(p, cfg);
        clients.add(mdc);
        mdc.connect();
        return mdc;
    }

    /** Whether OST object {@code fid} exists on OST {@code index}. */
    boolean ostHas(int index, Fid fid) throws LustreException {
        try (OsdObject o = ostDisks.get(index).find(fid)) {
            return o.exists();
        }
    }

    /** The MDS's debug log, for a failure message. */
    String serverLog() {
        return mds.libcfs().debug().dumpToString();
    }

    @Override
    public void close() {
        for (int i = clients.size() - 1; i >= 0; i--) {
            try {
                clients.get(i).close();
            } catch (Exception e) {
                // closing what is left
            }
        }
        unmount();
        services.close();
        mdtDisk.close();
        for (int i = 0; i < ofds.size(); i++) {
            oss.get(i).close();
            ofds.get(i).close();
            ostDisks.get(i).close();
            ossNodes.get(i).close();
        }
        mds.close();
        nodes.close();
    }
}
