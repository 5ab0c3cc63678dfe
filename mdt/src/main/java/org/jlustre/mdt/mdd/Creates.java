package org.jlustre.mdt.mdd;

import java.lang.foreign.MemorySegment;
import java.util.Optional;
import org.jlustre.common.Errno;
import org.jlustre.common.Fid;
import org.jlustre.common.FileMode;
import org.jlustre.common.LustreException;
import org.jlustre.mdt.perm.Acl;
import org.jlustre.mdt.perm.CreateRules;
import org.jlustre.mdt.perm.Cred;
import org.jlustre.mdt.perm.FileAttrs;
import org.jlustre.osd.AllocationHint;
import org.jlustre.osd.DirectoryIndex;
import org.jlustre.osd.LuAttr;
import org.jlustre.osd.ObjectFormat;
import org.jlustre.osd.OsdObject;
import org.jlustre.osd.Transaction;
import org.jlustre.osd.XattrMode;
import org.jlustre.wire.mdt.LinkEa;
import org.jlustre.wire.mdt.Lma;

/**
 * Creating names: {@code mdd_create} (files with their layout, directories with "." and "..",
 * symlinks with the target as body, device nodes, FIFOs and sockets) and {@code mdd_link}. Each
 * runs in one transaction that declares every update first, under the parent's and the
 * child's dt locks.
 */
final class Creates {

    /** {@code LUSTRE_PROJINHERIT_FL}. */
    static final int PROJINHERIT_FL = 0x20000000;
    /** {@code LUSTRE_IMMUTABLE_FL}. */
    static final int IMMUTABLE_FL = 0x00000010;
    /** {@code LUSTRE_APPEND_FL}. */
    static final int APPEND_FL = 0x00000020;

    private final MddContext ctx;

    Creates(MddContext ctx) {
        this.ctx = ctx;
    }

    /** {@code mdd_create}; see {@link Mdd#create}. */
    MdAttr create(Cred cred, Fid parent, byte[] name, Fid child, CreateSpec spec) throws LustreException {
        Names.check(name, ctx.conf.maxNameLen());
        ObjectFormat format = format(spec.mode());
        int type = spec.mode() & FileMode.S_IFMT;
        byte[] target = spec.symlinkTarget();
        if (type == FileMode.S_IFLNK) {
            if (target == null || target.length == 0) {
                throw new LustreException(Errno.ENOENT, "symlink '" + Names.show(name) + "' has an empty target");
            }
            if (target.length + 1 > ctx.conf.symlinkMax()) {
                throw new LustreException(Errno.ENAMETOOLONG, "symlink target of " + target.length
                        + " bytes is over the limit of " + (ctx.conf.symlinkMax() - 1));
            }
        }
        if (child == null || child.isZero() || !child.isSane()) {
            throw new LustreException(Errno.EINVAL, "bad FID " + child + " for new entry '" + Names.show(name) + "'");
        }
        byte[] key = name;
        try (Locks l = Locks.of(ctx.dev, parent, child)) {
            OsdObject p = l.get(parent);
            LuAttr pa = ctx.dirAttrs(p);
            if (ctx.open.isOrphan(parent)) {
                throw new LustreException(Errno.ENOENT, "directory " + parent + " was removed");
            }
            Optional<Acl> pacl = ctx.access.acl(p);
            Access.check(cred, pa, pacl, Access.MAY_EXEC);
            DirectoryIndex pdir = ctx.dir(p);
            if (Names.isDotOrDotDot(name) || pdir.lookup(key).isPresent()) {
                throw new LustreException(Errno.EEXIST, "'" + Names.show(name) + "' exists in " + parent);
            }
            Access.check(cred, pa, pacl, Access.MAY_WRITE | Access.MAY_EXEC);
            OsdObject o = l.get(child);
            if (o.exists()) {
                throw new LustreException(Errno.EEXIST, "FID " + child + " is already in use");
            }
            if (type == FileMode.S_IFDIR && pa.nlink() >= ctx.conf.maxNlink()) {
                // checked before the transaction starts: the parent's ".." link cannot be undone
                throw new LustreException(Errno.EMLINK, "directory " + parent + " has " + pa.nlink()
                        + " links, the most there can be");
            }
            long time = spec.time() >= 0 ? spec.time() : ctx.now();
            CreateRules.NewFile nf = CreateRules.newFile(cred, FileAttrs.of(pa), ctx.access.defaultAcl(p), spec.mode(),
                    spec.umask());
            LuAttr ca = childAttrs(nf, pa, spec, time);
            byte[] accessAcl = nf.access().map(Acl::toXattr).orElse(null);
            byte[] defaultAcl = nf.defaultAcl().map(Acl::toXattr).orElse(null);
            AllocationHint hint = new AllocationHint(parent, ca.mode());
            boolean isDir = type == FileMode.S_IFDIR;
            byte[] lma = Lma.of(child).toBytes();
            LinkEa links = LinkEa.empty();
            links.add(parent, name, time);
            byte[] linkEa = links.toBytes();
            LuAttr ptimes = new LuAttr().mtime(time).ctime(time);
            byte[] lov = null;
            try (Transaction th = ctx.transaction()) {
                o.declareCreate(ca, hint, format, th);
                o.declareDestroy(th);
                o.declareXattrSet(Lma.XATTR_NAME, lma.length, XattrMode.CREATE, th);
                o.declareXattrSet(LinkEa.XATTR_NAME, linkEa.length, XattrMode.SET, th);
                if (accessAcl != null) {
                    o.declareXattrSet(XattrNames.ACL_ACCESS, accessAcl.length, XattrMode.SET, th);
                }
                if (defaultAcl != null) {
                    o.declareXattrSet(XattrNames.ACL_DEFAULT, defaultAcl.length, XattrMode.SET, th);
                }
                if (type == FileMode.S_IFREG && ctx.layouts != null) {
                    lov = ctx.layouts.declareCreate(th, child, spec.layout(), MddContext.xattrOrNull(p, XattrNames.LOV));
                    if (lov != null) {
                        o.declareXattrSet(XattrNames.LOV, lov.length, XattrMode.CREATE, th);
                    }
                }
                if (isDir) {
                    DirectoryIndex cdir = ctx.dir(o);
                    cdir.declareInsert(".", th);
                    cdir.declareInsert("..", th);
                    o.declareRefAdd(th);
                    p.declareRefAdd(th);
                }
                if (type == FileMode.S_IFLNK) {
                    o.body().declareWrite(0, target.length, th);
                }
                pdir.declareInsert(key, th);
                p.declareAttrSet(ptimes, th);
                th.start();
                o.create(ca, hint, format, th);
                try {
                    MddContext.setXattr(o, Lma.XATTR_NAME, lma, XattrMode.CREATE, th);
                    MddContext.setXattr(o, LinkEa.XATTR_NAME, linkEa, XattrMode.SET, th);
                    if (accessAcl != null) {
                        MddContext.setXattr(o, XattrNames.ACL_ACCESS, accessAcl, XattrMode.SET, th);
                    }
                    if (defaultAcl != null) {
                        MddContext.setXattr(o, XattrNames.ACL_DEFAULT, defaultAcl, XattrMode.SET, th);
                    }
                    if (lov != null) {
                        MddContext.setXattr(o, XattrNames.LOV, lov, XattrMode.CREATE, th);
                        ctx.layouts.create(th, child, lov);
                    }
                    if (isDir) {
                        DirectoryIndex cdir = ctx.dir(o);
                        cdir.insert(".", child, FileMode.S_IFDIR, th);
                        cdir.insert("..", parent, FileMode.S_IFDIR, th);
                        o.refAdd(th);
                    }
                    if (type == FileMode.S_IFLNK) {
                        o.body().writeRecord(0, MemorySegment.ofArray(target), th);
                    }
                    pdir.insert(key, child, type, th);
                } catch (LustreException | RuntimeException e) {
                    // no rollback after start: undo our own create in the same transaction
                    o.destroy(th);
                    throw e;
                }
                if (isDir) {
                    p.refAdd(th);
                }
                p.attrSet(ptimes, th);
            }
            if (spec.openFlags() != 0) {
                ctx.open.open(child);
            }
            // just made and locked: its LMA needs no check, its layout is the one just stored
            return MdAttr.of(child, o.attrGet(), lov);
        }
    }

    /** The object format for a mode's type: EINVAL for a type MDD cannot create. */
    static ObjectFormat format(int mode) throws LustreException {
        return switch (mode & FileMode.S_IFMT) {
            case FileMode.S_IFREG -> ObjectFormat.REGULAR;
            case FileMode.S_IFDIR -> ObjectFormat.DIR;
            case FileMode.S_IFLNK -> ObjectFormat.SYMLINK;
            case FileMode.S_IFCHR, FileMode.S_IFBLK, FileMode.S_IFIFO, FileMode.S_IFSOCK -> ObjectFormat.NODE;
            default -> throw new LustreException(Errno.EINVAL, "cannot create an object of mode 0"
                    + Integer.toOctalString(mode));
        };
    }

    /**
     * The new object's attributes ({@code mdd_create_sanity_check}, {@code mdd_acl_init}) as
     * the permission library's {@link CreateRules} works them out (owner, setgid directory
     * inheritance, default ACL or umask), plus a PROJINHERIT parent's project.
     */
    private static LuAttr childAttrs(CreateRules.NewFile nf, LuAttr pa, CreateSpec spec, long time) {
        int type = nf.mode() & FileMode.S_IFMT;
        LuAttr a = new LuAttr().mode(nf.mode()).uid(nf.uid()).gid(nf.gid()).atime(time).mtime(time).ctime(time)
                .btime(time);
        if (type == FileMode.S_IFCHR || type == FileMode.S_IFBLK) {
            a.rdev(spec.rdev());
        }
        if ((pa.flags() & PROJINHERIT_FL) != 0) {
            a.projid(pa.projid());
            if (type == FileMode.S_IFDIR) {
                a.flags(PROJINHERIT_FL);
            }
        }
        return a;
    }

    /** {@code mdd_link}; see {@link Mdd#link}. */
    MdAttr link(Cred cred, Fid source, Fid parent, byte[] name) throws LustreException {
        Names.check(name, ctx.conf.maxNameLen());
        byte[] key = name;
        try (Locks l = Locks.of(ctx.dev, parent, source)) {
            OsdObject p = l.get(parent);
            LuAttr pa = ctx.searchable(cred, p);
            DirectoryIndex pdir = ctx.dir(p);
            if (Names.isDotOrDotDot(name) || pdir.lookup(key).isPresent()) {
                throw new LustreException(Errno.EEXIST, "'" + Names.show(name) + "' exists in " + parent);
            }
            OsdObject o = l.get(source);
            LuAttr sa = ctx.attrs(o);
            if (FileMode.isDir(sa.mode())) {
                throw new LustreException(Errno.EPERM, "cannot hard-link directory " + source);
            }
            ctx.access.check(cred, p, pa, Access.MAY_WRITE | Access.MAY_EXEC);
            if ((sa.flags() & (IMMUTABLE_FL | APPEND_FL)) != 0) {
                throw new LustreException(Errno.EPERM, source + " is immutable or append-only");
            }
            if (sa.nlink() == 0) {
                throw new LustreException(Errno.ENOENT, source + " has no name left");
            }
            if (sa.nlink() >= ctx.conf.maxNlink()) {
                throw new LustreException(Errno.EMLINK, source + " has " + sa.nlink() + " links, the most there can be");
            }
            long time = ctx.now();
            LinkEa links = MddContext.linkEa(o);
            links.add(parent, name, time);
            byte[] linkEa = links.toBytes();
            LuAttr ptimes = new LuAttr().mtime(time).ctime(time);
            LuAttr ctime = new LuAttr().ctime(time);
            try (Transaction th = ctx.transaction()) {
                pdir.declareInsert(key, th);
                p.declareAttrSet(ptimes, th);
                o.declareRefAdd(th);
                o.declareXattrSet(LinkEa.XATTR_NAME, linkEa.length, XattrMode.SET, th);
                o.declareAttrSet(ctime, th);
                th.start();
                pdir.insert(key, source, sa.mode() & FileMode.S_IFMT, th);
                o.refAdd(th);
                MddContext.setXattr(o, LinkEa.XATTR_NAME, linkEa, XattrMode.SET, th);
                o.attrSet(ctime, th);
                p.attrSet(ptimes, th);
            }
            return ctx.mdAttr(o, false);
        }
    }
}
