package org.jlustre.mdt.perm;

import java.util.Optional;
import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;
import org.jlustre.osd.LuAttr;
import org.jlustre.wire.mdt.PosixAclXattr;

/**
 * Who may change which attributes, and what a change does to the setuid and setgid bits: Linux's
 * {@code setattr_prepare} and {@code may_setattr} (fs/attr.c) with {@code notify_change}'s
 * ATTR_KILL_* handling, as Lustre's MDT applies them in {@code mdd_fix_attr}
 * (mdd/mdd_object.c). {@link #fix} takes the update as an {@link LuAttr} (its {@code la_valid}
 * bits say what changes) and rewrites it into what to store.
 */
public final class AttrRules {

    /** Setuid. */
    private static final int S_ISUID = 04000;
    /** Setgid. */
    private static final int S_ISGID = 02000;
    /** Group execute. */
    private static final int S_IXGRP = 010;
    /** Every permission and special bit ({@code S_IALLUGO}). */
    private static final int S_IALLUGO = 07777;
    /** The three times. */
    private static final long TIMES = LuAttr.LA_ATIME | LuAttr.LA_MTIME | LuAttr.LA_CTIME;

    private AttrRules() {
    }

    /**
     * How the caller asked.
     *
     * @param timesExplicit the times are values the caller chose ({@code utimes} with times:
     *     ATTR_*TIME_SET), not "now" ({@code utimes(NULL)}: ATTR_TOUCH)
     * @param permBypass an internal update that skips the ownership checks
     *     ({@code MDS_PERM_BYPASS})
     * @param ownerOverride the owner may truncate regardless of the mode, as for a file it
     *     has open for writing ({@code MDS_OWNEROVERRIDE})
     */
    public record How(boolean timesExplicit, boolean permBypass, boolean ownerOverride) {
        /** A plain setattr from a user. */
        public static final How PLAIN = new How(false, false, false);
        /** utimes with explicit times. */
        public static final How EXPLICIT_TIMES = new How(true, false, false);
    }

    /**
     * Checks and completes an attribute update of {@code old} by {@code cred}
     * ({@code mdd_fix_attr}, {@code setattr_prepare}):
     * <ul>
     *   <li>type, nlink, rdev and blksize are never set: EPERM;</li>
     *   <li>flags: owner or CAP_FOWNER, and CAP_LINUX_IMMUTABLE to change IMMUTABLE or APPEND
     *       (EPERM); an immutable or append-only file takes no other change (EPERM);</li>
     *   <li>times only: explicit times need the owner or CAP_FOWNER (EPERM); "now" needs that
     *       or write permission (EACCES);</li>
     *   <li>LA_KILL_SUID / LA_KILL_SGID (a write by a caller without CAP_FSETID) clear setuid,
     *       and setgid when group-executable;</li>
     *   <li>chmod: owner or CAP_FOWNER (EPERM); the setgid bit is dropped when the caller is not
     *       in the (new) group and lacks CAP_FSETID; the type bits are kept;</li>
     *   <li>chown (a different uid, or any uid by a non-owner) needs CAP_CHOWN (EPERM); chgrp
     *       needs the owner changing to a group it is in, or CAP_CHOWN (EPERM); either clears
     *       setuid, and setgid when group-executable, of a non-directory, even for root, as
     *       Linux's {@code chown_common} does (mdd_fix_attr clears setuid only on a uid change
     *       and setgid only on a gid change, leaving the rest to the client's VFS);</li>
     *   <li>size: write permission unless the owner overrides (EACCES).</li>
     * </ul>
     * On return {@code la} holds the mode to store (with {@code LA_MODE} set when it changed)
     * and no KILL bits. -1 as the new uid or gid means "unchanged", as chown(2)'s.
     *
     * @param acl the file's access ACL (for the write-permission checks)
     * @throws LustreException EPERM or EACCES as above
     */
    public static void fix(Cred cred, FileAttrs old, Optional<Acl> acl, LuAttr la, How how) throws LustreException {
        long valid = la.valid();
        if (valid == 0) {
            return;
        }
        if ((valid & LuAttr.LA_TYPE) != 0 && (valid & LuAttr.LA_MODE) != 0
                && (la.mode() & 0170000) != 0 && (la.mode() & 0170000) != (old.mode() & 0170000)) {
            throw new LustreException(Errno.EPERM, "the file type cannot be changed (0" + Integer.toOctalString(old.mode())
                    + " to 0" + Integer.toOctalString(la.mode()) + ")");
        }
        if ((valid & (LuAttr.LA_NLINK | LuAttr.LA_RDEV | LuAttr.LA_BLKSIZE)) != 0) {
            throw new LustreException(Errno.EPERM, "nlink, rdev and blksize are not set by setattr");
        }
        if ((valid & LuAttr.LA_FLAGS) != 0) {
            checkFlags(cred, old, la.flags());
        }
        if ((old.flags() & (FileAttrs.IMMUTABLE_FL | FileAttrs.APPEND_FL)) != 0 && (valid & ~LuAttr.LA_FLAGS) != 0
                && !how.permBypass()) {
            throw new LustreException(Errno.EPERM, "file is " + (old.immutable() ? "immutable" : "append-only")
                    + ": only its flags may change");
        }
        if ((valid & TIMES) != 0 && (valid & ~(TIMES | LuAttr.LA_KILL_SUID | LuAttr.LA_KILL_SGID)) == 0
                && !how.permBypass()) {
            checkTimes(cred, old, acl, how.timesExplicit());
        }
        int mode = (valid & LuAttr.LA_MODE) != 0 ? la.mode() : old.mode();
        boolean modeChanged = (valid & LuAttr.LA_MODE) != 0;
        if ((valid & LuAttr.LA_KILL_SUID) != 0 && (old.mode() & S_ISUID) != 0) {
            mode &= ~S_ISUID;
            modeChanged = true;
        }
        if ((valid & LuAttr.LA_KILL_SGID) != 0 && (old.mode() & (S_ISGID | S_IXGRP)) == (S_ISGID | S_IXGRP)) {
            mode &= ~S_ISGID;
            modeChanged = true;
        }
        if ((valid & LuAttr.LA_MODE) != 0) {
            if (!how.permBypass() && !Permissions.ownerOrCapable(cred, old)) {
                throw new LustreException(Errno.EPERM, "only the owner (" + Integer.toUnsignedString(old.uid())
                        + ") may chmod, not " + Permissions.who(cred));
            }
            mode = (mode & S_IALLUGO) | (old.mode() & ~S_IALLUGO);
            modeChanged = true;
            int group = (valid & LuAttr.LA_GID) != 0 && la.gid() != -1 ? la.gid() : old.gid();
            if (!cred.inGroup(group) && !cred.capable(Capability.FSETID)) {
                mode &= ~S_ISGID; // setattr_prepare: "Also check the setgid bit!"
            }
        }
        if ((valid & LuAttr.LA_UID) != 0) {
            int uid = la.uid() == -1 ? old.uid() : la.uid();
            la.uid(uid);
            if ((!cred.owns(old.uid()) || uid != old.uid()) && !cred.capable(Capability.CHOWN) && !how.permBypass()) {
                throw new LustreException(Errno.EPERM, Permissions.who(cred) + " may not chown from "
                        + Integer.toUnsignedString(old.uid()) + " to " + Integer.toUnsignedString(uid));
            }
        }
        if ((valid & LuAttr.LA_GID) != 0) {
            int gid = la.gid() == -1 ? old.gid() : la.gid();
            la.gid(gid);
            if ((!cred.owns(old.uid()) || (gid != old.gid() && !cred.inGroup(gid))) && !cred.capable(Capability.CHOWN)
                    && !how.permBypass()) {
                throw new LustreException(Errno.EPERM, Permissions.who(cred) + " may not chgrp a file of "
                        + Integer.toUnsignedString(old.uid()) + " to group " + Integer.toUnsignedString(gid));
            }
        }
        // chown_common (fs/open.c) adds ATTR_KILL_SUID | ATTR_KILL_SGID to every chown or chgrp of
        // a non-directory, root's too; notify_change clears setuid, and setgid when group-executable
        if ((valid & (LuAttr.LA_UID | LuAttr.LA_GID)) != 0 && !old.isDir()) {
            if ((old.mode() & S_ISUID) != 0) {
                mode &= ~S_ISUID;
                modeChanged = true;
            }
            if ((old.mode() & (S_ISGID | S_IXGRP)) == (S_ISGID | S_IXGRP)) {
                mode &= ~S_ISGID;
                modeChanged = true;
            }
        }
        if ((valid & (LuAttr.LA_SIZE | LuAttr.LA_BLOCKS)) != 0 && !how.permBypass()
                && !(how.ownerOverride() && cred.owns(old.uid()))) {
            Permissions.check(cred, old, acl, Permissions.MAY_WRITE);
        }
        long newValid = la.valid() & ~(LuAttr.LA_KILL_SUID | LuAttr.LA_KILL_SGID | LuAttr.LA_TYPE);
        if (modeChanged) {
            la.mode(mode);
            newValid |= LuAttr.LA_MODE;
        }
        la.valid(newValid);
    }

    /** Flag changes (mdd_fix_attr's "Check if flags change"; fs/ioctl.c {@code vfs_ioc_setflags_prepare}). */
    private static void checkFlags(Cred cred, FileAttrs old, int newFlags) throws LustreException {
        if (!Permissions.ownerOrCapable(cred, old)) {
            throw new LustreException(Errno.EPERM, "only the owner may change the flags, not " + Permissions.who(cred));
        }
        int guarded = FileAttrs.IMMUTABLE_FL | FileAttrs.APPEND_FL;
        if (((old.flags() ^ newFlags) & guarded) != 0 && !cred.capable(Capability.LINUX_IMMUTABLE)) {
            throw new LustreException(Errno.EPERM, "changing the immutable or append-only flag needs CAP_LINUX_IMMUTABLE");
        }
    }

    /**
     * Setting times ({@code may_setattr} and {@code setattr_prepare}, fs/attr.c): explicit times
     * need the owner or CAP_FOWNER; "now" needs that or write permission.
     *
     * @throws LustreException EPERM for explicit times by another user, or any times on an
     *     immutable file; EACCES for "now" without write permission
     */
    public static void checkTimes(Cred cred, FileAttrs file, Optional<Acl> acl, boolean explicit)
            throws LustreException {
        if (Permissions.ownerOrCapable(cred, file)) {
            if (file.immutable()) {
                throw new LustreException(Errno.EPERM, "file is immutable: its times cannot change");
            }
            return;
        }
        if (explicit) {
            throw new LustreException(Errno.EPERM, "only the owner (" + Integer.toUnsignedString(file.uid())
                    + ") may set explicit times, not " + Permissions.who(cred));
        }
        Permissions.check(cred, file, acl, Permissions.MAY_WRITE);
    }

    /**
     * What setting {@code system.posix_acl_access} or {@code _default} does
     * ({@code posix_acl_xattr_set} then {@code set_posix_acl}, fs/posix_acl.c; the filesystem's
     * {@code set_acl} with {@code posix_acl_update_mode}; Lustre's {@code mdd_acl_set}).
     *
     * @param mode the file's mode afterwards (an access ACL sets the permission bits; setgid is
     *     dropped when the caller is not in the file's group and lacks CAP_FSETID)
     * @param store the xattr to store, or empty to remove it (no entries, or an access ACL that
     *     the mode says in full)
     */
    public record AclUpdate(int mode, Optional<Acl> store) {
    }

    /**
     * Checks and works out setting an ACL xattr: the value is parsed first (EINVAL, EOPNOTSUPP),
     * then a default ACL on a non-directory is EACCES, a caller that is neither owner nor
     * CAP_FOWNER gets EPERM, and the ACL is validated (EINVAL).
     *
     * @param isDefault {@code system.posix_acl_default} rather than {@code _access}
     * @param value the xattr value; null to remove the ACL
     */
    public static AclUpdate setAcl(Cred cred, FileAttrs file, boolean isDefault, byte[] value) throws LustreException {
        Optional<Acl> acl = Optional.empty();
        LustreException invalid = null;
        if (value != null) {
            PosixAclXattr.read(value); // size and version errors come before the permission checks
            try {
                acl = Acl.parse(value);
            } catch (LustreException e) {
                invalid = e; // posix_acl_valid runs after the ownership checks
            }
        }
        if (isDefault && !file.isDir()) {
            if (value != null && (invalid != null || acl.isPresent())) {
                throw new LustreException(Errno.EACCES, "a default ACL is only for directories, mode 0"
                        + Integer.toOctalString(file.mode()));
            }
            return new AclUpdate(file.mode(), Optional.empty());
        }
        if (!Permissions.ownerOrCapable(cred, file)) {
            throw new LustreException(Errno.EPERM, "only the owner (" + Integer.toUnsignedString(file.uid())
                    + ") may set an ACL, not " + Permissions.who(cred));
        }
        if (invalid != null) {
            throw invalid;
        }
        if (isDefault || acl.isEmpty()) {
            return new AclUpdate(file.mode(), acl);
        }
        int mode = acl.get().applyToMode(file.mode());
        if (!cred.inGroup(file.gid()) && !cred.capable(Capability.FSETID)) {
            mode &= ~S_ISGID;
        }
        return new AclUpdate(mode, acl.get().equivalentToMode() ? Optional.empty() : acl);
    }

    /**
     * The mode after a write by {@code cred} ({@code should_remove_suid}/{@code file_remove_privs},
     * fs/inode.c; the client then sends LA_KILL_SUID/SGID): a regular file written by a caller
     * without CAP_FSETID loses setuid, and setgid when group-executable.
     */
    public static int modeAfterWrite(Cred cred, int mode) {
        if ((mode & 0170000) != 0100000 || cred.capable(Capability.FSETID)) {
            return mode;
        }
        if ((mode & S_ISUID) != 0) {
            mode &= ~S_ISUID;
        }
        if ((mode & (S_ISGID | S_IXGRP)) == (S_ISGID | S_IXGRP)) {
            mode &= ~S_ISGID;
        }
        return mode;
    }
}
