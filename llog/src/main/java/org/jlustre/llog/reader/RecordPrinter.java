package org.jlustre.llog.reader;

import java.time.ZoneId;
import org.jlustre.common.Fid;
import org.jlustre.wire.llog.ChangelogUserRecord;
import org.jlustre.wire.llog.ChangelogUserRecord2;
import org.jlustre.wire.llog.LlogLogid;
import org.jlustre.wire.llog.LlogRecType;
import org.jlustre.wire.llog.LlogRecordHeader;
import org.jlustre.wire.llog.LogidRecord;
import org.jlustre.wire.llog.Setattr64Record;
import org.jlustre.wire.llog.Setattr64V2Record;
import org.jlustre.wire.llog.Unlink64Record;
import org.jlustre.wire.llog.UnlinkRecord;

/**
 * llog_reader's {@code print_records}: for each collected record "#NN (LLL)", "NOT SET " when
 * its {@code lrh_id} is {@code CANCELLED}, then the record by type. Types llog_reader has no
 * printer for (size change, generation records) print as "unknown type".
 */
final class RecordPrinter {

    private final ReaderMemory mem;
    private final ReaderOutput out;
    private final ObjectPaths paths;
    private final ConfigPrinter config;
    private final ChangelogPrinter changelog;
    private final HsmPrinter hsm;
    private final UpdatePrinter update;

    /** A printer reading {@code mem}, with marker times in {@code zone} and catalog paths as {@code paths}. */
    RecordPrinter(ReaderMemory mem, ReaderOutput out, ZoneId zone, ObjectPaths paths) {
        this.mem = mem;
        this.out = out;
        this.paths = paths;
        this.config = new ConfigPrinter(mem, out, zone);
        this.changelog = new ChangelogPrinter(mem, out);
        this.hsm = new HsmPrinter(mem, out);
        this.update = new UpdatePrinter(mem, out);
    }

    /** Prints every record at the given offsets. */
    void printAll(long[] records) {
        for (long rec : records) {
            print(rec);
        }
    }

    /** One record: "#NN (LLL)", "NOT SET " for a cancelled id, then the record by its type. */
    private void print(long rec) {
        out.out("#" + CFormat.precision(mem.u32(rec + LlogRecordHeader.OFF_INDEX), 2) + " ("
                + CFormat.precision(mem.u32(rec + LlogRecordHeader.OFF_LEN), 3) + ")");
        int type = mem.u32(rec + LlogRecordHeader.OFF_TYPE);
        if (mem.u32(rec + LlogRecordHeader.OFF_ID) == LlogScan.CANCELLED) {
            out.out("NOT SET ");
        }
        switch (type) {
            case LlogRecType.OBD_CFG_REC -> config.print(rec + LlogRecordHeader.SIZE);
            case LlogRecType.LLOG_PAD_MAGIC -> out.out("padding\n");
            case LlogRecType.LLOG_LOGID_MAGIC -> printLogPath(rec);
            case LlogRecType.HSM_AGENT_REC -> hsm.print(rec);
            case LlogRecType.CHANGELOG_REC -> changelog.print(rec);
            case LlogRecType.CHANGELOG_USER_REC, LlogRecType.CHANGELOG_USER_REC2 -> printChangelogUser(rec, type);
            case LlogRecType.UPDATE_REC -> update.print(rec);
            case LlogRecType.MDS_UNLINK_REC -> printUnlink(rec);
            case LlogRecType.MDS_UNLINK64_REC -> out.out("unlink64 record id:0x" + CFormat.x(id(rec)) + " target "
                    + fid(rec + Unlink64Record.OFF_FID) + "\n");
            case LlogRecType.MDS_SETATTR64_REC -> printSetattr(rec);
            default -> out.out("unknown type " + CFormat.x(type) + "\n");
        }
    }

    /** {@code lrh_id}. */
    private int id(long rec) {
        return mem.u32(rec + LlogRecordHeader.OFF_ID);
    }

    /** The {@code lu_fid} at {@code addr}, as {@code PFID} reads it. */
    private Fid fid(long addr) {
        return new Fid(mem.u64(addr), mem.u32(addr + 8), mem.u32(addr + 12));
    }

    /**
     * {@code print_log_path}: the logid as a FID ({@code logid_to_fid}) and the object's path:
     * under {@code O/} on ldiskfs, {@code oi.N/} on other backends, {@code update_log_dir/} for
     * FIDs outside the llog sequences.
     */
    private void printLogPath(long rec) {
        long id = rec + LogidRecord.OFF_LOGID;
        long oiId = mem.u64(id + LlogLogid.OFF_OI_ID);
        long oiSeq = mem.u64(id + LlogLogid.OFF_OI_SEQ);
        int ogen = mem.u32(id + LlogLogid.OFF_OGEN);
        Fid fid = ogen == 0 ? new Fid(oiSeq, (int) oiId, 0) : Fid.igif((int) oiId, ogen);
        String path;
        if (fid.seq() != Fid.SEQ_LLOG && fid.seq() != Fid.SEQ_LLOG_NAME) {
            path = "update_log_dir/" + fid;
        } else if (paths == ObjectPaths.LDISKFS) {
            path = "O/" + CFormat.llu(fid.seq()) + "/d" + Integer.remainderUnsigned(fid.oid(), 32) + "/"
                    + CFormat.u(fid.oid());
        } else {
            path = "oi." + (fid.seq() & 127) + "/" + fid.toStringNoBrace();
        }
        out.out("fid=" + fid + " path=" + path + "\n");
    }

    /** {@code print_unlink_rec}. */
    private void printUnlink(long rec) {
        out.out("unlink record id:0x" + CFormat.x(id(rec)) + " target " + CFormat.x(mem.u64(rec + UnlinkRecord.OFF_OID))
                + ":" + CFormat.x(mem.u32(rec + UnlinkRecord.OFF_OSEQ)) + ":"
                + CFormat.x(mem.u32(rec + UnlinkRecord.OFF_COUNT)) + "\n");
    }

    /** {@code print_setattr64_rec} and, for records longer than 64 bytes, {@code print_setattr64_rec_v2}. */
    private void printSetattr(long rec) {
        boolean v2 = Integer.compareUnsigned(mem.u32(rec + LlogRecordHeader.OFF_LEN), Setattr64Record.SIZE) > 0;
        String line = "setattr64 " + (v2 ? "v2 " : "") + "record id:0x" + CFormat.x(id(rec)) + " target "
                + fid(rec + Setattr64Record.OFF_OI) + " valid " + CFormat.x(mem.u64(rec + Setattr64Record.OFF_VALID))
                + " uid " + CFormat.u(mem.u32(rec + Setattr64Record.OFF_UID_H)) + ":"
                + CFormat.u(mem.u32(rec + Setattr64Record.OFF_UID)) + " gid "
                + CFormat.u(mem.u32(rec + Setattr64Record.OFF_GID_H)) + ":"
                + CFormat.u(mem.u32(rec + Setattr64Record.OFF_GID));
        if (v2) {
            line += " prj " + CFormat.u(mem.u32(rec + Setattr64V2Record.OFF_PROJID));
        }
        out.out(line + "\n");
    }

    /** {@code print_changelog_user_rec}: v1, or v2 with the mask and the 16-byte name. */
    private void printChangelogUser(long rec, int type) {
        boolean v2 = type == LlogRecType.CHANGELOG_USER_REC2;
        String line = "changelog user record (" + (v2 ? "v2" : "v1") + ") id:0x" + CFormat.x(id(rec)) + " cur_id:"
                + CFormat.u(mem.u32(rec + ChangelogUserRecord.OFF_ID)) + " cur_endrec:"
                + CFormat.llu(mem.u64(rec + ChangelogUserRecord.OFF_ENDREC)) + " cur_time:"
                + CFormat.u(mem.u32(rec + ChangelogUserRecord.OFF_TIME)) + (v2 ? " " : "\n");
        out.out(line);
        if (v2) {
            String mask = CFormat.x(mem.u32(rec + ChangelogUserRecord2.OFF_MASK));
            out.out("cur_mask:0x" + "0".repeat(Math.max(0, 8 - mask.length())) + mask + " cur_name:\""
                    + mem.cString(rec + ChangelogUserRecord2.OFF_NAME, ChangelogUserRecord2.NAME_SIZE) + "\"\n");
        }
    }
}
