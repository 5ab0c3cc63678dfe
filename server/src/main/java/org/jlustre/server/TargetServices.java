package org.jlustre.server;

import java.util.ArrayList;
import java.util.List;
import org.jlustre.common.LustreException;
import org.jlustre.common.Uuid;
import org.jlustre.common.debug.DebugMask;
import org.jlustre.ptlrpc.Ptlrpc;
import org.jlustre.ptlrpc.Service;
import org.jlustre.ptlrpc.ServiceConfig;
import org.jlustre.ptlrpc.Target;
import org.jlustre.wire.ptlrpc.ConnectFlags;
import org.jlustre.wire.ptlrpc.MsgFlags;
import org.jlustre.wire.ptlrpc.Opcodes;
import org.jlustre.wire.ptlrpc.Portals;

/**
 * The request services of a node's MDTs, before the MDT layer exists: the MDS's {@code mdt},
 * {@code mdt_readpage}, ... services ({@code mds_start_ptlrpc_service}, lustre/mdt/mdt_mds.c)
 * on their portals, with each running target's device as a {@link Target}. A client's request
 * never meets silence: CONNECT, DISCONNECT and OBD_PING are served as for any target, CONNECT
 * for a target the node does not run is refused with {@code -ENODEV}
 * ({@code target_handle_connect}), a request without a connection gets {@code -ENOTCONN}, and
 * every other opcode {@code -ENOTSUPP}, as {@code tgt_handler_find_check} answers an opcode no
 * handler serves. (OSTs serve through the ofd's own services, {@link org.jlustre.ost.OstServices}.)
 *
 * <p>One per node, shared by its MDTs ({@link ServerNode} counts them).
 * Thread-safe: the services are.
 */
final class TargetServices implements AutoCloseable {

    /** One service: its name ({@code psc_name}), request portal and reply portal. */
    private record Spec(String name, int requestPortal, int replyPortal) {
    }

    /** The MDS's services (mdt_mds.c). */
    private static final List<Spec> MDS = List.of(new Spec("mdt", Portals.MDS_REQUEST, Portals.MDC_REPLY),
            new Spec("mdt_readpage", Portals.MDS_READPAGE, Portals.MDC_REPLY),
            new Spec("mdt_out", Portals.OUT, Portals.OSC_REPLY),
            new Spec("mdt_seqs", Portals.SEQ_CONTROLLER, Portals.MDC_REPLY),
            new Spec("mdt_seqm", Portals.SEQ_METADATA, Portals.MDC_REPLY),
            new Spec("mdt_fld", Portals.FLD_REQUEST, Portals.MDC_REPLY),
            new Spec("mdt_io", Portals.MDS_IO, Portals.MDC_REPLY));
    /**
     * What a target that serves nothing yet grants at connect: the version, adaptive timeouts
     * and the 2.0 protocol, no feature it would have to serve.
     */
    private static final long SUPPORTED = ConnectFlags.OBD_CONNECT_VERSION | ConnectFlags.OBD_CONNECT_AT
            | ConnectFlags.OBD_CONNECT_FULL20;
    /** The largest request taken: 16 KiB ({@code OST_MAXREQSIZE}), more than any MDS request. */
    private static final int MAX_REQUEST = 16 * 1024;

    /** The node. */
    private final Ptlrpc node;
    /** MDT or OST. */
    private final TargetType type;
    /** The running services. */
    private final List<Service> services;

    private TargetServices(Ptlrpc node, TargetType type, List<Service> services) {
        this.node = node;
        this.type = type;
        this.services = services;
    }

    /**
     * Starts the services of {@code type} on {@code node}.
     *
     * @throws LustreException EEXIST when the node runs them already (their parameters exist)
     */
    static TargetServices start(Ptlrpc node, TargetType type) throws LustreException {
        if (type != TargetType.MDT) {
            throw new IllegalArgumentException(type + " targets serve through their own layer, not these services");
        }
        List<Service> started = new ArrayList<>();
        try {
            for (Spec s : MDS) {
                started.add(new Service(node, new ServiceConfig(s.name(), List.of("mds", "MDS", s.name()),
                        s.requestPortal(), s.replyPortal(), Portals.MDS_BULK, MAX_REQUEST, 4 * MAX_REQUEST, 2, 1,
                        Opcodes.MDS_CONNECT, Opcodes.MDS_DISCONNECT, MsgFlags.LUSTRE_MDS_VERSION)));
            }
        } catch (LustreException | RuntimeException e) {
            started.forEach(Service::close);
            throw e;
        }
        return new TargetServices(node, type, List.copyOf(started));
    }

    /**
     * Makes target {@code name} (the device its log set up, {@code mdt} or {@code obdfilter})
     * connectable on every service, with its exports under
     * {@code <device type>.<name>.exports_info}.
     */
    Target serve(String name, String deviceType) throws LustreException {
        Target t = new Target(node, name, new Uuid(name + "_UUID"), SUPPORTED, 0, 1, null,
                List.of(deviceType, name, "exports_info"));
        for (Service s : services) {
            s.addTarget(t);
        }
        node.libcfs().debug().logf(DebugMask.S_CLASS, DebugMask.D_CONSOLE,
                "%s: accepting connections; the %s layer is not built yet, so its requests are answered -ENOTSUPP",
                name, type);
        return t;
    }

    /** Stops serving {@code t} and drops its exports: later requests for it get -ENODEV or -ENOTCONN. */
    void unserve(Target t) {
        for (Service s : services) {
            s.removeTarget(t);
        }
        t.close();
    }

    /** Stops the services. */
    @Override
    public void close() {
        for (Service s : services) {
            s.close();
        }
    }
}
