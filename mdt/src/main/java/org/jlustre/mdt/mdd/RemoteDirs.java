package org.jlustre.mdt.mdd;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.jlustre.common.Errno;
import org.jlustre.common.Fid;
import org.jlustre.common.FileMode;
import org.jlustre.common.LustreException;
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
 * This MDT's half of a directory whose name is on another MDT (a remote directory,
 * {@code lfs mkdir -i}): its inode, with ".", ".." naming the remote parent, the LinkEA
 * {@code (parent, name)} and an LMA flagged {@code LMAI_REMOTE_PARENT}, and its entry in
 * REMOTE_PARENT_DIR under its FID ({@code osd_add_to_remote_parent}, which on ldiskfs gives the
 * inode a name on its own MDT). The caller (the MDT) checks the parent's side and updates it over
 * OUT_UPDATE; the permission rules get the parent's attributes from there.
 */
final class RemoteDirs {

    private final MddContext ctx;

    RemoteDirs(MddContext ctx) {
        this.ctx = ctx;
    }

    /** The name of {@code fid}'s entry in REMOTE_PARENT_DIR: {@code DFID_NOBRACE}. */
    static byte[] agentName(Fid fid) {
        return fid.toStringNoBrace().getBytes(StandardCharsets.US_ASCII);
    }

    /** See {@link Mdd#createRemoteParent}. */
    MdAttr create(Cred cred, Fid parent, LuAttr pa, byte[] name, Fid child, CreateSpec spec, TxnPart part)
            throws LustreException {
        Names.check(name, ctx.conf.maxNameLen());
        if ((spec.mode() & FileMode.S_IFMT) != FileMode.S_IFDIR) {
            throw new LustreException(Errno.EINVAL, "only a directory is made under a remote parent, not mode 0"
                    + Integer.toOctalString(spec.mode()));
        }
        if (child == null || child.isZero() || !child.isSane()) {
            throw new LustreException(Errno.EINVAL, "bad FID " + child + " for new entry '" + Names.show(name) + "'");
        }
        Access.check(cred, pa, Optional.empty(), Access.MAY_WRITE | Access.MAY_EXEC);
        try (Locks l = Locks.of(ctx.dev, child, Format.REMOTE_PARENT_FID)) {
            OsdObject o = l.get(child);
            if (o.exists()) {
                throw new LustreException(Errno.EEXIST, "FID " + child + " is already in use");
            }
            long time = spec.time() >= 0 ? spec.time() : ctx.now();
            CreateRules.NewFile nf = CreateRules.newFile(cred, FileAttrs.of(pa), Optional.empty(), spec.mode(),
                    spec.umask());
            LuAttr ca = new LuAttr().mode(nf.mode()).uid(nf.uid()).gid(nf.gid()).atime(time).mtime(time).ctime(time)
                    .btime(time);
            AllocationHint hint = new AllocationHint(parent, ca.mode());
            byte[] lma = new Lma(0, Lma.LMAI_REMOTE_PARENT, child).toBytes();
            LinkEa links = LinkEa.empty();
            links.add(parent, name, time);
            byte[] linkEa = links.toBytes();
            DirectoryIndex agents = ctx.dir(l.get(Format.REMOTE_PARENT_FID));
            byte[] agent = agentName(child);
            try (Transaction th = ctx.transaction()) {
                o.declareCreate(ca, hint, ObjectFormat.DIR, th);
                o.declareXattrSet(Lma.XATTR_NAME, lma.length, XattrMode.CREATE, th);
                o.declareXattrSet(LinkEa.XATTR_NAME, linkEa.length, XattrMode.SET, th);
                DirectoryIndex cdir = ctx.dir(o);
                cdir.declareInsert(".", th);
                cdir.declareInsert("..", th);
                o.declareRefAdd(th);
                agents.declareInsert(agent, th);
                part.declare(ca, th);
                th.start();
                o.create(ca, hint, ObjectFormat.DIR, th);
                MddContext.setXattr(o, Lma.XATTR_NAME, lma, XattrMode.CREATE, th);
                MddContext.setXattr(o, LinkEa.XATTR_NAME, linkEa, XattrMode.SET, th);
                cdir.insert(".", child, FileMode.S_IFDIR, th);
                cdir.insert("..", parent, FileMode.S_IFDIR, th);
                o.refAdd(th);
                agents.insert(agent, child, FileMode.S_IFDIR, th);
                part.apply(th);
            }
            return MdAttr.of(child, o.attrGet(), null);
        }
    }

    /**
     * See {@link Mdd#unlinkRemoteParent}: {@code child} must be an empty directory whose LinkEA
     * names {@code (parent, name)}; then it leaves REMOTE_PARENT_DIR and is destroyed.
     */
    MdAttr unlink(Cred cred, Fid parent, LuAttr pa, byte[] name, Fid child, TxnPart part) throws LustreException {
        Names.check(name, ctx.conf.maxNameLen());
        try (Locks l = Locks.of(ctx.dev, child, Format.REMOTE_PARENT_FID)) {
            OsdObject o = l.get(child);
            LuAttr ca = ctx.attrs(o);
            if (!FileMode.isDir(ca.mode())) {
                throw new LustreException(Errno.ENOTDIR, child + " is not a directory");
            }
            LinkEa links = MddContext.linkEa(o);
            if (!links.contains(parent, name)) {
                throw new LustreException(Errno.ENOENT, child + " has no name '" + Names.show(name) + "' in " + parent);
            }
            Access.check(cred, pa, Optional.empty(), Access.MAY_WRITE | Access.MAY_EXEC);
            DirectoryIndex cdir = ctx.dir(o);
            if (cdir.size() > 2) {
                throw new LustreException(Errno.ENOTEMPTY, "directory " + child + " is not empty");
            }
            destroy(l, child, ca, part);
            return MdAttr.of(child, ca.nlink(0), null);
        }
    }

    /** Destroys what {@link #create} made, when the parent's side failed (no transno: nothing happened). */
    void undo(Fid child) throws LustreException {
        try (Locks l = Locks.of(ctx.dev, child, Format.REMOTE_PARENT_FID)) {
            destroy(l, child, null, null);
        }
    }

    /**
     * Removes {@code child}'s REMOTE_PARENT_DIR entry and destroys it, in one transaction with
     * {@code part} (for {@code child}'s attributes {@code ca}); a local one when {@code part} is
     * null (an undo).
     */
    private void destroy(Locks l, Fid child, LuAttr ca, TxnPart part) throws LustreException {
        OsdObject o = l.get(child);
        DirectoryIndex agents = ctx.dir(l.get(Format.REMOTE_PARENT_FID));
        byte[] agent = agentName(child);
        try (Transaction th = ctx.transaction()) {
            agents.declareDelete(agent, th);
            o.declareDestroy(th);
            if (part == null) {
                th.startLocal();
            } else {
                part.declare(ca, th);
                th.start();
            }
            agents.delete(agent, th);
            o.destroy(th);
            if (part != null) {
                part.apply(th);
            }
        }
    }
}
