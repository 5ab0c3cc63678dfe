package org.jlustre.mdt;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;
import org.jlustre.common.debug.DebugMask;
import org.jlustre.fid.FidServices;
import org.jlustre.ptlrpc.Export;
import org.jlustre.ptlrpc.Ptlrpc;
import org.jlustre.ptlrpc.RequestHandler;
import org.jlustre.ptlrpc.ServerRequest;
import org.jlustre.ptlrpc.Service;
import org.jlustre.ptlrpc.ServiceConfig;
import org.jlustre.ptlrpc.Target;
import org.jlustre.wire.ptlrpc.MsgFlags;
import org.jlustre.wire.ptlrpc.Opcodes;
import org.jlustre.wire.ptlrpc.Portals;

/**
 * The MDS services of a node ({@code mds_start_ptlrpc_service}, lustre/mdt/mdt_mds.c), shared by
 * all its MDTs: {@code mdt} on MDS_REQUEST (12), {@code mdt_readpage} on MDS_READPAGE (23) and
 * {@code mdt_out} on OUT_PORTAL (24, where the other MDTs' OSPs connect and send OUT_UPDATE),
 * replying on MDC_REPLY (10), bulk on MDS_BULK (14). Both take every MDT opcode, as Lustre's
 * {@code tgt_request_handle} dispatches by opcode whatever the portal (a 2.15 client sends
 * GETATTR, CLOSE and GETXATTR to 23). A request reaches the {@link Mdt} of its export's target;
 * what no handler serves is answered {@code -ENOTSUPP} by the service. FID's services
 * ({@code mdt_fld} 29, {@code mdt_seqm} 30, {@code mdt_seqs} 32) start and stop with these, and
 * each MDT served here answers SEQ_QUERY and FLD_QUERY there with its {@link MdtStack#fid}.
 *
 * <p>Thread-safe. Parameters under {@code mds.MDS.<service>}.
 */
public final class MdtServices implements AutoCloseable {

    /**
     * The largest request taken: a SETXATTR with a 64 KiB value ({@code XATTR_SIZE_MAX}) and
     * its other buffers, as {@code MDS_EA_MAXREQSIZE} allows for large EAs.
     */
    static final int MAX_REQUEST = 80 * 1024;

    private record Spec(String name, int portal, int threads) {
    }

    private static final List<Spec> SPECS = List.of(new Spec("mdt", Portals.MDS_REQUEST, 8),
            new Spec("mdt_readpage", Portals.MDS_READPAGE, 4), new Spec("mdt_out", Portals.OUT, 4));

    private final Ptlrpc node;
    private final List<Service> services;
    /** FID's services of the node (portals 29, 30, 32), started and stopped with these. */
    private final FidServices fid;
    private final ConcurrentHashMap<Target, Mdt> mdts = new ConcurrentHashMap<>();

    private MdtServices(Ptlrpc node, List<Service> services, FidServices fid) {
        this.node = node;
        this.services = services;
        this.fid = fid;
    }

    /**
     * Starts the MDS services on {@code node}.
     *
     * @throws LustreException EEXIST when the node runs them already
     */
    public static MdtServices start(Ptlrpc node) throws LustreException {
        List<Service> started = new ArrayList<>();
        try {
            for (Spec s : SPECS) {
                // DISCONNECT is served here (disconnect opcode 0), so the MDT closes the client's opens first
                started.add(new Service(node, new ServiceConfig(s.name(), List.of("mds", "MDS", s.name()), s.portal(),
                        Portals.MDC_REPLY, Portals.MDS_BULK, MAX_REQUEST, Math.max(1 << 20, 4 * MAX_REQUEST), 4,
                        s.threads(), Opcodes.MDS_CONNECT, 0, MsgFlags.LUSTRE_MDS_VERSION)));
            }
        } catch (LustreException | RuntimeException e) {
            started.forEach(Service::close);
            throw e;
        }
        FidServices fid;
        try {
            fid = FidServices.startMds(node);
        } catch (LustreException | RuntimeException e) {
            started.forEach(Service::close);
            throw e;
        }
        MdtServices mds = new MdtServices(node, List.copyOf(started), fid);
        for (Service s : started) {
            mds.registerHandlers(s);
        }
        return mds;
    }

    private void registerHandlers(Service s) {
        s.register(Opcodes.MDS_DISCONNECT, this::disconnect);
        MdtHandlers.register(s, this::routed);
        MdtLdlm.register(s, this::routed);
    }

    /** A handler of one MDT. */
    @FunctionalInterface
    interface MdtHandler {
        void handle(Mdt mdt, ServerRequest req) throws LustreException;
    }

    /** The handler run on the {@link Mdt} of the request's export. */
    private RequestHandler routed(MdtHandler h) {
        return req -> h.handle(mdtOf(req), req);
    }

    private Mdt mdtOf(ServerRequest req) throws LustreException {
        Export e = req.export();
        Mdt mdt = e == null ? null : mdts.get(e.target());
        if (mdt == null) {
            throw new LustreException(Errno.ENODEV, "the export of " + req + " is not of an MDT this node serves");
        }
        return mdt;
    }

    /** MDS_DISCONNECT ({@code mdt_obd_disconnect}): the client's opens are closed, then the export dropped. */
    private void disconnect(ServerRequest req) throws LustreException {
        Export e = req.export();
        mdtOf(req).exportGone(e, true);
        e.target().evict(e);
    }

    /** The node. */
    Ptlrpc node() {
        return node;
    }

    /** The services, in start order. */
    public List<Service> services() {
        return services;
    }

    /**
     * Serves the mounted {@code stack}: opens its {@code last_rcvd} and {@code reply_data}
     * (raising the mount count, the instance clients see) and makes its target connectable on
     * every service.
     */
    public Mdt serve(MdtStack stack) throws LustreException {
        Mdt mdt = new Mdt(this, stack);
        fid.serve(mdt.target(), stack.fid());
        mdts.put(mdt.target(), mdt);
        for (Service s : services) {
            s.addTarget(mdt.target());
        }
        node.libcfs().debug().logf(DebugMask.S_MDS, DebugMask.D_CONFIG, "%s: serving on %s", mdt.name(),
                String.join(", ", services.stream().map(s -> s.config().name()).toList()));
        return mdt;
    }

    /** Stops routing to {@code mdt}; {@link Mdt#close()} calls it. */
    void unserve(Mdt mdt) {
        for (Service s : services) {
            s.removeTarget(mdt.target());
        }
        mdts.remove(mdt.target(), mdt);
        fid.unserve(mdt.target());
    }

    /** The MDT called {@code name}, or null. */
    public Mdt find(String name) {
        for (Mdt m : mdts.values()) {
            if (m.name().equals(name)) {
                return m;
            }
        }
        return null;
    }

    /** How many MDTs are served. */
    public int served() {
        return mdts.size();
    }

    /** Stops the services. */
    @Override
    public void close() {
        services.forEach(Service::close);
        fid.close();
    }
}
