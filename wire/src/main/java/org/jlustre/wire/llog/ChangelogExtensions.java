package org.jlustre.wire.llog;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import org.jlustre.common.Fid;
import org.jlustre.wire.Le;

/**
 * The optional extensions of a {@link ChangelogRecord} (include/uapi/linux/lustre/lustre_user.h),
 * packed after the 64-byte {@code changelog_rec} in this order, each present only when its flag
 * is set: rename ({@code CLF_RENAME}: source FID and source parent FID, 32 bytes), jobid
 * ({@code CLF_JOBID}, 32 bytes), extra flags ({@code CLF_EXTRA_FLAGS}, 8 bytes), then, selected
 * by the extra flags, uid/gid ({@code CLFE_UIDGID}, 16), NID ({@code CLFE_NID}, 24: the struct
 * is padded to 8), open flags ({@code CLFE_OPEN}, 4) and xattr name ({@code CLFE_XATTR}, 256).
 *
 * @param sourceFid {@code cr_sfid}
 * @param sourceParentFid {@code cr_spfid}
 * @param jobid {@code cr_jobid}, at most 32 bytes
 * @param extraFlags {@code cr_extra_flags}, the CLFE_* bits
 * @param uid {@code cr_uid}
 * @param gid {@code cr_gid}
 * @param nid the 24 bytes of {@code changelog_ext_nid}: an {@code lnet_nid_t} then padding, or
 *     with {@code CLFE_NID_BE} a big-endian {@code struct lnet_nid}
 * @param openFlags {@code cr_openflags}
 * @param xattr {@code cr_xattr}, at most 256 bytes
 */
public record ChangelogExtensions(Fid sourceFid, Fid sourceParentFid, String jobid, long extraFlags, long uid,
        long gid, byte[] nid, int openFlags, String xattr) {

    /** Size of {@code struct changelog_ext_rename}. */
    public static final int RENAME_SIZE = 32;
    /** {@code LUSTRE_JOBID_SIZE}: size of {@code struct changelog_ext_jobid}. */
    public static final int JOBID_SIZE = 32;
    /** Size of {@code struct changelog_ext_extra_flags}. */
    public static final int EXTRA_FLAGS_SIZE = 8;
    /** Size of {@code struct changelog_ext_uidgid}. */
    public static final int UIDGID_SIZE = 16;
    /** Size of {@code struct changelog_ext_nid}: 20 bytes of fields padded to 24. */
    public static final int NID_SIZE = 24;
    /** Size of {@code struct changelog_ext_openmode}. */
    public static final int OPENMODE_SIZE = 4;
    /** {@code XATTR_NAME_MAX + 1}: size of {@code struct changelog_ext_xattr}. */
    public static final int XATTR_SIZE = 256;

    /** No extensions. */
    public static final ChangelogExtensions NONE =
            new ChangelogExtensions(Fid.ZERO, Fid.ZERO, "", 0, 0, 0, new byte[NID_SIZE], 0, "");

    /** Validates the lengths. */
    public ChangelogExtensions {
        RecordCodec.stringBytes(jobid, JOBID_SIZE, "cr_jobid");
        RecordCodec.stringBytes(xattr, XATTR_SIZE, "cr_xattr");
        if (nid.length != NID_SIZE) {
            throw new IllegalArgumentException("changelog_ext_nid is " + NID_SIZE + " bytes, not " + nid.length);
        }
        nid = nid.clone();
    }

    /** The 24 NID bytes of an {@code lnet_nid_t}, as MDD fills {@code cr_nid} without CLFE_NID_BE. */
    public static byte[] nidBytes(long lnetNid) {
        byte[] b = new byte[NID_SIZE];
        MemorySegment.ofArray(b).set(Le.U64, 0, lnetNid);
        return b;
    }

    @Override
    public byte[] nid() {
        return nid.clone();
    }

    /**
     * These extensions with every field that {@code flags} and the extra flags do not select
     * reset, so that two records that encode alike compare equal.
     */
    ChangelogExtensions keep(int flags) {
        boolean rename = (flags & ChangelogRecord.CLF_RENAME) != 0;
        boolean extra = (flags & ChangelogRecord.CLF_EXTRA_FLAGS) != 0;
        long x = extra ? extraFlags : 0;
        return new ChangelogExtensions(rename ? sourceFid : Fid.ZERO, rename ? sourceParentFid : Fid.ZERO,
                (flags & ChangelogRecord.CLF_JOBID) != 0 ? jobid : "", x,
                (x & ChangelogRecord.CLFE_UIDGID) != 0 ? uid : 0, (x & ChangelogRecord.CLFE_UIDGID) != 0 ? gid : 0,
                (x & ChangelogRecord.CLFE_NID) != 0 ? nid : new byte[NID_SIZE],
                (x & ChangelogRecord.CLFE_OPEN) != 0 ? openFlags : 0,
                (x & ChangelogRecord.CLFE_XATTR) != 0 ? xattr : "");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChangelogExtensions e && e.sourceFid.equals(sourceFid)
                && e.sourceParentFid.equals(sourceParentFid) && e.jobid.equals(jobid) && e.extraFlags == extraFlags
                && e.uid == uid && e.gid == gid && Arrays.equals(e.nid, nid) && e.openFlags == openFlags
                && e.xattr.equals(xattr);
    }

    @Override
    public int hashCode() {
        return ((sourceFid.hashCode() * 31 + jobid.hashCode()) * 31 + Long.hashCode(extraFlags)) * 31
                + Arrays.hashCode(nid);
    }

    @Override
    public String toString() {
        return "ChangelogExtensions[sfid=" + sourceFid + ", spfid=" + sourceParentFid + ", jobid=" + jobid
                + ", extraFlags=0x" + Long.toHexString(extraFlags) + ", uid=" + uid + ", gid=" + gid + ", openFlags=0x"
                + Integer.toHexString(openFlags) + ", xattr=" + xattr + "]";
    }
}
