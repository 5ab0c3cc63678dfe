package org.jlustre.mdt.mdd;

import java.lang.foreign.MemorySegment;
import java.util.concurrent.TimeUnit;
import org.jlustre.common.Errno;
import org.jlustre.common.Fid;
import org.jlustre.common.FileMode;
import org.jlustre.common.LustreException;
import org.jlustre.mdt.perm.Cred;
import org.jlustre.osd.DeviceParams;
import org.jlustre.osd.DirectoryIndex;
import org.jlustre.osd.IndexFeatures;
import org.jlustre.osd.LuAttr;
import org.jlustre.osd.OsdDevice;
import org.jlustre.osd.OsdObject;
import org.jlustre.osd.Transaction;
import org.jlustre.osd.XattrMode;
import org.jlustre.wire.mdt.LinkEa;
import org.jlustre.wire.mdt.Lma;

/**
 * What every MDD operation shares ({@code struct mdd_device}): the OSD, the configuration, the
 * layout layer, the OSD's limits, PENDING, the open counts, and the small steps operations are
 * made of (reading attributes with the LMA check, the xattrs MDD keeps on every object).
 *
 * <p>Thread-safe: fields are final; the open table is concurrent.
 */
final class MddContext {

    /** The OSD below. */
    final OsdDevice dev;
    /** How this MDD runs. */
    final MddConfig cfg;
    /** The layout layer, or null when files get no OST objects. */
    final LayoutOps layouts;
    /** The OSD's limits ({@code mdd_dt_conf}). */
    final DeviceParams conf;
    /** The root of the namespace, {@code [0x200000007:0x1:0x0]}. */
    final Fid root;
    /** The orphan directory. */
    final Orphans orphans;
    /** Open counts and orphan marks. */
    final OpenFiles open = new OpenFiles();
    /** Permission checks. */
    final Access access;

    MddContext(OsdDevice dev, MddConfig cfg, LayoutOps layouts, Fid root, Fid pending) throws LustreException {
        this.dev = dev;
        this.cfg = cfg;
        this.layouts = layouts;
        this.conf = dev.conf();
        this.root = root;
        this.orphans = new Orphans(this, pending);
        this.access = new Access(cfg.acl());
    }

    /** Seconds since the epoch by the configured clock. */
    long now() {
        return TimeUnit.NANOSECONDS.toSeconds(cfg.time().realNanos());
    }

    /** A started transaction handle for one operation; the caller declared into it first. */
    Transaction transaction() throws LustreException {
        return dev.transCreate();
    }

    /**
     * The attributes of an existing object that MDD may use: ENOENT naming the FID when it does
     * not exist, EOPNOTSUPP when its LMA has an incompat bit 2.15 does not know.
     */
    LuAttr attrs(OsdObject o) throws LustreException {
        if (!o.exists()) {
            throw new LustreException(Errno.ENOENT, "no object " + o.fid());
        }
        Lma lma = lma(o);
        if (lma != null) {
            int unknown = lma.incompat() & ~Lma.INCOMPAT_SUPP;
            if (unknown != 0) {
                // osd_check_lma: an object with a feature this MDT does not know is not touched
                throw new LustreException(Errno.EOPNOTSUPP, "object " + o.fid()
                        + " has unsupported LMA incompat feature(s) 0x" + Integer.toHexString(unknown));
            }
        }
        LuAttr a = o.attrGet();
        if (lma != null && (lma.incompat() & Lma.LMAI_ORPHAN) != 0) {
            // mdd_la_get: an orphan's only link is its PENDING entry, which clients must not count
            a.nlink(0);
        }
        return a;
    }

    /** The attributes of an existing directory: ENOTDIR otherwise. */
    LuAttr dirAttrs(OsdObject o) throws LustreException {
        LuAttr a = attrs(o);
        if (!FileMode.isDir(a.mode())) {
            throw new LustreException(Errno.ENOTDIR, o.fid() + " is not a directory");
        }
        return a;
    }

    /**
     * The attributes of a directory a name is looked up in: ENOTDIR, ENOENT when it was removed
     * (an open orphan), EACCES without search permission.
     */
    LuAttr searchable(Cred cred, OsdObject dir) throws LustreException {
        LuAttr a = dirAttrs(dir);
        if (open.isOrphan(dir.fid())) {
            throw new LustreException(Errno.ENOENT, "directory " + dir.fid() + " was removed");
        }
        access.check(cred, dir, a, Access.MAY_EXEC);
        return a;
    }

    /** The directory index of an existing directory. */
    DirectoryIndex dir(OsdObject o) throws LustreException {
        return o.indexTry(IndexFeatures.DIRECTORY);
    }

    /** The object's LMA, or null when it has none. */
    Lma lma(OsdObject o) throws LustreException {
        byte[] b = o.xattrGetOrNull(Lma.XATTR_NAME);
        return b == null ? null : Lma.parse(b);
    }

    /**
     * An xattr's value, or null when absent. Most xattrs MDD looks for (ACLs, a parent's default
     * layout, a file's LOV EA on an MDT without OSTs) are usually missing, so absence is a return
     * value, as {@code dt_xattr_get}'s -ENODATA is in mdd_object.c, not an exception.
     */
    static byte[] xattrOrNull(OsdObject o, String name) throws LustreException {
        return o.xattrGetOrNull(name);
    }

    /** Sets an xattr in {@code th}. */
    static void setXattr(OsdObject o, String name, byte[] value, XattrMode mode, Transaction th)
            throws LustreException {
        o.xattrSet(name, MemorySegment.ofArray(value), mode, th);
    }

    /** What clients see of an object. */
    MdAttr mdAttr(OsdObject o, boolean withLayout) throws LustreException {
        LuAttr a = attrs(o);
        byte[] layout = withLayout ? xattrOrNull(o, XattrNames.LOV) : null;
        return MdAttr.of(o.fid(), a, layout);
    }

    /** Declares the LinkEA write of an object whose EA may grow by one entry of {@code name}. */
    static void declareLinkEa(OsdObject o, byte[] name, Transaction th) throws LustreException {
        o.declareXattrSet(LinkEa.XATTR_NAME, LinkEa.MAX_SIZE, XattrMode.SET, th);
    }

    /** The object's LinkEA, empty when it has none or it is damaged (old objects may lack it). */
    static LinkEa linkEa(OsdObject o) throws LustreException {
        byte[] b = xattrOrNull(o, LinkEa.XATTR_NAME);
        if (b == null) {
            return LinkEa.empty();
        }
        try {
            return LinkEa.parse(b);
        } catch (LustreException damaged) {
            return LinkEa.empty();
        }
    }

    /** Declares the destroy of an object and of the OST objects of its layout {@code lov} (or null). */
    void declareDestroy(OsdObject o, byte[] lov, Transaction th) throws LustreException {
        o.declareDestroy(th);
        if (lov != null && layouts != null) {
            layouts.declareDestroy(th, o.fid(), lov);
        }
    }

    /** Destroys an object and hands its OST objects to the layout layer ({@code mdo_destroy}). */
    void destroy(OsdObject o, byte[] lov, Transaction th) throws LustreException {
        Fid fid = o.fid();
        o.destroy(th);
        if (lov != null && layouts != null) {
            layouts.destroy(th, fid, lov);
        }
    }
}
