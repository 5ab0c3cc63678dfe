package org.jlustre.wire.llog;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import org.jlustre.common.Fid;
import org.jlustre.wire.Le;

/**
 * {@code struct llog_changelog_rec} ({@link LlogRecType#CHANGELOG_REC}): one changelog entry, a
 * record header, the 64-byte {@code struct changelog_rec}, its {@link ChangelogExtensions}, the
 * name (a rename's target name, a NUL, then its source name), padding to 8 and the tail. The
 * smallest, with no extension and no name, is 88 bytes; MDD sizes it as
 * {@code llog_data_len(LLOG_CHANGELOG_HDR_SZ + changelog_rec_offset(flags, extra flags) + namelen)}.
 *
 * <pre>
 * changelog_rec at 16:
 *  0   2  cr_namelen
 *  2   2  cr_flags      (CLF_* in the high 4 bits, per-type flags in the low 12)
 *  4   4  cr_type       (CL_*)
 *  8   8  cr_index
 * 16   8  cr_prev
 * 24   8  cr_time       (seconds << 30 | nanoseconds)
 * 32  16  cr_tfid       (union cr_markerflags)
 * 48  16  cr_pfid
 * 64   .  extensions, then the name
 * </pre>
 *
 * @param id {@code lrh_id}
 * @param flags {@code cr_flags}
 * @param type {@code cr_type}
 * @param index {@code cr_index}
 * @param prev {@code cr_prev}
 * @param time {@code cr_time}
 * @param targetFid {@code cr_tfid}
 * @param parentFid {@code cr_pfid}
 * @param extensions the extensions {@code flags} selects (fields it does not select are reset)
 * @param name the {@code cr_namelen} name bytes
 */
public record ChangelogRecord(int id, int flags, int type, long index, long prev, long time, Fid targetFid,
        Fid parentFid, ChangelogExtensions extensions, byte[] name) implements LlogRecord {

    /** {@code sizeof(struct llog_changelog_rec)}: header, changelog_rec and tail. */
    public static final int SIZE = 88;
    /** {@code sizeof(struct changelog_rec)}. */
    public static final int REC_SIZE = 64;
    /** Offset of {@code cr} in the record. */
    public static final int OFF_CR = 16;
    /** Offset of {@code cr_namelen} in {@code changelog_rec}. */
    public static final int CR_OFF_NAMELEN = 0;
    /** Offset of {@code cr_flags} in {@code changelog_rec}. */
    public static final int CR_OFF_FLAGS = 2;
    /** Offset of {@code cr_type} in {@code changelog_rec}. */
    public static final int CR_OFF_TYPE = 4;
    /** Offset of {@code cr_index} in {@code changelog_rec}. */
    public static final int CR_OFF_INDEX = 8;
    /** Offset of {@code cr_prev} in {@code changelog_rec}. */
    public static final int CR_OFF_PREV = 16;
    /** Offset of {@code cr_time} in {@code changelog_rec}. */
    public static final int CR_OFF_TIME = 24;
    /** Offset of {@code cr_tfid} in {@code changelog_rec}. */
    public static final int CR_OFF_TFID = 32;
    /** Offset of {@code cr_pfid} in {@code changelog_rec}. */
    public static final int CR_OFF_PFID = 48;

    /** {@code CLF_VERSION}. */
    public static final int CLF_VERSION = 0x1000;
    /** {@code CLF_RENAME}: the rename extension is present. */
    public static final int CLF_RENAME = 0x2000;
    /** {@code CLF_JOBID}: the jobid extension is present. */
    public static final int CLF_JOBID = 0x4000;
    /** {@code CLF_EXTRA_FLAGS}: the extra-flags extension is present. */
    public static final int CLF_EXTRA_FLAGS = 0x8000;
    /** {@code CLF_SUPPORTED}. */
    public static final int CLF_SUPPORTED = CLF_VERSION | CLF_RENAME | CLF_JOBID | CLF_EXTRA_FLAGS;
    /** {@code CLFE_UIDGID}. */
    public static final int CLFE_UIDGID = 0x0001;
    /** {@code CLFE_NID}. */
    public static final int CLFE_NID = 0x0002;
    /** {@code CLFE_OPEN}. */
    public static final int CLFE_OPEN = 0x0004;
    /** {@code CLFE_XATTR}. */
    public static final int CLFE_XATTR = 0x0008;
    /** {@code CLFE_NID_BE}: the NID is a big-endian {@code struct lnet_nid}. */
    public static final int CLFE_NID_BE = 0x0010;

    /** {@code changelog_type2str}'s names, indexed by {@code cr_type} ({@code CL_MARK} .. {@code CL_DN_OPEN}). */
    private static final String[] TYPE_NAMES = {
        "MARK", "CREAT", "MKDIR", "HLINK", "SLINK", "MKNOD", "UNLNK", "RMDIR", "RENME", "RNMTO", "OPEN", "CLOSE",
        "LYOUT", "TRUNC", "SATTR", "XATTR", "HSM", "MTIME", "CTIME", "ATIME", "MIGRT", "FLRW", "RESYNC", "GXATR",
        "NOPEN",
    };

    /** Copies the name and resets the extension fields the flags do not select. */
    public ChangelogRecord {
        if (name.length > 0xffff) {
            throw new IllegalArgumentException("changelog name of " + name.length + " bytes does not fit cr_namelen");
        }
        name = name.clone();
        extensions = extensions.keep(flags);
    }

    /** {@code changelog_type2str}: the short name of a {@code cr_type}, or null past {@code CL_LAST}. */
    public static String typeName(int crType) {
        return crType >= 0 && crType < TYPE_NAMES.length ? TYPE_NAMES[crType] : null;
    }

    /** {@code CL_LAST}: the number of changelog record types. */
    public static int typeCount() {
        return TYPE_NAMES.length;
    }

    /** {@code changelog_rec_offset}: where the name starts in {@code changelog_rec} for these flags. */
    public static int recOffset(int flags, long extraFlags) {
        int size = REC_SIZE;
        if ((flags & CLF_RENAME) != 0) {
            size += ChangelogExtensions.RENAME_SIZE;
        }
        if ((flags & CLF_JOBID) != 0) {
            size += ChangelogExtensions.JOBID_SIZE;
        }
        if ((flags & CLF_EXTRA_FLAGS) != 0) {
            size += ChangelogExtensions.EXTRA_FLAGS_SIZE;
            size += (extraFlags & CLFE_UIDGID) != 0 ? ChangelogExtensions.UIDGID_SIZE : 0;
            size += (extraFlags & CLFE_NID) != 0 ? ChangelogExtensions.NID_SIZE : 0;
            size += (extraFlags & CLFE_OPEN) != 0 ? ChangelogExtensions.OPENMODE_SIZE : 0;
            size += (extraFlags & CLFE_XATTR) != 0 ? ChangelogExtensions.XATTR_SIZE : 0;
        }
        return size;
    }

    @Override
    public byte[] name() {
        return name.clone();
    }

    @Override
    public int type() {
        return LlogRecType.CHANGELOG_REC;
    }

    @Override
    public int length() {
        return RecordCodec.recordLength(recOffset(flags, extensions.extraFlags()) + name.length);
    }

    @Override
    public void writeBody(MemorySegment dst, long offset) {
        dst.asSlice(offset, length() - RecordCodec.OVERHEAD).fill((byte) 0);
        dst.set(Le.U16, offset + CR_OFF_NAMELEN, (short) name.length);
        dst.set(Le.U16, offset + CR_OFF_FLAGS, (short) flags);
        dst.set(Le.U32, offset + CR_OFF_TYPE, type);
        dst.set(Le.U64, offset + CR_OFF_INDEX, index);
        dst.set(Le.U64, offset + CR_OFF_PREV, prev);
        dst.set(Le.U64, offset + CR_OFF_TIME, time);
        targetFid.writeLE(dst, offset + CR_OFF_TFID);
        parentFid.writeLE(dst, offset + CR_OFF_PFID);
        ChangelogExtensions e = extensions;
        long at = offset + REC_SIZE;
        if ((flags & CLF_RENAME) != 0) {
            e.sourceFid().writeLE(dst, at);
            e.sourceParentFid().writeLE(dst, at + Fid.SIZE);
            at += ChangelogExtensions.RENAME_SIZE;
        }
        if ((flags & CLF_JOBID) != 0) {
            RecordCodec.putString(dst, at, ChangelogExtensions.JOBID_SIZE, e.jobid(), "cr_jobid");
            at += ChangelogExtensions.JOBID_SIZE;
        }
        if ((flags & CLF_EXTRA_FLAGS) != 0) {
            long x = e.extraFlags();
            dst.set(Le.U64, at, x);
            at += ChangelogExtensions.EXTRA_FLAGS_SIZE;
            if ((x & CLFE_UIDGID) != 0) {
                dst.set(Le.U64, at, e.uid());
                dst.set(Le.U64, at + 8, e.gid());
                at += ChangelogExtensions.UIDGID_SIZE;
            }
            if ((x & CLFE_NID) != 0) {
                RecordCodec.put(dst, at, e.nid());
                at += ChangelogExtensions.NID_SIZE;
            }
            if ((x & CLFE_OPEN) != 0) {
                dst.set(Le.U32, at, e.openFlags());
                at += ChangelogExtensions.OPENMODE_SIZE;
            }
            if ((x & CLFE_XATTR) != 0) {
                RecordCodec.putString(dst, at, ChangelogExtensions.XATTR_SIZE, e.xattr(), "cr_xattr");
                at += ChangelogExtensions.XATTR_SIZE;
            }
        }
        RecordCodec.put(dst, at, name);
    }

    /**
     * Decodes one whole record.
     *
     * @throws IllegalArgumentException when the record is shorter than 88 bytes or than its
     *     extensions and {@code cr_namelen} need
     */
    public static ChangelogRecord decode(MemorySegment rec) {
        LlogRecordHeader h = RecordCodec.header(rec, LlogRecType.CHANGELOG_REC, "llog_changelog_rec", SIZE);
        long cr = OFF_CR;
        int namelen = Short.toUnsignedInt(rec.get(Le.U16, cr + CR_OFF_NAMELEN));
        int flags = Short.toUnsignedInt(rec.get(Le.U16, cr + CR_OFF_FLAGS));
        long extra = (flags & CLF_EXTRA_FLAGS) == 0 ? 0 : extraFlagsAt(rec, cr, flags, h.len());
        long needed = RecordCodec.OVERHEAD + (long) recOffset(flags, extra) + namelen;
        if (needed > h.len()) {
            throw new IllegalArgumentException("llog_changelog_rec: cr_flags 0x" + Integer.toHexString(flags)
                    + " and cr_namelen " + namelen + " need " + needed + " bytes, lrh_len is " + h.len());
        }
        long at = cr + REC_SIZE;
        Fid sfid = Fid.ZERO;
        Fid spfid = Fid.ZERO;
        if ((flags & CLF_RENAME) != 0) {
            sfid = Fid.readLE(rec, at);
            spfid = Fid.readLE(rec, at + Fid.SIZE);
            at += ChangelogExtensions.RENAME_SIZE;
        }
        String jobid = "";
        if ((flags & CLF_JOBID) != 0) {
            jobid = RecordCodec.string(rec, at, ChangelogExtensions.JOBID_SIZE);
            at += ChangelogExtensions.JOBID_SIZE;
        }
        long uid = 0;
        long gid = 0;
        byte[] nid = new byte[ChangelogExtensions.NID_SIZE];
        int openFlags = 0;
        String xattr = "";
        if ((flags & CLF_EXTRA_FLAGS) != 0) {
            at += ChangelogExtensions.EXTRA_FLAGS_SIZE;
            if ((extra & CLFE_UIDGID) != 0) {
                uid = rec.get(Le.U64, at);
                gid = rec.get(Le.U64, at + 8);
                at += ChangelogExtensions.UIDGID_SIZE;
            }
            if ((extra & CLFE_NID) != 0) {
                nid = RecordCodec.bytes(rec, at, ChangelogExtensions.NID_SIZE);
                at += ChangelogExtensions.NID_SIZE;
            }
            if ((extra & CLFE_OPEN) != 0) {
                openFlags = rec.get(Le.U32, at);
                at += ChangelogExtensions.OPENMODE_SIZE;
            }
            if ((extra & CLFE_XATTR) != 0) {
                xattr = RecordCodec.string(rec, at, ChangelogExtensions.XATTR_SIZE);
                at += ChangelogExtensions.XATTR_SIZE;
            }
        }
        ChangelogExtensions ext = new ChangelogExtensions(sfid, spfid, jobid, extra, uid, gid, nid, openFlags, xattr);
        return new ChangelogRecord(h.id(), flags, rec.get(Le.U32, cr + CR_OFF_TYPE), rec.get(Le.U64, cr + CR_OFF_INDEX),
                rec.get(Le.U64, cr + CR_OFF_PREV), rec.get(Le.U64, cr + CR_OFF_TIME), Fid.readLE(rec, cr + CR_OFF_TFID),
                Fid.readLE(rec, cr + CR_OFF_PFID), ext, RecordCodec.bytes(rec, at, namelen));
    }

    /** {@code cr_extra_flags}, where {@code changelog_rec_extra_flags} finds it, checked to lie before the tail. */
    private static long extraFlagsAt(MemorySegment rec, long cr, int flags, int len) {
        long at = cr + recOffset(flags & (CLF_VERSION | CLF_RENAME | CLF_JOBID), 0);
        if (at + ChangelogExtensions.EXTRA_FLAGS_SIZE + LlogRecordHeader.TAIL_SIZE > len) {
            throw new IllegalArgumentException("llog_changelog_rec: cr_flags 0x" + Integer.toHexString(flags)
                    + " put cr_extra_flags at " + at + ", past lrh_len " + len);
        }
        return rec.get(Le.U64, at);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChangelogRecord r && r.id == id && r.flags == flags && r.type == type && r.index == index
                && r.prev == prev && r.time == time && r.targetFid.equals(targetFid) && r.parentFid.equals(parentFid)
                && r.extensions.equals(extensions) && Arrays.equals(r.name, name);
    }

    @Override
    public int hashCode() {
        return ((Long.hashCode(index) * 31 + type) * 31 + targetFid.hashCode()) * 31 + Arrays.hashCode(name);
    }

    @Override
    public String toString() {
        return "ChangelogRecord[id=" + id + ", flags=0x" + Integer.toHexString(flags) + ", type=" + typeName(type)
                + ", index=" + index + ", tfid=" + targetFid + ", pfid=" + parentFid + ", " + extensions + ", name="
                + new String(name, java.nio.charset.StandardCharsets.UTF_8) + "]";
    }
}
