package org.jlustre.mdt.perm;

import java.util.Optional;
import org.jlustre.common.FileMode;

/**
 * The owner, group, mode and ACLs of a new file: Linux's {@code inode_init_owner} (fs/inode.c)
 * and {@code posix_acl_create} (fs/posix_acl.c), as Lustre's MDD applies them
 * ({@code mdd_create_sanity_check}'s "sgid check" and {@code mdd_acl_init}, mdd/mdd_dir.c).
 */
public final class CreateRules {

    /** Setgid. */
    private static final int S_ISGID = 02000;
    /** Group execute. */
    private static final int S_IXGRP = 010;

    private CreateRules() {
    }

    /**
     * What a new file gets.
     *
     * @param mode its mode, type bits included
     * @param uid its owner
     * @param gid its group
     * @param access its {@code system.posix_acl_access}, when it needs one
     * @param defaultAcl its {@code system.posix_acl_default} (a directory under a default ACL)
     */
    public record NewFile(int mode, int uid, int gid, Optional<Acl> access, Optional<Acl> defaultAcl) {
    }

    /**
     * Works out a new file's attributes:
     * <ul>
     *   <li>the owner is the caller's fsuid;</li>
     *   <li>in a setgid directory the group is the directory's, a new directory keeps S_ISGID,
     *       and a group-executable setgid file loses S_ISGID unless the caller is in that group
     *       or has CAP_FSETID; elsewhere the group is the caller's fsgid;</li>
     *   <li>with a default ACL on the directory the permission bits are the requested mode ANDed
     *       with the ACL, the umask is not applied, and the new file gets the ACL's access form
     *       (and a directory the default ACL too); without one the umask is applied;</li>
     *   <li>a symbolic link gets neither ACL nor umask.</li>
     * </ul>
     *
     * @param dir the parent directory
     * @param dirDefaultAcl the parent's {@code system.posix_acl_default}
     * @param mode the requested mode, type bits included
     * @param umask the caller's umask ({@code cr_umask})
     */
    public static NewFile newFile(Cred cred, FileAttrs dir, Optional<Acl> dirDefaultAcl, int mode, int umask) {
        int m = mode;
        int gid = cred.fsgid();
        if ((dir.mode() & S_ISGID) != 0) { // before the ACL, as mdd_create checks sgid before mdd_acl_init
            gid = dir.gid();
            if (FileMode.isDir(m)) {
                m |= S_ISGID; // "Directories are special, and always inherit S_ISGID"
            } else if ((m & (S_ISGID | S_IXGRP)) == (S_ISGID | S_IXGRP) && !cred.inGroup(gid)
                    && !cred.capable(Capability.FSETID)) {
                m &= ~S_ISGID;
            }
        }
        Optional<Acl> access = Optional.empty();
        Optional<Acl> dflt = Optional.empty();
        if (!FileMode.isLink(m)) {
            if (dirDefaultAcl.isPresent()) {
                Acl.Inherited inherited = Acl.inherit(dirDefaultAcl.get(), m);
                m = inherited.mode();
                access = inherited.access();
                dflt = inherited.defaultAcl();
            } else {
                m &= ~(umask & 0777);
            }
        }
        return new NewFile(m, cred.fsuid(), gid, access, dflt);
    }
}
