package org.jlustre.mdt.perm;

import java.util.Optional;
import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;

/**
 * POSIX permission checks as Linux makes them ({@code generic_permission} and
 * {@code acl_permission_check} in fs/namei.c) and Lustre's MDT repeats them
 * ({@code __mdd_permission_internal}, mdd/mdd_permission.c), with the errno Linux gives:
 * EACCES when the mode bits, ACL and capabilities deny, EPERM where ownership or a file flag
 * forbids whatever the mode says.
 */
public final class Permissions {

    /** {@code MAY_EXEC}: execute a file, search a directory. */
    public static final int MAY_EXEC = 0x1;
    /** {@code MAY_WRITE}. */
    public static final int MAY_WRITE = 0x2;
    /** {@code MAY_READ}. */
    public static final int MAY_READ = 0x4;

    /** Any of the three execute bits ({@code S_IXUGO}). */
    private static final int S_IXUGO = 0111;
    /** The group permission bits ({@code S_IRWXG}). */
    private static final int S_IRWXG = 070;

    private Permissions() {
    }

    /**
     * Checks that {@code cred} may access {@code file} for {@code mask} (MAY_* bits;
     * {@code inode_permission} then {@code generic_permission}):
     * <ol>
     *   <li>writing an immutable file is EPERM ({@code inode_permission}; mdd's EACCES for this
     *       case is never seen by a Linux client, whose VFS refuses first);</li>
     *   <li>the owner gets the owner bits and nothing else;</li>
     *   <li>when the group bits are not all clear and there is an ACL, the ACL decides for
     *       everybody but the owner ({@code check_acl});</li>
     *   <li>otherwise a member of the file's group (fsgid or supplementary) gets the group
     *       bits, everybody else the other bits;</li>
     *   <li>when denied: CAP_DAC_OVERRIDE grants everything on a directory, and on a file
     *       everything but execute of a file with no x bit at all; CAP_DAC_READ_SEARCH grants
     *       reading a file and reading or searching a directory.</li>
     * </ol>
     *
     * @param acl the file's access ACL, if it has one
     * @throws LustreException EACCES when denied, EPERM for writing an immutable file
     */
    public static void check(Cred cred, FileAttrs file, Optional<Acl> acl, int mask) throws LustreException {
        mask &= MAY_READ | MAY_WRITE | MAY_EXEC;
        if (mask == 0) {
            return;
        }
        if ((mask & MAY_WRITE) != 0 && file.immutable()) {
            throw new LustreException(Errno.EPERM, "file is immutable: no write by " + who(cred));
        }
        if (permitted(cred, file, acl, mask)) {
            return;
        }
        throw new LustreException(Errno.EACCES, "mode 0" + Integer.toOctalString(file.mode()) + " owner "
                + Integer.toUnsignedString(file.uid()) + ":" + Integer.toUnsignedString(file.gid())
                + (acl.isPresent() ? " acl " + acl.get() : "") + " denies " + maskName(mask) + " to " + who(cred));
    }

    /** Whether {@link #check} would pass (immutability aside). */
    public static boolean permitted(Cred cred, FileAttrs file, Optional<Acl> acl, int mask) {
        mask &= MAY_READ | MAY_WRITE | MAY_EXEC;
        return byModeOrAcl(cred, file, acl, mask) || byCapability(cred, file, mask);
    }

    /** {@code acl_permission_check}. */
    private static boolean byModeOrAcl(Cred cred, FileAttrs file, Optional<Acl> acl, int mask) {
        int mode = file.mode();
        if (cred.owns(file.uid())) {
            return (mask & ~(mode >> 6) & 07) == 0;
        }
        if ((mode & S_IRWXG) != 0 && acl.isPresent()) {
            return acl.get().permits(cred, file, mask);
        }
        if (cred.inGroup(file.gid())) {
            mode >>= 3;
        }
        return (mask & ~mode & 07) == 0;
    }

    /** {@code generic_permission}'s capability overrides (mdd's {@code check_capabilities}). */
    private static boolean byCapability(Cred cred, FileAttrs file, int mask) {
        if (file.isDir()) {
            if ((mask & MAY_WRITE) == 0 && cred.capable(Capability.DAC_READ_SEARCH)) {
                return true;
            }
            return cred.capable(Capability.DAC_OVERRIDE);
        }
        if (mask == MAY_READ && cred.capable(Capability.DAC_READ_SEARCH)) {
            return true;
        }
        // "Executable DACs are overridable when there is at least one exec bit set."
        return ((mask & MAY_EXEC) == 0 || (file.mode() & S_IXUGO) != 0) && cred.capable(Capability.DAC_OVERRIDE);
    }

    /**
     * Whether the caller owns the file or may act as its owner ({@code inode_owner_or_capable}).
     */
    public static boolean ownerOrCapable(Cred cred, FileAttrs file) {
        return cred.owns(file.uid()) || cred.capable(Capability.FOWNER);
    }

    /**
     * Checks that a name may be added to {@code dir} ({@code may_create}: write and search
     * permission on the directory; mdd's {@code mdd_may_create}).
     *
     * @throws LustreException EACCES when denied; EPERM when the directory is immutable
     */
    public static void checkCreate(Cred cred, FileAttrs dir, Optional<Acl> dirAcl) throws LustreException {
        check(cred, dir, dirAcl, MAY_WRITE | MAY_EXEC);
    }

    /**
     * The sticky-directory rule ({@code check_sticky}/{@code __check_sticky}, fs/namei.c;
     * mdd's {@code mdd_is_sticky}): in a directory with S_ISVTX only the owner of the entry, the
     * owner of the directory or a caller with CAP_FOWNER may remove or rename it.
     *
     * @throws LustreException EPERM when the rule forbids
     */
    public static void checkSticky(Cred cred, FileAttrs dir, FileAttrs victim) throws LustreException {
        if ((dir.mode() & 01000) == 0 || cred.owns(dir.uid()) || cred.owns(victim.uid())
                || cred.capable(Capability.FOWNER)) {
            return;
        }
        throw new LustreException(Errno.EPERM, "sticky directory (owner " + Integer.toUnsignedString(dir.uid())
                + "): " + who(cred) + " may not remove an entry owned by " + Integer.toUnsignedString(victim.uid()));
    }

    /**
     * Checks that {@code victim} may be removed from (or renamed out of, or replaced in)
     * {@code dir} ({@code may_delete}, fs/namei.c; {@code mdd_may_delete}): write and search
     * permission on the directory (EACCES), then EPERM when the directory is append-only, the
     * sticky rule forbids, or the victim is append-only or immutable.
     */
    public static void checkDelete(Cred cred, FileAttrs dir, Optional<Acl> dirAcl, FileAttrs victim)
            throws LustreException {
        check(cred, dir, dirAcl, MAY_WRITE | MAY_EXEC);
        if (dir.appendOnly()) {
            throw new LustreException(Errno.EPERM, "directory is append-only: no entry may be removed");
        }
        checkSticky(cred, dir, victim);
        if (victim.appendOnly() || victim.immutable()) {
            throw new LustreException(Errno.EPERM,
                    "the entry is " + (victim.immutable() ? "immutable" : "append-only") + " and cannot be removed");
        }
    }

    /** The caller for messages. */
    static String who(Cred cred) {
        return "uid " + Integer.toUnsignedString(cred.fsuid()) + " gid " + Integer.toUnsignedString(cred.fsgid());
    }

    /** MAY_* bits as "rwx" letters. */
    static String maskName(int mask) {
        return ((mask & MAY_READ) != 0 ? "r" : "") + ((mask & MAY_WRITE) != 0 ? "w" : "")
                + ((mask & MAY_EXEC) != 0 ? "x" : "");
    }
}
