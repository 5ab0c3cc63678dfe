package org.jlustre.mdt.mdd;

import java.util.concurrent.locks.ReentrantLock;
import org.jlustre.common.Errno;
import org.jlustre.common.Fid;
import org.jlustre.common.FileMode;
import org.jlustre.common.LustreException;
import org.jlustre.mdt.perm.Cred;
import org.jlustre.osd.DirEntry;
import org.jlustre.osd.DirectoryIndex;
import org.jlustre.osd.LuAttr;
import org.jlustre.osd.OsdObject;
import org.jlustre.osd.Transaction;
import org.jlustre.osd.XattrMode;
import org.jlustre.wire.mdt.LinkEa;

/**
 * {@code mdd_rename}: a name moves, within a directory or to another one, replacing a file or
 * an empty directory at the target; a directory that changes parent gets its ".." and both
 * parents' link counts updated; the LinkEA follows. Renames across directories are
 * serialised by one lock (as the VFS's {@code s_vfs_rename_mutex} and Lustre's
 * {@code mdt_rename_lock} do), since they alone change which directory is inside which: the
 * loop check (a directory moved under itself is EINVAL) reads a tree no one else reshapes.
 */
final class Renames {

    /** Deepest tree the loop check walks before calling it a loop (ELOOP). */
    static final int MAX_DEPTH = 4096;

    private final MddContext ctx;
    private final Removes removes;
    /** Held for every rename across directories, before any object lock. */
    private final ReentrantLock crossDirectory = new ReentrantLock();

    Renames(MddContext ctx, Removes removes) {
        this.ctx = ctx;
        this.removes = removes;
    }

    /** See {@link Mdd#rename}. */
    RenameResult rename(Cred cred, Fid sp, byte[] sname, Fid tp, byte[] tname) throws LustreException {
        Names.check(sname, ctx.conf.maxNameLen());
        Names.check(tname, ctx.conf.maxNameLen());
        if (Names.isDotOrDotDot(sname) || Names.isDotOrDotDot(tname)) {
            throw new LustreException(Errno.EBUSY, "cannot rename '" + Names.show(sname) + "' to '"
                    + Names.show(tname) + "'");
        }
        boolean cross = !sp.equals(tp);
        if (cross) {
            crossDirectory.lock();
        }
        try {
            return renameLocked(cred, sp, sname, tp, tname, cross);
        } finally {
            if (cross) {
                crossDirectory.unlock();
            }
        }
    }

    private RenameResult renameLocked(Cred cred, Fid sp, byte[] sname, Fid tp, byte[] tname, boolean cross)
            throws LustreException {
        byte[] skey = sname;
        byte[] tkey = tname;
        for (int attempt = 0; attempt < Removes.RETRIES; attempt++) {
            Fid s = removes.lookupUnlocked(sp, skey);
            Fid t = removes.lookupUnlocked(tp, tkey);
            try (Locks l = Locks.of(ctx.dev, sp, tp, s, t)) {
                OsdObject spo = l.get(sp);
                OsdObject tpo = l.get(tp);
                LuAttr spa = ctx.dirAttrs(spo);
                LuAttr tpa = ctx.dirAttrs(tpo);
                if (ctx.open.isOrphan(sp) || ctx.open.isOrphan(tp)) {
                    throw new LustreException(Errno.ENOENT, "directory " + (ctx.open.isOrphan(sp) ? sp : tp)
                            + " was removed");
                }
                ctx.access.check(cred, spo, spa, Access.MAY_EXEC);
                DirectoryIndex spdir = ctx.dir(spo);
                DirEntry se = spdir.lookup(skey).orElseThrow(() -> new LustreException(Errno.ENOENT,
                        "no entry '" + Names.show(sname) + "' in " + sp));
                ctx.access.check(cred, tpo, tpa, Access.MAY_EXEC);
                DirectoryIndex tpdir = ctx.dir(tpo);
                DirEntry te = tpdir.lookup(tkey).orElse(null);
                if (!l.covers(se.fid()) || (te != null && !l.covers(te.fid())) || (te == null && t != null)) {
                    continue;
                }
                OsdObject so = l.get(se.fid());
                LuAttr sa = ctx.attrs(so);
                if (te != null && te.fid().equals(se.fid())) {
                    // rename(2): both names of one inode: nothing happens
                    return new RenameResult(ctx.mdAttr(so, false), null);
                }
                OsdObject to = te == null ? null : l.get(te.fid());
                LuAttr ta = to == null ? null : ctx.attrs(to);
                check(cred, spo, spa, so, sa, tpo, tpa, to, ta, cross);
                return apply(spo, spdir, skey, sname, so, sa, tpo, tpdir, tkey, tname, to, ta, cross);
            }
        }
        throw new LustreException(Errno.EAGAIN, "'" + Names.show(sname) + "' or '" + Names.show(tname)
                + "' kept changing during the rename");
    }

    /** {@code mdd_rename_sanity_check} with the VFS's rules for directories. */
    private void check(Cred cred, OsdObject spo, LuAttr spa, OsdObject so, LuAttr sa, OsdObject tpo, LuAttr tpa,
            OsdObject to, LuAttr ta, boolean cross) throws LustreException {
        ctx.access.check(cred, spo, spa, Access.MAY_WRITE | Access.MAY_EXEC);
        removes.mayDelete(cred, spo, spa, so, sa);
        if (cross) {
            ctx.access.check(cred, tpo, tpa, Access.MAY_WRITE | Access.MAY_EXEC);
        }
        boolean sdir = FileMode.isDir(sa.mode());
        if (to != null) {
            removes.mayDelete(cred, tpo, tpa, to, ta);
            boolean tdir = FileMode.isDir(ta.mode());
            if (sdir && !tdir) {
                throw new LustreException(Errno.ENOTDIR, "cannot replace non-directory " + to.fid()
                        + " with directory " + so.fid());
            }
            if (!sdir && tdir) {
                throw new LustreException(Errno.EISDIR, "cannot replace directory " + to.fid()
                        + " with non-directory " + so.fid());
            }
        }
        if (sdir && cross) {
            // its ".." changes: the VFS asks for write permission on the directory itself
            ctx.access.check(cred, so, sa, Access.MAY_WRITE);
            if (isAncestorOrSelf(so.fid(), tpo.fid())) {
                throw new LustreException(Errno.EINVAL, "cannot move directory " + so.fid()
                        + " under itself (" + tpo.fid() + ")");
            }
            if (to == null && tpa.nlink() >= ctx.conf.maxNlink()) {
                throw new LustreException(Errno.EMLINK, "directory " + tpo.fid() + " has too many subdirectories");
            }
        }
        if (to != null && FileMode.isDir(ta.mode())) {
            removes.checkEmpty(to);
        }
    }

    /** Whether {@code dir} is {@code ancestor} or below it ({@code mdd_is_parent}), walking "..". */
    private boolean isAncestorOrSelf(Fid ancestor, Fid dir) throws LustreException {
        Fid cur = dir;
        for (int depth = 0; depth < MAX_DEPTH; depth++) {
            if (cur.equals(ancestor)) {
                return true;
            }
            if (cur.equals(ctx.root) || cur.equals(ctx.dev.rootFid())) {
                return false;
            }
            try (OsdObject o = ctx.dev.find(cur)) {
                Fid up = ctx.dir(o).lookupFid("..");
                if (up.equals(cur)) {
                    return false;
                }
                cur = up;
            }
        }
        throw new LustreException(Errno.ELOOP, "directory " + dir + " is more than " + MAX_DEPTH + " levels deep");
    }

    private RenameResult apply(OsdObject spo, DirectoryIndex spdir, byte[] skey, byte[] sname, OsdObject so,
            LuAttr sa, OsdObject tpo, DirectoryIndex tpdir, byte[] tkey, byte[] tname, OsdObject to, LuAttr ta,
            boolean cross) throws LustreException {
        boolean sdir = FileMode.isDir(sa.mode());
        boolean tdir = to != null && FileMode.isDir(ta.mode());
        boolean moveDir = sdir && cross;
        long time = ctx.now();
        LuAttr ptimes = new LuAttr().mtime(time).ctime(time);
        LuAttr ctime = new LuAttr().ctime(time);
        LinkEa links = MddContext.linkEa(so);
        links.remove(spo.fid(), sname);
        links.add(tpo.fid(), tname, time);
        byte[] linkEa = links.toBytes();
        DirectoryIndex sdirIndex = sdir ? ctx.dir(so) : null;
        try (Transaction th = ctx.transaction()) {
            spdir.declareDelete(skey, th);
            if (to != null) {
                tpdir.declareDelete(tkey, th);
            }
            tpdir.declareInsert(tkey, th);
            so.declareXattrSet(LinkEa.XATTR_NAME, linkEa.length, XattrMode.SET, th);
            so.declareAttrSet(ctime, th);
            if (moveDir) {
                sdirIndex.declareDelete("..", th);
                sdirIndex.declareInsert("..", th);
                spo.declareRefDel(th);
                tpo.declareRefAdd(th);
            }
            Removes.Removal replaced = null;
            if (to != null) {
                replaced = removes.declareDrop(to, ta, tpo.fid(), tname, time, th);
                if (tdir) {
                    tpo.declareRefDel(th);
                }
            }
            spo.declareAttrSet(ptimes, th);
            tpo.declareAttrSet(ptimes, th);
            th.start();
            spdir.delete(skey, th);
            if (to != null) {
                tpdir.delete(tkey, th);
            }
            tpdir.insert(tkey, so.fid(), sa.mode() & FileMode.S_IFMT, th);
            MddContext.setXattr(so, LinkEa.XATTR_NAME, linkEa, XattrMode.SET, th);
            so.attrSet(ctime, th);
            if (moveDir) {
                sdirIndex.delete("..", th);
                sdirIndex.insert("..", tpo.fid(), FileMode.S_IFDIR, th);
                spo.refDel(th);
                tpo.refAdd(th);
            }
            UnlinkResult r = null;
            if (replaced != null) {
                r = replaced.apply(th);
                if (tdir) {
                    tpo.refDel(th);
                }
            }
            spo.attrSet(ptimes, th);
            if (cross) {
                tpo.attrSet(ptimes, th);
            }
            MdAttr sattr = ctx.mdAttr(so, false);
            return new RenameResult(sattr, r);
        }
    }
}
