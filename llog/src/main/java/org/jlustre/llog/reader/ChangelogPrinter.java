package org.jlustre.llog.reader;

import org.jlustre.common.Fid;
import org.jlustre.wire.llog.ChangelogRecord;
import org.jlustre.wire.llog.LlogRecordHeader;

/**
 * llog_reader's {@code print_changelog_rec}: the fixed fields, the date in UTC from
 * {@code cr_time} (seconds in the high bits, nanoseconds in the low 30), then each extension
 * {@code cr_flags} and {@code cr_extra_flags} announce, the name and a rename's source. Every
 * extension is found where {@code changelog_rec_offset} puts it for the flags read from the
 * record, so damaged flags read from wherever they point.
 */
final class ChangelogPrinter {

    /** {@code MDS_FMODE_READ}. */
    private static final int MDS_FMODE_READ = 01;
    /** {@code MDS_FMODE_WRITE}. */
    private static final int MDS_FMODE_WRITE = 02;
    /** {@code MDS_FMODE_EXEC}. */
    private static final int MDS_FMODE_EXEC = 04;
    /** {@code MDS_OPEN_TRUNC}. */
    private static final int MDS_OPEN_TRUNC = 01000;
    /** {@code MDS_OPEN_APPEND}. */
    private static final int MDS_OPEN_APPEND = 02000;
    /** {@code NAME_MAX}. */
    private static final int NAME_MAX = 255;
    /** The CLF bits that select extensions. */
    private static final int CLF_V_R_J_E = ChangelogRecord.CLF_VERSION | ChangelogRecord.CLF_RENAME
            | ChangelogRecord.CLF_JOBID | ChangelogRecord.CLF_EXTRA_FLAGS;

    private final ReaderMemory mem;
    private final ReaderOutput out;

    /** A printer reading {@code mem}. */
    ChangelogPrinter(ReaderMemory mem, ReaderOutput out) {
        this.mem = mem;
        this.out = out;
    }

    /** The {@code lu_fid} at {@code addr}, as {@code PFID} reads it. */
    private Fid fid(long addr) {
        return new Fid(mem.u64(addr), mem.u32(addr + 8), mem.u32(addr + 12));
    }

    /** Prints the changelog record at {@code rec}. */
    void print(long rec) {
        long cr = rec + ChangelogRecord.OFF_CR;
        int crf = mem.u16(cr + ChangelogRecord.CR_OFF_FLAGS);
        long time = mem.u64(cr + ChangelogRecord.CR_OFF_TIME);
        CTime.Tm ts = CTime.gmtime(time >>> 30);
        int type = mem.u32(cr + ChangelogRecord.CR_OFF_TYPE);
        String typeName = ChangelogRecord.typeName(type);
        StringBuilder line = new StringBuilder("changelog record id:0x").append(CFormat.x(mem.u32(rec + LlogRecordHeader.OFF_ID)))
                .append(" index:").append(CFormat.llu(mem.u64(cr + ChangelogRecord.CR_OFF_INDEX)))
                .append(" cr_flags:0x").append(CFormat.x(crf))
                .append(" cr_type:").append(typeName == null ? "(null)" : typeName).append("(0x").append(CFormat.x(type))
                .append(") date:'").append(CFormat.zero(ts.hour(), 2)).append(':').append(CFormat.zero(ts.minute(), 2))
                .append(':').append(CFormat.zero(ts.second(), 2)).append('.')
                .append(CFormat.zero((int) (time & ((1 << 30) - 1)), 9)).append(' ').append(CFormat.zero(ts.year(), 4))
                .append('.').append(CFormat.zero(ts.month(), 2)).append('.').append(CFormat.zero(ts.day(), 2))
                .append("' target:").append(fid(cr + ChangelogRecord.CR_OFF_TFID));
        out.out(line.toString());
        if ((crf & ChangelogRecord.CLF_JOBID) != 0) {
            long jobid = cr + ChangelogRecord.recOffset(crf & (ChangelogRecord.CLF_VERSION | ChangelogRecord.CLF_RENAME), 0);
            if (mem.u8(jobid) != 0) {
                out.out(" jobid:" + mem.cString(jobid));
            }
        }
        if ((crf & ChangelogRecord.CLF_EXTRA_FLAGS) != 0) {
            printExtra(cr, crf);
        }
        int namelen = mem.u16(cr + ChangelogRecord.CR_OFF_NAMELEN);
        if (namelen != 0) {
            out.out(" parent:" + fid(cr + ChangelogRecord.CR_OFF_PFID) + " name:" + mem.cString(name(cr, crf), namelen));
        }
        if ((crf & ChangelogRecord.CLF_RENAME) != 0) {
            long rename = cr + ChangelogRecord.recOffset(crf & ChangelogRecord.CLF_VERSION, 0);
            Fid sfid = fid(rename);
            if (!sfid.isZero()) {
                long name = name(cr, crf);
                long sname = sourceName(name);
                int snamelen = (int) (namelen - (sname - name));
                out.out(" source_fid:" + sfid + " source_parent_fid:" + fid(rename + Fid.SIZE) + " "
                        + mem.cString(sname, snamelen));
            }
        }
        out.out("\n");
    }

    /** The {@code CLF_EXTRA_FLAGS} part: the extra flags, then uid/gid, NID, open mode and xattr name. */
    private void printExtra(long cr, int crf) {
        long extraAt = cr + ChangelogRecord.recOffset(crf & (ChangelogRecord.CLF_VERSION | ChangelogRecord.CLF_RENAME
                | ChangelogRecord.CLF_JOBID), 0);
        long cref = mem.u64(extraAt);
        out.out(" cr_extra_flags:0x" + CFormat.x(cref));
        int base = crf & CLF_V_R_J_E;
        if ((cref & ChangelogRecord.CLFE_UIDGID) != 0) {
            long uidgid = cr + ChangelogRecord.recOffset(base, 0);
            out.out(" user:" + CFormat.u(mem.u32(uidgid)) + ":" + CFormat.u(mem.u32(uidgid + 8)));
        }
        if ((cref & ChangelogRecord.CLFE_NID) != 0) {
            long nid = cr + ChangelogRecord.recOffset(base, cref & ChangelogRecord.CLFE_UIDGID);
            String text = (cref & ChangelogRecord.CLFE_NID_BE) != 0 ? LnetNidText.nidstr(mem, nid)
                    : LnetNidText.nid2str(mem.u64(nid));
            out.out(" nid:" + text);
        }
        if ((cref & ChangelogRecord.CLFE_OPEN) != 0) {
            long omd = cr + ChangelogRecord.recOffset(base,
                    cref & (ChangelogRecord.CLFE_UIDGID | ChangelogRecord.CLFE_NID));
            int flags = mem.u32(omd);
            char[] mode = {'-', '-', '-'};
            // exec mode must be exclusive
            if ((flags & MDS_FMODE_EXEC) != 0) {
                mode[2] = 'x';
            } else {
                if ((flags & MDS_FMODE_READ) != 0) {
                    mode[0] = 'r';
                }
                if ((flags & (MDS_FMODE_WRITE | MDS_OPEN_TRUNC | MDS_OPEN_APPEND)) != 0) {
                    mode[1] = 'w';
                }
            }
            if (!new String(mode).equals("---")) {
                out.out(" mode:" + new String(mode));
            }
        }
        if ((cref & ChangelogRecord.CLFE_XATTR) != 0) {
            long xattr = cr + ChangelogRecord.recOffset(base,
                    cref & (ChangelogRecord.CLFE_UIDGID | ChangelogRecord.CLFE_NID | ChangelogRecord.CLFE_OPEN));
            if (mem.u8(xattr) != 0) {
                out.out(" xattr:" + mem.cString(xattr));
            }
        }
    }

    /** {@code changelog_rec_name}: after every extension the flags announce. */
    private long name(long cr, int crf) {
        long cref = 0;
        if ((crf & ChangelogRecord.CLF_EXTRA_FLAGS) != 0) {
            long at = cr + ChangelogRecord.recOffset(crf & (ChangelogRecord.CLF_VERSION | ChangelogRecord.CLF_RENAME
                    | ChangelogRecord.CLF_JOBID), 0);
            cref = mem.u32(at); // the enum conversion keeps the low 32 bits
        }
        int supportedExtra = ChangelogRecord.CLFE_UIDGID | ChangelogRecord.CLFE_NID | ChangelogRecord.CLFE_OPEN
                | ChangelogRecord.CLFE_XATTR | ChangelogRecord.CLFE_NID_BE;
        return cr + ChangelogRecord.recOffset(crf & ChangelogRecord.CLF_SUPPORTED, cref & supportedExtra);
    }

    /** {@code changelog_rec_sname}: past the target name's NUL, looking no further than NAME_MAX. */
    private long sourceName(long name) {
        long str = name;
        long end = name + NAME_MAX;
        while (mem.u8(str) != 0 && str <= end) {
            str++;
        }
        return str + 1;
    }
}
