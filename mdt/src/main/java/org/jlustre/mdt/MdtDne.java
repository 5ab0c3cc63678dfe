package org.jlustre.mdt;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.jlustre.common.Errno;
import org.jlustre.common.Fid;
import org.jlustre.common.FileMode;
import org.jlustre.common.LustreException;
import org.jlustre.fid.FldClient;
import org.jlustre.mdt.mdd.CreateSpec;
import org.jlustre.mdt.mdd.MdAttr;
import org.jlustre.mdt.osp.OspMdt;
import org.jlustre.mdt.out.OutAttrs;
import org.jlustre.mdt.perm.Cred;
import org.jlustre.osd.LuAttr;
import org.jlustre.wire.fid.LuSeqRange;
import org.jlustre.wire.mdt.LinkEa;
import org.jlustre.wire.out.ObjectUpdate;
import org.jlustre.wire.out.ObjectUpdateReply.Result;
import org.jlustre.wire.out.UpdateType;
import org.jlustre.wire.ost.Obdo;

/**
 * Remote directories (DNE phase 1 as Lustre 2.15 runs it): the directory's inode lives on the
 * MDT the client sent the mkdir to (the one its FID's sequence belongs to, {@code lfs mkdir -i}),
 * its name in the parent on the parent's MDT. The MDT holding the inode makes it locally and
 * changes the parent's MDT over OUT_UPDATE ({@code mdd_create} over a remote parent: lod and osp
 * turn the parent's index insert, link count and times into updates); rmdir goes the same way
 * back. The parent's MDT, asked by name for a child that lives elsewhere, answers with the FID
 * and {@code OBD_MD_MDS} ({@code mdt_getattr_internal}) or {@code -EREMOTE}
 * ({@code mdt_reint_unlink}), and the client goes to the child's MDT.
 *
 * <p>Where a FID lives is the FLD's answer: this MDT's fld (MDT0's controller knows every
 * range), MDT0's over FLD_QUERY otherwise; ROOT and {@code .lustre} are MDT0's.
 */
final class MdtDne {

    /** {@code sizeof(struct lu_fid)}. */
    private static final int FID_SIZE = 16;
    private static final byte[] DOT = {'.'};
    private static final byte[] DOTDOT = {'.', '.'};

    private MdtDne() {
    }

    /** The index of the MDT holding {@code fid} ({@code fld_server_lookup}). */
    static int mdtOf(Mdt mdt, Fid fid) throws LustreException {
        MdtStack s = mdt.stack();
        if (!fid.isNormal()) {
            return fid.isRootSeq() || fid.isDotLustre() ? 0 : s.index();
        }
        Optional<LuSeqRange> known = s.fid().fld().find(fid.seq());
        if (known.isPresent()) {
            return known.get().index();
        }
        if (s.index() == 0) {
            return 0; // the controller's fld has every granted range: not in it is nobody's
        }
        return FldClient.over(osp(mdt, 0).imp()).lookup(fid.seq(), LuSeqRange.MDT).index();
    }

    /** Whether {@code fid} lives on another MDT. */
    static boolean isRemote(Mdt mdt, Fid fid) throws LustreException {
        return mdtOf(mdt, fid) != mdt.index();
    }

    /** The OSP to MDT {@code index}: EREMOTE naming it while the config log has not added it. */
    private static OspMdt osp(Mdt mdt, int index) throws LustreException {
        return mdt.stack().mdts().get(index).orElseThrow(() -> new LustreException(Errno.EREMOTE, mdt.name()
                + ": MDT" + String.format("%04x", index) + " is not connected (no osp to it in the config log yet)"));
    }

    /** The parent's attributes, from its MDT (OUT_ATTR_GET). */
    private static LuAttr parentAttrs(OspMdt osp, Fid parent) throws LustreException {
        Result r = osp.update(List.of(new ObjectUpdate(UpdateType.ATTR_GET, Obdo.SIZE, 0, 0, parent,
                List.of()))).getFirst();
        return OutAttrs.toAttr(Obdo.read(MemorySegment.ofArray(r.data()), 0, false));
    }

    /** The FID {@code name} names in {@code parent} on its MDT (OUT_INDEX_LOOKUP): ENOENT. */
    private static Fid lookup(OspMdt osp, Fid parent, byte[] name) throws LustreException {
        Result r = osp.update(List.of(new ObjectUpdate(UpdateType.INDEX_LOOKUP, 256, 0, 0, parent,
                List.of(cstr(name))))).getFirst();
        if (r.data().length != FID_SIZE) {
            throw new LustreException(Errno.EPROTO, osp.name() + ": index_lookup answered " + r.data().length
                    + " bytes");
        }
        return Fid.readLE(MemorySegment.ofArray(r.data()), 0);
    }

    /** Whether {@code name} exists in {@code parent} on its MDT. */
    private static boolean exists(OspMdt osp, Fid parent, byte[] name) throws LustreException {
        try {
            lookup(osp, parent, name);
            return true;
        } catch (LustreException e) {
            if (e.errno() == Errno.ENOENT) {
                return false;
            }
            throw e;
        }
    }

    /**
     * mkdir of {@code child} (a FID of this MDT) as {@code name} in {@code parent} on another MDT:
     * the name is checked there (EEXIST), the inode made here, then the parent's entry, link
     * count and times set there in one batch; if that fails the inode is destroyed again.
     */
    static MdAttr createRemote(Mdt mdt, Cred cred, Fid parent, byte[] name, Fid child, CreateSpec spec)
            throws LustreException {
        if ((spec.mode() & FileMode.S_IFMT) != FileMode.S_IFDIR) {
            throw new LustreException(Errno.EREMOTE, mdt.name() + ": " + parent + " is on another MDT: only a "
                    + "directory is made here under it");
        }
        OspMdt osp = osp(mdt, mdtOf(mdt, parent));
        LuAttr pa = parentAttrs(osp, parent);
        if (!FileMode.isDir(pa.mode())) {
            throw new LustreException(Errno.ENOTDIR, mdt.name() + ": " + parent + " is not a directory");
        }
        if (exists(osp, parent, name)) {
            throw new LustreException(Errno.EEXIST, mdt.name() + ": '" + show(name) + "' exists in " + parent);
        }
        long batch = mdt.stack().mdts().nextBatch();
        DistributedTxn txn = new DistributedTxn(mdt, osp, batch, ca -> List.of(
                ObjectUpdate.of(UpdateType.CREATE, batch, child, OutAttrs.toObdo(ca, ca.valid()).toBytes(), fid(parent)),
                ObjectUpdate.of(UpdateType.XATTR_SET, batch, child, cstr(LinkEa.XATTR_NAME.getBytes(
                        StandardCharsets.US_ASCII)), linkEa(parent, name, ca.ctime()), u32(0)),
                ObjectUpdate.of(UpdateType.INDEX_INSERT, batch, child, cstr(DOT), fid(child), u32(FileMode.S_IFDIR)),
                ObjectUpdate.of(UpdateType.INDEX_INSERT, batch, child, cstr(DOTDOT), fid(parent), u32(FileMode.S_IFDIR)),
                ObjectUpdate.of(UpdateType.REF_ADD, batch, child)),
                ca -> List.of(
                        ObjectUpdate.of(UpdateType.INDEX_INSERT, batch, parent, cstr(name), fid(child),
                                u32(FileMode.S_IFDIR)),
                        ObjectUpdate.of(UpdateType.REF_ADD, batch, parent),
                        ObjectUpdate.of(UpdateType.ATTR_SET, batch, parent, times(ca.ctime()))));
        MdAttr made = mdt.mdd().createRemoteParent(cred, parent, pa, name, child, spec, txn);
        try {
            txn.sendRemote();
        } catch (LustreException e) {
            mdt.mdd().undoRemoteParent(child);
            throw e;
        }
        return made;
    }

    /**
     * rmdir of the directory (here) named {@code name} in {@code parent} on another MDT, its FID
     * looked up there ({@code asked}, the record's {@code fid2}, must match unless zero): the
     * directory is checked and removed here, then its name, the parent's link and times there.
     */
    static MdAttr unlinkRemote(Mdt mdt, Cred cred, Fid parent, byte[] name, Fid asked) throws LustreException {
        OspMdt osp = osp(mdt, mdtOf(mdt, parent));
        LuAttr pa = parentAttrs(osp, parent);
        Fid child = lookup(osp, parent, name);
        if (!asked.isZero() && !asked.equals(child)) {
            throw new LustreException(Errno.ENOENT, mdt.name() + ": name '" + show(name) + "' cannot find " + asked
                    + " (it names " + child + ")");
        }
        long batch = mdt.stack().mdts().nextBatch();
        long now = mdt.libcfs().time().realSeconds();
        DistributedTxn txn = new DistributedTxn(mdt, osp, batch, ca -> List.of(
                ObjectUpdate.of(UpdateType.REF_DEL, batch, child),
                ObjectUpdate.of(UpdateType.DESTROY, batch, child)),
                ca -> List.of(ObjectUpdate.of(UpdateType.INDEX_DELETE, batch, parent, cstr(name)),
                        ObjectUpdate.of(UpdateType.REF_DEL, batch, parent),
                        ObjectUpdate.of(UpdateType.ATTR_SET, batch, parent, times(now))));
        MdAttr gone = mdt.mdd().unlinkRemoteParent(cred, parent, pa, name, child, txn);
        txn.sendRemote();
        return gone;
    }

    private static byte[] linkEa(Fid parent, byte[] name, long time) {
        LinkEa links = LinkEa.empty();
        links.add(parent, name, time);
        return links.toBytes();
    }

    private static byte[] times(long t) {
        LuAttr la = new LuAttr().mtime(t).ctime(t).valid(LuAttr.LA_MTIME | LuAttr.LA_CTIME);
        return OutAttrs.toObdo(la, la.valid()).toBytes();
    }

    private static byte[] cstr(byte[] name) {
        return Arrays.copyOf(name, name.length + 1);
    }

    private static byte[] fid(Fid f) {
        byte[] b = new byte[FID_SIZE];
        f.writeLE(MemorySegment.ofArray(b), 0);
        return b;
    }

    private static byte[] u32(int v) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array();
    }

    private static String show(byte[] name) {
        return new String(name, StandardCharsets.UTF_8);
    }
}
