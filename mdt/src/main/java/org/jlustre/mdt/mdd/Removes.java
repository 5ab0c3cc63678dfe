package org.jlustre.mdt.mdd;

import org.jlustre.common.Errno;
import org.jlustre.common.Fid;
import org.jlustre.common.FileMode;
import org.jlustre.common.LustreException;
import org.jlustre.mdt.perm.Cred;
import org.jlustre.osd.DirEntry;
import org.jlustre.osd.DirectoryIndex;
import org.jlustre.osd.DirectoryIterator;
import org.jlustre.osd.LuAttr;
import org.jlustre.osd.OsdObject;
import org.jlustre.osd.Transaction;
import org.jlustre.osd.XattrMode;
import org.jlustre.wire.mdt.LinkEa;

/**
 * Removing names: {@code mdd_unlink} for files and directories, with the last link's
 * object destroyed ({@code mdd_finish_unlink}) or, while open, moved to PENDING; the same
 * steps serve a rename that replaces its target.
 */
final class Removes {

    /** How often a name is looked up again when it changed between lookup and lock. */
    static final int RETRIES = 64;

    private final MddContext ctx;

    Removes(MddContext ctx) {
        this.ctx = ctx;
    }

    /** {@code mdd_unlink}; see {@link Mdd#unlink}. */
    UnlinkResult unlink(Cred cred, Fid parent, byte[] name, boolean rmdir) throws LustreException {
        Names.check(name, ctx.conf.maxNameLen());
        if (Names.isDotOrDotDot(name)) {
            // as the VFS answers rmdir(".") / rmdir("..") / unlink of either
            Errno e = !rmdir ? Errno.EISDIR : name.length == 1 ? Errno.EINVAL : Errno.ENOTEMPTY;
            throw new LustreException(e, "cannot remove '" + Names.show(name) + "'");
        }
        byte[] key = name;
        for (int attempt = 0; attempt < RETRIES; attempt++) {
            Fid child = lookupUnlocked(parent, key);
            try (Locks l = Locks.of(ctx.dev, parent, child)) {
                OsdObject p = l.get(parent);
                LuAttr pa = ctx.searchable(cred, p);
                DirectoryIndex pdir = ctx.dir(p);
                DirEntry e = pdir.lookup(key).orElseThrow(() -> new LustreException(Errno.ENOENT,
                        "no entry '" + Names.show(name) + "' in " + parent));
                if (!l.covers(e.fid())) {
                    continue;
                }
                OsdObject o = l.get(e.fid());
                LuAttr ca = ctx.attrs(o);
                ctx.access.check(cred, p, pa, Access.MAY_WRITE | Access.MAY_EXEC);
                mayDelete(cred, p, pa, o, ca);
                boolean isDir = FileMode.isDir(ca.mode());
                if (rmdir && !isDir) {
                    throw new LustreException(Errno.ENOTDIR, "'" + Names.show(name) + "' is not a directory");
                }
                if (!rmdir && isDir) {
                    throw new LustreException(Errno.EISDIR, "'" + Names.show(name) + "' is a directory");
                }
                if (isDir) {
                    checkEmpty(o);
                }
                long time = ctx.now();
                LuAttr ptimes = new LuAttr().mtime(time).ctime(time);
                try (Transaction th = ctx.transaction()) {
                    pdir.declareDelete(key, th);
                    p.declareAttrSet(ptimes, th);
                    if (isDir) {
                        p.declareRefDel(th);
                    }
                    Removal r = declareDrop(o, ca, parent, name, time, th);
                    th.start();
                    pdir.delete(key, th);
                    if (isDir) {
                        p.refDel(th);
                    }
                    p.attrSet(ptimes, th);
                    return r.apply(th);
                }
            }
        }
        throw new LustreException(Errno.EAGAIN, "entry '" + Names.show(name) + "' in " + parent
                + " kept changing while it was being removed");
    }

    /** The FID a name has now (the lock set is built from it, then checked again). */
    Fid lookupUnlocked(Fid parent, byte[] key) throws LustreException {
        try (OsdObject p = ctx.dev.find(parent)) {
            ctx.dirAttrs(p);
            return ctx.dir(p).lookup(key).map(DirEntry::fid).orElse(null);
        }
    }

    /**
     * {@code mdd_may_delete} after the parent's permission: the sticky rule and the child's
     * immutable and append-only flags (EPERM), the parent's append-only flag (EPERM), and the
     * objects that must stay (.lustre and what is in it: EPERM).
     */
    void mayDelete(Cred cred, OsdObject p, LuAttr pa, OsdObject o, LuAttr ca) throws LustreException {
        ctx.access.sticky(cred, pa, ca);
        if ((ca.flags() & (Creates.IMMUTABLE_FL | Creates.APPEND_FL)) != 0) {
            throw new LustreException(Errno.EPERM, o.fid() + " is immutable or append-only");
        }
        if ((pa.flags() & Creates.APPEND_FL) != 0) {
            throw new LustreException(Errno.EPERM, "directory " + p.fid() + " is append-only");
        }
        if (o.fid().isDotLustre() || o.fid().equals(ctx.root)) {
            throw new LustreException(Errno.EPERM, o.fid() + " is a system directory");
        }
    }

    /** {@code mdd_dir_is_empty}: ENOTEMPTY when anything but "." and ".." is in it. */
    void checkEmpty(OsdObject dir) throws LustreException {
        try (DirectoryIterator it = ctx.dir(dir).iterator(0)) {
            if (it.get("") <= 0) {
                throw new LustreException(Errno.EIO, "directory " + dir.fid() + " has no start position");
            }
            int rc = 0;
            for (int i = 0; i < 3 && rc == 0; i++) {
                rc = it.next();
            }
            if (rc == 0) {
                throw new LustreException(Errno.ENOTEMPTY, "directory " + dir.fid() + " is not empty");
            }
        }
    }

    /** A declared removal of one name of an object, applied after start. */
    interface Removal {
        /** Makes the change; the result describes the object afterwards. */
        UnlinkResult apply(Transaction th) throws LustreException;
    }

    /**
     * Declares dropping one name (parent, name) of the locked object {@code o}
     * ({@code mdd_declare_finish_unlink}): its link count (a directory loses "." and the
     * name), its LinkEA entry, and at the last link its destroy with its OST objects, or, when
     * it is open, its move to PENDING.
     */
    Removal declareDrop(OsdObject o, LuAttr ca, Fid parent, byte[] name, long time, Transaction th)
            throws LustreException {
        boolean isDir = FileMode.isDir(ca.mode());
        int type = ca.mode() & FileMode.S_IFMT;
        int after = isDir ? 0 : ca.nlink() - 1;
        boolean last = after <= 0;
        boolean open = ctx.open.count(o.fid()) > 0;
        byte[] lov = last && !open ? MddContext.xattrOrNull(o, XattrNames.LOV) : null;
        LinkEa links = MddContext.linkEa(o);
        links.remove(parent, name);
        byte[] linkEa = links.toBytes();
        LuAttr ctime = new LuAttr().ctime(time);
        o.declareRefDel(th);
        if (isDir) {
            o.declareRefDel(th);
        }
        o.declareAttrSet(ctime, th);
        if (!last) {
            o.declareXattrSet(LinkEa.XATTR_NAME, linkEa.length, XattrMode.SET, th);
        } else if (open) {
            ctx.orphans.declareInsert(o, type, th);
        } else {
            ctx.declareDestroy(o, lov, th);
        }
        return th2 -> {
            o.refDel(th2);
            if (isDir) {
                o.refDel(th2);
            }
            o.attrSet(ctime, th2);
            if (!last) {
                MddContext.setXattr(o, LinkEa.XATTR_NAME, linkEa, XattrMode.SET, th2);
                return new UnlinkResult(ctx.mdAttr(o, false), false, false);
            }
            if (open) {
                ctx.orphans.insert(o, type, th2);
                ctx.open.markOrphan(o.fid());
                return new UnlinkResult(ctx.mdAttr(o, true), true, false);
            }
            MdAttr before = MdAttr.of(o.fid(), o.attrGet().nlink(0), lov);
            ctx.destroy(o, lov, th2);
            return new UnlinkResult(before, false, true);
        };
    }
}
