package org.jlustre.mgs;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;
import org.jlustre.common.Errno;
import org.jlustre.common.Libcfs;
import org.jlustre.common.LustreException;
import org.jlustre.common.debug.DebugMask;
import org.jlustre.ptlrpc.ServerRequest;
import org.jlustre.wire.Le;
import org.jlustre.wire.mgs.LddFlags;
import org.jlustre.wire.mgs.MgsConfigBody;
import org.jlustre.wire.mgs.MgsNidtblEntry;

/**
 * MGS_CONFIG_READ of type {@code MGS_CFG_T_RECOVER} ({@code mgs_get_ir_logs},
 * lustre/mgs/mgs_nids.c) for {@code <fsname>-cliir} or {@code <fsname>-mdtir}: the entries of
 * the filesystem's NID table at or after version {@code mcb_offset}, packed one after another
 * into the client's bulk (a zero {@code mne_length} ends them), and {@code mgs_config_res}
 * with {@code mcr_size} the table's version and {@code mcr_offset} the same when everything
 * fitted, else the version of the last entry sent (the client then asks again). An entry
 * larger than the client's unit is EOVERFLOW, as {@code mgs_nidtbl_read} answers it.
 */
final class MgsNidTable {

    /** The largest bulk a client may offer (one LNet MTU). */
    static final int MAX_BULK = 1 << 20;

    private MgsNidTable() {
    }

    /**
     * The MGS_CONFIG_READ handler; each look at the filesystem takes its Fsdb monitor (through
     * {@code filesystems}); warnings go to {@code libcfs}'s debug log.
     */
    static void handle(Libcfs libcfs, MgsFilesystems filesystems, ServerRequest req) throws LustreException {
        MgsConfigBody body;
        try {
            body = MgsConfigBody.decode(req.buf(1, MgsConfigBody.SIZE, "mgs_config_body"), req.request().swabbed());
        } catch (IllegalArgumentException e) {
            throw new LustreException(Errno.EPROTO, e.getMessage());
        }
        if (body.type() == MgsConfigBody.MGS_CFG_T_CONFIG) {
            throw new LustreException(Errno.EOPNOTSUPP, "MGS_CONFIG_READ of config log " + body.name()
                    + ": config logs are read with the llog RPCs");
        }
        if (body.type() != MgsConfigBody.MGS_CFG_T_RECOVER) {
            throw new LustreException(Errno.EINVAL, "MGS_CONFIG_READ of type " + body.type() + " for " + body.name()
                    + ": only the NID table (type " + MgsConfigBody.MGS_CFG_T_RECOVER + ") is served");
        }
        String log = body.name();
        if (!log.endsWith("-cliir") && !log.endsWith("-mdtir")) {
            throw new LustreException(Errno.EINVAL, "MGS_CONFIG_READ: '" + log + "' is not <fsname>-cliir or "
                    + "<fsname>-mdtir");
        }
        String fsname = log.substring(0, log.length() - "-cliir".length());
        if (!filesystems.knows(fsname)) {
            throw new LustreException(Errno.ENOENT, "MGS_CONFIG_READ: no filesystem " + fsname);
        }
        long bytes = body.bits() < 31 ? Integer.toUnsignedLong(body.units()) << body.bits() : -1;
        if (bytes <= 0 || bytes > MAX_BULK) {
            throw new LustreException(Errno.EINVAL, "MGS_CONFIG_READ: bulk of " + body.units() + " units of 2^"
                    + body.bits() + " bytes (1.." + MAX_BULK + " bytes)");
        }
        long tableVersion = filesystems.nidtblVersion(fsname);
        // entries at or after mcb_offset (the client asks from its last version + 1)
        List<MgsFilesystems.Registered> changed = filesystems.targetsSince(fsname, body.offset() - 1);
        MemorySegment buf = Arena.ofAuto().allocate(bytes);
        // entries never cross a unit (a page): the last one of a unit takes the rest of it in its length
        long unit = Math.min(1L << body.bits(), 4096);
        long at = 0;
        long prev = -1;
        long last = tableVersion;
        boolean full = false;
        long lastPacked = body.offset() - 1;
        for (MgsFilesystems.Registered r : changed) {
            MgsNidtblEntry e = new MgsNidtblEntry(r.version(), r.mti().instance(), r.mti().stripeIndex(),
                    r.mti().flags() & LddFlags.SV_TYPE_MASK, r.mti().nids());
            if (e.length() > unit) {
                // mgs_nidtbl_read: an entry no unit can hold would have the client ask again forever
                libcfs.debug().logf(DebugMask.S_MGS, DebugMask.D_WARNING,
                        "nidtbl: too large entry: entry length %d, unit size: %d", e.length(), unit);
                throw new LustreException(Errno.EOVERFLOW, "MGS_CONFIG_READ of " + log + ": the entry of "
                        + r.mti().svname() + " is " + e.length() + " bytes, larger than the client's unit of "
                        + unit + " bytes");
            }
            long unitEnd = (at / unit + 1) * unit;
            if (at + e.length() > unitEnd) {
                if (prev >= 0) {
                    MgsNidtblEntry.pad(buf, prev, (int) (unitEnd - at));
                }
                at = unitEnd;
            }
            if (at + e.length() > bytes) {
                full = true; // the client asks again after mcr_offset
                break;
            }
            e.encode(buf, at);
            prev = at;
            at += e.length();
            lastPacked = r.version();
        }
        if (full) {
            last = lastPacked;
        }
        req.bulkPut(List.of(buf));
        req.packReply(MgsNidtblEntry.CONFIG_RES_SIZE);
        req.replyBuf(1).set(Le.U64, 0, last);
        req.replyBuf(1).set(Le.U64, 8, tableVersion);
    }
}
