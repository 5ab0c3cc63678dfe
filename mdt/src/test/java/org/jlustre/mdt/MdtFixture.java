package org.jlustre.mdt;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jlustre.common.LustreException;
import org.jlustre.common.Nid;
import org.jlustre.common.Uuid;
import org.jlustre.fid.TargetFid;
import org.jlustre.mdt.mdd.LayoutOps;
import org.jlustre.mdt.mdd.Mdd;
import org.jlustre.mdt.mdd.MddConfig;
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
 * One MDS node serving {@code lustre-MDT0000} on an osd-mem device (MDD over a layout layer,
 * no OST unless a test gives one), and client nodes with raw imports, on one LNet driver. The
 * device outlives a {@link #remount}, as a disk outlives its mount.
 */
final class MdtFixture implements AutoCloseable {

    static final Duration TIMEOUT = Duration.ofSeconds(20);
    /** What a 2.15 client asks of an MDT, as far as these tests need. */
    static final long CLIENT_FLAGS = ConnectFlags.OBD_CONNECT_VERSION | ConnectFlags.OBD_CONNECT_AT
            | ConnectFlags.OBD_CONNECT_FULL20 | ConnectFlags.OBD_CONNECT_FID | ConnectFlags.OBD_CONNECT_ATTRFID
            | ConnectFlags.OBD_CONNECT_IBITS | ConnectFlags.OBD_CONNECT_64BITHASH | ConnectFlags.OBD_CONNECT_BRW_SIZE
            | ConnectFlags.OBD_CONNECT_MULTIMODRPCS | ConnectFlags.OBD_CONNECT_ACL | ConnectFlags.OBD_CONNECT_XATTR
            | ConnectFlags.OBD_CONNECT_MAX_EASIZE | ConnectFlags.OBD_CONNECT_FLAGS2;

    final Nodes nodes;
    final Ptlrpc server;
    final MdtServices services;
    final OsdDevice disk;
    final LayoutOps layouts;
    Mdd mdd;
    TargetFid fid;
    Mdt mdt;
    private final List<AutoCloseable> clients = new ArrayList<>();

    MdtFixture(Nodes.Driver driver) throws LustreException {
        this(driver, LayoutOps.NONE);
    }

    MdtFixture(Nodes.Driver driver, LayoutOps layouts) throws LustreException {
        this.nodes = new Nodes(driver);
        this.server = Ptlrpc.start(nodes.node());
        this.services = MdtServices.start(server);
        this.disk = OsdMem.create(MemOsdConfig.defaults("mdt0").withLibcfs(server.libcfs()));
        this.layouts = layouts;
        mount();
    }

    private void mount() throws LustreException {
        this.mdd = Mdd.mount(disk, MddConfig.defaults("lustre-MDD0000"), layouts);
        this.fid = TargetFid.mdt(disk, "lustre-MDT0000", 0, null, server.libcfs());
        this.mdt = services.serve(new MdtStack("lustre-MDT0000", 0, disk, mdd, layouts, server.libcfs(), fid.site(),
                0x1000));
    }

    /** Stops serving and unmounts, then mounts the same device again. */
    void remount() throws LustreException {
        mdt.close();
        fid.close();
        mdd.close();
        mount();
    }

    Nid nid() {
        return Nid.fromLnetNid(nodes.nid(server.lnet()));
    }

    /** A node of its own for a client the test makes itself (closed with the fixture). */
    Ptlrpc clientNode() throws LustreException {
        Ptlrpc p = Ptlrpc.start(nodes.node());
        clients.add(p);
        return p;
    }

    /** A raw import to the MDT from a client node of its own, connected with {@code flags}. */
    Import connect(String name, long flags) throws LustreException {
        Ptlrpc p = clientNode();
        Import imp = new Import(p, new ImportConfig(name, List.of("mdc", name), new Uuid(name + "_UUID"),
                new Uuid("lustre-MDT0000_UUID"), List.of(nid()), Portals.MDS_REQUEST, Portals.MDC_REPLY,
                Portals.MDS_BULK, Opcodes.MDS_CONNECT, Opcodes.MDS_DISCONNECT, connectData(flags),
                TIMEOUT, Duration.ZERO, Duration.ofMillis(100), LustreMsg.SP_CLI));
        clients.add(imp);
        imp.connectSync();
        return imp;
    }

    /**
     * The connect data of a 2.15 MDC ({@code client_common_fill_super}): 1 MiB bulk, the inode
     * bits it knows, 8 modifying RPCs in flight.
     */
    static ObdConnectData connectData(long flags) {
        return new ObdConnectData(flags, ObdConnectData.JLUSTRE_OCD_VERSION, 0, 0, 1 << 20, 0x7f, 12, 0, 0, 0, 0, 0, 0,
                0, 0, 0, 8, 0);
    }

    /** The server's debug log, for a failure message. */
    String serverLog() {
        return server.libcfs().debug().dumpToString();
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
        mdt.close();
        fid.close();
        mdd.close();
        services.close();
        disk.close();
        server.close();
        nodes.close();
    }
}
