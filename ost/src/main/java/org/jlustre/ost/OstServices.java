package org.jlustre.ost;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;
import org.jlustre.common.debug.DebugMask;
import org.jlustre.fid.FidServices;
import org.jlustre.fid.FidSite;
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
 * The OSS services of a node ({@code ost_setup}, lustre/ost/ost_handler.c), shared by all its
 * OSTs: {@code ost} on OST_REQUEST (28), {@code ost_create} on OST_CREATE (7), {@code ost_io}
 * on OST_IO (6), and {@code ost_seq} on SEQ_DATA (31), where an MDT's OSP asks the OST's
 * sequence server for a data sequence (SEQ_QUERY, {@link #serveSeq}). Every other service takes
 * every OST opcode, as Lustre's {@code tgt_request_handle} dispatches by opcode whatever the
 * portal, except bulk I/O, which only {@code ost_io} serves. A request reaches the {@link Ost}
 * of its export's target.
 *
 * <p>Thread-safe. Parameters under {@code ost.OSS.<service>}.
 */
public final class OstServices implements AutoCloseable {

    /** {@code OST_MAXREQSIZE}. */
    static final int MAX_REQUEST = 16 * 1024;
    /**
     * {@code OST_IO_MAXREQSIZE}: a BRW's buffers with one niobuf per 4 KiB page of a 4 MiB RPC,
     * and room for the rest.
     */
    static final int MAX_IO_REQUEST = 64 * 1024;

    private record Spec(String name, int portal, int maxRequest, int threads) {
    }

    private static final List<Spec> SPECS = List.of(new Spec("ost", Portals.OST_REQUEST, MAX_REQUEST, 4),
            new Spec("ost_create", Portals.OST_CREATE, MAX_REQUEST, 2),
            new Spec("ost_io", Portals.OST_IO, MAX_IO_REQUEST, 8),
            new Spec("ost_seq", Portals.SEQ_DATA, MAX_REQUEST, 1));

    private final Ptlrpc node;
    private final List<Service> services;
    private final ConcurrentHashMap<Target, Ost> osts = new ConcurrentHashMap<>();
    /** The FID layer of each OST whose sequence server answers on {@code ost_seq}. */
    private final ConcurrentHashMap<Target, FidSite> fidSites = new ConcurrentHashMap<>();

    private OstServices(Ptlrpc node, List<Service> services) {
        this.node = node;
        this.services = services;
    }

    /**
     * Starts the OSS services on {@code node}.
     *
     * @throws LustreException EEXIST when the node runs them already
     */
    public static OstServices start(Ptlrpc node) throws LustreException {
        List<Service> started = new ArrayList<>();
        try {
            for (Spec s : SPECS) {
                // DISCONNECT is served here (disconnect opcode 0), so the OST can take back its grant first
                started.add(new Service(node, new ServiceConfig(s.name(), List.of("ost", "OSS", s.name()), s.portal(),
                        Portals.OSC_REPLY, Portals.OST_BULK, s.maxRequest(), Math.max(1 << 20, 4 * s.maxRequest()),
                        4, s.threads(), Opcodes.OST_CONNECT, 0, MsgFlags.LUSTRE_OST_VERSION)));
            }
        } catch (LustreException | RuntimeException e) {
            started.forEach(Service::close);
            throw e;
        }
        OstServices oss = new OstServices(node, List.copyOf(started));
        for (Service s : started) {
            oss.registerHandlers(s);
        }
        return oss;
    }

    private void registerHandlers(Service s) {
        if (s.config().requestPortal() == Portals.SEQ_DATA) {
            // ost_seq serves SEQ_QUERY only (seq_handlers in the OFD's handler table)
            FidServices.registerSeqQuery(s, fidSites::get);
            return;
        }
        s.register(Opcodes.OST_DISCONNECT, this::disconnect);
        s.register(Opcodes.OST_CREATE, routed(OstHandlers::create));
        s.register(Opcodes.OST_GETATTR, routed(OstHandlers::getattr));
        s.register(Opcodes.OST_SETATTR, routed(OstHandlers::setattr));
        s.register(Opcodes.OST_PUNCH, routed(OstHandlers::punch));
        s.register(Opcodes.OST_DESTROY, routed(OstHandlers::destroy));
        s.register(Opcodes.OST_STATFS, routed(OstHandlers::statfs));
        s.register(Opcodes.OST_SYNC, routed(OstHandlers::sync));
        s.register(Opcodes.OST_GET_INFO, routed(OstHandlers::getInfo));
        s.register(Opcodes.OST_SET_INFO, routed(OstHandlers::setInfo));
        // short I/O is memory to memory: handled on the receiving thread, without the hand-off
        s.register(Opcodes.OST_READ, routed(BrwHandlers::read), BrwHandlers::shortIo);
        s.register(Opcodes.OST_WRITE, routed(BrwHandlers::write), BrwHandlers::shortIo);
    }

    /** A handler of one OST. */
    @FunctionalInterface
    private interface OstHandler {
        void handle(Ost ost, ServerRequest req) throws LustreException;
    }

    /** The handler run on the {@link Ost} of the request's export. */
    private RequestHandler routed(OstHandler h) {
        return req -> h.handle(ostOf(req), req);
    }

    private Ost ostOf(ServerRequest req) throws LustreException {
        Export e = req.export();
        Ost ost = e == null ? null : osts.get(e.target());
        if (ost == null) {
            throw new LustreException(Errno.ENODEV, "the export of " + req + " is not of an OST this node serves");
        }
        return ost;
    }

    /** OST_DISCONNECT ({@code ofd_obd_disconnect}): the grant is taken back, then the export dropped. */
    private void disconnect(ServerRequest req) throws LustreException {
        Export e = req.export();
        Ost ost = ostOf(req);
        ost.exportGone(e, true);
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
     * Serves {@code ofd}: opens its {@code last_rcvd} (raising the mount count, the instance
     * clients see) and makes its target connectable on every service.
     */
    public Ost serve(Ofd ofd) throws LustreException {
        Ost ost = new Ost(this, ofd);
        osts.put(ost.target(), ost);
        for (Service s : services) {
            s.addTarget(ost.target());
        }
        node.libcfs().debug().logf(DebugMask.S_OST, DebugMask.D_CONFIG, "%s: serving on %s", ofd.name(),
                String.join(", ", services.stream().map(s -> s.config().name()).toList()));
        return ost;
    }

    /**
     * Answers SEQ_QUERY for {@code ost} from {@code site}: its sequence server (kind
     * {@code LuSeqRange.OST}), fed with super-sequences by MDT0 ({@code ofd_fid_init},
     * {@code ofd_register_seq_exp}). Until then SEQ_QUERY to it answers EINVAL.
     */
    public void serveSeq(Ost ost, FidSite site) {
        fidSites.put(ost.target(), site);
    }

    /** Stops routing to {@code ost}; {@link Ost#close()} calls it. */
    void unserve(Ost ost) {
        fidSites.remove(ost.target());
        for (Service s : services) {
            s.removeTarget(ost.target());
        }
        osts.remove(ost.target(), ost);
    }

    /** The OST called {@code name}, or null. */
    public Ost find(String name) {
        for (Ost o : osts.values()) {
            if (o.ofd().name().equals(name)) {
                return o;
            }
        }
        return null;
    }

    /** How many OSTs are served. */
    public int served() {
        return osts.size();
    }

    /** Stops the services. */
    @Override
    public void close() {
        services.forEach(Service::close);
    }
}
