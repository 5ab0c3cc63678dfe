package org.jlustre.mdc;

/**
 * Who a request is made for: what llite takes from the calling task ({@code current_uid},
 * {@code current_fsuid}, {@code current_cap}, the groups) and the MDC packs into every request.
 * The MDT believes these as Lustre does (no identity upcall here); it checks permissions with
 * them.
 *
 * <p>Lustre sends at most two supplementary groups per request ({@code suppgid1/2} in a REINT
 * record, {@code mbo_suppgid} in a body); llite chooses the parent's group when the task is in it.
 * Without the parent's attributes at hand the MDC sends the first two of {@link #groups}: put the
 * group that grants the access first.
 *
 * @param uid the real uid ({@code mbo_uid})
 * @param gid the real gid ({@code mbo_gid})
 * @param fsuid the filesystem uid the MDT checks
 * @param fsgid the filesystem gid the MDT checks
 * @param groups supplementary groups, most relevant first
 * @param cap the effective capabilities (Linux CAP_* bits; the low 32 are sent)
 * @param umask the creator's umask, sent in creates ({@code cr_umask}) for the MDT to apply
 *        unless the parent has a default ACL (OBD_CONNECT_UMASK)
 */
public record MdcCred(int uid, int gid, int fsuid, int fsgid, int[] groups, long cap, int umask) {

    /** {@code CAP_CHOWN} (Linux capability numbers, as {@code cap_effective} carries them). */
    public static final long CAP_CHOWN = 1L << 0;
    /** {@code CAP_DAC_OVERRIDE}. */
    public static final long CAP_DAC_OVERRIDE = 1L << 1;
    /** {@code CAP_DAC_READ_SEARCH}. */
    public static final long CAP_DAC_READ_SEARCH = 1L << 2;
    /** {@code CAP_FOWNER}. */
    public static final long CAP_FOWNER = 1L << 3;
    /** {@code CAP_FSETID}. */
    public static final long CAP_FSETID = 1L << 4;
    /** {@code CAP_LINUX_IMMUTABLE}. */
    public static final long CAP_LINUX_IMMUTABLE = 1L << 9;
    /** {@code CAP_SYS_ADMIN}. */
    public static final long CAP_SYS_ADMIN = 1L << 21;
    /** {@code CAP_SYS_RESOURCE}. */
    public static final long CAP_SYS_RESOURCE = 1L << 24;
    /** {@code CAP_MKNOD}. */
    public static final long CAP_MKNOD = 1L << 27;
    /** What a root task sends: the low word of the full capability set. */
    public static final long ROOT_CAPS = 0xffffffffL;

    /** Copies the groups. */
    public MdcCred {
        groups = groups == null ? new int[0] : groups.clone();
        if ((umask & ~0777) != 0) {
            throw new IllegalArgumentException("umask 0" + Integer.toOctalString(umask) + " beyond 0777");
        }
    }

    /** Credentials with umask 0: the mode a create sends is the mode the object gets (without default ACLs). */
    public MdcCred(int uid, int gid, int fsuid, int fsgid, int[] groups, long cap) {
        this(uid, gid, fsuid, fsgid, groups, cap, 0);
    }

    /** The same with another umask. */
    public MdcCred withUmask(int mask) {
        return new MdcCred(uid, gid, fsuid, fsgid, groups, cap, mask);
    }

    /** The groups (a copy). */
    @Override
    public int[] groups() {
        return groups.clone();
    }

    /** Whether {@code gid} is the fsgid or one of the supplementary groups. */
    public boolean inGroup(int gid) {
        if (fsgid == gid) {
            return true;
        }
        for (int g : groups) {
            if (g == gid) {
                return true;
            }
        }
        return false;
    }

    /** Root with root's capabilities and no supplementary groups. */
    public static MdcCred root() {
        return new MdcCred(0, 0, 0, 0, new int[0], ROOT_CAPS);
    }

    /** An unprivileged user: fsuid = uid, fsgid = gid, no capabilities. */
    public static MdcCred user(int uid, int gid, int... groups) {
        return new MdcCred(uid, gid, uid, gid, groups, 0);
    }

    /** {@code op_suppgids[i]}: the i-th supplementary group sent (i = 0, 1), -1 for none. */
    public int suppgid(int i) {
        return i < groups.length ? groups[i] : -1;
    }

    /** The capability word the wire carries ({@code cap_effective.cap[0]}). */
    public int capWord() {
        return (int) cap;
    }

    /** uid/gid and groups, for messages. */
    @Override
    public String toString() {
        return "cred{uid=" + uid + " gid=" + gid + " fsuid=" + fsuid + " fsgid=" + fsgid + " groups="
                + java.util.Arrays.toString(groups) + " cap=0x" + Long.toHexString(cap) + " umask=0"
                + Integer.toOctalString(umask)
                + "}";
    }
}
