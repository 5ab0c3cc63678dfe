package org.jlustre.mgs;

import org.jlustre.common.Errno;
import org.jlustre.common.Libcfs;
import org.jlustre.common.LustreException;
import org.jlustre.common.debug.DebugMask;
import org.jlustre.ptlrpc.ServerRequest;
import org.jlustre.wire.mgs.LddFlags;
import org.jlustre.wire.mgs.MgsTargetInfo;

/**
 * MGS_TARGET_REG ({@code mgs_target_reg}, lustre/mgs/mgs_handler.c): a target's registration
 * checked, its index assigned ({@code mgs_set_index}), its logs written or, on a writeconf,
 * erased and written again ({@code mgs_write_log_target}, mgs_llog.c), and the answer with its
 * new name. Everything done to one filesystem holds its {@link Fsdb} monitor.
 */
final class MgsRegistration {

    /** Where the console lines go. */
    private final Libcfs libcfs;
    /** The filesystems registrations go to. */
    private final MgsFilesystems filesystems;
    /** The config log writer; called under the Fsdb monitor. */
    private final MgsLogs logs;
    /** {@code mgs.MGS.allow_register}: whether new (VIRGIN) targets may register; read without a lock. */
    private volatile boolean allowRegister = true;

    MgsRegistration(Libcfs libcfs, MgsFilesystems filesystems, MgsLogs logs) {
        this.libcfs = libcfs;
        this.filesystems = filesystems;
        this.logs = logs;
    }

    /** Whether new targets may register, for {@code mgs.MGS.allow_register}. */
    boolean allowRegister() {
        return allowRegister;
    }

    /** Turns registration of new targets on or off, from {@code mgs.MGS.allow_register}. */
    void allowRegister(boolean allow) {
        allowRegister = allow;
    }

    /** The MGS_TARGET_REG handler: decodes the mgs_target_info, registers it and replies with the result. */
    void handle(ServerRequest req) throws LustreException {
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

    /** The error for a refused registration, logged once on the console. */
    private LustreException refuse(ServerRequest req, Errno errno, String why) {
        console("%s: MGS_TARGET_REG from %s refused: %s (%s)", Mgs.NAME, req.peer(), why, errno.name());
        return new LustreException(errno, why);
    }

    /**
     * Registers a target ({@code mgs_target_reg}): the answer to send back. Takes the
     * filesystem's Fsdb monitor.
     *
     * @param peerNid the NID the request came from (for the NID table)
     * @throws LustreException EINVAL for bad names or flags, EADDRINUSE for a new target asking
     *     for a taken index, EPERM when registration is off, ENOENT for a startup ping of a
     *     target whose log is gone
     */
    MgsTargetInfo register(MgsTargetInfo mti, long peerNid) throws LustreException {
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
        Fsdb fsdb = filesystems.getOrCreate(mti.fsname());
        synchronized (fsdb) {
            if ((flags & (LddFlags.WRITECONF | LddFlags.UPDATE)) == 0) {
                // a startup ping of a registered target: check that we know it
                if (fsdb.map(mdt).get(index) && logs.exists(mti.svname())) {
                    fsdb.targets.put(mti.svname(), mti);
                    fsdb.versions.put(mti.svname(), ++fsdb.nidtblVersion);
                    return mti;
                }
                flags |= LddFlags.UPDATE;
                console("%s: %s was not registered here; registering it again", Mgs.NAME, mti.svname());
            }
            if ((flags & LddFlags.VIRGIN) != 0 && !allowRegister) {
                throw new LustreException(Errno.EPERM, "registration of new targets is off (mgs.MGS.allow_register)");
            }
            if ((flags & LddFlags.WRITECONF) != 0) {
                if (mdt && index == 0) {
                    eraseFs(fsdb);
                    console("%s: logs for fs %s were removed by user request; all servers must register again",
                            Mgs.NAME, mti.fsname());
                } else {
                    logs.erase(mti.svname());
                    console("%s: regenerating %s log by user request", Mgs.NAME, mti.svname());
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

    /** {@code mgs_set_index} and {@code mgs_write_log_target}; the caller holds {@code fsdb}'s monitor. */
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
            console("%s: found index %d for %s, updating its parameters", Mgs.NAME, index, svname);
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
        console("%s: registered %s (index %d)", Mgs.NAME, svname, index);
        return cur;
    }

    /** A writeconf of MDT0: every log of the filesystem and what the MGS knew of it go; the caller holds {@code fsdb}'s monitor. */
    private void eraseFs(Fsdb fsdb) throws LustreException {
        for (String log : filesystems.listLogs()) {
            if (log.startsWith(fsdb.name + "-")) {
                logs.erase(log);
            }
        }
        fsdb.mdtIndexes.clear();
        fsdb.ostIndexes.clear();
        fsdb.targets.clear();
        fsdb.versions.clear();
    }

    /** A console line of the MGS. */
    private void console(String fmt, Object... args) {
        libcfs.debug().logf(DebugMask.S_MGS, DebugMask.D_CONSOLE, fmt, args);
    }
}
