package org.jlustre.obdclass;

import java.nio.charset.StandardCharsets;
import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;
import org.jlustre.common.debug.DebugMask;
import org.jlustre.llog.Llog;
import org.jlustre.llog.LlogContext;
import org.jlustre.llog.LlogHandle;
import org.jlustre.wire.llog.CfgMarker;
import org.jlustre.wire.llog.ConfigRecord;
import org.jlustre.wire.llog.LcfgCommand;
import org.jlustre.wire.llog.LlogFlags;
import org.jlustre.wire.llog.LlogRecType;
import org.jlustre.wire.llog.LustreCfg;

/**
 * Replays a configuration log into a node ({@code class_config_parse_llog} with
 * {@code class_config_llog_handler}, lustre/obdclass/obd_config.c): every OBD_CFG_REC record
 * in order goes to {@link Obdclass#process}, except those between the START and END markers
 * of a section the MGS has marked {@link CfgMarker#CM_SKIP} (cancelled) or
 * {@link CfgMarker#CM_EXCLUDE} (excluded for this node).
 *
 * <p>With a config instance (a client mount's {@code cfg_instance}), device names get
 * {@code -<instance>} appended and attached devices take the mount's UUID, so several mounts of
 * one filesystem coexist on a node.
 *
 * <p>A replay remembers the log and the last record index it ran ({@code cfg_last_idx}):
 * replaying the same log again runs only the records appended since, as the MGC does when a
 * log it follows changes; a log made again (writeconf) is not replayed into running devices.
 * Indexes are the log's own, so a follower replays the MGS's log, not a local copy (a copy is
 * renumbered when records were cancelled).
 *
 * <p>A log written again for devices that already run (the MGS lost its logs and the target
 * registered again, or a target that started from its local copy goes over to the MGS's log)
 * is taken up with {@link #rejoin}: from then on, a marker section whose attach names a device
 * this replay attached already is skipped, in that log and in what is appended to it later (other
 * targets registering again write their sections again). Otherwise attaching a device twice is
 * the error it always is.
 *
 * <p>One instance follows one log, replayed by one thread at a time; {@link #attached} may be
 * read from any thread.
 */
public final class ConfigReplay {

    /**
     * What a replay did: records run and skipped, and the devices it attached, in order.
     */
    public record Result(int processed, int skipped, java.util.List<String> attached) {
    }

    private final Obdclass obdclass;
    private final String instance;
    private final String instanceUuid;
    private int lastIndex;
    private boolean skipping;
    private org.jlustre.wire.llog.LlogLogid logid;
    /** Whether this replay follows a log written again for running devices ({@link #rejoin}). */
    private boolean rejoined;
    private final java.util.List<String> everAttached = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** Whether this replays an MDT's own log: lov devices become lod, osc become osp. */
    private final boolean mdt;

    /**
     * Replays into {@code obdclass}; {@code instance} (null for none) suffixes device names,
     * {@code instanceUuid} replaces the attach UUID then.
     */
    public ConfigReplay(Obdclass obdclass, String instance, String instanceUuid) {
        this(obdclass, instance, instanceUuid, false);
    }

    private ConfigReplay(Obdclass obdclass, String instance, String instanceUuid, boolean mdt) {
        this.obdclass = obdclass;
        this.instance = instance;
        this.instanceUuid = instanceUuid;
        this.mdt = mdt;
    }

    /**
     * A replay of an MDT's own log into {@code obdclass}: the MGS writes the MDT's layout devices
     * as {@code lov} and {@code osc} (for 1.x interoperability), which an MDT runs as {@code lod}
     * and {@code osp} ({@code class_config_llog_handler}: "For 2.x interoperability, rename obd
     * type from lov to lod", and osc to osp, in ATTACH, PARAM and SET_PARAM records).
     */
    public static ConfigReplay forMdt(Obdclass obdclass) {
        return new ConfigReplay(obdclass, null, null, true);
    }

    /**
     * Processes every record of log {@code name} in {@code ctx} (local, or remote through the MGC).
     *
     * @throws LustreException ENOENT for a missing log; the first command that fails, with the
     *     record's index
     */
    public Result replay(LlogContext ctx, String name) throws LustreException {
        try (LlogHandle llh = ctx.open(name, Llog.OpenMode.EXISTS)) {
            llh.init(LlogFlags.IS_PLAIN, null);
            return replay(llh);
        }
    }

    /**
     * Replays log {@code name} of {@code ctx}, which replaced the log this replay followed, from
     * its first record: sections of devices already attached are skipped, the rest runs, and
     * later replays go on from its last index ({@code cfg_last_idx}).
     *
     * @throws LustreException as {@link #replay(LlogContext, String)}
     */
    public Result rejoin(LlogContext ctx, String name) throws LustreException {
        try (LlogHandle llh = ctx.open(name, Llog.OpenMode.EXISTS)) {
            llh.init(LlogFlags.IS_PLAIN, null);
            return rejoin(llh);
        }
    }

    /**
     * Replays what was appended to log {@code name} of {@code ctx}, or, when it is not the log
     * this replay followed (made again since), {@link #rejoin rejoins} it: for logs whose
     * records may all run again, such as {@code params}.
     */
    public Result replayOrRejoin(LlogContext ctx, String name) throws LustreException {
        try (LlogHandle llh = ctx.open(name, Llog.OpenMode.EXISTS)) {
            llh.init(LlogFlags.IS_PLAIN, null);
            return regenerated(llh) ? rejoin(llh) : run(llh);
        }
    }

    private Result rejoin(LlogHandle llh) throws LustreException {
        logid = null;
        lastIndex = 0;
        skipping = false;
        rejoined = true;
        return run(llh);
    }

    /** Whether {@code llh} is not the log this replay followed: another id, or fewer records than it ran. */
    private boolean regenerated(LlogHandle llh) {
        return logid != null && !logid.equals(llh.logid()) || llh.lastIndex() < lastIndex;
    }

    /**
     * Every device this replay attached, in order, also those of a replay that failed part way:
     * what the owner cleans up. Any thread.
     */
    public java.util.List<String> attached() {
        return java.util.List.copyOf(everAttached);
    }

    /** The index of the last record replayed ({@code cfg_last_idx}). */
    public int lastIndex() {
        return lastIndex;
    }

    /**
     * Processes the records of an initialised plain log after {@link #lastIndex}; nothing, with a
     * warning, when it is not the log this replay followed.
     */
    public Result replay(LlogHandle llh) throws LustreException {
        if (regenerated(llh)) {
            // indexes of another log (writeconf made it again) say nothing about what ran
            obdclass.libcfs().debug().logf(DebugMask.S_CLASS, DebugMask.D_WARNING,
                    "%s: the log was regenerated (now %s, last index %d; replayed %s up to %d); restart to use it",
                    llh.name(), llh.logid().fid(), llh.lastIndex(), logid == null ? "-" : logid.fid(), lastIndex);
            return new Result(0, 0, java.util.List.of());
        }
        return run(llh);
    }

    /** Processes the records after {@link #lastIndex} of the log this replay follows (or a first one). */
    private Result run(LlogHandle llh) throws LustreException {
        int[] counts = {0, 0};
        java.util.List<String> attached = new java.util.ArrayList<>();
        boolean[] skip = {skipping};
        // within a section whose device already runs: skipped up to the section's end
        boolean[] again = {false};
        LustreException[] failure = {null};
        logid = llh.logid();
        if (llh.lastIndex() == lastIndex) {
            return new Result(0, 0, java.util.List.of());
        }
        int rc = llh.process((h, rec) -> {
            lastIndex = rec.index();
            if (rec.type() != LlogRecType.OBD_CFG_REC) {
                obdclass.libcfs().debug().logf(DebugMask.S_CLASS, DebugMask.D_WARNING,
                        "%s: record #%d has type 0x%x, not a config record; skipped", h.name(), rec.index(),
                        rec.type());
                counts[1]++;
                return 0;
            }
            ConfigRecord cr;
            CfgMarker marker;
            try {
                cr = ConfigRecord.decode(rec.bytes());
                marker = cr.marker();
            } catch (IllegalArgumentException e) {
                failure[0] = new LustreException(Errno.EINVAL, h.name() + " record #" + rec.index() + ": "
                        + e.getMessage());
                return failure[0].rc();
            }
            LustreCfg cfg = cr.cfg();
            if (cfg.command() == LcfgCommand.MARKER.value()) {
                CfgMarker m = marker;
                if (m != null && (m.flags() & CfgMarker.CM_END) != 0) {
                    again[0] = false;
                }
                if (m != null && (m.flags() & (CfgMarker.CM_SKIP | CfgMarker.CM_EXCLUDE)) != 0) {
                    if ((m.flags() & CfgMarker.CM_START) != 0) {
                        skip[0] = true;
                    } else if ((m.flags() & CfgMarker.CM_END) != 0) {
                        skip[0] = false;
                    }
                }
                counts[1]++;
                return 0;
            }
            if (skip[0] || again[0]) {
                counts[1]++;
                return 0;
            }
            try {
                LustreCfg run = rewrite(cfg);
                if (rejoined && run.command() == LcfgCommand.ATTACH.value() && everAttached.contains(run.string(0))
                        && obdclass.devices().find(run.string(0)).isPresent()) {
                    // a section written again for a device that runs (the target registered again)
                    obdclass.libcfs().debug().logf(DebugMask.S_CLASS, DebugMask.D_CONFIG,
                            "%s: record #%d attaches %s, which is set up already: section skipped", h.name(),
                            rec.index(), run.string(0));
                    again[0] = true;
                    counts[1]++;
                    return 0;
                }
                obdclass.process(run);
                if (run.command() == LcfgCommand.ATTACH.value()) {
                    attached.add(run.string(0));
                    everAttached.add(run.string(0));
                }
            } catch (LustreException e) {
                failure[0] = new LustreException(e.errno(), h.name() + " record #" + rec.index() + ": "
                        + e.getMessage(), e);
                return e.rc();
            }
            counts[0]++;
            return 0;
        }, lastIndex, 0);
        skipping = skip[0];
        if (failure[0] != null) {
            throw failure[0];
        }
        if (rc < 0) {
            throw new LustreException(Errno.of(rc), "processing config log " + llh.name() + " failed: " + rc);
        }
        return new Result(counts[0], counts[1], java.util.List.copyOf(attached));
    }

    /** The command as this node runs it: device names with the instance, attaches with its UUID. */
    private LustreCfg rewrite(LustreCfg cfg) {
        if (mdt) {
            cfg = mdtType(cfg);
        }
        if (instance == null || cfg.bufcount() == 0 || cfg.buffer(0).length == 0
                || cfg.command() == LcfgCommand.SPTLRPC_CONF.value()) {
            return cfg;
        }
        LustreCfg out = cfg.withBuffer(0, cstr(cfg.string(0) + "-" + instance));
        if (cfg.command() == LcfgCommand.ATTACH.value() && instanceUuid != null && cfg.bufcount() > 2) {
            out = out.withBuffer(2, cstr(instanceUuid));
        }
        return out;
    }

    /** An MDT log's record with the type in buffer 1 renamed lov to lod and osc to osp. */
    private static LustreCfg mdtType(LustreCfg cfg) {
        int c = cfg.command();
        if (c != LcfgCommand.ATTACH.value() && c != LcfgCommand.PARAM.value() && c != LcfgCommand.SET_PARAM.value()
                || cfg.bufcount() < 2) {
            return cfg;
        }
        String type = cfg.string(1);
        if ("lov".equals(type)) {
            return cfg.withBuffer(1, cstr("lod"));
        }
        return "osc".equals(type) ? cfg.withBuffer(1, cstr("osp")) : cfg;
    }

    private static byte[] cstr(String s) {
        return (s + "\0").getBytes(StandardCharsets.UTF_8);
    }
}
