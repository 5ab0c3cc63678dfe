package org.jlustre.mdt;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jlustre.common.Errno;
import org.jlustre.common.Libcfs;
import org.jlustre.common.LustreException;
import org.jlustre.common.Nid;
import org.jlustre.common.debug.DebugMask;
import org.jlustre.common.param.LprocfsStats;
import org.jlustre.common.param.Param;
import org.jlustre.common.param.ParamTree;
import org.jlustre.mdt.ldlm.FlockNamespace;
import org.jlustre.mdt.mdd.LayoutOps;
import org.jlustre.mdt.mdd.Mdd;
import org.jlustre.mdt.out.UpdateLogs;
import org.jlustre.osd.OsdDevice;
import org.jlustre.ptlrpc.Export;
import org.jlustre.ptlrpc.ServerRequest;
import org.jlustre.ptlrpc.Target;
import org.jlustre.target.ClientSlot;
import org.jlustre.target.LastRcvd;
import org.jlustre.target.TargetKind;
import org.jlustre.target.TargetTxns;
import org.jlustre.wire.ObdStatfs;

/**
 * One MDT that serves ({@code struct mdt_device}): its namespace ({@link Mdd}) over the layout
 * layer, the ptlrpc {@link Target} clients connect to ({@code <fsname>-MDT<idx>}, UUID
 * {@code <name>_UUID}) on the node's {@link MdtServices}, its {@code last_rcvd}, the exports
 * with their open handles, and its parameters: {@code mdt.<name>.md_stats}, {@code uuid},
 * {@code num_exports}, {@code exports}, {@code instance}, {@code exports.<nid>.{uuid,stats}},
 * {@code root_squash}, {@code nosquash_nids}, {@code evict_client}, {@code kbytestotal},
 * {@code kbytesfree}, {@code kbytesavail}, {@code filestotal}, {@code filesfree}, and
 * {@code mdd.<mdd name>.uuid}. Made by {@link MdtServices#serve(MdtStack)}, ended by
 * {@link #close()}, which leaves the stack below (MDD, LOD, OSD) to its owner.
 */
public final class Mdt implements AutoCloseable {

    /** {@code MAX_MD_SIZE_OLD} (lustre_idl.h): a {@code lov_mds_md} of 4 stripes, 32 + 4 * 24 bytes. */
    static final int MAX_MD_SIZE_OLD = 128;

    private final MdtServices services;
    private final MdtStack stack;
    /** The target's {@code last_rcvd}, open while it serves. */
    private final LastRcvd lastRcvd;
    /** The transno hooks on the OSD and {@code reply_data}, open while it serves. */
    private final TargetTxns txns;
    private final Target target;
    private final ParamTree params;
    private final List<List<String>> registered = new ArrayList<>();
    /** {@code md_stats}. */
    private final LprocfsStats stats;
    /** Per-NID entries; changed under this map's monitor. */
    private final Map<String, MdtNidStats> nids = new ConcurrentHashMap<>();
    /** The root squash settings ({@code mdt.*.root_squash}, {@code nosquash_nids}). */
    private final MdtSquash squash = new MdtSquash();
    /** The flock locks of the MDT's clients ({@link MdtLdlm}). */
    private final FlockNamespace flocks;
    /** The next open handle cookie: unique on this MDT, never 0, starting at a random place. */
    private final AtomicLong nextOpenCookie;
    /**
     * {@code mdt_max_mdsize}: the largest layout this MDT has returned, from
     * {@code MAX_MD_SIZE_OLD} (a 4-stripe {@code lov_mds_md}, mdt_init0) up; replies with
     * FLMODEASIZE carry it, and clients size their default EA room by it.
     */
    private final AtomicInteger maxMdsize = new AtomicInteger(MAX_MD_SIZE_OLD);
    /** The update logs of the distributed operations touching this MDT (DNE). */
    private final UpdateLogs updateLogs;

    Mdt(MdtServices services, MdtStack stack) throws LustreException {
        this.services = services;
        this.stack = stack;
        this.params = stack.libcfs().params();
        this.stats = MdtStats.declare(new LprocfsStats(stack.libcfs().time()));
        this.nextOpenCookie = new AtomicLong(stack.openCookieBase() | 1);
        this.updateLogs = new UpdateLogs(stack.osd(), stack.libcfs(), stack.index(), stack.name());
        this.flocks = new FlockNamespace(stack.name());
        String uuid = stack.name() + "_UUID";
        this.lastRcvd = LastRcvd.open(stack.osd(), uuid, stack.index(), TargetKind.MDT);
        TargetTxns tx;
        try {
            tx = TargetTxns.open(stack.osd(), lastRcvd);
        } catch (LustreException | RuntimeException e) {
            lastRcvd.close();
            throw e;
        }
        this.txns = tx;
        Target t;
        try {
            // the instance clients see is the mount count, as obd_instance is
            t = new Target(services.node(), stack.name(), new org.jlustre.common.Uuid(uuid), MdtConnect.SUPPORTED,
                    MdtConnect.SUPPORTED2, (int) lastRcvd.mountCount(),
                    (exp, asked, generic) -> MdtConnect.connect(this, exp, asked, generic), List.of("mdt", stack.name()));
        } catch (LustreException | RuntimeException e) {
            txns.close();
            lastRcvd.close();
            throw e;
        }
        this.target = t;
        try {
            register(List.of("mdt", name(), "md_stats"), stats.param());
            register(List.of("mdt", name(), "root_squash"), squash.rootSquashParam());
            register(List.of("mdt", name(), "nosquash_nids"), squash.nosquashParam());
            register(List.of("mdt", name(), "evict_client"), evictParam());
            register(List.of("mdt", name(), "kbytestotal"), statfsParam(sf -> kb(sf, sf.blocks())));
            register(List.of("mdt", name(), "kbytesfree"), statfsParam(sf -> kb(sf, sf.bfree())));
            register(List.of("mdt", name(), "kbytesavail"), statfsParam(sf -> kb(sf, sf.bavail())));
            register(List.of("mdt", name(), "filestotal"), statfsParam(sf -> sf.files() + "\n"));
            register(List.of("mdt", name(), "filesfree"), statfsParam(sf -> sf.ffree() + "\n"));
            register(List.of("mdd", stack.mddName(), "uuid"), Param.readOnly(() -> stack.mddName() + "_UUID\n"));
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** A statfs field as text. */
    private interface StatfsField {
        String of(ObdStatfs sf);
    }

    /** A read-only parameter computed from the MDT's own OSD statfs (as {@code mdt.*.kbytes*} are). */
    private Param statfsParam(StatfsField f) {
        return new Param() {
            @Override
            public String read() throws LustreException {
                return f.of(osd().statfs());
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

    /** {@code lprocfs_kbytes*_seq_show}: blocks times block size, in KiB. */
    private static String kb(ObdStatfs sf, long blocks) {
        return String.format(Locale.ROOT, "%d%n", blocks * sf.bsize() >> 10);
    }

    /**
     * {@code mdt.*.evict_client} ({@code lprocfs_evict_client_seq_write}): writing a client's
     * UUID (or {@code uuid:<uuid>}, or {@code nid:<nid>} for every client at that NID) evicts it;
     * its opens are closed. Reading says nothing, as in Lustre.
     */
    private Param evictParam() {
        return new Param() {
            @Override
            public String read() {
                return "";
            }

            @Override
            public boolean writable() {
                return true;
            }

            @Override
            public void write(String text) throws LustreException {
                String v = text.strip();
                boolean byNid = v.startsWith("nid:");
                String key = byNid ? v.substring(4) : v.startsWith("uuid:") ? v.substring(5) : v;
                int n = 0;
                for (Export e : target.exports()) {
                    boolean match = byNid ? Nid.toString(e.peer().nid()).equals(key) : e.clientUuid().value().equals(key);
                    if (match) {
                        evict(e);
                        n++;
                    }
                }
                if (n == 0) {
                    throw new LustreException(Errno.ENOENT, name() + ": no client " + v + " to evict");
                }
            }
        };
    }

    private void register(List<String> name, Param p) {
        params.register(name, p);
        registered.add(name);
    }

    /** The target's name, {@code <fsname>-MDT<idx>}. */
    public String name() {
        return stack.name();
    }

    /** The MDT index. */
    public int index() {
        return stack.index();
    }

    /** {@code mdt_max_mdsize} ({@link #maxMdsize}). */
    int maxMdsize() {
        return maxMdsize.get();
    }

    /** A layout of {@code size} bytes is returned: raises {@code mdt_max_mdsize} ({@code mdt_attr_get_lov}). */
    void layoutReturned(int size) {
        if (size > maxMdsize.get()) {
            maxMdsize.accumulateAndGet(size, Math::max);
        }
    }

    /** The OSD under it. */
    public OsdDevice osd() {
        return stack.osd();
    }

    /** The namespace. */
    public Mdd mdd() {
        return stack.mdd();
    }

    /** The mounted layers. */
    MdtStack stack() {
        return stack;
    }

    /** The layout layer (space over the OSTs). */
    LayoutOps layouts() {
        return stack.layouts();
    }

    /** The node's libcfs. */
    /** The update logs (DNE). */
    UpdateLogs updateLogs() {
        return updateLogs;
    }

    Libcfs libcfs() {
        return stack.libcfs();
    }

    /** The target clients connect to. */
    public Target target() {
        return target;
    }

    /** The target's {@code last_rcvd}. */
    public LastRcvd lastRcvd() {
        return lastRcvd;
    }

    /** The transno hooks and saved replies. */
    TargetTxns txns() {
        return txns;
    }

    /** The root squash settings. */
    MdtSquash squash() {
        return squash;
    }

    /** The MDT's flock namespace. */
    public FlockNamespace flocks() {
        return flocks;
    }

    /** A new open handle cookie ({@code class_handle_hash}: unique and never 0). */
    long newOpenCookie() {
        long c;
        do {
            c = nextOpenCookie.getAndAdd(2);
        } while (c == 0);
        return c;
    }

    /**
     * A new client export's MDT state: its {@code last_rcvd} slot (the one it had, for a client
     * that did not disconnect cleanly) and its NID's entry.
     */
    MdtExport newExport(Export exp, long connectFlags, int ocdIndex) throws LustreException {
        ClientSlot slot = lastRcvd.connect(exp.clientUuid().value(), connectFlags, ocdIndex);
        String nid = Nid.toString(exp.peer().nid());
        MdtNidStats ns;
        synchronized (nids) {
            ns = nids.get(nid);
            if (ns == null) {
                ns = new MdtNidStats(libcfs(), name(), nid);
                nids.put(nid, ns);
            }
            ns.add(exp.clientUuid().value());
        }
        return new MdtExport(slot, ns);
    }

    /** Evicts the client of {@code exp}: its opens are closed, its export dropped ({@code class_fail_export}). */
    public void evict(Export exp) {
        exportGone(exp, false);
        target.evict(exp);
    }

    /**
     * The client of {@code exp} is gone ({@code mdt_export_cleanup}): every file it held open is
     * closed (an unlinked one is destroyed at its last close), its NID entry goes with its last
     * export, and after a clean disconnect its {@code last_rcvd} slot is freed
     * ({@code tgt_client_del}); an eviction or unmount keeps the slot.
     */
    void exportGone(Export exp, boolean clean) {
        MdtExport e = MdtExport.of(exp);
        if (e == null) {
            return;
        }
        flocks.clientGone(exp);
        for (MdtExport.OpenHandle h : e.drainOpens()) {
            try {
                mdd().close(h.fid());
            } catch (LustreException x) {
                libcfs().debug().logf(DebugMask.S_MDS, DebugMask.D_ERROR, "%s: close of %s held open by %s failed: %s",
                        name(), h.fid(), exp.clientUuid().value(), x.getMessage());
            }
        }
        if (clean) {
            try {
                txns.disconnect(e.slot);
            } catch (LustreException x) {
                libcfs().debug().logf(DebugMask.S_MDS, DebugMask.D_ERROR, "%s: last_rcvd slot of %s not freed: %s",
                        name(), exp.clientUuid().value(), x.getMessage());
            }
        }
        synchronized (nids) {
            if (e.nidStats.remove(exp.clientUuid().value())) {
                nids.values().remove(e.nidStats);
                e.nidStats.close();
            }
        }
    }

    /** Counts an operation that started at {@code startNanos} in md_stats and its NID's stats. */
    void count(ServerRequest req, String counter, long startNanos) {
        long usec = (System.nanoTime() - startNanos) / 1000;
        stats.counter(counter, "usecs").add(usec);
        MdtExport e = MdtExport.of(req.export());
        if (e != null) {
            e.nidStats.stats.counter(counter, "usecs").add(usec);
        }
    }

    /** The md_stats counters (tests read them). */
    LprocfsStats stats() {
        return stats;
    }

    /** Stops serving: the target leaves the services, every export's opens are closed, the parameters go. */
    @Override
    public void close() {
        services.unserve(this);
        for (Export e : target.exports()) {
            exportGone(e, false);
        }
        target.close();
        updateLogs.close();
        txns.close();
        lastRcvd.close();
        for (List<String> n : registered) {
            params.unregister(n);
        }
        registered.clear();
        synchronized (nids) {
            nids.values().forEach(MdtNidStats::close);
            nids.clear();
        }
        libcfs().debug().logf(DebugMask.S_MDS, DebugMask.D_CONFIG, "%s: stopped serving", name());
    }

    @Override
    public String toString() {
        return "MDT " + name();
    }
}
