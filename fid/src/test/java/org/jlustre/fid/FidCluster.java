package org.jlustre.fid;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jlustre.common.LustreException;
import org.jlustre.common.Nid;
import org.jlustre.common.Uuid;
import org.jlustre.lnet.Lnet;
import org.jlustre.osd.OsdDevice;
import org.jlustre.ptlrpc.Import;
import org.jlustre.ptlrpc.ImportConfig;
import org.jlustre.ptlrpc.Ptlrpc;
import org.jlustre.ptlrpc.Service;
import org.jlustre.ptlrpc.ServiceConfig;
import org.jlustre.ptlrpc.Target;
import org.jlustre.testing.Nodes;
import org.jlustre.wire.ptlrpc.ConnectFlags;
import org.jlustre.wire.ptlrpc.LustreMsg;
import org.jlustre.wire.ptlrpc.MsgFlags;
import org.jlustre.wire.ptlrpc.ObdConnectData;
import org.jlustre.wire.ptlrpc.Opcodes;
import org.jlustre.wire.ptlrpc.Portals;

/**
 * MDS nodes running the FID services for one MDT each, as the MDT will: a target that peers
 * connect to with MDS_CONNECT on portal 12 (a stand-in for the MDT's own service) and
 * {@link FidServices} routing its exports' SEQ_QUERY and FLD_QUERY to its {@link FidSite};
 * and client nodes with imports to them.
 */
final class FidCluster implements AutoCloseable {

    /** One MDS node serving one MDT. */
    static final class Mds implements AutoCloseable {
        final String name;
        final Lnet lnet;
        final Ptlrpc node;
        final Target target;
        final Service connect;
        final FidServices fid;

        Mds(String name, Lnet lnet) throws LustreException {
            this.name = name;
            this.lnet = lnet;
            this.node = Ptlrpc.start(lnet);
            this.target = new Target(node, name, new Uuid(name + "_UUID"), ~0L, ~0L, 1, null, List.of("mdt", name));
            this.connect = new Service(node, new ServiceConfig("mdt", List.of("mds", "MDS", "mdt"), Portals.MDS_REQUEST,
                    Portals.MDC_REPLY, Portals.MDS_BULK, 4096, 1 << 16, 4, 1, Opcodes.MDS_CONNECT,
                    Opcodes.MDS_DISCONNECT, MsgFlags.LUSTRE_MDS_VERSION));
            connect.addTarget(target);
            this.fid = FidServices.startMds(node);
        }

        Nid nid() {
            return Nid.fromLnetNid(lnet.nids().getFirst());
        }

        @Override
        public void close() {
            fid.close();
            connect.close();
            target.close();
            node.close();
        }
    }

    final Nodes nodes;
    private final List<AutoCloseable> open = new ArrayList<>();
    private int clients;

    FidCluster(Nodes.Driver driver) {
        this.nodes = new Nodes(driver);
    }

    /** A new MDS node for target {@code name}. */
    Mds mds(String name) throws LustreException {
        Mds m = new Mds(name, nodes.node());
        open.add(m);
        return m;
    }

    /** A connected import from a new client node to {@code mds}'s target, as an MDC's (or, with SP_MDT, an OSP's). */
    Import connect(Mds mds, int secPart) throws LustreException {
        Import imp = importTo(mds, secPart);
        imp.connectSync();
        return imp;
    }

    /** An import from a new client node to {@code mds}'s target, not connected yet. */
    Import importTo(Mds mds, int secPart) throws LustreException {
        Ptlrpc p = Ptlrpc.start(nodes.node());
        open.add(p);
        String name = "client" + (++clients);
        ImportConfig cfg = new ImportConfig(mds.name + "-mdc-" + name, List.of("mdc", mds.name + "-mdc-" + name),
                new Uuid(name + "_UUID"), mds.target.uuid(), List.of(mds.nid()), Portals.MDS_REQUEST,
                Portals.MDC_REPLY, Portals.MDS_BULK, Opcodes.MDS_CONNECT, Opcodes.MDS_DISCONNECT,
                ObdConnectData.ofFlags(ConnectFlags.OBD_CONNECT_FID | ConnectFlags.OBD_CONNECT_AT),
                Duration.ofSeconds(20), Duration.ZERO, Duration.ofMillis(100), secPart);
        Import imp = new Import(p, cfg);
        open.add(imp);
        return imp;
    }

    Import connect(Mds mds) throws LustreException {
        return connect(mds, LustreMsg.SP_CLI);
    }

    /** Closes {@code c} with the cluster. */
    <T extends AutoCloseable> T keep(T c) {
        open.add(c);
        return c;
    }

    /** A fresh device closed with the cluster. */
    OsdDevice device(String name) throws LustreException {
        return keep(Mdt0Site.newDevice(name));
    }

    @Override
    public void close() throws Exception {
        for (AutoCloseable c : open.reversed()) {
            c.close();
        }
        nodes.close();
    }
}
