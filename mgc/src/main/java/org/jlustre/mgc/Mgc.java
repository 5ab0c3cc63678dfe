package org.jlustre.mgc;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.random.RandomGenerator;
import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;
import org.jlustre.common.Nid;
import org.jlustre.common.Uuid;
import org.jlustre.common.debug.ConsoleLimit;
import org.jlustre.common.debug.DebugMask;
import org.jlustre.common.param.Param;
import org.jlustre.common.param.ParamGroup;
import org.jlustre.llog.LlogBackup;
import org.jlustre.llog.LlogContext;
import org.jlustre.llog.LlogService;
import org.jlustre.obdclass.ObdDevice;
import org.jlustre.obdclass.Obdclass;
import org.jlustre.ptlrpc.ClientRequest;
import org.jlustre.ptlrpc.Import;
import org.jlustre.ptlrpc.ImportConfig;
import org.jlustre.ptlrpc.Ptlrpc;
import org.jlustre.ptlrpc.Reply;
import org.jlustre.wire.llog.LlogHeader;
import org.jlustre.wire.llog.LlogLogid;
import org.jlustre.wire.mgs.LddFlags;
import org.jlustre.wire.mgs.LlogdBody;
import org.jlustre.wire.mgs.MgsConfigBody;
import org.jlustre.wire.mgs.MgsNidtblEntry;
import org.jlustre.wire.mgs.MgsSendParam;
import org.jlustre.wire.mgs.MgsTargetInfo;
import org.jlustre.wire.ptlrpc.ConnectFlags;
import org.jlustre.wire.ptlrpc.LustreMsg;
import org.jlustre.wire.ptlrpc.MsgFlags;
import org.jlustre.wire.ptlrpc.ObdConnectData;
import org.jlustre.wire.ptlrpc.Opcodes;
import org.jlustre.wire.ptlrpc.Portals;

/**
 * The management client (lustre/mgc/mgc_request.c): one per node and MGS, shared by every
 * target and mount of the node. It connects to the MGS ({@code MGS_CONNECT} on the MGS
 * portals), registers targets ({@code MGS_TARGET_REG}), reads config logs through the llog
 * RPCs ({@link #remoteContext}), copies them to a target's own OSD so the target can start
 * without the MGS ({@link #copyLog}, {@code mgc_llog_local_copy}), passes permanent
 * parameters ({@code MGS_SET_INFO}) and follows logs for changes ({@link #follow}).
 *
 * <p>Change notification is by polling: Lustre's MGC holds an LDLM config lock per log that
 * the MGS revokes when the log changes; here a follower reads the log's id and header every
 * {@code poll_interval_ms} (a parameter of {@code mgc.<name>}) and calls back when they differ.
 */
public final class Mgc implements AutoCloseable {

    /** {@code MGS_OBD_NAME}'s UUID: what MGS_CONNECT names. */
    public static final Uuid MGS_UUID = new Uuid("MGS");

    /**
     * What a 2.15 MGC asks of the MGS ({@code lustre_start_mgc}, obdclass/obd_mount.c); the MGS
     * keeps {@code MGS_CONNECT_SUPPORTED} of it, so LVB_TYPE is always dropped.
     */
    public static final long CONNECT_FLAGS = ConnectFlags.OBD_CONNECT_VERSION | ConnectFlags.OBD_CONNECT_AT
            | ConnectFlags.OBD_CONNECT_FULL20 | ConnectFlags.OBD_CONNECT_IMP_RECOV | ConnectFlags.OBD_CONNECT_LVB_TYPE
            | ConnectFlags.OBD_CONNECT_BULK_MBITS | ConnectFlags.OBD_CONNECT_BARRIER | ConnectFlags.OBD_CONNECT_FLAGS2;
    /** The second word a 2.15 MGC asks for: replies matched by {@code pb_mbits}. */
    public static final long CONNECT_FLAGS2 = ConnectFlags.OBD_CONNECT2_REP_MBITS;

    /** What a follower calls when its log changed (or appeared, or vanished). */
    @FunctionalInterface
    public interface ConfigListener {
        /**
         * Called from the follower's thread, one call at a time. When it throws, the follower
         * calls it again at its next poll, however the log stands then.
         */
        void changed(String logName) throws LustreException;
    }

    /**
     * {@code OBD_FAIL_MGC_PAUSE_PROCESS_LOG}: processing a changed config log pauses up to
     * 20 s first, as in {@code mgc_process_log} (a slow MGS, for tests).
     */
    public static final int OBD_FAIL_MGC_PAUSE_PROCESS_LOG = 0x903;

    /**
     * {@code MGC_TARGET_REG_LIMIT} (mgc_request.c): how long a registration waits for the MGS,
     * {@code rq_delay_limit}.
     */
    public static final Duration TARGET_REG_LIMIT = Duration.ofSeconds(10);
    /**
     * {@code MGC_TARGET_REG_LIMIT_MAX} ({@code RECONNECT_DELAY_MAX}): the same for a target whose
     * logs the MGS must write (UPDATE, NEED_INDEX), which cannot start without it.
     */
    public static final Duration TARGET_REG_LIMIT_MAX = Duration.ofSeconds(60);
    /**
     * The first wait between connects to an MGS that does not answer; it doubles up to 60 s
     * ({@code RECONNECT_DELAY_MAX}), as socklnd's {@code min_reconnectms}.
     */
    public static final Duration RECONNECT_DELAY = Duration.ofSeconds(1);

    private final Ptlrpc node;
    private final String name;
    private final Import imp;
    private final ObdDevice device;
    private final RemoteLlogService llogs;
    /** The same RPCs failing at once while disconnected: what followers poll with. */
    private final RemoteLlogService probe;
    private final LlogContext remote;
    private final ParamGroup params;
    private final java.util.Set<Follower> followers = ConcurrentHashMap.newKeySet();
    /** The followers' "waiting for the MGS" line: once, then at growing intervals. */
    private final ConsoleLimit unreachable = new ConsoleLimit();
    /** Whether that line went out since the MGS last answered; set by any follower. */
    private final AtomicBoolean waitingSaid = new AtomicBoolean();
    private volatile long pollMillis;
    private volatile boolean closed;

    /** {@code MGC<first NID>}, the device name of the MGC for an MGS at these NIDs. */
    public static String nameFor(List<Nid> mgsNids) {
        return "MGC" + mgsNids.getFirst();
    }

    /**
     * Starts the MGC of {@code node} for the MGS at {@code mgsNids} (the first is tried first)
     * and attaches it as device {@code MGC<nid>} of type {@code mgc}; it connects on first use.
     *
     * @param timeout the per-request timeout
     * @param poll how often followers read their logs' headers
     */
    public Mgc(Ptlrpc node, List<Nid> mgsNids, Duration timeout, Duration poll) throws LustreException {
        this.node = node;
        this.name = nameFor(mgsNids);
        RandomGenerator random = new java.util.SplittableRandom(System.nanoTime() ^ name.hashCode());
        Uuid uuid = Uuid.random(random);
        this.device = Obdclass.of(node.libcfs()).devices().attach("mgc", name, uuid.value());
        this.pollMillis = Math.max(1, poll.toMillis());
        ImportConfig ic = new ImportConfig(name, List.of("mgc", name), uuid, MGS_UUID, mgsNids,
                Portals.MGS_REQUEST, Portals.MGC_REPLY, Portals.MGS_BULK, Opcodes.MGS_CONNECT,
                Opcodes.MGS_DISCONNECT, ObdConnectData.ofFlags(CONNECT_FLAGS).withFlags(CONNECT_FLAGS, CONNECT_FLAGS2),
                timeout, Duration.ZERO, RECONNECT_DELAY, LustreMsg.SP_MGC);
        Import i;
        try {
            i = new Import(node, ic);
        } catch (LustreException | RuntimeException e) {
            Obdclass.of(node.libcfs()).devices().detach(device);
            throw e;
        }
        this.imp = i;
        this.llogs = new RemoteLlogService(imp, LlogdBody.LLOG_CONFIG_ORIG_CTXT);
        this.probe = new RemoteLlogService(imp, LlogdBody.LLOG_CONFIG_ORIG_CTXT, true);
        this.remote = LlogContext.remote(llogs, node.libcfs(), name);
        this.params = node.libcfs().params().createGroup("mgc", name, "config");
        params.add("poll_interval_ms", Param.ofLong(() -> pollMillis, v -> pollMillis = v, 1, 3_600_000));
        params.add("followed", Param.readOnly(() -> String.join("\n", followers.stream().map(f -> f.log).sorted()
                .toList()) + "\n"));
        device.impl(this);
        device.status(ObdDevice.Status.UP);
    }

    /** The device name, {@code MGC<nid>}. */
    public String name() {
        return name;
    }

    /** The device table entry. */
    public ObdDevice device() {
        return device;
    }

    /** The import to the MGS. */
    public Import mgsImport() {
        return imp;
    }

    /** The llog RPC client. */
    public LlogService llogService() {
        return llogs;
    }

    /** A read-only context on the MGS's config logs ({@code LLOG_CONFIG_REPL_CTXT}). */
    public LlogContext remoteContext() {
        return remote;
    }

    /**
     * Registers a target ({@code mgc_target_register}): the MGS's answer, with the index and
     * service name it assigned and the flags it cleared. It waits for the MGS at most
     * {@link #TARGET_REG_LIMIT}, or {@link #TARGET_REG_LIMIT_MAX} when the MGS must write the
     * target's logs (UPDATE or NEED_INDEX), as {@code rq_delay_limit} bounds Lustre's.
     *
     * @throws LustreException the MGS's refusal (EADDRINUSE for a taken index, EINVAL for bad
     *     names, ...) with a message naming the target, or why the MGS could not be reached
     *     (ETIMEDOUT past the limit)
     */
    public MgsTargetInfo register(MgsTargetInfo mti) throws LustreException {
        ClientRequest req = imp.request(Opcodes.MGS_TARGET_REG, MsgFlags.LUSTRE_MGS_VERSION, MgsTargetInfo.SIZE);
        mti.encode(req.buf(1), 0);
        req.replyCapacity(MgsTargetInfo.SIZE + 1024);
        req.delayLimit(mti.has(LddFlags.UPDATE) || mti.has(LddFlags.NEED_INDEX) ? TARGET_REG_LIMIT_MAX
                : TARGET_REG_LIMIT);
        Reply r;
        try {
            r = imp.call(req);
        } catch (LustreException e) {
            String why = switch (e.errno()) {
                case EADDRINUSE -> "index " + mti.stripeIndex() + " is already in use";
                case EPERM -> "the MGS does not allow new registrations";
                default -> e.errno().message();
            };
            throw new LustreException(e.errno(), name + ": the MGS refused to register " + mti.svname() + " ("
                    + LddFlags.describe(mti.flags()) + "): " + why, e);
        }
        try {
            return MgsTargetInfo.decode(r.buf(1, MgsTargetInfo.SIZE, "mgs_target_info"), r.message().swabbed());
        } catch (IllegalArgumentException e) {
            throw new LustreException(Errno.EPROTO, name + ": bad MGS_TARGET_REG reply: " + e.getMessage());
        }
    }

    /**
     * Sends a permanent parameter to the MGS ({@code MGS_SET_INFO} with {@code mgs_send_param}),
     * e.g. {@code lustre.sys.timeout=40} or {@code osc.*.max_dirty_mb=64} for {@code set_param -P}.
     */
    public void setInfo(String param) throws LustreException {
        ClientRequest req = imp.request(Opcodes.MGS_SET_INFO, MsgFlags.LUSTRE_MGS_VERSION, MgsSendParam.SIZE);
        new MgsSendParam(param).encode(req.buf(1), 0);
        req.replyCapacity(MgsSendParam.SIZE + 1024);
        try {
            imp.call(req);
        } catch (LustreException e) {
            throw new LustreException(e.errno(), name + ": the MGS refused parameter '" + param + "': "
                    + e.errno().message(), e);
        }
    }

    /** What {@link #readNidTable} returns: the entries and the table's current version. */
    public record NidTable(List<MgsNidtblEntry> entries, long lastVersion, long tableVersion) {
    }

    /**
     * Reads the NID table of {@code fsname} newer than version {@code since}
     * ({@code MGS_CONFIG_READ} of type {@code MGS_CFG_T_RECOVER} on {@code <fsname>-cliir} into
     * one bulk of {@code bytes}, as {@code mgc_process_recover_log} does; {@code lastVersion}
     * equals {@code tableVersion} when nothing is left to read).
     */
    public NidTable readNidTable(String fsname, long since, int bytes) throws LustreException {
        int bits = 12;
        int units = Math.max(1, (bytes + (1 << bits) - 1) >> bits);
        ClientRequest req = imp.request(Opcodes.MGS_CONFIG_READ, MsgFlags.LUSTRE_MGS_VERSION, MgsConfigBody.SIZE);
        new MgsConfigBody(fsname + "-cliir", since + 1, MgsConfigBody.MGS_CFG_T_RECOVER, bits, units)
                .encode(req.buf(1), 0);
        java.lang.foreign.MemorySegment bulk = java.lang.foreign.Arena.ofAuto().allocate((long) units << bits);
        req.bulk(ClientRequest.BulkType.PUT_SINK, List.of(bulk));
        Reply r;
        try {
            r = imp.call(req);
        } catch (LustreException e) {
            throw new LustreException(e.errno(), name + ": MGS_CONFIG_READ of the NID table of " + fsname
                    + " failed: " + e.errno().message(), e);
        }
        var res = r.buf(1, MgsNidtblEntry.CONFIG_RES_SIZE, "mgs_config_res");
        List<MgsNidtblEntry> entries = new java.util.ArrayList<>();
        long at = 0;
        try {
            while (at + MgsNidtblEntry.HEADER_SIZE <= bulk.byteSize()
                    && bulk.get(org.jlustre.wire.Le.U32, at + MgsNidtblEntry.OFF_LENGTH) != 0) {
                MgsNidtblEntry e = MgsNidtblEntry.decode(bulk, at);
                entries.add(e);
                at += MgsNidtblEntry.lengthAt(bulk, at); // past a unit's padding too
            }
        } catch (IllegalArgumentException e) {
            throw new LustreException(Errno.EPROTO, name + ": bad NID table from the MGS: " + e.getMessage());
        }
        return new NidTable(entries, res.get(org.jlustre.wire.Le.U64, 0), res.get(org.jlustre.wire.Le.U64, 8));
    }

    /**
     * Copies config log {@code logName} from the MGS into {@code local} (a target's CONFIGS),
     * keeping the old copy as {@code <name>T} until the new one is complete and putting it back
     * if the copy fails ({@code mgc_llog_local_copy}).
     *
     * @return the records copied
     */
    public int copyLog(String logName, LlogContext local) throws LustreException {
        String temp = logName + "T";
        boolean hadCopy = exists(local, logName);
        if (hadCopy) {
            LlogBackup.backup(local, logName, local, temp);
        }
        try {
            int n = LlogBackup.backup(remote, logName, local, logName);
            if (hadCopy) {
                local.erase(temp);
            }
            return n;
        } catch (LustreException e) {
            if (hadCopy) {
                LlogBackup.backup(local, temp, local, logName);
                local.erase(temp);
            }
            throw e;
        }
    }

    private static boolean exists(LlogContext ctx, String name) throws LustreException {
        try (var h = ctx.open(name, org.jlustre.llog.Llog.OpenMode.NEW)) {
            return h.exists();
        }
    }

    /** A listener's subscription to a log's changes; closing it stops the calls. */
    public interface Following extends AutoCloseable {
        /** The log followed. */
        String log();

        /** Stops following. */
        @Override
        void close();
    }

    /**
     * Follows {@code logName} from {@code since}, what {@link #logState} said before the caller
     * read the log (null: the MGS could not be asked then): {@code listener} runs whenever the
     * log's id or header differs from the state it last ran for, until the returned subscription
     * is closed (or the MGC is). So a caller that reads the state, reads the log, then follows
     * misses no change, and its listener never runs while it still reads. Each subscription
     * polls on its own virtual thread, with requests that do not wait for a connection; while
     * the MGS cannot be reached it says so once, then at growing intervals.
     */
    public Following follow(String logName, String since, ConfigListener listener) {
        Objects.requireNonNull(listener);
        Follower f = new Follower(logName, listener, since);
        followers.add(f);
        // started once it is in the set: the loop runs while the set holds it
        f.thread = Thread.ofVirtual().name(name + "-follow-" + logName).start(f::run);
        return f;
    }

    /**
     * What identifies a log's current content (id, timestamp, last index, count; "" when the MGS
     * has no such log), or null when the MGS cannot be asked now: an opaque token for
     * {@link #follow}. Does not wait for a connection.
     */
    public String logState(String logName) {
        try {
            return stateOf(logName);
        } catch (LustreException e) {
            return null;
        }
    }

    /** {@link #logState}, with why the MGS could not be asked. */
    private String stateOf(String logName) throws LustreException {
        try {
            LlogLogid id = probe.open(null, logName);
            LlogHeader h = probe.readHeader(id, 0);
            return id + "/" + h.timestamp() + "/" + h.lastIndex() + "/" + h.count();
        } catch (LustreException e) {
            if (e.errno() == Errno.ENOENT) {
                return "";
            }
            throw e;
        }
    }

    /** How long closing a subscription waits for a listener call in progress to end. */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(10);

    private final class Follower implements Following {
        final String log;
        final ConfigListener listener;
        final String since;
        volatile Thread thread;
        /** The "re-processing failed" line: once, then at growing intervals. */
        private final ConsoleLimit failing = new ConsoleLimit();

        Follower(String log, ConfigListener listener, String since) {
            this.log = log;
            this.listener = listener;
            this.since = since;
        }

        void run() {
            String seen = since;
            while (!closed && followers.contains(this)) {
                try {
                    Thread.sleep(pollMillis);
                } catch (InterruptedException e) {
                    return;
                }
                String now;
                try {
                    now = stateOf(log);
                } catch (LustreException e) {
                    mgsUnreachable(e); // keep the old state and ask again
                    continue;
                }
                mgsAnswers();
                if (now.equals(seen)) {
                    continue;
                }
                try {
                    node.libcfs().debug().logf(DebugMask.S_MGC, DebugMask.D_CONFIG, "%s: config log %s changed",
                            name, log);
                    listener.changed(log);
                    seen = now;
                    failing.reset();
                } catch (LustreException | RuntimeException e) {
                    // told again at the next poll: a registration or copy the MGS did not finish is retried
                    if (failing.allow(System.nanoTime())) {
                        console(DebugMask.D_ERROR, "%s: re-processing config log %s failed (will retry%s): %s", name,
                                log, skipped(failing), e.getMessage());
                    }
                }
            }
        }

        @Override
        public String log() {
            return log;
        }

        /**
         * Stops following. A listener call in progress is interrupted (its RPCs fail with EINTR)
         * and waited for, up to {@link #CLOSE_WAIT}, so the caller may tear down what the
         * listener uses.
         */
        @Override
        public void close() {
            followers.remove(this);
            Thread t = thread;
            if (t == null || t == Thread.currentThread()) {
                return; // one not started yet ends on its own: the set no longer holds it
            }
            t.interrupt();
            try {
                if (!t.join(CLOSE_WAIT)) {
                    console(DebugMask.D_WARNING, "%s: the follower of config log %s did not stop within %d s", name, log,
                            CLOSE_WAIT.toSeconds());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * A follower could not ask the MGS: the MGC says so, for all the logs it follows, once, then
     * at growing intervals ({@link ConsoleLimit}). Any follower's thread.
     */
    private void mgsUnreachable(LustreException why) {
        if (unreachable.allow(System.nanoTime())) {
            waitingSaid.set(true);
            console(DebugMask.D_WARNING, "%s: waiting for the MGS at %s (following %s)%s: %s", name,
                    imp.config().targetNids().getFirst(), String.join(", ", followers.stream().map(f -> f.log).sorted()
                            .toList()), skipped(unreachable), why.getMessage() + " (" + why.errno().name() + ")");
        }
    }

    /** A follower reached the MGS: after a wait that was announced, says the MGS is back, once. */
    private void mgsAnswers() {
        if (waitingSaid.compareAndSet(true, false)) {
            unreachable.reset();
            console(DebugMask.D_CONSOLE, "%s: the MGS at %s answers again", name, imp.config().targetNids().getFirst());
        }
    }

    /** ", N similar messages skipped" when the limit held some back; resets its count. */
    private static String skipped(ConsoleLimit limit) {
        int n = limit.takeSkipped();
        return n == 0 ? "" : " (" + n + " similar messages skipped)";
    }

    private void console(int mask, String fmt, Object... args) {
        node.libcfs().debug().logf(DebugMask.S_MGC, mask, fmt, args);
    }

    /** Stops the followers, disconnects and detaches. */
    @Override
    public void close() {
        closed = true;
        for (Follower f : List.copyOf(followers)) {
            f.close();
        }
        device.status(ObdDevice.Status.STOPPING);
        imp.close();
        params.close();
        Obdclass.of(node.libcfs()).devices().detach(device);
    }

    @Override
    public String toString() {
        return name;
    }
}
