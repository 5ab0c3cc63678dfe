package org.jlustre.mgs;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import org.jlustre.common.Errno;
import org.jlustre.common.Libcfs;
import org.jlustre.common.LustreException;
import org.jlustre.common.Nid;
import org.jlustre.common.Utf8;
import org.jlustre.common.debug.DebugMask;
import org.jlustre.llog.Llog;
import org.jlustre.llog.LlogBackup;
import org.jlustre.llog.LlogContext;
import org.jlustre.llog.LlogHandle;
import org.jlustre.wire.llog.CfgMarker;
import org.jlustre.wire.llog.ConfigRecord;
import org.jlustre.wire.llog.LcfgCommand;
import org.jlustre.wire.llog.LlogFlags;
import org.jlustre.wire.llog.LovDesc;
import org.jlustre.wire.llog.LustreCfg;
import org.jlustre.wire.mgs.LddFlags;
import org.jlustre.wire.mgs.MgsTargetInfo;
import org.jlustre.wire.ptlrpc.ObdConnectData;

/**
 * How the MGS writes configuration logs (lustre/mgs/mgs_llog.c): every change is a section of
 * records between a START and an END marker ({@code record_marker}, numbered by the
 * filesystem's generation), a changed parameter first marks its earlier sections
 * {@link CfgMarker#CM_SKIP} ({@code mgs_modify}), and each log is a plain llog in CONFIGS
 * whose header names {@code config_uuid}.
 *
 * <p>The records and their order are Lustre's, so a log written here reads, record by record,
 * like the 2.9 logs in {@code shared/data/lustre-real/} (only NIDs, names and times differ).
 * Callers hold the filesystem's {@link Fsdb} monitor.
 */
final class MgsLogs {

    /** The header UUID of every config log the MGS writes. */
    static final String CONFIG_UUID = "config_uuid";
    /** {@code PARAMS_FILENAME}: the log of {@code set_param -P} settings every node reads. */
    static final String PARAMS_LOG = "params";
    /** {@code LOV_DESC_MAGIC}, {@code ld_active_tgt_count} of a fresh lov_desc. */
    static final int LOV_DESC_MAGIC = 0xB0CCDE5C;
    /** {@code LOV_PATTERN_RAID0}. */
    static final int LOV_PATTERN_RAID0 = 1;
    /** The default stripe size a new filesystem gets (1 MiB). */
    static final long DEFAULT_STRIPE_SIZE = 1 << 20;
    /** {@code QOS_DEFAULT_MAXAGE}, seconds. */
    static final int QOS_DEFAULT_MAXAGE = 5;

    private final LlogContext ctx;
    private final Libcfs libcfs;
    private final String mgsName;

    MgsLogs(LlogContext ctx, Libcfs libcfs, String mgsName) {
        this.ctx = ctx;
        this.libcfs = libcfs;
        this.mgsName = mgsName;
    }

    LlogContext context() {
        return ctx;
    }

    // ------------------------------------------------------------------ primitives

    /** Whether log {@code name} is missing or holds no record ({@code mgs_log_is_empty}). */
    boolean isEmpty(String name) throws LustreException {
        try (LlogHandle h = ctx.open(name, Llog.OpenMode.NEW)) {
            if (!h.exists()) {
                return true;
            }
            h.init(LlogFlags.IS_PLAIN, null);
            return h.count() <= 1;
        }
    }

    /** Whether log {@code name} exists. */
    boolean exists(String name) throws LustreException {
        try (LlogHandle h = ctx.open(name, Llog.OpenMode.NEW)) {
            return h.exists();
        }
    }

    /** Destroys log {@code name} if it exists ({@code mgs_erase_log}). */
    void erase(String name) throws LustreException {
        LlogBackup.eraseIfPresent(ctx, name);
    }

    /**
     * Writes one section to {@code log} ({@code mgs_write_log_direct}): START marker, the
     * records, END marker, all with the next step of {@code fsdb}.
     */
    void section(Fsdb fsdb, String log, String tgtname, String comment, List<LustreCfg> records)
            throws LustreException {
        int step = fsdb.nextStep(); // record_marker bumps fsdb_gen before it checks the names
        checkMarkerNames(tgtname, comment);
        long now = now();
        try (LlogHandle h = ctx.openCreate(log)) {
            h.init(LlogFlags.IS_PLAIN, CONFIG_UUID);
            h.append(record(marker(step, CfgMarker.CM_START, now, tgtname, comment)));
            for (LustreCfg c : records) {
                h.append(record(c));
            }
            h.append(record(marker(step, CfgMarker.CM_END, now, tgtname, comment)));
        }
        libcfs.debug().logf(DebugMask.S_MGS, DebugMask.D_CONFIG, "%s: log %s: section %d %s '%s', %d records",
                mgsName, log, step, tgtname, comment, records.size());
    }

    /**
     * Marks every live section of {@code log} for {@code tgtname} / {@code comment} with
     * {@code flags} (CM_SKIP: cancelled, with {@code cm_canceltime} now), rewriting both
     * markers in place ({@code mgs_modify}).
     *
     * @return the number of markers changed
     * @throws LustreException E2BIG when a name is too long for a marker, as {@code mgs_modify}
     *     finds once the log has records
     */
    int modify(String log, String tgtname, String comment, int flags) throws LustreException {
        if (!exists(log)) {
            return 0;
        }
        long now = now();
        int[] changed = {0};
        try (LlogHandle h = ctx.open(log, Llog.OpenMode.EXISTS)) {
            h.init(LlogFlags.IS_PLAIN, null);
            if (h.count() <= 1) {
                return 0;
            }
            checkMarkerNames(tgtname, comment);
            // the record is rewritten from its callback, where the handle knows its offset (mgs_modify_handler)
            h.process((llh, rec) -> {
                ConfigRecord cr;
                CfgMarker m;
                try {
                    cr = ConfigRecord.decode(rec.bytes());
                    m = cr.marker();
                } catch (IllegalArgumentException e) {
                    return 0; // not ours to fix; the reader reports it
                }
                if (m != null && m.targetName().equals(tgtname) && m.comment().equals(comment)
                        && (m.flags() & CfgMarker.CM_SKIP) == 0) {
                    CfgMarker nm = new CfgMarker(m.step(), (m.flags() & ~CfgMarker.CM_EXCLUDE) | flags, m.version(),
                            m.createTime(),
                            (flags & CfgMarker.CM_SKIP) != 0 ? now : m.cancelTime(), m.targetName(), m.comment());
                    llh.modify(MemorySegment.ofArray(encodeWithIndex(cr.cfg().withBuffer(1, nm.encode()),
                            rec.index())), rec.index());
                    changed[0]++;
                }
                return 0;
            });
        }
        return changed[0];
    }

    private static byte[] encodeWithIndex(LustreCfg cfg, int index) {
        return ConfigRecord.of(cfg).encode(index);
    }

    private MemorySegment record(LustreCfg cfg) {
        return MemorySegment.ofArray(ConfigRecord.of(cfg).encode(0));
    }

    private static LustreCfg marker(int step, int flags, long time, String tgtname, String comment) {
        CfgMarker m = new CfgMarker(step, flags, ObdConnectData.JLUSTRE_OCD_VERSION, time, 0, tgtname, comment);
        return LustreCfg.of(LcfgCommand.MARKER, (String) null).withBuffer(1, m.encode());
    }

    /**
     * Refuses a marker name ({@code cm_tgtname}) or comment ({@code cm_comment}) of
     * {@value CfgMarker#NAME_SIZE} bytes or more, as {@code record_marker} and {@code mgs_modify}
     * do when {@code strlcpy} would cut it: a cut name would match, and cancel, the sections
     * of another parameter that shares its first 63 bytes.
     *
     * @throws LustreException E2BIG naming the field, the name and its length
     */
    static void checkMarkerNames(String tgtname, String comment) throws LustreException {
        checkMarkerName("target name", tgtname);
        checkMarkerName("comment", comment);
    }

    private static void checkMarkerName(String field, String name) throws LustreException {
        int len = Utf8.encode(name).length;
        if (len >= CfgMarker.NAME_SIZE) {
            throw new LustreException(Errno.E2BIG, "config log marker " + field + " '" + name + "' is " + len
                    + " bytes; a marker holds at most " + (CfgMarker.NAME_SIZE - 1));
        }
    }

    private long now() {
        return libcfs.time().realNanos() / 1_000_000_000L;
    }

    // ------------------------------------------------------------------ record builders

    static LustreCfg attach(String dev, String type, String uuid) {
        return LustreCfg.of(LcfgCommand.ATTACH, dev, type, uuid);
    }

    static LustreCfg setup(String dev, String... args) {
        String[] all = new String[args.length + 1];
        all[0] = dev;
        System.arraycopy(args, 0, all, 1, args.length);
        return LustreCfg.of(LcfgCommand.SETUP, all);
    }

    static LustreCfg lovSetup(String dev, LovDesc desc) {
        return LustreCfg.of(LcfgCommand.SETUP, dev).withBuffer(1, desc.encode());
    }

    static LustreCfg addUuid(long nid, String uuid) {
        return LustreCfg.of(LcfgCommand.ADD_UUID, null, uuid).withNid(nid);
    }

    static LustreCfg addConn(String dev, String uuid) {
        return LustreCfg.of(LcfgCommand.ADD_CONN, dev, uuid);
    }

    static LustreCfg mountOption(String profile, String dt, String md) {
        return md == null ? LustreCfg.of(LcfgCommand.MOUNTOPT, null, profile, dt)
                : LustreCfg.of(LcfgCommand.MOUNTOPT, null, profile, dt, md);
    }

    static LustreCfg param(String dev, String param) {
        return LustreCfg.of(LcfgCommand.PARAM, dev, param);
    }

    /** A default lov_desc ({@code mgs_write_log_lov}): one stripe of 1 MiB from any OST, RAID0. */
    static LovDesc lovDesc(String uuid) {
        return new LovDesc(0, LOV_DESC_MAGIC, 1, LOV_PATTERN_RAID0, DEFAULT_STRIPE_SIZE, -1L, QOS_DEFAULT_MAXAGE,
                uuid);
    }

    // ------------------------------------------------------------------ targets

    /** {@code <fsname>-MDT0000-mdtlov}. */
    static String mdtlov(String svname) {
        return svname + "-mdtlov";
    }

    /** A new MDT's sections ({@code mgs_write_log_mdt}): its own log, then the client log. */
    void writeMdt(Fsdb fsdb, MgsTargetInfo mti) throws LustreException {
        String sv = mti.svname();
        String lov = mdtlov(sv);
        if (!isEmpty(sv)) {
            throw new LustreException(Errno.EALREADY, "the config log for " + sv + " already exists, yet the "
                    + "server claims it never registered; writeconf the MDT to regenerate all logs");
        }
        section(fsdb, sv, lov, "lov setup", List.of(attach(lov, "lov", lov + "_UUID"),
                lovSetup(lov, lovDesc(lov + "_UUID"))));
        String failout = failout(mti) ? "n" : "f";
        section(fsdb, sv, sv, "add mdt", List.of(attach(sv, "mdt", mti.uuid()), mountOption(sv, lov, null),
                setup(sv, mti.uuid(), Integer.toString(mti.stripeIndex()), lov, failout)));

        // mgs_steal_llog_for_mdt_from_client: the OSTs registered before this MDT
        for (int ost = fsdb.ostIndexes.nextSetBit(0); ost >= 0; ost = fsdb.ostIndexes.nextSetBit(ost + 1)) {
            String ostName = MgsNames.svname(fsdb.name, false, ost);
            MgsTargetInfo ostMti = fsdb.targets.get(ostName);
            if (ostMti == null) {
                libcfs.debug().logf(DebugMask.S_MGS, DebugMask.D_WARNING, "%s: %s is in %s's index map but has not "
                        + "registered since the MGS started; it is added to %s when it does", mgsName, ostName,
                        fsdb.name, sv);
                continue;
            }
            oscToLov(fsdb, ostMti, sv, lov, ostName + "-osc-" + MgsNames.suffix(sv));
        }
        // ... and the MDTs (the client log's "add mdc" sections): an osp to each in this MDT's lod
        for (MgsTargetInfo other : otherMdts(fsdb, mti)) {
            ospToMdt(fsdb, other, mti.stripeIndex(), sv);
        }

        String client = fsdb.clientLog();
        startClientLog(fsdb);
        String mdc = sv + "-mdc";
        List<LustreCfg> recs = new ArrayList<>();
        String nodeUuid = connections(mti, recs);
        recs.add(attach(mdc, "mdc", fsdb.clilmv() + "_UUID"));
        recs.add(setup(mdc, mti.uuid(), nodeUuid));
        failovers(mti, mdc, recs);
        recs.add(LustreCfg.of(LcfgCommand.ADD_MDC, fsdb.clilmv(), mti.uuid(),
                Integer.toString(mti.stripeIndex()), "1", mdc + "_UUID"));
        section(fsdb, client, sv, "add mdc", recs);
        if (!hasSection(client, client, "mount opts")) {
            section(fsdb, client, client, "mount opts", List.of(mountOption(client, fsdb.clilov(),
                    fsdb.clilmv())));
        }
        // for_all_existing_mdt except this one: an osp to the new MDT in each one's lod
        for (MgsTargetInfo other : otherMdts(fsdb, mti)) {
            if (!isEmpty(other.svname())) {
                ospToMdt(fsdb, mti, other.stripeIndex(), other.svname());
            }
        }
    }

    /** The MDTs of {@code fsdb} other than {@code mti} registered since the MGS started, by index. */
    private List<MgsTargetInfo> otherMdts(Fsdb fsdb, MgsTargetInfo mti) {
        List<MgsTargetInfo> found = new ArrayList<>();
        for (int i = fsdb.mdtIndexes.nextSetBit(0); i >= 0; i = fsdb.mdtIndexes.nextSetBit(i + 1)) {
            String name = MgsNames.svname(fsdb.name, true, i);
            MgsTargetInfo other = fsdb.targets.get(name);
            if (i == mti.stripeIndex()) {
                continue;
            }
            if (other == null) {
                libcfs.debug().logf(DebugMask.S_MGS, DebugMask.D_WARNING, "%s: %s is in %s's index map but has not "
                        + "registered since the MGS started: no osp between it and %s", mgsName, name, fsdb.name,
                        mti.svname());
                continue;
            }
            found.add(other);
        }
        return found;
    }

    /**
     * {@code mgs_write_log_osp_to_mdt}: the "add osp" section (marker target {@code target}'s
     * name) in the log of MDT {@code mdtIndex}, {@code log}: {@code target}'s NIDs, the osp
     * {@code <target>-osp-MDT<mdtIndex>} attached with the lod's UUID and set up with the
     * target's UUID and node, its failover NIDs, then {@code add_mdc <lod> <target uuid>
     * <target index> 1}.
     */
    private void ospToMdt(Fsdb fsdb, MgsTargetInfo target, int mdtIndex, String log) throws LustreException {
        String osp = target.svname() + "-osp-MDT" + String.format("%04x", mdtIndex);
        proxySection(fsdb, target, log, mdtlov(log), osp, "osp", LcfgCommand.ADD_MDC, "add osp");
    }

    /** The client log's lov and lmv setup, when the log is new (the first MDT or OST to register writes them). */
    private void startClientLog(Fsdb fsdb) throws LustreException {
        String client = fsdb.clientLog();
        if (!isEmpty(client)) {
            return;
        }
        section(fsdb, client, fsdb.clilov(), "lov setup", List.of(attach(fsdb.clilov(), "lov",
                fsdb.clilov() + "_UUID"), lovSetup(fsdb.clilov(), lovDesc(fsdb.clilov() + "_UUID"))));
        section(fsdb, client, fsdb.clilmv(), "lmv setup", List.of(attach(fsdb.clilmv(), "lmv",
                fsdb.clilmv() + "_UUID"), lovSetup(fsdb.clilmv(), new LovDesc(0, 0, 0, 0, 0, 0, 0,
                        fsdb.clilmv() + "_UUID"))));
    }

    /** Whether {@code log} holds a live section for {@code tgtname} / {@code comment}. */
    boolean hasSection(String log, String tgtname, String comment) throws LustreException {
        if (!exists(log)) {
            return false;
        }
        boolean[] found = {false};
        try (LlogHandle h = ctx.open(log, Llog.OpenMode.EXISTS)) {
            h.init(LlogFlags.IS_PLAIN, null);
            h.process((llh, rec) -> {
                try {
                    CfgMarker m = ConfigRecord.decode(rec.bytes()).marker();
                    if (m != null && (m.flags() & CfgMarker.CM_SKIP) == 0 && m.targetName().equals(tgtname)
                            && m.comment().equals(comment)) {
                        found[0] = true;
                        return Llog.PROC_BREAK;
                    }
                } catch (IllegalArgumentException e) {
                    // not a config record: not the section
                }
                return 0;
            });
        }
        return found[0];
    }

    /**
     * A new OST's sections ({@code mgs_write_log_ost}): its own log, then an osc in every MDT's
     * lov, then one in the client's lov.
     */
    void writeOst(Fsdb fsdb, MgsTargetInfo mti) throws LustreException {
        String sv = mti.svname();
        if (!isEmpty(sv)) {
            throw new LustreException(Errno.EALREADY, "the config log for " + sv + " already exists, yet the "
                    + "server claims it never registered; writeconf the MDT to regenerate all logs");
        }
        section(fsdb, sv, sv, "add ost", List.of(attach(sv, "obdfilter", mti.uuid()),
                setup(sv, "dev", "type", failout(mti) ? "n" : "f")));
        for (int mdt = fsdb.mdtIndexes.nextSetBit(0); mdt >= 0; mdt = fsdb.mdtIndexes.nextSetBit(mdt + 1)) {
            String mdtName = MgsNames.svname(fsdb.name, true, mdt);
            oscToLov(fsdb, mti, mdtName, mdtlov(mdtName), sv + "-osc-" + MgsNames.suffix(mdtName));
        }
        startClientLog(fsdb); // an OST before any MDT starts the client log, as mgs_write_log_ost does
        oscToLov(fsdb, mti, fsdb.clientLog(), fsdb.clilov(), sv + "-osc");
    }

    /** {@code mgs_write_log_osc_to_lov}: the "add osc" section in {@code log}. */
    private void oscToLov(Fsdb fsdb, MgsTargetInfo mti, String log, String lov, String osc) throws LustreException {
        proxySection(fsdb, mti, log, lov, osc, "osc", LcfgCommand.LOV_ADD_OBD, "add osc");
    }

    /**
     * A section naming a target for a client device in {@code log}, as "add osc" and "add osp"
     * are written: the target's NIDs, {@code attach <dev> <type> <lov>_UUID}, {@code setup <dev>
     * <target uuid> <node>}, the failover NIDs, then {@code <add> <lov> <target uuid> <index> 1}.
     */
    private void proxySection(Fsdb fsdb, MgsTargetInfo mti, String log, String lov, String dev, String type,
            LcfgCommand add, String comment) throws LustreException {
        List<LustreCfg> recs = new ArrayList<>();
        String nodeUuid = connections(mti, recs);
        recs.add(attach(dev, type, lov + "_UUID"));
        recs.add(setup(dev, mti.uuid(), nodeUuid));
        failovers(mti, dev, recs);
        recs.add(LustreCfg.of(add, lov, mti.uuid(), Integer.toString(mti.stripeIndex()), "1"));
        section(fsdb, log, mti.svname(), comment, recs);
    }

    /** The target's own NIDs as add_uuid records; the node UUID is the first NID's text. */
    private static String connections(MgsTargetInfo mti, List<LustreCfg> recs) throws LustreException {
        long[] nids = mti.nids();
        if (nids.length == 0) {
            throw new LustreException(Errno.EINVAL, mti.svname() + " registered without a NID");
        }
        String nodeUuid = Nid.toString(nids[0]);
        for (long nid : nids) {
            recs.add(addUuid(nid, nodeUuid));
        }
        return nodeUuid;
    }

    /**
     * {@code mgs_write_log_failnids}: for each failover node of {@code failover.node=} (NIDs of
     * one node separated by ',', nodes by ':'), add_uuid of each NID under the node's first NID,
     * then add_conn of that UUID to {@code dev}.
     */
    private static void failovers(MgsTargetInfo mti, String dev, List<LustreCfg> recs) throws LustreException {
        for (String p : MgsNames.params(mti.params())) {
            String value = p.startsWith("failover.node=") ? p.substring("failover.node=".length())
                    : p.startsWith("failnode=") ? p.substring("failnode=".length()) : null;
            if (value == null) {
                continue;
            }
            for (String node : value.split(":")) {
                String uuid = null;
                for (String n : node.split(",")) {
                    if (n.isEmpty()) {
                        continue;
                    }
                    Nid nid = Nid.parse(n);
                    if (uuid == null) {
                        uuid = nid.toString();
                    }
                    recs.add(addUuid(nid.toLnetNid(), uuid));
                }
                if (uuid != null) {
                    recs.add(addConn(dev, uuid));
                }
            }
        }
    }

    private static boolean failout(MgsTargetInfo mti) {
        return MgsNames.params(mti.params()).contains("failover.mode=failout");
    }

    // ------------------------------------------------------------------ validation

    /**
     * Checks a registration before anything is written, so that a refused one leaves no log and
     * no index behind: at least one NID and no NID 0 or LNET_NID_ANY, failover NIDs that parse,
     * and parameters that {@link #writeParam} would accept.
     *
     * @throws LustreException EINVAL naming what is wrong; E2BIG for a parameter name too long
     *     for the marker of its section
     */
    static void validate(MgsTargetInfo mti, boolean mdt) throws LustreException {
        long[] nids = mti.nids();
        if (nids.length == 0) {
            throw new LustreException(Errno.EINVAL, mti.svname() + " registered without a NID");
        }
        for (long nid : nids) {
            if (nid == 0 || nid == Nid.LNET_NID_ANY) {
                throw new LustreException(Errno.EINVAL, mti.svname() + " registered with NID "
                        + Long.toHexString(nid));
            }
        }
        failovers(mti, "check", new ArrayList<>());
        for (String p : MgsNames.params(mti.params())) {
            if (skipped(p)) {
                continue;
            }
            int eq = p.indexOf('=');
            if (eq <= 0) {
                throw new LustreException(Errno.EINVAL, "parameter '" + p + "' of " + mti.svname() + " has no '='");
            }
            String key = p.substring(0, eq);
            if (key.startsWith("lov.") && !mdt) {
                throw new LustreException(Errno.EINVAL, "lov parameter " + p + " is for MDTs, not " + mti.svname());
            }
            if (key.startsWith("sys.") && eq < p.length() - 1) {
                sysRecord(key, p.substring(eq + 1), p);
            }
            checkMarkerNames(mti.svname(), key); // every parameter's section is marked with its name
        }
    }

    /**
     * The record of a {@code sys.*} setting ({@code mgs_write_log_sys}): {@code timeout} and
     * {@code ldlm_timeout} are SET_TIMEOUT / SET_LDLM_TIMEOUT and {@code at_*} PARAM, each with
     * the value in {@code lcfg_num}; {@code jobid_var} and {@code jobid_name} are PARAM with the
     * value again in buffer 2.
     *
     * @throws LustreException EINVAL for another sys parameter or a number that is not one
     */
    static LustreCfg sysRecord(String key, String value, String p) throws LustreException {
        String name = key.substring("sys.".length());
        switch (name) {
            case "timeout", "ldlm_timeout" -> {
                return LustreCfg.of(name.equals("timeout") ? LcfgCommand.SET_TIMEOUT : LcfgCommand.SET_LDLM_TIMEOUT,
                        null, p).withNum(timeoutValue(key, value));
            }
            case "at_min", "at_max", "at_extra", "at_early_margin", "at_history" -> {
                return LustreCfg.of(LcfgCommand.PARAM, null, p).withNum(timeoutValue(key, value));
            }
            case "jobid_var", "jobid_name" -> {
                return LustreCfg.of(LcfgCommand.PARAM, null, p, value);
            }
            default -> throw new LustreException(Errno.EINVAL, "unknown sys parameter '" + key + "'");
        }
    }

    /** Mount options that are not log records. */
    private static boolean skipped(String p) {
        return p.startsWith("mgsnode=") || p.startsWith("mgs.") || p.startsWith("failover.") || p.startsWith("failnode=")
                || p.startsWith("network=") || p.startsWith("mdt.quota_type=");
    }

    /** A timeout's value, parsed as {@code strtoul(..., 0)} does: decimal, 0x hex or 0 octal. */
    private static int timeoutValue(String key, String value) throws LustreException {
        String v = value.strip();
        try {
            long n = v.startsWith("0x") || v.startsWith("0X") ? Long.parseLong(v.substring(2), 16)
                    : v.length() > 1 && v.startsWith("0") ? Long.parseLong(v.substring(1), 8) : Long.parseLong(v);
            if (n < 0 || n > Integer.MAX_VALUE) {
                throw new NumberFormatException();
            }
            return (int) n;
        } catch (NumberFormatException e) {
            throw new LustreException(Errno.EINVAL, key + " value '" + value + "' is not a number");
        }
    }

    // ------------------------------------------------------------------ parameters

    /** Every parameter of a registration ({@code mgs_write_log_params}). */
    void writeParams(Fsdb fsdb, MgsTargetInfo mti) throws LustreException {
        for (String p : MgsNames.params(mti.params())) {
            writeParam(fsdb, mti, p);
        }
    }

    /**
     * One parameter ({@code mgs_write_log_param}): where it goes depends on its prefix.
     * {@code sys.*} to the client log and every server log; {@code lov.*} (MDTs) to the MDT's
     * lov and the client's; {@code llite.*}, {@code mdc.*} and {@code osc.*} to the client log;
     * everything else to the target's own log. {@code mgsnode=}, {@code failover.*} and
     * {@code network=} are mount options, not log records.
     *
     * @throws LustreException EINVAL for a parameter without '=' or a {@code lov.*} for an OST
     */
    void writeParam(Fsdb fsdb, MgsTargetInfo mti, String p) throws LustreException {
        if (skipped(p)) {
            return;
        }
        int eq = p.indexOf('=');
        if (eq <= 0) {
            throw new LustreException(Errno.EINVAL, "parameter '" + p + "' of " + mti.svname() + " has no '='");
        }
        String key = p.substring(0, eq);
        String value = p.substring(eq + 1);
        boolean mdt = mti.has(LddFlags.SV_TYPE_MDT);
        if (key.startsWith("sys.")) {
            writeSys(fsdb, key, value, p);
        } else if (key.startsWith("lov.")) {
            if (!mdt) {
                throw new LustreException(Errno.EINVAL, "lov parameter " + p + " is for MDTs, not " + mti.svname());
            }
            String lov = mdtlov(mti.svname());
            wlp(fsdb, mti.svname(), lov, key, p);
            wlp(fsdb, fsdb.clientLog(), fsdb.clilov(), key, p);
        } else if (key.startsWith("llite.")) {
            wlp(fsdb, fsdb.clientLog(), fsdb.clientLog(), key, p);
        } else if (key.startsWith("osc.") || key.startsWith("mdc.")) {
            boolean osc = key.startsWith("osc.");
            wlp(fsdb, fsdb.clientLog(), mti.svname() + (osc ? "-osc" : "-mdc"), key, p);
            if (osc) {
                // an OST's osc settings hold for the MDTs' oscs too
                for (int m = fsdb.mdtIndexes.nextSetBit(0); m >= 0; m = fsdb.mdtIndexes.nextSetBit(m + 1)) {
                    String mdtName = MgsNames.svname(fsdb.name, true, m);
                    if (exists(mdtName)) {
                        wlp(fsdb, mdtName, mti.svname() + "-osc-" + MgsNames.suffix(mdtName), key, p);
                    }
                }
            }
        } else {
            wlp(fsdb, mti.svname(), mti.svname(), key, p);
        }
    }

    /**
     * {@code mgs_wlp_lcfg}: cancel the earlier sections of this parameter on this device, then
     * (unless the value is empty, which only deletes) write a param section.
     */
    private void wlp(Fsdb fsdb, String log, String dev, String key, String p) throws LustreException {
        modify(log, dev, key, CfgMarker.CM_SKIP);
        if (p.endsWith("=")) {
            return;
        }
        section(fsdb, log, dev, key, List.of(param(dev, p)));
    }

    /**
     * {@code mgs_write_log_sys} ({@link #sysRecord}): the client log first, then every server
     * log of the filesystem, OSTs before MDTs ({@code mgs_write_log_direct_all}); an empty value
     * only cancels.
     */
    private void writeSys(Fsdb fsdb, String key, String value, String p) throws LustreException {
        LustreCfg cfg = value.isEmpty() ? null : sysRecord(key, value, p);
        List<String> logs = new ArrayList<>();
        logs.add(fsdb.clientLog());
        for (int i = fsdb.ostIndexes.nextSetBit(0); i >= 0; i = fsdb.ostIndexes.nextSetBit(i + 1)) {
            logs.add(MgsNames.svname(fsdb.name, false, i));
        }
        for (int i = fsdb.mdtIndexes.nextSetBit(0); i >= 0; i = fsdb.mdtIndexes.nextSetBit(i + 1)) {
            logs.add(MgsNames.svname(fsdb.name, true, i));
        }
        for (String log : logs) {
            if (!exists(log)) {
                continue;
            }
            modify(log, fsdb.name, key, CfgMarker.CM_SKIP);
            if (!value.isEmpty()) {
                section(fsdb, log, fsdb.name, key, List.of(cfg));
            }
        }
    }

    /** {@code LCTL_UPCALL}: buffer 2 of a params-log SET_PARAM record. */
    static final String LCTL_UPCALL = "lctl";

    /**
     * {@code set_param -P name=value} ({@code mgs_set_param2}, {@code mgs_write_log_param2},
     * {@code mgs_wlp_lcfg} with LDD_F_PARAM2): in the params log, cancel the earlier sections of
     * {@code name} for {@code svname}, then (unless the value is empty: {@code set_param -P -d})
     * write a section with SET_PARAM {@code [svname, name=value, "lctl"]}. {@code svname} is the
     * filesystem the parameter names, or {@code general}.
     */
    void writePermanent(Fsdb params, String svname, String p) throws LustreException {
        int eq = p.indexOf('=');
        String key = eq < 0 ? p : p.substring(0, eq);
        if (key.isEmpty() || key.chars().anyMatch(Character::isWhitespace)) {
            throw new LustreException(Errno.EINVAL, "bad parameter name in '" + p + "'");
        }
        modify(PARAMS_LOG, svname, key, CfgMarker.CM_SKIP);
        if (eq < 0 || eq == p.length() - 1) {
            return;
        }
        section(params, PARAMS_LOG, svname, key, List.of(LustreCfg.of(LcfgCommand.SET_PARAM, svname, p,
                LCTL_UPCALL)));
    }
}
