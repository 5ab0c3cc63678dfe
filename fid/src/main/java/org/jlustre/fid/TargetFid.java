package org.jlustre.fid;

import java.util.Objects;
import org.jlustre.common.Libcfs;
import org.jlustre.common.LustreException;
import org.jlustre.osd.OsdDevice;
import org.jlustre.ptlrpc.Import;
import org.jlustre.wire.fid.LuSeqRange;

/**
 * The FID layer a target mounts (mdt_handler.c {@code mdt_seq_init} + {@code mdt_fld_init},
 * ofd_dev.c {@code ofd_fid_init}): its fld, on MDT0 the controller, its sequence server fed by
 * the controller (directly on MDT0, by SEQ_QUERY ALLOC_SUPER over the import to MDT0
 * elsewhere), a local metadata client for the target's own objects, and their parameters.
 * Nothing here waits for the network: a server on another target asks MDT0 at its first grant.
 *
 * <p>Thread-safe as its parts are. {@link #close()} closes them in reverse order.
 */
public final class TargetFid implements AutoCloseable {

    /** The fld. */
    private final Fld fld;
    /** The controller, or null. */
    private final SeqController controller;
    /** The sequence server. */
    private final SeqServer server;
    /** What the services route to. */
    private final FidSite site;
    /** The target's own client ({@code ss_client_seq}). */
    private final SeqClient client;

    private TargetFid(Fld fld, SeqController controller, SeqServer server, FidSite site) {
        this.fld = fld;
        this.controller = controller;
        this.server = server;
        this.site = site;
        this.client = SeqClient.local(server);
    }

    /**
     * Mounts an MDT's FID layer on {@code dev}. {@code toMdt0} (an import to MDT0, Lustre's
     * LWP or the OSP to MDT0) is required for every index but 0.
     *
     * @throws LustreException what opening the files failed with; EEXIST when the parameters
     *     exist already
     */
    public static TargetFid mdt(OsdDevice dev, String targetName, int index, Import toMdt0, Libcfs libcfs)
            throws LustreException {
        return open(dev, targetName, index, true, toMdt0, libcfs);
    }

    /**
     * Mounts the FID layer of an MDT other than MDT0 whose super-sequences come from
     * {@code source}: for an MDT whose way to MDT0 is set up after its mount (the config log
     * names MDT0 after the MDT itself), a source that answers EINPROGRESS until then. The site
     * has no upstream fld.
     */
    public static TargetFid mdtFedBy(OsdDevice dev, String targetName, int index, SuperSequenceSource source,
            Libcfs libcfs) throws LustreException {
        if (index == 0) {
            throw new IllegalArgumentException(targetName + ": MDT0 has the controller, not a remote source");
        }
        return open(dev, targetName, index, true, null, Objects.requireNonNull(source, "source"), libcfs);
    }

    /**
     * Mounts an OST's FID layer on {@code dev} (its fld of kind OST, its sequence server fed by
     * MDT0 over {@code toMdt0}, asking as a data client: no resend).
     */
    public static TargetFid ost(OsdDevice dev, String targetName, int index, Import toMdt0, Libcfs libcfs)
            throws LustreException {
        Objects.requireNonNull(toMdt0, "toMdt0");
        return open(dev, targetName, index, false, toMdt0,
                SeqClient.controller(toMdt0, targetName, SeqType.DATA), libcfs);
    }

    /**
     * Mounts an OST's FID layer whose super-sequences come from {@code source}: for an OSS that
     * does not know MDT0 yet (its LWP is set up when MDT0 appears in the client log,
     * {@code lustre_lwp_setup}), a source that answers EINPROGRESS until then and asks
     * {@link SeqClient#controller} after. The site has no upstream fld: an OSS answers SEQ_QUERY
     * only.
     */
    public static TargetFid ost(OsdDevice dev, String targetName, int index, SuperSequenceSource source,
            Libcfs libcfs) throws LustreException {
        return open(dev, targetName, index, false, null, Objects.requireNonNull(source, "source"), libcfs);
    }

    private static TargetFid open(OsdDevice dev, String name, int index, boolean mdt, Import toMdt0, Libcfs libcfs)
            throws LustreException {
        if (!(mdt && index == 0)) {
            Objects.requireNonNull(toMdt0, "toMdt0 (an import to MDT0) for " + name);
        }
        return open(dev, name, index, mdt, toMdt0, toMdt0 == null ? null
                : SeqClient.controller(toMdt0, name, mdt ? SeqType.METADATA : SeqType.DATA), libcfs);
    }

    /** {@code remote} feeds a server other than MDT0's; {@code toMdt0} (or null) is the fld's upstream. */
    private static TargetFid open(OsdDevice dev, String name, int index, boolean mdt, Import toMdt0,
            SuperSequenceSource remote, Libcfs libcfs) throws LustreException {
        boolean mdt0 = mdt && index == 0;
        Fld fld = Fld.open(dev, name, index, mdt);
        SeqController ctl = null;
        SeqServer srv = null;
        try {
            SuperSequenceSource source;
            if (mdt0) {
                ctl = SeqController.open(dev, name, index, fld, libcfs.debug());
                ctl.publishParams(libcfs.params());
                source = ctl;
            } else {
                source = remote;
            }
            srv = SeqServer.open(dev, name, index, mdt ? LuSeqRange.MDT : LuSeqRange.OST, source, fld,
                    libcfs.debug());
            srv.publishParams(libcfs.params());
            FidSite site = mdt0 ? FidSite.mdt0(ctl, srv, fld) : FidSite.of(srv, fld, toMdt0 == null ? null : FldClient.over(toMdt0));
            return new TargetFid(fld, ctl, srv, site);
        } catch (LustreException | RuntimeException e) {
            if (srv != null) {
                srv.close();
            }
            if (ctl != null) {
                ctl.close();
            }
            fld.close();
            throw e;
        }
    }

    /** What {@link FidServices#serve} (or an OSS's {@code serveSeq}) routes to. */
    public FidSite site() {
        return site;
    }

    /** The target's own metadata client, for FIDs of objects it makes itself. */
    public SeqClient client() {
        return client;
    }

    /** The fld. */
    public Fld fld() {
        return fld;
    }

    /** The sequence server. */
    public SeqServer server() {
        return server;
    }

    /** The controller (MDT0), or null. */
    public SeqController controller() {
        return controller;
    }

    @Override
    public void close() {
        server.close();
        if (controller != null) {
            controller.close();
        }
        fld.close();
    }
}
