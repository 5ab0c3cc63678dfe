package org.jlustre.mgs;

import java.util.List;
import org.jlustre.common.Errno;
import org.jlustre.common.Libcfs;
import org.jlustre.common.LustreException;
import org.jlustre.common.debug.DebugMask;
import org.jlustre.ptlrpc.ServerRequest;
import org.jlustre.wire.mgs.LddFlags;
import org.jlustre.wire.mgs.MgsSendParam;
import org.jlustre.wire.mgs.MgsTargetInfo;

/**
 * Permanent parameters (lustre/mgs/mgs_handler.c {@code mgs_set_info}, mgs_llog.c
 * {@code mgs_set_param} / {@code mgs_set_param2}): MGS_SET_INFO and {@code lctl conf_param},
 * written to a filesystem's logs, and {@code lctl set_param -P}, written to the params log.
 * Each write holds the monitor of the {@link Fsdb} whose logs it changes.
 */
final class MgsParams {

    /** Where the console lines go. */
    private final Libcfs libcfs;
    /** The filesystems whose logs take the settings. */
    private final MgsFilesystems filesystems;
    /** The config log writer; called under the Fsdb monitor. */
    private final MgsLogs logs;

    MgsParams(Libcfs libcfs, MgsFilesystems filesystems, MgsLogs logs) {
        this.libcfs = libcfs;
        this.filesystems = filesystems;
        this.logs = logs;
    }

    /** The MGS_SET_INFO handler: the mgs_send_param's setting as a conf_param, echoed back. */
    void handleSetInfo(ServerRequest req) throws LustreException {
        MgsSendParam msp;
        try {
            msp = MgsSendParam.decode(req.buf(1, MgsSendParam.SIZE, "mgs_send_param"));
        } catch (IllegalArgumentException e) {
            console("%s: MGS_SET_INFO from %s refused: %s", Mgs.NAME, req.peer(), e.getMessage());
            throw new LustreException(Errno.EINVAL, e.getMessage());
        }
        try {
            confParam(msp.param());
        } catch (LustreException e) {
            console("%s: MGS_SET_INFO from %s refused: %s", Mgs.NAME, req.peer(), e.getMessage());
            throw e;
        }
        req.packReply(MgsSendParam.SIZE);
        msp.encode(req.replyBuf(1), 0);
    }

    /**
     * {@code lctl conf_param <fsname>[-<target>].<param>=<value>} ({@code mgs_set_param} with
     * LCFG_PARAM): the parameter is written to the logs as a registration's would be, for the
     * named target or, with only a filesystem name, for the filesystem as a whole. Takes the
     * filesystem's Fsdb monitor.
     *
     * @throws LustreException EINVAL for a malformed setting, ENOENT for an unknown filesystem
     *     or target
     */
    void confParam(String setting) throws LustreException {
        int dot = setting.indexOf('.');
        int eq = setting.indexOf('=');
        if (dot <= 0 || eq < dot) {
            throw new LustreException(Errno.EINVAL, "conf_param '" + setting + "': expected "
                    + "<fsname>[-<target>].<param>=<value>");
        }
        String who = setting.substring(0, dot);
        String param = setting.substring(dot + 1);
        String fs = who.contains("-") ? who.substring(0, who.lastIndexOf('-')) : who;
        Fsdb fsdb = filesystems.get(fs);
        if (fsdb == null || fs.equals(MgsLogs.PARAMS_LOG)) {
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

    /** A registration with only names and type, for a target the MGS has not heard from since it started. */
    private static MgsTargetInfo blankTarget(String fs, String sv, int type) {
        return new MgsTargetInfo(0, 0, 0, type, 0, fs, sv, "", new long[0], "");
    }

    /**
     * {@code lctl set_param -P name=value}: a SET_PARAM section in the params log every node
     * applies; {@code set_param -P -d name} passes a bare name, which cancels the setting.
     * Takes the params log's Fsdb monitor.
     */
    void setParamPermanent(String setting) throws LustreException {
        String p = setting.strip();
        int eq = p.indexOf('=');
        String name = eq < 0 ? p : p.substring(0, eq);
        // mgs_set_param2: the section is for the filesystem a component of the name names
        // (osc.lustre-OST0000-osc-*.x, llite.lustre-*.y), else "general"
        List<String> parts = List.of(name.split("\\."));
        String svname = filesystems.names().stream().filter(fs -> !fs.equals(MgsLogs.PARAMS_LOG) && parts.stream()
                .anyMatch(c -> c.equals(fs) || c.startsWith(fs + "-"))).findFirst().orElse("general");
        boolean delete = eq < 0 || eq == p.length() - 1;
        Fsdb db = filesystems.getOrCreate(MgsLogs.PARAMS_LOG);
        synchronized (db) {
            if (delete && !svname.equals("general")) {
                logs.writePermanent(db, "general", name); // set before the filesystem registered
            }
            logs.writePermanent(db, svname, p);
        }
    }

    /** A console line of the MGS. */
    private void console(String fmt, Object... args) {
        libcfs.debug().logf(DebugMask.S_MGS, DebugMask.D_CONSOLE, fmt, args);
    }
}
