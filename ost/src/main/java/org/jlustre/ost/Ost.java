package org.jlustre.ost;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;
import org.jlustre.common.Nid;
import org.jlustre.common.Uuid;
import org.jlustre.common.debug.DebugMask;
import org.jlustre.common.param.Param;
import org.jlustre.common.param.ParamTree;
import org.jlustre.ptlrpc.Export;
import org.jlustre.ptlrpc.ServerRequest;
import org.jlustre.ptlrpc.Target;
import org.jlustre.osd.Transaction;
import org.jlustre.target.ClientSlot;
import org.jlustre.target.LastRcvd;
import org.jlustre.target.TargetKind;
import org.jlustre.wire.ObdStatfs;

/**
 * One OST that serves: its {@link Ofd}, the ptlrpc {@link Target} clients connect to
 * ({@code <fsname>-OST<idx>}, UUID {@code <name>_UUID}) on the node's {@link OstServices}, and
 * its parameters: {@code obdfilter.<name>.stats}, {@code kbytestotal}, {@code kbytesfree},
 * {@code kbytesavail}, {@code filestotal}, {@code filesfree}, {@code last_id},
 * {@code tot_granted}, {@code brw_size}, with {@code uuid}, {@code num_exports} and
 * {@code exports} from the target and {@code exports.<nid>.{uuid,stats}} per client NID.
 * Made by {@link OstServices#serve}, ended by {@link #close()}.
 */
public final class Ost implements AutoCloseable {

    private final OstServices services;
    private final Ofd ofd;
    /** The target's {@code last_rcvd}, open while it serves. */
    private final LastRcvd lastRcvd;
    private final Target target;
    private final ParamTree params;
    private final List<List<String>> registered = new ArrayList<>();
    /** Per-NID entries; changed under this map's monitor. */
    private final Map<String, NidStats> nids = new ConcurrentHashMap<>();

    Ost(OstServices services, Ofd ofd) throws LustreException {
        this.services = services;
        this.ofd = ofd;
        this.params = ofd.libcfs().params();
        String uuid = ofd.name() + "_UUID";
        this.lastRcvd = LastRcvd.open(ofd.osd(), uuid, ofd.index(), TargetKind.OST);
        Target t;
        try {
            // the instance clients see is the mount count, as obd_instance is
            t = new Target(services.node(), ofd.name(), new Uuid(uuid), OstConnect.SUPPORTED, OstConnect.SUPPORTED2,
                    (int) lastRcvd.mountCount(), (exp, asked, generic) -> OstConnect.connect(this, exp, asked, generic),
                    List.of("obdfilter", ofd.name()));
        } catch (LustreException | RuntimeException e) {
            lastRcvd.close();
            throw e;
        }
        this.target = t;
        try {
            register("stats", ofd.stats().param());
            register("kbytestotal", computed(() -> kbytes(sf -> sf.blocks())));
            register("kbytesfree", computed(() -> kbytes(sf -> sf.bfree())));
            register("kbytesavail", computed(() -> kbytes(sf -> sf.bavail())));
            register("filestotal", computed(() -> ofd.statfs().files() + "\n"));
            register("filesfree", computed(() -> ofd.statfs().ffree() + "\n"));
            register("last_id", Param.readOnly(ofd::renderLastIds));
            register("tot_granted", Param.readOnly(() -> ofd.grants().totalGranted() + "\n"));
            register("brw_size", Param.readOnly(() -> (OstConnect.BRW_SIZE >> 20) + "\n"));
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** A value computed from the OSD, which may fail. */
    private interface Reader {
        String read() throws LustreException;
    }

    /** A read-only parameter read through {@code r}. */
    private static Param computed(Reader r) {
        return new Param() {
            @Override
            public String read() throws LustreException {
                return r.read();
            }

            @Override
            public boolean writable() {
                return false;
            }

            @Override
            public void write(String text) throws LustreException {
                throw new LustreException(Errno.EACCES, "read-only parameter");
            }
        };
    }

    private interface Blocks {
        long of(ObdStatfs sf);
    }

    /** {@code lprocfs_kbytes*_seq_show}: blocks times block size, in KiB. */
    private String kbytes(Blocks b) throws LustreException {
        ObdStatfs sf = ofd.statfs();
        return String.format(Locale.ROOT, "%d%n", b.of(sf) * sf.bsize() >> 10);
    }

    private void register(String leaf, Param p) {
        List<String> name = List.of("obdfilter", ofd.name(), leaf);
        params.register(name, p);
        registered.add(name);
    }

    /** The ofd. */
    public Ofd ofd() {
        return ofd;
    }

    /** The target clients connect to. */
    public Target target() {
        return target;
    }

    /** The target's {@code last_rcvd}. */
    public LastRcvd lastRcvd() {
        return lastRcvd;
    }

    /**
     * A new client export's OST state: its {@code last_rcvd} slot (the one it had, for a client
     * that did not disconnect cleanly) and its NID's entry.
     */
    OstExport newExport(Export exp, int group, long connectFlags, int ocdIndex) throws LustreException {
        ClientSlot slot = lastRcvd.connect(exp.clientUuid().value(), connectFlags, ocdIndex);
        String nid = Nid.toString(exp.peer().nid());
        NidStats ns;
        synchronized (nids) {
            ns = nids.get(nid);
            if (ns == null) {
                ns = new NidStats(ofd.libcfs(), ofd.name(), nid);
                nids.put(nid, ns);
            }
            ns.add(exp.clientUuid().value());
        }
        return new OstExport(group, ns, slot);
    }

    /**
     * The client of {@code exp} is gone: its grant returns, its NID entry goes with its last
     * export, and after a clean disconnect its {@code last_rcvd} slot is freed
     * ({@code tgt_client_del}); an unmount keeps the slots for the clients' reconnection.
     */
    void exportGone(Export exp, boolean clean) {
        OstExport e = OstExport.of(exp);
        if (e == null) {
            return;
        }
        ofd.grants().discard(e.grant);
        if (clean) {
            try {
                lastRcvd.disconnect(e.slot);
            } catch (LustreException x) {
                ofd.libcfs().debug().logf(DebugMask.S_OST, DebugMask.D_ERROR, "%s: last_rcvd slot of %s not freed: %s",
                        ofd.name(), exp.clientUuid().value(), x.getMessage());
            }
        }
        synchronized (nids) {
            if (e.nidStats.remove(exp.clientUuid().value())) {
                nids.values().remove(e.nidStats);
                e.nidStats.close();
            }
        }
    }

    /**
     * The record of {@code req}'s updates in {@code last_rcvd}: declared and written inside each
     * ofd transaction it runs, its transno going to the reply's {@code pb_transno}.
     */
    TxnRecord record(ServerRequest req) {
        OstExport e = OstExport.of(req.export());
        if (e == null) {
            return TxnRecord.NONE;
        }
        return new TxnRecord() {
            @Override
            public void declare(Transaction th) throws LustreException {
                lastRcvd.declareRecord(th, e.slot);
            }

            @Override
            public void record(Transaction th) throws LustreException {
                long transno = lastRcvd.record(th, e.slot, req.xid(), 0);
                if (transno != 0) {
                    req.transno(transno);
                }
            }
        };
    }

    /** Counts an operation that started at {@code startNanos} ({@code ofd_counter_incr}). */
    void count(ServerRequest req, String counter, long startNanos) {
        long usec = (System.nanoTime() - startNanos) / 1000;
        ofd.stats().counter(counter, "usecs").add(usec);
        OstExport e = OstExport.of(req.export());
        if (e != null) {
            e.nidStats.stats.counter(counter, "usecs").add(usec);
        }
    }

    /** Counts a read or write of {@code bytes} on its client's NID (the device counted it itself). */
    void countIo(ServerRequest req, String counter, String bytesCounter, long bytes, long startNanos) {
        OstExport e = OstExport.of(req.export());
        if (e != null) {
            e.nidStats.stats.counter(bytesCounter, "bytes").add(bytes);
            e.nidStats.stats.counter(counter, "usecs").add((System.nanoTime() - startNanos) / 1000);
        }
    }

    /**
     * Answers SEQ_QUERY on the OSS's {@code ost_seq} from {@code site} (this OST's FID layer,
     * {@code ofd_fid_init}), until {@link #close()}: {@link OstServices#serveSeq}.
     */
    public void serveSeq(org.jlustre.fid.FidSite site) {
        services.serveSeq(this, site);
    }

    /** Stops serving: the target leaves the services, every export is dropped, the parameters go. */
    @Override
    public void close() {
        services.unserve(this);
        for (Export e : target.exports()) {
            exportGone(e, false);
        }
        target.close();
        lastRcvd.close();
        for (List<String> name : registered) {
            params.unregister(name);
        }
        registered.clear();
        synchronized (nids) {
            nids.values().forEach(NidStats::close);
            nids.clear();
        }
        ofd.libcfs().debug().logf(DebugMask.S_OST, DebugMask.D_CONFIG, "%s: stopped serving", ofd.name());
    }

    @Override
    public String toString() {
        return "OST " + ofd.name();
    }
}
