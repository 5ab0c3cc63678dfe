package org.jlustre.mdt.mdd;

import java.util.List;
import java.util.Objects;
import org.jlustre.common.Errno;
import org.jlustre.common.Fid;
import org.jlustre.common.LustreException;
import org.jlustre.mdt.perm.Cred;
import org.jlustre.osd.DirEntry;
import org.jlustre.osd.LuAttr;
import org.jlustre.osd.OsdDevice;
import org.jlustre.osd.OsdObject;
import org.jlustre.osd.XattrMode;
import org.jlustre.wire.ObdStatfs;

/**
 * The metadata namespace over an OSD (lustre/mdd): names, directories, links, attributes,
 * xattrs, open counts and orphans, with what Lustre's mdd keeps on the OSD (entries name -> FID
 * with type, {@code trusted.lma}, {@code trusted.link}, {@code trusted.lov} from the layout
 * layer, ACL xattrs).
 *
 * <p>Every updating operation runs as ONE OSD transaction that declares all its updates before
 * it starts (so the target's transaction hooks record it in last_rcvd), under the dt write
 * locks of the objects it changes, taken in ascending FID order. Permissions are checked with
 * the caller's {@link Cred} as Linux checks them. Errors are {@link LustreException}s with the
 * errno Lustre's MDT (or, where the MDT leaves it to the VFS, Linux) gives.
 *
 * <p>Thread-safe.
 */
public final class Mdd implements AutoCloseable {

    private final MddContext ctx;
    private final Creates creates;
    private final Removes removes;
    private final Renames renames;
    private final Attrs attrs;
    private final Opens opens;
    private final DirPages pages;
    private final RemoteDirs remoteDirs;
    /** Orphans the mount found in PENDING and destroyed. */
    private final int orphansCleaned;

    private Mdd(MddContext ctx, int orphansCleaned) {
        this.ctx = ctx;
        this.creates = new Creates(ctx);
        this.removes = new Removes(ctx);
        this.renames = new Renames(ctx, removes);
        this.attrs = new Attrs(ctx);
        this.opens = new Opens(ctx);
        this.pages = new DirPages(ctx);
        this.remoteDirs = new RemoteDirs(ctx);
        this.orphansCleaned = orphansCleaned;
    }

    /**
     * Mounts the namespace on {@code dev} ({@code mdd_prepare}): creates what MDT0 keeps on a
     * fresh OSD (ROOT [0x200000007:0x1:0x0] with its default LMV, .lustre, .lustre/fid,
     * .lustre/lost+found, PENDING, REMOTE_PARENT_DIR) when missing, then destroys the orphans a
     * previous mount left in PENDING.
     *
     * @param layouts the layout layer, or null when regular files get no OST objects
     */
    public static Mdd mount(OsdDevice dev, MddConfig cfg, LayoutOps layouts) throws LustreException {
        Objects.requireNonNull(dev, "dev");
        Objects.requireNonNull(cfg, "cfg");
        long now = java.util.concurrent.TimeUnit.NANOSECONDS.toSeconds(cfg.time().realNanos());
        Fid pending = Format.prepare(dev, now, cfg.mdtIndex());
        MddContext ctx = new MddContext(dev, cfg, layouts, Fid.ROOT, pending);
        int cleaned = ctx.orphans.cleanup();
        return new Mdd(ctx, cleaned);
    }

    /** The root of the namespace ({@code mdd_root_get}). */
    public Fid root() {
        return ctx.root;
    }

    /** PENDING's FID. */
    public Fid pending() {
        return ctx.orphans.pending;
    }

    /** How many orphans the mount destroyed. */
    public int orphansCleaned() {
        return orphansCleaned;
    }

    /** The OSD below. */
    public OsdDevice device() {
        return ctx.dev;
    }

    /** An object's attributes, without its layout. */
    public MdAttr getattr(Fid fid) throws LustreException {
        return getattr(fid, false);
    }

    /**
     * An object's attributes ({@code mdd_attr_get}), with its {@code trusted.lov} when
     * {@code withLayout}: ENOENT for a FID that does not exist, EOPNOTSUPP for an object with
     * an LMA incompat bit this MDT does not know.
     */
    public MdAttr getattr(Fid fid, boolean withLayout) throws LustreException {
        checkFid(fid);
        try (OsdObject o = ctx.dev.find(fid)) {
            return ctx.mdAttr(o, withLayout);
        }
    }

    /**
     * Looks a name up in a directory ({@code mdd_lookup}) with search permission on it, and
     * returns the child's attributes: ENOTDIR, EACCES, ENOENT; ".." of the root is the root.
     */
    public MdAttr lookup(Cred cred, Fid parent, byte[] name) throws LustreException {
        checkFid(parent);
        Names.check(name, ctx.conf.maxNameLen());
        try (OsdObject p = ctx.dev.find(parent)) {
            LuAttr pa = ctx.searchable(cred, p);
            Fid child;
            if (parent.equals(ctx.root) && name.length == 2 && name[0] == '.' && name[1] == '.') {
                child = ctx.root;
            } else {
                child = ctx.dir(p).lookup(name).map(DirEntry::fid).orElseThrow(
                        () -> new LustreException(Errno.ENOENT, "no entry '" + Names.show(name) + "' in " + parent));
            }
            try (OsdObject c = ctx.dev.find(child)) {
                return ctx.mdAttr(c, false);
            }
        }
    }

    /**
     * Creates {@code name} in {@code parent} as the object {@code child} ({@code mdd_create}):
     * regular files with the layout the layout layer chooses, directories with "." and "..",
     * symlinks with their target as body, device nodes, FIFOs and sockets. Errors: EINVAL and
     * ENAMETOOLONG for bad names, EEXIST when the name exists ("." and ".." always do) or the
     * FID is in use, EINVAL for a type MDD cannot make, ENAMETOOLONG for a symlink target over
     * the limit, ENOTDIR, ENOENT for a removed parent, EACCES without search and write
     * permission on the parent.
     *
     * @return the new object's attributes, with its layout
     */
    public MdAttr create(Cred cred, Fid parent, byte[] name, Fid child, CreateSpec spec) throws LustreException {
        checkFid(parent);
        return creates.create(cred, parent, name, child, spec);
    }

    /**
     * Creates the directory {@code child} for the name {@code name} in {@code parent}, which is
     * on another MDT (a remote directory, made where its inode lives): here only the inode, with
     * ".", "..", LinkEA and LMA, and its entry in REMOTE_PARENT_DIR; the caller has checked that
     * the name is free and inserts it in the parent (OUT_UPDATE), and calls
     * {@link #undoRemoteParent} if that fails. {@code parentAttrs} (the parent's mode, owner and
     * group from its MDT) decide the permission (write and search, EACCES) and the new
     * directory's group and mode. EINVAL for another type than a directory, EEXIST for a FID in use.
     */
    public MdAttr createRemoteParent(Cred cred, Fid parent, LuAttr parentAttrs, byte[] name, Fid child,
            CreateSpec spec, TxnPart part) throws LustreException {
        checkFid(parent);
        return remoteDirs.create(cred, parent, parentAttrs, name, child, spec, part);
    }

    /** Destroys what {@link #createRemoteParent} made, when the parent's MDT refused the name. */
    public void undoRemoteParent(Fid child) throws LustreException {
        checkFid(child);
        remoteDirs.undo(child);
    }

    /**
     * Removes the directory {@code child} whose name {@code name} is in {@code parent} on another
     * MDT: ENOTDIR, ENOTEMPTY, ENOENT when its LinkEA has no such name, EACCES without write and
     * search permission on the parent ({@code parentAttrs}); the caller removes the name there.
     *
     * @return the directory's attributes, with nlink 0
     */
    public MdAttr unlinkRemoteParent(Cred cred, Fid parent, LuAttr parentAttrs, byte[] name, Fid child,
            TxnPart part) throws LustreException {
        checkFid(parent);
        checkFid(child);
        return remoteDirs.unlink(cred, parent, parentAttrs, name, child, part);
    }

    /**
     * The FID {@code name} names in {@code parent}, with search permission on it, without
     * reading the child (which may live on another MDT): ENOENT, ENOTDIR, EACCES.
     */
    public Fid lookupFid(Cred cred, Fid parent, byte[] name) throws LustreException {
        checkFid(parent);
        Names.check(name, ctx.conf.maxNameLen());
        try (OsdObject p = ctx.dev.find(parent)) {
            ctx.searchable(cred, p);
            return ctx.dir(p).lookup(name).map(DirEntry::fid).orElseThrow(
                    () -> new LustreException(Errno.ENOENT, "no entry '" + Names.show(name) + "' in " + parent));
        }
    }

    /**
     * Adds the name {@code name} in {@code parent} for the existing {@code source}
     * ({@code mdd_link}): EPERM for a directory or an immutable or append-only source, EMLINK
     * at the link limit, EEXIST, EACCES as for create.
     */
    public MdAttr link(Cred cred, Fid source, Fid parent, byte[] name) throws LustreException {
        checkFid(source);
        checkFid(parent);
        return creates.link(cred, source, parent, name);
    }

    /**
     * Removes a name ({@code mdd_unlink}); {@code rmdir} says the caller expects a directory:
     * ENOTDIR / EISDIR otherwise, as Linux. A directory must be empty (ENOTEMPTY). At the last
     * link the object is destroyed with its OST objects, or moved to PENDING while it is open.
     * EPERM for the sticky rule, immutable or append-only objects and the system directories.
     */
    public UnlinkResult unlink(Cred cred, Fid parent, byte[] name, boolean rmdir) throws LustreException {
        checkFid(parent);
        return removes.unlink(cred, parent, name, rmdir);
    }

    /**
     * Renames {@code sp/sname} to {@code tp/tname} ({@code mdd_rename}), replacing a file or an
     * empty directory there; the same object under both names is a no-op. EINVAL for moving a
     * directory under itself, ENOTDIR / EISDIR / ENOTEMPTY for the replace rules, EBUSY for "."
     * or "..", EACCES / EPERM as unlink and create.
     */
    public RenameResult rename(Cred cred, Fid sp, byte[] sname, Fid tp, byte[] tname) throws LustreException {
        checkFid(sp);
        checkFid(tp);
        return renames.rename(cred, sp, sname, tp, tname);
    }

    /** Changes attributes ({@code mdd_attr_set}) with Linux's ownership rules; see {@link SetattrSpec}. */
    public MdAttr setattr(Cred cred, Fid fid, SetattrSpec spec) throws LustreException {
        checkFid(fid);
        return attrs.setattr(cred, fid, spec);
    }

    /**
     * Sets an xattr: {@code user.*} (with user_xattr, on files and directories, with write
     * permission), {@code trusted.*} and {@code lustre.*} (CAP_SYS_ADMIN), the POSIX ACLs (the
     * owner), {@code security.*}. E2BIG over the size limit, ERANGE for an empty or too long
     * name, EPERM for the xattrs the MDT keeps itself ({@code trusted.lma}, {@code trusted.link}).
     */
    public void setxattr(Cred cred, Fid fid, String name, byte[] value, XattrMode mode) throws LustreException {
        checkFid(fid);
        attrs.setxattr(cred, fid, name, value, mode);
    }

    /** An xattr's value: ENODATA when absent. */
    public byte[] getxattr(Cred cred, Fid fid, String name) throws LustreException {
        checkFid(fid);
        return attrs.getxattr(cred, fid, name);
    }

    /** The xattr names a client sees (without the LMA and the LinkEA). */
    public List<String> listxattr(Cred cred, Fid fid) throws LustreException {
        checkFid(fid);
        return attrs.listxattr(cred, fid);
    }

    /** Removes an xattr: ENODATA when absent. */
    public void removexattr(Cred cred, Fid fid, String name) throws LustreException {
        checkFid(fid);
        attrs.removexattr(cred, fid, name);
    }

    /** A symlink's target: EINVAL for anything else. */
    public byte[] readlink(Cred cred, Fid fid) throws LustreException {
        checkFid(fid);
        return attrs.readlink(cred, fid);
    }

    /**
     * Opens an object ({@code mdd_open}) with MDS_FMODE_* / MDS_OPEN_* {@code flags}: checks the
     * permission they need and counts the open; every open needs one {@link #close}.
     */
    public MdAttr open(Cred cred, Fid fid, int flags) throws LustreException {
        checkFid(fid);
        return opens.open(cred, fid, flags);
    }

    /** Counts a close ({@code mdd_close}); an unlinked object is destroyed at its last: EBADF if not open. */
    public void close(Fid fid) throws LustreException {
        checkFid(fid);
        opens.close(fid);
    }

    /** How many opens {@code fid} has. */
    public int openCount(Fid fid) {
        return ctx.open.count(fid);
    }

    /**
     * Reads a directory from {@code hash} into whole 4 KiB {@code lu_dirpage}s, at most
     * {@code bytes} of them ({@code mdd_readpage}); {@code ludaAttrs} are the LUDA_* bits of the
     * records. Read permission on the directory is needed.
     */
    public byte[] readdir(Cred cred, Fid dir, long hash, int bytes, int ludaAttrs) throws LustreException {
        checkFid(dir);
        return pages.readdir(cred, dir, hash, bytes, ludaAttrs);
    }

    /** The MDT's own space and objects ({@code mdd_statfs}: the OSD's). */
    public ObdStatfs statfs() throws LustreException {
        return ctx.dev.statfs();
    }

    /** Unmounts: open counts are forgotten (their orphans are cleaned at the next mount). */
    @Override
    public void close() {
    }

    private static void checkFid(Fid fid) throws LustreException {
        if (fid == null || fid.isZero() || !fid.isSane()) {
            throw new LustreException(Errno.EINVAL, "bad FID " + fid);
        }
    }
}
