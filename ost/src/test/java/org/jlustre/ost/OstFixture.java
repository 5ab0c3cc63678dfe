package org.jlustre.ost;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jlustre.common.LustreException;
import org.jlustre.common.Nid;
import org.jlustre.common.Uuid;
import org.jlustre.lnet.Lnet;
import org.jlustre.osd.OsdDevice;
import org.jlustre.osd.mem.MemOsdConfig;
import org.jlustre.osd.mem.OsdMem;
import org.jlustre.ptlrpc.Import;
import org.jlustre.ptlrpc.ImportConfig;
import org.jlustre.ptlrpc.Ptlrpc;
import org.jlustre.testing.Nodes;
import org.jlustre.wire.ptlrpc.ConnectFlags;
import org.jlustre.wire.ptlrpc.LustreMsg;
import org.jlustre.wire.ptlrpc.ObdConnectData;
import org.jlustre.wire.ptlrpc.Opcodes;
import org.jlustre.wire.ptlrpc.Portals;

/**
 * An OSS node serving OSTs on osd-mem and client nodes with hand-built imports, on one of the
 * two LNet drivers: what the handler tests drive before (and besides) the OSC.
 */
final class OstFixture implements AutoCloseable {

    final Nodes nodes;
    final Lnet serverLnet;
    final Ptlrpc server;
    final OstServices oss;
    private final List<AutoCloseable> closing = new ArrayList<>();

    OstFixture(Nodes.Driver driver) throws LustreException {
        this.nodes = new Nodes(driver);
        this.serverLnet = nodes.node();
        this.server = Ptlrpc.start(serverLnet);
        this.oss = OstServices.start(server);
    }

    /** A fresh osd-mem device of {@code capacity} bytes on the server node. */
    OsdDevice disk(String name, long capacity) throws LustreException {
        OsdDevice d = OsdMem.create(MemOsdConfig.defaults(name).withLibcfs(server.libcfs()).withCapacity(capacity));
        closing.add(d::close);
        return d;
    }

    /** Mounts and serves OST {@code index} of "lustre" on {@code disk}. */
    Ost serve(OsdDevice disk, int index) throws LustreException {
        Ofd ofd = Ofd.mount(disk, server.libcfs(), String.format("lustre-OST%04x", index), index);
        Ost ost = oss.serve(ofd);
        closing.add(() -> {
            ost.close();
            ofd.close();
        });
        return ost;
    }

    /** A client node. */
    Ptlrpc clientNode() throws LustreException {
        Ptlrpc p = Ptlrpc.start(nodes.node());
        closing.add(p);
        return p;
    }

    /** The connect data a 2.15 OSC sends, reduced to what a test names. */
    static ObdConnectData oscConnectData(long flags, int index) {
        return new ObdConnectData(flags, ObdConnectData.JLUSTRE_OCD_VERSION, 32 << 20, index, 4 << 20, 0, 12, 0, 0, 0,
                0, 0, 0x6, 0, 0, 0, 0, 0);
    }

    /** The usual OSC flags: grant in bytes, brw size, checksums, version, AT, FID, maxbytes. */
    static final long OSC_FLAGS = ConnectFlags.OBD_CONNECT_GRANT | ConnectFlags.OBD_CONNECT_VERSION
            | ConnectFlags.OBD_CONNECT_REQPORTAL | ConnectFlags.OBD_CONNECT_BRW_SIZE | ConnectFlags.OBD_CONNECT_AT
            | ConnectFlags.OBD_CONNECT_FID | ConnectFlags.OBD_CONNECT_FULL20 | ConnectFlags.OBD_CONNECT_CKSUM
            | ConnectFlags.OBD_CONNECT_MAXBYTES | ConnectFlags.OBD_CONNECT_GRANT_PARAM | ConnectFlags.OBD_CONNECT_INDEX;

    /** An import from {@code client} named {@code name} to OST {@code index}, asking {@code ocd}. */
    Import connect(Ptlrpc client, String name, int index, ObdConnectData ocd) throws LustreException {
        Import imp = new Import(client, new ImportConfig(name, List.of("osc", name), new Uuid(name + "_UUID"),
                new Uuid(String.format("lustre-OST%04x_UUID", index)), List.of(Nid.fromLnetNid(nodes.nid(serverLnet))),
                Portals.OST_REQUEST, Portals.OSC_REPLY, Portals.OST_BULK, Opcodes.OST_CONNECT, Opcodes.OST_DISCONNECT,
                ocd, Duration.ofSeconds(20), Duration.ZERO, Duration.ofMillis(100), LustreMsg.SP_CLI));
        closing.add(imp);
        return imp;
    }

    @Override
    public void close() throws Exception {
        for (AutoCloseable c : closing.reversed()) {
            c.close();
        }
        oss.close();
        server.close();
        nodes.close();
    }
}
