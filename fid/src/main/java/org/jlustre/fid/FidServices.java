package org.jlustre.fid;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;
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
 * The MDS's FID services on a node (lustre/mdt/mdt_mds.c): {@code mdt_seqs} on
 * SEQ_CONTROLLER (32, MDT0's controller), {@code mdt_seqm} on SEQ_METADATA (30) and
 * {@code mdt_fld} on FLD_REQUEST (29), shared by the node's MDTs. Each takes SEQ_QUERY,
 * FLD_QUERY and FLD_READ, as Lustre's target handler dispatches by opcode whatever the portal;
 * a request reaches the {@link FidSite} of its export's target (peers connect through the
 * MDT's own service, with MDS_CONNECT on portal 12). An OSS answers SEQ_QUERY on SEQ_DATA (31)
 * with {@link #registerSeqQuery} on its {@code ost_seq} service.
 *
 * <p>Thread-safe. Parameters under {@code mds.MDS.<service>}.
 */
public final class FidServices implements AutoCloseable {

    /**
     * A request's largest size: {@code SEQ_MAXREQSIZE} and {@code FLD_MAXREQSIZE} are 160, the
     * smallest a service takes is more; ours leaves room for a large ptlrpc body.
     */
    static final int MAX_REQUEST = 1024;

    private record Spec(String name, int portal, int threads) {
    }

    private static final List<Spec> SPECS = List.of(new Spec("mdt_seqs", Portals.SEQ_CONTROLLER, 2),
            new Spec("mdt_seqm", Portals.SEQ_METADATA, 2), new Spec("mdt_fld", Portals.FLD_REQUEST, 2));

    /** The services, in start order. */
    private final List<Service> services;
    /** The sites of the targets served, by target. */
    private final ConcurrentHashMap<Target, FidSite> sites = new ConcurrentHashMap<>();

    private FidServices(List<Service> services) {
        this.services = services;
    }

    /**
     * Starts {@code mdt_seqs}, {@code mdt_seqm} and {@code mdt_fld} on {@code node}.
     *
     * @throws LustreException EEXIST when the node runs them already
     */
    public static FidServices startMds(Ptlrpc node) throws LustreException {
        List<Service> started = new ArrayList<>();
        try {
            for (Spec s : SPECS) {
                started.add(new Service(node, new ServiceConfig(s.name(), List.of("mds", "MDS", s.name()), s.portal(),
                        Portals.MDC_REPLY, Portals.MDS_BULK, MAX_REQUEST, 64 * MAX_REQUEST, 4, s.threads(), 0, 0,
                        MsgFlags.LUSTRE_MDS_VERSION)));
            }
        } catch (LustreException | RuntimeException e) {
            started.forEach(Service::close);
            throw e;
        }
        FidServices fs = new FidServices(List.copyOf(started));
        Function<Target, FidSite> lookup = fs.sites::get;
        for (Service s : started) {
            registerSeqQuery(s, lookup);
            s.register(Opcodes.FLD_QUERY, "fld_query", routed(lookup, FldHandler::query));
            s.register(Opcodes.FLD_READ, "fld_read", routed(lookup, FldHandler::read));
        }
        return fs;
    }

    /**
     * Registers SEQ_QUERY on {@code service}, answered by the site {@code sites} gives for the
     * request's target (none: EINVAL); what an OSS's {@code ost_seq} (portal 31) does.
     */
    public static void registerSeqQuery(Service service, Function<Target, FidSite> sites) {
        service.register(Opcodes.SEQ_QUERY, "seq_query", routed(sites, SeqHandler::handle));
    }

    /** A handler of one site. */
    @FunctionalInterface
    private interface SiteHandler {
        void handle(ServerRequest req, FidSite site) throws LustreException;
    }

    private static RequestHandler routed(Function<Target, FidSite> sites, SiteHandler h) {
        return req -> {
            Export e = req.export();
            FidSite site = e == null ? null : sites.apply(e.target());
            if (site == null) {
                // as seq_server_handle for a site without the manager; not ENODEV, which the
                // client's import would take for a lost target and resend into
                throw new LustreException(Errno.EINVAL, "the FID layer of the target of " + req
                        + " is not initialized on this node");
            }
            h.handle(req, site);
        };
    }

    /** Routes the requests of {@code target}'s exports to {@code site}. */
    public void serve(Target target, FidSite site) {
        sites.put(target, site);
    }

    /** Stops routing to {@code target}. */
    public void unserve(Target target) {
        sites.remove(target);
    }

    /** The services, in start order. */
    public List<Service> services() {
        return services;
    }

    /** Stops the services. */
    @Override
    public void close() {
        services.forEach(Service::close);
    }
}
