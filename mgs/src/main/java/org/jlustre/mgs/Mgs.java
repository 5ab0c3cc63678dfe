package org.jlustre.mgs;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jlustre.common.Errno;
import org.jlustre.common.Fid;
import org.jlustre.common.FileMode;
import org.jlustre.common.Libcfs;
import org.jlustre.common.LustreException;
import org.jlustre.common.Uuid;
import org.jlustre.common.debug.DebugMask;
import org.jlustre.common.obd.ObdDevice;
import org.jlustre.common.param.Param;
import org.jlustre.common.param.ParamGroup;
import org.jlustre.llog.Llog;
import org.jlustre.llog.LlogContext;
import org.jlustre.llog.LlogCursor;
import org.jlustre.llog.LlogHandle;
import org.jlustre.llog.LocalFiles;
import org.jlustre.llog.LocalLlogService;
import org.jlustre.osd.DirectoryIterator;
import org.jlustre.osd.IndexFeatures;
import org.jlustre.osd.ObjectFormat;
import org.jlustre.osd.OsdDevice;
import org.jlustre.osd.OsdObject;
import org.jlustre.ptlrpc.Ptlrpc;
import org.jlustre.ptlrpc.ServerRequest;
import org.jlustre.ptlrpc.Service;
import org.jlustre.ptlrpc.ServiceConfig;
import org.jlustre.ptlrpc.Target;
import org.jlustre.wire.llog.CfgMarker;
import org.jlustre.wire.llog.ConfigRecord;
import org.jlustre.wire.llog.LlogFlags;
import org.jlustre.wire.llog.LlogHeader;
import org.jlustre.wire.llog.LlogLogid;
import org.jlustre.wire.mgs.LddFlags;
import org.jlustre.wire.mgs.LlogdBody;
import org.jlustre.wire.mgs.MgsSendParam;
import org.jlustre.wire.mgs.MgsTargetInfo;
import org.jlustre.wire.ptlrpc.ConnectFlags;
import org.jlustre.wire.ptlrpc.MsgFlags;
import org.jlustre.wire.ptlrpc.Opcodes;
import org.jlustre.wire.ptlrpc.Portals;

/**
 * The management server on an OSD (lustre/mgs/mgs_handler.c, mgs_fs.c, mgs_llog.c;
 * reference 6.1). At setup ({@code mgs_fs_setup}) it finds or creates, through local object
 * storage ({@code FID_SEQ_LOCAL_NAME}), the {@code CONFIGS} directory whose named llogs are the
 * configuration logs, the {@code nodemap} index inside it and the {@code NIDTBL_VERSIONS}
 * directory, and rebuilds what it knows of each filesystem from its logs.
 *
 * <p>Its service on the MGS portals handles MGS_CONNECT / MGS_DISCONNECT / OBD_PING,
 * MGS_TARGET_REG (index assignment, writeconf, the reply with the new service name),
 * MGS_SET_INFO (permanent parameters), MGS_CONFIG_READ (the NID table of a filesystem) and the
 * llog RPCs on any log in CONFIGS. Bad requests get an errno and one log line; the MGS keeps
 * serving.
 */
public final class Mgs implements AutoCloseable {

    /** {@code LUSTRE_MGS_OBDNAME}: the device name. */
    public static final String NAME = "MGS";
    /** The CONFIGS directory. */
    public static final String CONFIGS = "CONFIGS";
    /** The nodemap index in CONFIGS. */
    public static final String NODEMAP = "nodemap";
    /** The NID table versions directory. */
    public static final String NIDTBL_VERSIONS = "NIDTBL_VERSIONS";
    /** The target's own mount data (lustre_disk_data) in CONFIGS, not a log. */
    public static final String MOUNTDATA = "mountdata";
    /** {@code PARAMS_FILENAME}. */
    public static final String PARAMS_LOG = MgsLogs.PARAMS_LOG;
    /** The longest llog chunk a NEXT_BLOCK / PREV_BLOCK may ask for. */
    static final int MAX_CHUNK = 1 << 20;

    private final Ptlrpc node;
    private final Libcfs libcfs;
    private final OsdDevice osd;
    private final Fid configsFid;
    private final LlogContext ctx;
    private final LocalLlogService llogService;
    private final MgsLogs logs;
    private final Map<String, Fsdb> fsdbs = new ConcurrentHashMap<>();
    private final ObdDevice device;
    private final Target target;
    private final Service service;
    private final ParamGroup params;
    private volatile boolean allowRegister = true;

    /**
     * Sets up the MGS on {@code osd} and starts its service on {@code node}.
     *
     * @param threads handler threads of the service
     */
    public Mgs(Ptlrpc node, OsdDevice osd, int threads) throws LustreException {
        this.node = node;
        this.libcfs = node.libcfs();
        this.osd = osd;
        this.configsFid = LocalFiles.findOrCreate(osd, osd.rootFid(), CONFIGS, FileMode.S_IFDIR | 0755,
                ObjectFormat.DIR);
        LocalFiles.findOrCreate(osd, configsFid, NODEMAP, FileMode.S_IFREG | 0644,
                ObjectFormat.index(IndexFeatures.NODEMAP));
        LocalFiles.findOrCreate(osd, osd.rootFid(), NIDTBL_VERSIONS, FileMode.S_IFDIR | 0755, ObjectFormat.DIR);
        this.ctx = new LlogContext(osd, libcfs, configsFid, LlogHeader.MIN_CHUNK_SIZE, NAME);
        this.llogService = new LocalLlogService(ctx);
        this.logs = new MgsLogs(ctx, libcfs, NAME);
        ObdDevice dev = null;
        Target t = null;
        Service s = null;
        ParamGroup g = null;
        try {
            loadFsdbs();
            dev = libcfs.devices().attach("mgs", NAME, NAME);
            t = new Target(node, NAME, new Uuid(NAME), ConnectFlags.MGS_CONNECT_SUPPORTED, 0, 1, null,
                    List.of("mgs", NAME, "exports_info"));
            s = new Service(node, new ServiceConfig("mgs", List.of("mgs", NAME, "mgs"), Portals.MGS_REQUEST,
                    Portals.MGC_REPLY, Portals.MGS_BULK, 16 * 1024, 1 << 20, 8, threads, Opcodes.MGS_CONNECT,
                    Opcodes.MGS_DISCONNECT, MsgFlags.LUSTRE_MGS_VERSION));
            g = libcfs.params().createGroup("mgs", NAME);
            g.add("filesystems", Param.readOnly(() -> String.join("\n", fsdbs.keySet().stream().sorted().toList())
                    + "\n"));
            g.add("allow_register", Param.ofLong(() -> allowRegister ? 1 : 0, v -> allowRegister = v != 0, 0, 1));
            g.add("live", Param.readOnly(this::renderLive));
        } catch (LustreException | RuntimeException e) {
            if (s != null) {
                s.close();
            }
            if (t != null) {
                t.close();
            }
            if (dev != null) {
                libcfs.devices().detach(dev);
            }
            ctx.close();
            throw e;
        }
        this.device = dev;
        this.target = t;
        this.service = s;
        this.params = g;
        service.addTarget(target);
        service.register(Opcodes.MGS_TARGET_REG, "mgs_target_reg", this::targetReg);
        service.register(Opcodes.MGS_SET_INFO, "mgs_set_info", this::setInfo);
        service.register(Opcodes.MGS_CONFIG_READ, "mgs_config_read", this::configRead);
        service.register(Opcodes.LLOG_ORIGIN_HANDLE_CREATE, "llog_origin_handle_open", this::llogOpen);
        service.register(Opcodes.LLOG_ORIGIN_HANDLE_READ_HEADER, "llog_origin_handle_read_header",
                this::llogReadHeader);
        service.register(Opcodes.LLOG_ORIGIN_HANDLE_NEXT_BLOCK, "llog_origin_handle_next_block",
                req -> llogBlock(req, true));
        service.register(Opcodes.LLOG_ORIGIN_HANDLE_PREV_BLOCK, "llog_origin_handle_prev_block",
                req -> llogBlock(req, false));
        service.register(Opcodes.LLOG_ORIGIN_HANDLE_CLOSE, "llog_origin_handle_close", req -> req.packReply());
        device.impl(this);
        device.status(ObdDevice.Status.UP);
        console("MGS on %s started, %d filesystem(s) known", osd.name(), fsdbs.size());
    }

    /** The OSD. */
    public OsdDevice osd() {
        return osd;
    }

    /** The llog context of CONFIGS. */
    public LlogContext context() {
        return ctx;
    }

    /** The FID of CONFIGS. */
    public Fid configsFid() {
        return configsFid;
    }

    /** The service. */
    public Service service() {
        return service;
    }

    /** The device table entry. */
    public ObdDevice device() {
        return device;
    }

    // ------------------------------------------------------------------ filesystems

    /** Rebuilds each filesystem's indexes and generation from the logs in CONFIGS ({@code mgs_get_fsdb_from_llog}). */
    private void loadFsdbs() throws LustreException {
        for (String log : listLogs()) {
            if (log.equals(PARAMS_LOG)) {
                fsdb(PARAMS_LOG);
                continue;
            }
            int dash = log.lastIndexOf('-');
            if (dash <= 0) {
                continue;
            }
            String fs = log.substring(0, dash);
            String tail = log.substring(dash + 1);
            Fsdb db;
            try {
                MgsNames.checkFsname(fs);
            } catch (LustreException e) {
                continue;
            }
            db = fsdb(fs);
            if ((tail.startsWith("MDT") || tail.startsWith("OST")) && tail.length() == 7) {
                MgsNames.Parsed p = MgsNames.parse(log);
                db.map(p.mdt()).set(p.index());
            }
            db.gen = Math.max(db.gen, maxStep(log));
        }
    }

    private int maxStep(String log) throws LustreException {
        int[] max = {0};
        try (LlogHandle h = ctx.open(log, Llog.OpenMode.EXISTS)) {
            h.init(LlogFlags.IS_PLAIN, null);
            h.process((llh, rec) -> {
                try {
                    CfgMarker m = ConfigRecord.decode(rec.bytes()).marker();
                    if (m != null) {
                        max[0] = Math.max(max[0], m.step());
                    }
                } catch (IllegalArgumentException e) {
                    // not a config record: nothing to learn from it
                }
                return 0;
            });
        }
        return max[0];
    }

    private Fsdb fsdb(String fsname) {
        return fsdbs.computeIfAbsent(fsname, Fsdb::new);
    }

    /** The names of the logs in CONFIGS, sorted ({@code class_dentry_readdir}); the nodemap index and mountdata are not logs. */
    public List<String> listLogs() throws LustreException {
        List<String> out = new ArrayList<>();
        try (OsdObject dir = osd.find(configsFid);
                DirectoryIterator it = dir.indexTry(IndexFeatures.DIRECTORY).iterator(0)) {
            it.get("");
            while (it.next() == 0) {
                String name = it.key();
                if (name.equals(".") || name.equals("..") || name.equals(NODEMAP) || name.equals(MOUNTDATA)) {
                    continue;
                }
                out.add(name);
            }
        }
        out.sort(null);
        return out;
    }

    // ------------------------------------------------------------------ MGS_TARGET_REG

    private void targetReg(ServerRequest req) throws LustreException {
        MgsTargetInfo mti;
        try {
            mti = MgsTargetInfo.decode(req.buf(1, MgsTargetInfo.SIZE, "mgs_target_info"), req.request().swabbed());
        } catch (IllegalArgumentException e) {
            throw refuse(req, Errno.EINVAL, "malformed mgs_target_info: " + e.getMessage());
        }
        MgsTargetInfo out;
        try {
            out = register(mti, req.export().peer().nid());
        } catch (LustreException e) {
            throw refuse(req, e.errno(), e.getMessage());
        }
        req.packReply(MgsTargetInfo.SIZE);
        out.encode(req.replyBuf(1), 0);
    }

    private LustreException refuse(ServerRequest req, Errno errno, String why) {
        console("%s: MGS_TARGET_REG from %s refused: %s (%s)", NAME, req.peer(), why, errno.name());
        return new LustreException(errno, why);
    }

    /**
     * Registers a target ({@code mgs_target_reg}): the answer to send back.
     *
     * @param peerNid the NID the request came from (for the NID table)
     * @throws LustreException EINVAL for bad names or flags, EADDRINUSE for a new target asking
     *     for a taken index, EPERM when registration is off, ENOENT for a startup ping of a
     *     target whose log is gone
     */
    public MgsTargetInfo register(MgsTargetInfo mti, long peerNid) throws LustreException {
        int type = mti.flags() & (LddFlags.SV_TYPE_MDT | LddFlags.SV_TYPE_OST);
        if (type != LddFlags.SV_TYPE_MDT && type != LddFlags.SV_TYPE_OST) {
            throw new LustreException(Errno.EINVAL, mti.svname() + ": flags " + LddFlags.describe(mti.flags())
                    + " name neither an MDT nor an OST");
        }
        boolean mdt = type == LddFlags.SV_TYPE_MDT;
        MgsNames.checkFsname(mti.fsname());
        MgsNames.Parsed name = MgsNames.parse(mti.svname());
        if (!name.fsname().equals(mti.fsname()) || name.mdt() != mdt) {
            throw new LustreException(Errno.EINVAL, "target name " + mti.svname() + " does not match filesystem "
                    + mti.fsname() + " and type " + (mdt ? "MDT" : "OST"));
        }
        int flags = mti.flags();
        if ((flags & LddFlags.NEED_INDEX) != 0) {
            flags |= LddFlags.UPDATE; // a new target with no index: the MGS picks one and writes its logs
        }
        // mgs_set_index works from mti_stripe_index; the name only has to agree with it
        int index = (flags & LddFlags.NEED_INDEX) != 0 ? MgsTargetInfo.NO_INDEX : mti.stripeIndex();
        if ((flags & LddFlags.NEED_INDEX) == 0 && index != name.index()) {
            throw new LustreException(Errno.EINVAL, "target " + mti.svname() + " has index " + Integer.toUnsignedString(
                    mti.stripeIndex()) + ", its name says " + name.index());
        }
        Fsdb fsdb = fsdb(mti.fsname());
        synchronized (fsdb) {
            if ((flags & (LddFlags.WRITECONF | LddFlags.UPDATE)) == 0) {
                // a startup ping of a registered target: check that we know it
                if (fsdb.map(mdt).get(index) && logs.exists(mti.svname())) {
                    fsdb.targets.put(mti.svname(), mti);
                    fsdb.versions.put(mti.svname(), ++fsdb.nidtblVersion);
                    return mti;
                }
                flags |= LddFlags.UPDATE;
                console("%s: %s was not registered here; registering it again", NAME, mti.svname());
            }
            if ((flags & LddFlags.VIRGIN) != 0 && !allowRegister) {
                throw new LustreException(Errno.EPERM, "registration of new targets is off (mgs.MGS.allow_register)");
            }
            if ((flags & LddFlags.WRITECONF) != 0) {
                if (mdt && index == 0) {
                    eraseFs(fsdb);
                    console("%s: logs for fs %s were removed by user request; all servers must register again",
                            NAME, mti.fsname());
                } else {
                    logs.erase(mti.svname());
                    console("%s: regenerating %s log by user request", NAME, mti.svname());
                }
                flags |= LddFlags.UPDATE;
            }
            MgsTargetInfo cur = mti.withFlags(flags);
            if ((flags & LddFlags.UPDATE) != 0) {
                cur = writeTarget(fsdb, cur, mdt, index);
            }
            cur = cur.withFlags((cur.flags() & ~(LddFlags.VIRGIN | LddFlags.UPDATE | LddFlags.NEED_INDEX
                    | LddFlags.WRITECONF)) | LddFlags.REWRITE_LDD);
            fsdb.targets.put(cur.svname(), cur);
            fsdb.versions.put(cur.svname(), ++fsdb.nidtblVersion);
            return cur;
        }
    }

    /** {@code mgs_set_index} and {@code mgs_write_log_target}. */
    private MgsTargetInfo writeTarget(Fsdb fsdb, MgsTargetInfo mti, boolean mdt, int requested)
            throws LustreException {
        var map = fsdb.map(mdt);
        int index = requested;
        boolean known;
        if (mti.has(LddFlags.NEED_INDEX)) {
            index = map.nextClearBit(0);
            known = false;
        } else {
            known = map.get(index);
        }
        if (index > Fsdb.MAX_INDEX || index == MgsTargetInfo.NO_INDEX) {
            throw new LustreException(Errno.ERANGE, "index " + index + " of " + mti.svname() + " is over "
                    + Fsdb.MAX_INDEX);
        }
        String svname = MgsNames.svname(mti.fsname(), mdt, index);
        if (known && mti.has(LddFlags.VIRGIN) && !mti.has(LddFlags.WRITECONF)) {
            throw new LustreException(Errno.EADDRINUSE, "server " + mti.svname() + " requested index " + index
                    + ", but that index is already in use; use --writeconf to force");
        }
        MgsTargetInfo cur = mti.withIndex(index, svname);
        if (cur.uuid().isEmpty()) {
            cur = cur.withUuid(svname + "_UUID"); // mgs_write_log_target: mti_uuid defaults to <svname>_UUID
        }
        MgsLogs.validate(cur, mdt); // a refused registration leaves no index and no log behind
        boolean writeAll = !known || logs.isEmpty(svname);
        if (known && !writeAll) {
            console("%s: found index %d for %s, updating its parameters", NAME, index, svname);
            logs.writeParams(fsdb, cur);
            return cur;
        }
        map.set(index);
        try {
            if (mdt) {
                logs.writeMdt(fsdb, cur);
            } else {
                logs.writeOst(fsdb, cur);
            }
            logs.writeParams(fsdb, cur);
        } catch (LustreException | RuntimeException e) {
            if (!known) {
                map.clear(index);
                if (!(e instanceof LustreException le && le.errno() == Errno.EALREADY)) {
                    logs.erase(svname); // ours, half written; an existing log (EALREADY) is not
                }
            }
            throw e;
        }
        console("%s: registered %s (index %d)", NAME, svname, index);
        return cur;
    }

    private void eraseFs(Fsdb fsdb) throws LustreException {
        for (String log : listLogs()) {
            if (log.startsWith(fsdb.name + "-")) {
                logs.erase(log);
            }
        }
        fsdb.mdtIndexes.clear();
        fsdb.ostIndexes.clear();
        fsdb.targets.clear();
        fsdb.versions.clear();
    }

    // ------------------------------------------------------------------ parameters

    private void setInfo(ServerRequest req) throws LustreException {
        MgsSendParam msp;
        try {
            msp = MgsSendParam.decode(req.buf(1, MgsSendParam.SIZE, "mgs_send_param"));
        } catch (IllegalArgumentException e) {
            console("%s: MGS_SET_INFO from %s refused: %s", NAME, req.peer(), e.getMessage());
            throw new LustreException(Errno.EINVAL, e.getMessage());
        }
        try {
            confParam(msp.param());
        } catch (LustreException e) {
            console("%s: MGS_SET_INFO from %s refused: %s", NAME, req.peer(), e.getMessage());
            throw e;
        }
        req.packReply(MgsSendParam.SIZE);
        msp.encode(req.replyBuf(1), 0);
    }

    /**
     * {@code lctl conf_param <fsname>[-<target>].<param>=<value>} ({@code mgs_set_param} with
     * LCFG_PARAM): the parameter is written to the logs as a registration's would be, for the
     * named target or, with only a filesystem name, for the filesystem as a whole.
     *
     * @throws LustreException EINVAL for a malformed setting, ENOENT for an unknown filesystem
     *     or target
     */
    public void confParam(String setting) throws LustreException {
        int dot = setting.indexOf('.');
        int eq = setting.indexOf('=');
        if (dot <= 0 || eq < dot) {
            throw new LustreException(Errno.EINVAL, "conf_param '" + setting + "': expected "
                    + "<fsname>[-<target>].<param>=<value>");
        }
        String who = setting.substring(0, dot);
        String param = setting.substring(dot + 1);
        String fs = who.contains("-") ? who.substring(0, who.lastIndexOf('-')) : who;
        Fsdb fsdb = fsdbs.get(fs);
        if (fsdb == null || fs.equals(PARAMS_LOG)) {
            throw new LustreException(Errno.ENOENT, "conf_param '" + setting + "': no filesystem " + fs);
        }
        synchronized (fsdb) {
            MgsTargetInfo mti;
            if (who.equals(fs)) {
                // a filesystem-wide setting: sys.* goes everywhere; others are for the first MDT
                int mdt = fsdb.mdtIndexes.nextSetBit(0);
                String sv = mdt >= 0 ? MgsNames.svname(fs, true, mdt) : fs + "-MDT0000";
                mti = fsdb.targets.getOrDefault(sv, blankTarget(fs, sv, LddFlags.SV_TYPE_MDT));
            } else {
                mti = fsdb.targets.get(who);
                if (mti == null) {
                    MgsNames.Parsed p = MgsNames.parse(who);
                    if (!fsdb.map(p.mdt()).get(p.index())) {
                        throw new LustreException(Errno.ENOENT, "conf_param '" + setting + "': no target " + who);
                    }
                    mti = blankTarget(fs, who, p.mdt() ? LddFlags.SV_TYPE_MDT : LddFlags.SV_TYPE_OST);
                }
            }
            logs.writeParam(fsdb, mti, param);
        }
    }

    private static MgsTargetInfo blankTarget(String fs, String sv, int type) {
        return new MgsTargetInfo(0, 0, 0, type, 0, fs, sv, "", new long[0], "");
    }

    /**
     * {@code lctl set_param -P name=value}: a SET_PARAM section in the params log every node
     * applies; {@code set_param -P -d name} passes a bare name, which cancels the setting.
     */
    public void setParamPermanent(String setting) throws LustreException {
        String p = setting.strip();
        int eq = p.indexOf('=');
        String name = eq < 0 ? p : p.substring(0, eq);
        // mgs_set_param2: the section is for the filesystem a component of the name names
        // (osc.lustre-OST0000-osc-*.x, llite.lustre-*.y), else "general"
        List<String> parts = List.of(name.split("\\."));
        String svname = fsdbs.keySet().stream().filter(fs -> !fs.equals(PARAMS_LOG) && parts.stream()
                .anyMatch(c -> c.equals(fs) || c.startsWith(fs + "-"))).sorted().findFirst().orElse("general");
        boolean delete = eq < 0 || eq == p.length() - 1;
        Fsdb db = fsdb(PARAMS_LOG);
        synchronized (db) {
            if (delete && !svname.equals("general")) {
                logs.writePermanent(db, "general", name); // set before the filesystem registered
            }
            logs.writePermanent(db, svname, p);
        }
    }

    // ------------------------------------------------------------------ MGS_CONFIG_READ

    private void configRead(ServerRequest req) throws LustreException {
        MgsNidTable.handle(this, req);
    }

    /** A target's last registration and the NID table version it has. */
    record Registered(MgsTargetInfo mti, long version) {
    }

    /** The targets of {@code fsname} changed after version {@code since}, oldest first, for the NID table. */
    List<Registered> targetsSince(String fsname, long since) {
        Fsdb db = fsdbs.get(fsname);
        if (db == null) {
            return List.of();
        }
        synchronized (db) {
            List<Registered> out = new ArrayList<>();
            db.targets.forEach((sv, mti) -> {
                long v = db.versions.getOrDefault(sv, 0L);
                if (v > since) {
                    out.add(new Registered(mti, v));
                }
            });
            out.sort(java.util.Comparator.comparingLong(Registered::version));
            return out;
        }
    }

    /** The NID table version of {@code fsname} (0 for an unknown one). */
    long nidtblVersion(String fsname) {
        Fsdb db = fsdbs.get(fsname);
        if (db == null) {
            return 0;
        }
        synchronized (db) {
            return db.nidtblVersion;
        }
    }

    /** Whether {@code fsname} is a filesystem the MGS knows. */
    public boolean knows(String fsname) {
        return fsdbs.containsKey(fsname) && !fsname.equals(PARAMS_LOG);
    }

    // ------------------------------------------------------------------ llog RPCs

    private LlogdBody llogBody(ServerRequest req) throws LustreException {
        LlogdBody b;
        try {
            b = LlogdBody.decode(req.buf(1, LlogdBody.SIZE, "llogd_body"), req.request().swabbed());
        } catch (IllegalArgumentException e) {
            throw llogRefuse(req, Errno.EPROTO, e.getMessage());
        }
        if (b.ctxtIdx() != LlogdBody.LLOG_CONFIG_ORIG_CTXT) {
            throw llogRefuse(req, Errno.EINVAL, "no llog context " + b.ctxtIdx() + " on the MGS");
        }
        return b;
    }

    /**
     * The error for an llog request, logged once: on the console for malformed requests, in
     * the debug log (D_CONFIG) for a log that does not exist, which MGCs ask about routinely
     * (the params log before any set_param -P).
     */
    private LustreException llogRefuse(ServerRequest req, Errno errno, String why) {
        libcfs.debug().logf(DebugMask.S_MGS, errno == Errno.ENOENT ? DebugMask.D_CONFIG : DebugMask.D_CONSOLE,
                "%s: %s from %s refused: %s (%s)", NAME, Opcodes.nameOrNumber(req.opcode()), req.peer(), why,
                errno.name());
        return new LustreException(errno, why);
    }

    /** The logid, checked to be an llog FID of this MGS. */
    private LlogLogid checkedId(ServerRequest req, LlogLogid id) throws LustreException {
        if (id == null || id.ogen() != 0 || id.fid().seq() != Fid.SEQ_LLOG_NAME && id.fid().seq() != Fid.SEQ_LLOG) {
            throw llogRefuse(req, Errno.EINVAL, "llog id " + (id == null ? "none" : id.fid()) + " is not an llog of "
                    + NAME);
        }
        return id;
    }

    private void llogOpen(ServerRequest req) throws LustreException {
        LlogdBody b = llogBody(req);
        String name = null;
        if (req.request().bufCount() > 2 && req.request().bufLen(2) > 0) {
            MemorySegment n = req.buf(2, 1, "llog name");
            int len = 0;
            while (len < n.byteSize() && n.get(java.lang.foreign.ValueLayout.JAVA_BYTE, len) != 0) {
                len++;
            }
            if (len == n.byteSize()) {
                throw llogRefuse(req, Errno.EINVAL, "llog name is not NUL-terminated");
            }
            if (len == 0 || len >= MgsTargetInfo.NAME_MAXLEN) {
                throw llogRefuse(req, Errno.EINVAL, "llog name of " + len + " bytes (1.." + (MgsTargetInfo.NAME_MAXLEN
                        - 1) + ")");
            }
            name = new String(n.asSlice(0, len).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE),
                    StandardCharsets.UTF_8);
            if (name.equals(".") || name.equals("..") || name.contains("/") || name.equals(NODEMAP)
                    || name.equals(MOUNTDATA)) {
                throw llogRefuse(req, Errno.EINVAL, "'" + name + "' is not a config log");
            }
        }
        LlogLogid id;
        try {
            id = name != null ? llogService.open(null, name) : llogService.open(checkedId(req, b.logid()), null);
        } catch (LustreException e) {
            String what = name != null ? "config log " + name : "llog " + b.logid().fid();
            String fs = name != null && name.lastIndexOf('-') > 0 ? name.substring(0, name.lastIndexOf('-')) : null;
            throw llogRefuse(req, e.errno(), e.errno() == Errno.ENOENT ? "no " + what
                    + (fs != null && !knows(fs) ? " (no filesystem " + fs + " registered)" : "") : e.getMessage());
        }
        req.packReply(LlogdBody.SIZE);
        new LlogdBody(id, b.ctxtIdx(), b.llhFlags(), 0, 0, 0, 0).encode(req.replyBuf(1), 0);
    }

    private void llogReadHeader(ServerRequest req) throws LustreException {
        LlogdBody b = llogBody(req);
        LlogHeader h;
        try {
            h = llogService.readHeader(checkedId(req, b.logid()), b.llhFlags());
        } catch (LustreException e) {
            throw llogRefuse(req, e.errno(), e.getMessage());
        }
        req.packReply(h.chunkSize());
        h.write(req.replyBuf(1));
    }

    private void llogBlock(ServerRequest req, boolean next) throws LustreException {
        LlogdBody b = llogBody(req);
        LlogLogid id = checkedId(req, b.logid());
        int len = b.len();
        if (len < LlogHeader.MIN_CHUNK_SIZE || len > MAX_CHUNK) {
            throw llogRefuse(req, Errno.EINVAL, "llog block of " + Integer.toUnsignedString(len) + " bytes ("
                    + LlogHeader.MIN_CHUNK_SIZE + ".." + MAX_CHUNK + ")");
        }
        if (next && (b.savedIndex() < 0 || b.curOffset() < 0 || b.index() < 0) || !next && b.index() < 0) {
            throw llogRefuse(req, Errno.EINVAL, "llog cursor index " + b.savedIndex() + " offset " + b.curOffset()
                    + " for record " + b.index());
        }
        req.packReply(LlogdBody.SIZE, len);
        MemorySegment buf = req.replyBuf(2);
        int rc;
        LlogCursor cursor = new LlogCursor(b.curOffset(), b.savedIndex());
        if (next) {
            rc = llogService.nextBlock(id, b.llhFlags(), cursor, b.index(), buf);
        } else {
            rc = llogService.prevBlock(id, b.llhFlags(), b.index(), buf);
        }
        if (rc < 0) {
            Errno e = Errno.ofOrNull(rc);
            throw llogRefuse(req, e != null ? e : Errno.EIO, (next ? "next" : "prev") + " block at index "
                    + b.index() + " of " + id.fid() + ": " + rc);
        }
        new LlogdBody(id, b.ctxtIdx(), b.llhFlags(), b.index(), cursor.index, len, cursor.offset)
                .encode(req.replyBuf(1), 0);
    }

    // ------------------------------------------------------------------ lctl

    /**
     * {@code lctl --device MGS llog_cancel LOG --log_idx N}: cancels record {@code index} of
     * {@code log} ({@code mgs_llog_cancel}... as {@code llog_cancel_arr_rec}).
     *
     * @throws LustreException ENOENT for a missing log or record, EINVAL for the header index
     */
    public void cancelRecord(String log, int index) throws LustreException {
        if (index <= 0) {
            throw new LustreException(Errno.EINVAL, "llog_cancel: bad record index " + index + " of " + log);
        }
        try (LlogHandle h = ctx.open(log, Llog.OpenMode.EXISTS)) {
            h.init(LlogFlags.IS_PLAIN, null);
            if (!h.header().isSet(index)) {
                throw new LustreException(Errno.ENOENT, "llog_cancel: " + log + " has no record " + index);
            }
            int rc = h.cancel(index);
            if (rc < 0) {
                throw new LustreException(Errno.of(rc), "llog_cancel of record " + index + " of " + log + ": " + rc);
            }
        }
    }

    /** The filesystem logs with their record counts, for {@code mgs.MGS.live}. */
    private String renderLive() {
        StringBuilder sb = new StringBuilder();
        for (String fs : fsdbs.keySet().stream().sorted().toList()) {
            Fsdb db = fsdbs.get(fs);
            synchronized (db) {
                sb.append("fsname: ").append(fs).append('\n');
                sb.append("flags: 0x0 gen: ").append(db.gen).append('\n');
                for (MgsTargetInfo t : db.targets.values()) {
                    sb.append(t.svname()).append('\n');
                }
            }
        }
        return sb.toString();
    }

    private void console(String fmt, Object... args) {
        libcfs.debug().logf(DebugMask.S_MGS, DebugMask.D_CONSOLE, fmt, args);
    }

    /** Stops the service (pre-cleanup), then releases the context and the device (cleanup). */
    @Override
    public void close() {
        device.status(ObdDevice.Status.STOPPING);
        service.close();
        target.close();
        params.close();
        ctx.close();
        libcfs.devices().detach(device);
    }

    @Override
    public String toString() {
        return NAME + " on " + osd.name();
    }
}
