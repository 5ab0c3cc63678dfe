package org.jlustre.mdt.perm;

import java.util.Arrays;

/**
 * Who asks: the credentials a request carries, Lustre's {@code struct lu_ucred} as
 * {@code old_init_ucred} (mdt_lib.c) fills it from the request body or REINT record.
 * Permission checks use the fs ids and {@link #groups}; {@link #uid} and {@link #gid} are
 * the real ids, kept for what records them.
 *
 * @param uid the real uid ({@code uc_uid})
 * @param gid the real gid ({@code uc_gid})
 * @param fsuid the uid checks use ({@code uc_fsuid})
 * @param fsgid the gid checks use ({@code uc_fsgid})
 * @param groups the supplementary groups: the request's suppgids plus whatever the
 *     identity upcall knows ({@code uc_suppgids}, {@code uc_ginfo})
 * @param capabilities the capability word the client sent ({@link Capability})
 */
public record Cred(int uid, int gid, int fsuid, int fsgid, int[] groups, long capabilities) {

    /** Root on a trusted client: uid and gid 0, every capability. */
    public static final Cred ROOT = new Cred(0, 0, 0, 0, new int[0], Capability.ALL);

    /** Copies the groups so the credentials cannot change under a check. */
    public Cred {
        groups = groups.clone();
    }

    /** An ordinary user: fs ids equal to the real ones, no capabilities. */
    public static Cred user(int uid, int gid, int... groups) {
        return new Cred(uid, gid, uid, gid, groups, Capability.NONE);
    }

    /**
     * The credentials of a request as the client packs them: {@code suppgid} values of -1
     * mean "none" ({@code do_pack_body}) and are dropped.
     */
    public static Cred fromRequest(int uid, int gid, int fsuid, int fsgid, long capabilities, int... suppgids) {
        int[] groups = new int[suppgids.length];
        int n = 0;
        for (int g : suppgids) { // a loop, not a stream: every request of every client comes here
            if (g != -1) {
                groups[n++] = g;
            }
        }
        return new Cred(uid, gid, fsuid, fsgid, n == groups.length ? groups : Arrays.copyOf(groups, n), capabilities);
    }

    /** A copy of the supplementary groups. */
    @Override
    public int[] groups() {
        return groups.clone();
    }

    /**
     * Whether the caller is in group {@code g}: its fsgid or a supplementary group
     * ({@code lustre_in_group_p}, obdclass/idmap.c; Linux's {@code in_group_p}).
     */
    public boolean inGroup(int g) {
        if (g == fsgid) {
            return true;
        }
        for (int s : groups) {
            if (s == g) {
                return true;
            }
        }
        return false;
    }

    /** Whether capability {@code cap} is raised ({@code cap_raised(uc->uc_cap, cap)}). */
    public boolean capable(int cap) {
        return (capabilities & Capability.bit(cap)) != 0;
    }

    /** Whether the caller owns a file with owner {@code owner} (fsuid, as every check compares). */
    public boolean owns(int owner) {
        return fsuid == owner;
    }

    /**
     * These credentials root-squashed ({@code mdt_root_squash}): fs ids replaced, no
     * capabilities, no supplementary groups; the real ids stay.
     */
    public Cred squashed(int squashUid, int squashGid) {
        return new Cred(uid, gid, squashUid, squashGid, new int[0], Capability.NONE);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cred c && uid == c.uid && gid == c.gid && fsuid == c.fsuid && fsgid == c.fsgid
                && Arrays.equals(groups, c.groups) && capabilities == c.capabilities;
    }

    @Override
    public int hashCode() {
        return ((uid * 31 + fsuid) * 31 + fsgid) * 31 + Arrays.hashCode(groups) + Long.hashCode(capabilities);
    }

    @Override
    public String toString() {
        return "Cred[uid=" + Integer.toUnsignedString(uid) + ", gid=" + Integer.toUnsignedString(gid) + ", fsuid="
                + Integer.toUnsignedString(fsuid) + ", fsgid=" + Integer.toUnsignedString(fsgid) + ", groups="
                + Arrays.toString(groups) + ", cap=0x" + Long.toHexString(capabilities) + "]";
    }
}
