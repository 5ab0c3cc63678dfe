package org.jlustre.mdt.perm;

import org.jlustre.common.Nid;

/**
 * Root squash ({@code mdt_root_squash}, mdt/mdt_lib.c; the {@code root_squash} and
 * {@code nosquash_nids} parameters): a request whose fsuid is 0 gets the squash uid and gid
 * as its fs ids, loses every capability and supplementary group, unless it comes from a NID
 * in the no-squash list. A squash uid of 0 turns squashing off, as in Lustre.
 *
 * @param uid the uid root becomes ({@code rsi_uid}); 0 for no squashing
 * @param gid the gid root becomes ({@code rsi_gid})
 * @param nosquash the NIDs whose root stays root ({@code rsi_nosquash_nids})
 */
public record RootSquash(int uid, int gid, NidList nosquash) {

    /** No squashing (Lustre's default {@code root_squash=0:0}). */
    public static final RootSquash OFF = new RootSquash(0, 0, NidList.NONE);

    /** The credentials a request from {@code peer} is checked with. */
    public Cred apply(Cred cred, Nid peer) {
        if (uid == 0 || cred.fsuid() != 0 || nosquash.matches(peer)) {
            return cred;
        }
        return cred.squashed(uid, gid);
    }

    /** The {@code root_squash} parameter's form, {@code uid:gid}. */
    public String param() {
        return Integer.toUnsignedString(uid) + ":" + Integer.toUnsignedString(gid);
    }
}
