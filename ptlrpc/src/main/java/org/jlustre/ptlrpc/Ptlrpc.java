package org.jlustre.ptlrpc;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jlustre.common.Libcfs;
import org.jlustre.common.debug.DebugMask;
import org.jlustre.lnet.Lnet;

/**
 * ptlrpc on one node: what the ptlrpc module holds for every service and import there. The
 * xid source ({@code ptlrpc_last_xid}), the handle table that maps connection cookies to
 * exports ({@code class_handle}), and one timer thread that expires requests, pings and
 * reconnects imports ({@code ptlrpcd} and the pinger).
 */
public final class Ptlrpc implements AutoCloseable {

    /**
     * {@code PTLRPC_BULK_OPS_COUNT} = 1 << {@code PTLRPC_BULK_OPS_BITS} (6): xids step by this
     * much, so each leaves room for the match bits of a bulk of at most this many MDs.
     */
    public static final int BULK_OPS_COUNT = 64;
    /** {@code obd_timeout} default. */
    public static final Duration OBD_TIMEOUT = Duration.ofSeconds(100);

    private final Lnet lnet;
    private final Libcfs libcfs;
    private final AtomicLong lastXid;
    private final AtomicLong nextCookie;
    private final ConcurrentHashMap<Long, Export> exports = new ConcurrentHashMap<>();
    private final CopyOnWriteArrayList<Import> imports = new CopyOnWriteArrayList<>();
    private final CopyOnWriteArrayList<Service> services = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService timer;
    private final ScheduledFuture<?> sweep;
    private final Lnet.PeerListener peerListener = this::peerDown;
    private volatile boolean closed;

    private Ptlrpc(Lnet lnet, Duration sweepInterval) {
        this.lnet = lnet;
        this.libcfs = lnet.libcfs();
        // ptlrpc_init_xid: seconds << 20, aligned for multi-bulk match bits
        long xid = (libcfs.time().realNanos() / 1_000_000_000L) << 20;
        this.lastXid = new AtomicLong(xid & ~(long) (BULK_OPS_COUNT - 1));
        this.nextCookie = new AtomicLong(libcfs.time().realNanos() * 0x9e3779b97f4a7c15L | 1);
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ptlrpcd-timer");
            t.setDaemon(true);
            return t;
        });
        long ms = Math.max(1, sweepInterval.toMillis());
        this.sweep = timer.scheduleAtFixedRate(this::tick, ms, ms, TimeUnit.MILLISECONDS);
        lnet.addPeerListener(peerListener);
    }

    /** ptlrpc over this LNet, expiring requests every 50 ms. */
    public static Ptlrpc start(Lnet lnet) {
        return new Ptlrpc(lnet, Duration.ofMillis(50));
    }

    /** The LNet underneath. */
    public Lnet lnet() {
        return lnet;
    }

    /** The node. */
    public Libcfs libcfs() {
        return libcfs;
    }

    /**
     * A new xid ({@code ptlrpc_next_xid}): xids advance by {@link #BULK_OPS_COUNT}, one counter
     * for every import of the node, so each leaves room for the match bits of a bulk of that
     * many MDs (the first is the xid itself).
     */
    long nextXid() {
        return lastXid.addAndGet(BULK_OPS_COUNT);
    }

    /** A new connection cookie ({@code class_handle_hash}). */
    long newCookie() {
        long c;
        do {
            c = nextCookie.getAndAdd(0x9e3779b97f4a7c15L);
        } while (c == 0 || exports.containsKey(c));
        return c;
    }

    void addExport(Export e) {
        exports.put(e.cookie(), e);
    }

    void removeExport(Export e) {
        exports.remove(e.cookie(), e);
    }

    /** The export a request's {@code pb_handle} names, or null ({@code class_conn2export}). */
    Export export(long cookie) {
        return cookie == 0 ? null : exports.get(cookie);
    }

    void register(Import imp) {
        imports.add(imp);
    }

    void unregister(Import imp) {
        imports.remove(imp);
    }

    void register(Service s) {
        services.add(s);
    }

    void unregister(Service s) {
        services.remove(s);
    }

    ScheduledExecutorService timer() {
        return timer;
    }

    private void tick() {
        long now = System.nanoTime();
        for (Import imp : imports) {
            try {
                imp.tick(now);
            } catch (RuntimeException e) {
                libcfs.debug().logf(DebugMask.S_RPC, DebugMask.D_ERROR, "%s: timer failed: %s", imp.name(), e);
            }
        }
    }

    private void peerDown(long nid, int status) {
        for (Import imp : imports) {
            imp.peerDown(nid, status);
        }
    }

    /** Stops services and imports still open, then the timer. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Import imp : imports) {
            imp.abort();
        }
        for (Service s : services) {
            s.close();
        }
        lnet.removePeerListener(peerListener);
        sweep.cancel(false);
        timer.shutdownNow();
    }
}
