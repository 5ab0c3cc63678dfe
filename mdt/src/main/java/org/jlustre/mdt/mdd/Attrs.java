package org.jlustre.mdt.mdd;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jlustre.common.Errno;
import org.jlustre.common.Fid;
import org.jlustre.common.FileMode;
import org.jlustre.common.LustreException;
import org.jlustre.mdt.perm.Acl;
import org.jlustre.mdt.perm.AttrRules;
import org.jlustre.mdt.perm.Capability;
import org.jlustre.mdt.perm.Cred;
import org.jlustre.mdt.perm.FileAttrs;
import org.jlustre.osd.LuAttr;
import org.jlustre.osd.Osd;
import org.jlustre.osd.OsdObject;
import org.jlustre.osd.Transaction;
import org.jlustre.osd.XattrMode;
import org.jlustre.wire.mdt.LinkEa;
import org.jlustre.wire.mdt.Lma;

/**
 * Changing and reading one object: {@code mdd_attr_set} with the VFS's ownership rules, the
 * xattrs ({@code mdd_xattr_set/get/list/del}) with their namespaces' rules, and
 * {@code mdd_readlink}.
 */
final class Attrs {

    private final MddContext ctx;

    Attrs(MddContext ctx) {
        this.ctx = ctx;
    }

    /**
     * See {@link Mdd#setattr}: the changes checked and completed by the permission library's
     * {@link AttrRules#fix} ({@code mdd_fix_attr}: ownership rules, setuid/setgid clearing,
     * immutable and append-only objects, times), truncate only of regular files (EISDIR,
     * EINVAL), a project id only with CAP_SYS_ADMIN (EPERM); a chmod of an object with an
     * access ACL rewrites the ACL ({@code posix_acl_chmod}); ctime follows every change.
     */
    MdAttr setattr(Cred cred, Fid fid, SetattrSpec s) throws LustreException {
        try (Locks l = Locks.of(ctx.dev, fid)) {
            OsdObject o = l.get(fid);
            LuAttr cur = ctx.attrs(o);
            if (s.has(LuAttr.LA_SIZE) && !FileMode.isReg(cur.mode())) {
                throw new LustreException(FileMode.isDir(cur.mode()) ? Errno.EISDIR : Errno.EINVAL, "cannot truncate "
                        + fid + " of mode 0" + Integer.toOctalString(cur.mode()));
            }
            if (s.has(LuAttr.LA_PROJID) && s.projid() != cur.projid() && !cred.capable(Capability.SYS_ADMIN)) {
                throw new LustreException(Errno.EPERM, "uid " + cred.fsuid() + " may not change the project of " + fid);
            }
            LuAttr set = requested(s);
            Optional<Acl> acl = ctx.access.acl(o);
            AttrRules.fix(cred, FileAttrs.of(cur), acl, set, new AttrRules.How(s.explicitTimes(), false, false));
            if (set.valid() == 0 && !s.has(LuAttr.LA_CTIME)) {
                return ctx.mdAttr(o, false);
            }
            set.ctime(s.has(LuAttr.LA_CTIME) && s.ctime() != 0 ? s.ctime() : ctx.now());
            byte[] chmodAcl = set.has(LuAttr.LA_MODE) && acl.isPresent() ? acl.get().chmod(set.mode()).toXattr() : null;
            try (Transaction th = ctx.transaction()) {
                o.declareAttrSet(set, th);
                if (chmodAcl != null) {
                    o.declareXattrSet(XattrNames.ACL_ACCESS, chmodAcl.length, XattrMode.SET, th);
                }
                th.start();
                o.attrSet(set, th);
                if (chmodAcl != null) {
                    MddContext.setXattr(o, XattrNames.ACL_ACCESS, chmodAcl, XattrMode.SET, th);
                }
            }
            return ctx.mdAttr(o, false);
        }
    }

    /** The attributes a setattr asks to change, as an {@link LuAttr}. */
    private static LuAttr requested(SetattrSpec s) {
        LuAttr la = new LuAttr();
        if (s.has(LuAttr.LA_MODE)) {
            la.mode(s.mode());
        }
        if (s.has(LuAttr.LA_UID)) {
            la.uid(s.uid());
        }
        if (s.has(LuAttr.LA_GID)) {
            la.gid(s.gid());
        }
        if (s.has(LuAttr.LA_SIZE)) {
            la.size(s.size());
        }
        if (s.has(LuAttr.LA_ATIME)) {
            la.atime(s.atime());
        }
        if (s.has(LuAttr.LA_MTIME)) {
            la.mtime(s.mtime());
        }
        if (s.has(LuAttr.LA_FLAGS)) {
            la.flags(s.flags());
        }
        if (s.has(LuAttr.LA_PROJID)) {
            la.projid(s.projid());
        }
        return la;
    }

    /** See {@link Mdd#readlink}. */
    byte[] readlink(Cred cred, Fid fid) throws LustreException {
        try (OsdObject o = ctx.dev.find(fid)) {
            LuAttr a = ctx.attrs(o);
            if (!FileMode.isLink(a.mode())) {
                throw new LustreException(Errno.EINVAL, fid + " is not a symlink");
            }
            byte[] b = new byte[(int) a.size()];
            int n = o.body().read(0, MemorySegment.ofArray(b));
            if (n != b.length) {
                throw new LustreException(Errno.EIO, "symlink " + fid + " has " + n + " bytes of " + b.length);
            }
            return b;
        }
    }

    // ---- xattrs ----

    /** The xattrs MDD keeps for itself: never set, removed or listed by clients. */
    static boolean internal(String name) {
        return name.equals(Lma.XATTR_NAME) || name.equals(LinkEa.XATTR_NAME);
    }

    /** {@code lustre.*} is the client's spelling of {@code trusted.*} for Lustre's own xattrs. */
    private static String stored(String name) {
        return name.startsWith(XattrNames.LUSTRE) ? XattrNames.TRUSTED + name.substring(XattrNames.LUSTRE.length())
                : name;
    }

    /** Checks a name's length and namespace; whether it needs the MDD's xattr rules for {@code write}. */
    private void checkName(Cred cred, OsdObject o, LuAttr a, String name, boolean write) throws LustreException {
        int len = name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        if (len == 0 || len > Osd.XATTR_NAME_MAX) {
            throw new LustreException(Errno.ERANGE, "xattr name of " + len + " bytes");
        }
        if (name.startsWith(XattrNames.USER)) {
            if (!ctx.cfg.userXattr()) {
                throw new LustreException(Errno.EOPNOTSUPP, "user xattrs are off on " + ctx.cfg.name());
            }
            if (!FileMode.isReg(a.mode()) && !FileMode.isDir(a.mode())) {
                throw new LustreException(write ? Errno.EPERM : Errno.ENODATA, "user xattrs only on files and directories");
            }
            if (write && FileMode.isDir(a.mode()) && (a.mode() & FileMode.S_ISVTX) != 0
                    && !Access.ownerOrCapable(cred, a)) {
                throw new LustreException(Errno.EPERM, "user xattrs of sticky directory " + o.fid()
                        + " are its owner's");
            }
            ctx.access.check(cred, o, a, write ? Access.MAY_WRITE : Access.MAY_READ);
        } else if (name.startsWith(XattrNames.TRUSTED)) {
            if (!cred.capable(Capability.SYS_ADMIN)) {
                throw new LustreException(write ? Errno.EPERM : Errno.ENODATA, "trusted xattrs need CAP_SYS_ADMIN");
            }
        } else if (name.equals(XattrNames.ACL_ACCESS) || name.equals(XattrNames.ACL_DEFAULT)) {
            if (!ctx.cfg.acl()) {
                throw new LustreException(Errno.EOPNOTSUPP, "ACLs are off on " + ctx.cfg.name());
            }
            // writes are checked by AttrRules.setAcl
        } else if (name.startsWith(XattrNames.SECURITY)) {
            if (write) {
                ctx.access.check(cred, o, a, Access.MAY_WRITE);
            }
        } else {
            throw new LustreException(Errno.EOPNOTSUPP, "xattr namespace of '" + name + "' is not supported");
        }
    }

    /** See {@link Mdd#setxattr}. */
    void setxattr(Cred cred, Fid fid, String name, byte[] value, XattrMode mode) throws LustreException {
        if (value.length > ctx.conf.maxEaSize()) {
            throw new LustreException(Errno.E2BIG, "xattr '" + name + "' of " + value.length + " bytes is over "
                    + ctx.conf.maxEaSize());
        }
        write(cred, fid, name, value, mode);
    }

    /**
     * Sets ({@code value} non-null) or removes an xattr in one transaction with the ctime; an
     * ACL goes through {@link AttrRules#setAcl}, which may change the mode or store nothing
     * (an access ACL the mode says in full).
     */
    private void write(Cred cred, Fid fid, String name, byte[] value, XattrMode mode) throws LustreException {
        String n = stored(name);
        if (internal(n)) {
            throw new LustreException(Errno.EPERM, "'" + n + "' is kept by the MDT");
        }
        try (Locks l = Locks.of(ctx.dev, fid)) {
            OsdObject o = l.get(fid);
            LuAttr a = ctx.attrs(o);
            checkName(cred, o, a, n, true);
            byte[] present = MddContext.xattrOrNull(o, n);
            if (value == null && present == null) {
                throw new LustreException(Errno.ENODATA, "no xattr '" + name + "' on " + fid);
            }
            byte[] store = value;
            LuAttr set = new LuAttr().ctime(ctx.now());
            boolean acl = n.equals(XattrNames.ACL_ACCESS) || n.equals(XattrNames.ACL_DEFAULT);
            if (acl) {
                AttrRules.AclUpdate u = AttrRules.setAcl(cred, FileAttrs.of(a), n.equals(XattrNames.ACL_DEFAULT), value);
                store = u.store().map(Acl::toXattr).orElse(null);
                if (u.mode() != a.mode()) {
                    set.mode(u.mode());
                }
                if (value != null && mode == XattrMode.CREATE && present != null) {
                    throw new LustreException(Errno.EEXIST, "xattr '" + name + "' exists on " + fid);
                }
                if (value != null && mode == XattrMode.REPLACE && present == null) {
                    throw new LustreException(Errno.ENODATA, "no xattr '" + name + "' on " + fid);
                }
            } else if ((a.flags() & (Creates.IMMUTABLE_FL | Creates.APPEND_FL)) != 0) {
                throw new LustreException(Errno.EPERM, fid + " is immutable or append-only");
            }
            try (Transaction th = ctx.transaction()) {
                if (store != null) {
                    o.declareXattrSet(n, store.length, acl ? XattrMode.SET : mode, th);
                } else {
                    o.declareXattrDel(n, th);
                }
                o.declareAttrSet(set, th);
                th.start();
                if (store != null) {
                    MddContext.setXattr(o, n, store, acl ? XattrMode.SET : mode, th);
                } else {
                    o.xattrDel(n, th);
                }
                o.attrSet(set, th);
            }
        }
    }

    /** See {@link Mdd#getxattr}. */
    byte[] getxattr(Cred cred, Fid fid, String name) throws LustreException {
        String n = stored(name);
        try (OsdObject o = ctx.dev.find(fid)) {
            LuAttr a = ctx.attrs(o);
            checkName(cred, o, a, n, false);
            byte[] v = MddContext.xattrOrNull(o, n);
            if (v == null) {
                throw new LustreException(Errno.ENODATA, "no xattr '" + name + "' on " + fid);
            }
            return v;
        }
    }

    /**
     * See {@link Mdd#listxattr}: what the MDT lists ({@code mdt_listxattr}): never the LMA and
     * the LinkEA; trusted names only for CAP_SYS_ADMIN, user names only with user_xattr.
     */
    List<String> listxattr(Cred cred, Fid fid) throws LustreException {
        try (OsdObject o = ctx.dev.find(fid)) {
            ctx.attrs(o);
            List<String> out = new ArrayList<>();
            for (String n : o.xattrNames()) {
                if (internal(n) || (n.startsWith(XattrNames.TRUSTED) && !cred.capable(Capability.SYS_ADMIN))
                        || (n.startsWith(XattrNames.USER) && !ctx.cfg.userXattr())) {
                    continue;
                }
                out.add(n);
            }
            return out;
        }
    }

    /** See {@link Mdd#removexattr}. */
    void removexattr(Cred cred, Fid fid, String name) throws LustreException {
        write(cred, fid, name, null, XattrMode.SET);
    }
}
