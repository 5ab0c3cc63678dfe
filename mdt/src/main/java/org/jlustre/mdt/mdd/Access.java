package org.jlustre.mdt.mdd;

import java.util.Optional;
import org.jlustre.common.LustreException;
import org.jlustre.mdt.perm.Acl;
import org.jlustre.mdt.perm.Cred;
import org.jlustre.mdt.perm.FileAttrs;
import org.jlustre.mdt.perm.Permissions;
import org.jlustre.osd.LuAttr;
import org.jlustre.osd.OsdObject;

/**
 * The permission checks of MDD's operations ({@code mdd_permission_internal_locked},
 * {@code mdd_is_sticky}), made with the permission library (org.jlustre.mdt.perm) on the
 * object's mode, owner, flags and, when ACLs are on, its {@code system.posix_acl_access}.
 *
 * <p>Stateless and thread-safe.
 */
final class Access {

    /** {@code MAY_EXEC}. */
    static final int MAY_EXEC = Permissions.MAY_EXEC;
    /** {@code MAY_WRITE}. */
    static final int MAY_WRITE = Permissions.MAY_WRITE;
    /** {@code MAY_READ}. */
    static final int MAY_READ = Permissions.MAY_READ;

    /** Whether ACLs are stored and enforced (the acl mount option). */
    private final boolean acls;

    Access(boolean acls) {
        this.acls = acls;
    }

    /** The object's access ACL, when ACLs are on and it has one. */
    Optional<Acl> acl(OsdObject o) throws LustreException {
        return acls ? aclXattr(o, XattrNames.ACL_ACCESS) : Optional.empty();
    }

    /** A directory's default ACL, when ACLs are on and it has one. */
    Optional<Acl> defaultAcl(OsdObject dir) throws LustreException {
        return acls ? aclXattr(dir, XattrNames.ACL_DEFAULT) : Optional.empty();
    }

    private static Optional<Acl> aclXattr(OsdObject o, String name) throws LustreException {
        byte[] b = MddContext.xattrOrNull(o, name);
        return b == null ? Optional.empty() : Acl.parse(b);
    }

    /** Checks {@code mask} with an ACL already read. */
    static void check(Cred c, LuAttr a, Optional<Acl> acl, int mask) throws LustreException {
        Permissions.check(c, FileAttrs.of(a), acl, mask);
    }

    /** Checks {@code mask} on an object: EACCES (EPERM to write an immutable one). */
    void check(Cred c, OsdObject o, LuAttr a, int mask) throws LustreException {
        Permissions.check(c, FileAttrs.of(a), acl(o), mask);
    }

    /**
     * Whether {@code child} may leave {@code dir} ({@code mdd_may_delete}): write and search on
     * the directory (EACCES), then its append-only flag, the sticky rule, the child's immutable
     * and append-only flags (EPERM).
     */
    void checkDelete(Cred c, OsdObject dir, LuAttr dirAttrs, LuAttr child) throws LustreException {
        Permissions.checkDelete(c, FileAttrs.of(dirAttrs), acl(dir), FileAttrs.of(child));
    }

    /** Whether the caller owns the object or has CAP_FOWNER ({@code inode_owner_or_capable}). */
    static boolean ownerOrCapable(Cred c, LuAttr a) {
        return Permissions.ownerOrCapable(c, FileAttrs.of(a));
    }
}
