package org.jlustre.mdt;

import java.lang.foreign.MemorySegment;
import org.jlustre.common.Errno;
import org.jlustre.common.Fid;
import org.jlustre.common.FileMode;
import org.jlustre.common.LustreException;
import org.jlustre.common.debug.DebugMask;
import org.jlustre.common.fail.FailLoc;
import org.jlustre.mdt.mdd.CreateSpec;
import org.jlustre.mdt.mdd.MdAttr;
import org.jlustre.mdt.mdd.RenameResult;
import org.jlustre.mdt.mdd.SetattrSpec;
import org.jlustre.mdt.mdd.UnlinkResult;
import org.jlustre.mdt.perm.Cred;
import org.jlustre.osd.LuAttr;
import org.jlustre.osd.XattrMode;
import org.jlustre.ptlrpc.ServerRequest;
import org.jlustre.wire.MdtBody;
import org.jlustre.wire.mdt.MdsAttr;
import org.jlustre.wire.mdt.MdtRec;
import org.jlustre.wire.ost.ObdMd;

/**
 * MDS_REINT ({@code mdt_reint}, lustre/mdt/mdt_reint.c with the unpackers of mdt_lib.c): the
 * record's opcode picks the operation, each with the request buffers of its {@code RQF_MDS_REINT_*}
 * format and the reply buffers Lustre packs. An opcode outside 1..{@code REINT_MAX} is EINVAL
 * ({@code mdt_reint_internal}: "wrong reint opcode"), one Lustre defines but this MDT does not
 * run (MIGRATE, RESYNC, RMENTRY) is EOPNOTSUPP. Every update runs in the target's transno
 * context ({@link MdtRecovery}) so a resent request is answered from what it did the first time.
 */
final class MdtReint {

    /** {@code OBD_FAIL_MDS_REINT_NET_REP}: a REINT's reply is dropped after it ran (the client resends it). */
    static final int OBD_FAIL_MDS_REINT_NET_REP = 0x119;
    /** {@code PATH_MAX}: a symlink target's bytes with the NUL. */
    static final int PATH_MAX = 4096;
    /** {@code XATTR_CREATE} (Linux, in sx_flags). */
    static final int XATTR_CREATE = 1;
    /** {@code XATTR_REPLACE}. */
    static final int XATTR_REPLACE = 2;

    private MdtReint() {
    }

    /** MDS_REINT; under fail_loc {@link #OBD_FAIL_MDS_REINT_NET_REP} its reply is dropped ({@code target_send_reply}). */
    static void reint(Mdt mdt, ServerRequest req) throws LustreException {
        try {
            reintOp(mdt, req);
        } finally {
            if (mdt.libcfs().failLoc().checkOrset(OBD_FAIL_MDS_REINT_NET_REP, FailLoc.ONCE)) {
                mdt.libcfs().debug().logf(DebugMask.S_MDS, DebugMask.D_ERROR, "%s: x%d: dropping reply (fail_loc 0x%x)",
                        mdt.name(), req.xid(), OBD_FAIL_MDS_REINT_NET_REP);
                req.dropReply();
            }
        }
    }

    private static void reintOp(Mdt mdt, ServerRequest req) throws LustreException {
        MdtRec rec = MdtWire.rec(req);
        int op = rec.opcode();
        if (op <= 0 || op >= MdtRec.REINT_MAX) {
            throw new LustreException(Errno.EINVAL, mdt.name() + ": wrong reint opcode " + Integer.toUnsignedString(op)
                    + " from " + req.peer());
        }
        if (MdtRecovery.reconstruct(mdt, req, rec)) {
            return;
        }
        Cred cred = MdtWire.cred(mdt, req, rec);
        switch (op) {
            case MdtRec.REINT_CREATE -> MdtRecovery.run(mdt, req, () -> create(mdt, req, rec, cred));
            case MdtRec.REINT_LINK -> MdtRecovery.run(mdt, req, () -> link(mdt, req, rec, cred));
            case MdtRec.REINT_UNLINK -> MdtRecovery.run(mdt, req, () -> unlink(mdt, req, rec, cred));
            case MdtRec.REINT_RENAME -> MdtRecovery.run(mdt, req, () -> rename(mdt, req, rec, cred));
            case MdtRec.REINT_SETATTR -> MdtRecovery.run(mdt, req, () -> setattr(mdt, req, rec, cred));
            case MdtRec.REINT_SETXATTR -> MdtRecovery.run(mdt, req, () -> setxattr(mdt, req, rec, cred));
            case MdtRec.REINT_OPEN -> MdtRecovery.run(mdt, req, () -> MdtOpen.open(mdt, req, rec, cred));
            default -> throw new LustreException(Errno.EOPNOTSUPP, mdt.name() + ": reint opcode " + op
                    + " (" + opName(op) + ") is not served by this MDT");
        }
    }

    /** The name of a REINT opcode, for messages. */
    static String opName(int op) {
        return switch (op) {
            case MdtRec.REINT_SETATTR -> "setattr";
            case MdtRec.REINT_CREATE -> "create";
            case MdtRec.REINT_LINK -> "link";
            case MdtRec.REINT_UNLINK -> "unlink";
            case MdtRec.REINT_RENAME -> "rename";
            case MdtRec.REINT_OPEN -> "open";
            case MdtRec.REINT_SETXATTR -> "setxattr";
            case MdtRec.REINT_RMENTRY -> "rmentry";
            case MdtRec.REINT_MIGRATE -> "migrate";
            case MdtRec.REINT_RESYNC -> "resync";
            default -> "unknown";
        };
    }

    /** The reply body with {@code a}'s attributes. */
    static MdtBody attrsBody(MdAttr a) {
        return MdtWire.pack(new MdtBody(), a);
    }

    /** Writes {@code body} into reply buffer 1 of a reply laid out with {@code lens}. */
    static void reply(ServerRequest req, MdtBody body, int... lens) {
        req.packReply(lens);
        body.write(req.replyBuf(1), 0);
    }

    /** The FID a client chose for a new object ({@code fid_is_sane}); EINVAL naming it otherwise. */
    static Fid newFid(Mdt mdt, Fid f) throws LustreException {
        if (f.seq() < Fid.SEQ_NORMAL || f.oid() == 0) {
            throw new LustreException(Errno.EINVAL, mdt.name() + ": " + f + " is not a FID a client may create");
        }
        return f;
    }

    /**
     * REINT_CREATE ({@code mdt_reint_create}): mkdir, mknod (regular files, FIFOs, sockets,
     * devices) and symlink in {@code cr_fid1} with the client's FID {@code cr_fid2}; buffers
     * rec, capa, name (3), eadata (4: a symlink's target with its NUL, or a layout). Reply
     * {@code RQF_MDS_REINT_CREATE}: body (the new object), capa.
     */
    static void create(Mdt mdt, ServerRequest req, MdtRec rec, Cred cred) throws LustreException {
        long start = System.nanoTime();
        byte[] name = MdtWire.name(req, 3);
        Fid child = newFid(mdt, rec.fid2());
        int mode = rec.crMode();
        int type = mode & FileMode.S_IFMT;
        CreateSpec spec = switch (type) {
            case FileMode.S_IFLNK -> CreateSpec.symlink(symlinkTarget(mdt, req));
            case FileMode.S_IFCHR, FileMode.S_IFBLK -> new CreateSpec(mode, (int) rec.crRdev(), rec.crUmask(), null, null,
                    0, -1);
            case FileMode.S_IFDIR, FileMode.S_IFREG -> new CreateSpec(mode, 0, rec.crUmask(), null,
                    layoutOrNull(MdtWire.bytes(req, 4)), 0, -1);
            case FileMode.S_IFIFO, FileMode.S_IFSOCK -> new CreateSpec(mode, 0, rec.crUmask(), null, null, 0, -1);
            default -> throw new LustreException(Errno.EINVAL, mdt.name() + ": create of mode 0"
                    + Integer.toOctalString(mode) + ": no such file type");
        };
        if (rec.crTime() > 0) {
            spec = spec.withTime(rec.crTime());
        }
        // a remote directory: the inode here, the name on the parent's MDT (MdtDne)
        MdAttr a = MdtDne.isRemote(mdt, rec.fid1()) ? MdtDne.createRemote(mdt, cred, rec.fid1(), name, child, spec)
                : mdt.mdd().create(cred, rec.fid1(), name, child, spec);
        reply(req, attrsBody(a), MdtBody.SIZE, 0);
        mdt.count(req, type == FileMode.S_IFDIR ? "mkdir" : "mknod", start);
    }

    /** A layout the client sent, or null for an empty buffer. */
    private static byte[] layoutOrNull(byte[] ea) {
        return ea.length == 0 ? null : ea;
    }

    /** A symlink's target (buffer 4, with its NUL): 1..PATH_MAX-1 bytes, else ENAMETOOLONG or EINVAL. */
    private static byte[] symlinkTarget(Mdt mdt, ServerRequest req) throws LustreException {
        byte[] raw = MdtWire.bytes(req, 4);
        int len = raw.length;
        while (len > 0 && raw[len - 1] == 0) {
            len--;
        }
        if (len == 0) {
            throw new LustreException(Errno.EINVAL, mdt.name() + ": symlink without a target");
        }
        if (len >= PATH_MAX) {
            throw new LustreException(Errno.ENAMETOOLONG, mdt.name() + ": symlink target of " + len
                    + " bytes is longer than " + (PATH_MAX - 1));
        }
        for (int i = 0; i < len; i++) {
            if (raw[i] == 0) {
                throw new LustreException(Errno.EINVAL, mdt.name() + ": symlink target has a NUL at byte " + i);
            }
        }
        byte[] t = new byte[len];
        System.arraycopy(raw, 0, t, 0, len);
        return t;
    }

    /**
     * REINT_LINK ({@code mdt_reint_link}): a new name (buffer 4, after two capas) in the
     * directory {@code fid2} for the object {@code fid1}. Reply {@code RQF_MDS_REINT_LINK}: body.
     */
    static void link(Mdt mdt, ServerRequest req, MdtRec rec, Cred cred) throws LustreException {
        long start = System.nanoTime();
        byte[] name = MdtWire.name(req, 4);
        mdt.mdd().link(cred, rec.fid1(), rec.fid2(), name);
        reply(req, new MdtBody(), MdtBody.SIZE);
        mdt.count(req, "link", start);
    }

    /**
     * REINT_UNLINK ({@code mdt_reint_unlink}): the name (buffer 3) in {@code fid1}; the record's
     * mode says rmdir (S_IFDIR) or unlink, as the client's VFS call did. Reply
     * {@code RQF_MDS_REINT_UNLINK}: body (the object after: nlink 0 when its last name went),
     * mdt_md, logcookies, capa, capa.
     */
    static void unlink(Mdt mdt, ServerRequest req, MdtRec rec, Cred cred) throws LustreException {
        long start = System.nanoTime();
        byte[] name = MdtWire.name(req, 3);
        boolean rmdir = (rec.entryMode() & FileMode.S_IFMT) == FileMode.S_IFDIR;
        if (MdtDne.isRemote(mdt, rec.fid1())) { // the directory is here, its name on the parent's MDT
            reply(req, attrsBody(MdtDne.unlinkRemote(mdt, cred, rec.fid1(), name, rec.fid2())), MdtBody.SIZE, 0, 0,
                    0, 0);
            mdt.count(req, "rmdir", start);
            return;
        }
        Fid named = mdt.mdd().lookupFid(cred, rec.fid1(), name);
        if (MdtDne.isRemote(mdt, named)) {
            // mdt_reint_unlink: the client sends it again to the child's MDT
            reply(req, new MdtBody().fid1(named).valid(ObdMd.FLID | ObdMd.MDS), MdtBody.SIZE, 0, 0, 0, 0);
            throw new LustreException(Errno.EREMOTE, mdt.name() + ": '" + new String(name,
                    java.nio.charset.StandardCharsets.UTF_8) + "' in " + rec.fid1() + " is " + named
                    + ", on another MDT");
        }
        UnlinkResult r = mdt.mdd().unlink(cred, rec.fid1(), name, rmdir);
        reply(req, attrsBody(r.attr()), MdtBody.SIZE, 0, 0, 0, 0);
        mdt.count(req, rmdir ? "rmdir" : "unlink", start);
    }

    /**
     * REINT_RENAME ({@code mdt_reint_rename}): the old name (buffer 4) in {@code fid1} to the new
     * name (buffer 5) in {@code fid2}, replacing what the new name had. Reply
     * {@code RQF_MDS_REINT_RENAME}: body (what was replaced, if anything), mdt_md, logcookies,
     * capa, capa.
     */
    static void rename(Mdt mdt, ServerRequest req, MdtRec rec, Cred cred) throws LustreException {
        long start = System.nanoTime();
        byte[] oldName = MdtWire.name(req, 4);
        byte[] newName = MdtWire.name(req, 5);
        RenameResult r = mdt.mdd().rename(cred, rec.fid1(), oldName, rec.fid2(), newName);
        MdtBody body = r.replaced() != null ? attrsBody(r.replaced().attr()) : new MdtBody();
        reply(req, body, MdtBody.SIZE, 0, 0, 0, 0);
        mdt.count(req, "rename", start);
        mdt.count(req, rec.fid1().equals(rec.fid2()) ? "samedir_rename" : "crossdir_rename", start);
    }

    /**
     * REINT_SETATTR ({@code mdt_reint_setattr}, {@code mdt_attr_valid_xlate}): MDS_ATTR_* bits to
     * the namespace's; ATIME_SET/MTIME_SET mean times the caller chose (owner only), without
     * them the times are "now" (writers may). A layout in eadata (buffer 4) on a directory sets
     * its default striping ({@code lfs setstripe DIR}). Reply {@code RQF_MDS_REINT_SETATTR}: body,
     * mdt_md, acl, capa, capa.
     */
    static void setattr(Mdt mdt, ServerRequest req, MdtRec rec, Cred cred) throws LustreException {
        long start = System.nanoTime();
        long v = rec.saValid();
        Fid fid = rec.fid1();
        byte[] lum = MdtWire.bytes(req, 4);
        if (lum.length > 0) {
            MdAttr a = mdt.mdd().getattr(fid);
            if (a.type() != FileMode.S_IFDIR) {
                throw new LustreException(Errno.EINVAL, mdt.name() + ": a layout given by setattr is a directory's "
                        + "default; " + fid + " is not a directory");
            }
            mdt.mdd().setxattr(cred, fid, "trusted.lov", lum, XattrMode.SET);
        }
        SetattrSpec spec = spec(v, rec);
        MdAttr after = spec.valid() != 0 ? mdt.mdd().setattr(cred, fid, spec) : mdt.mdd().getattr(fid, true);
        reply(req, attrsBody(after), MdtBody.SIZE, 0, 0, 0, 0);
        mdt.count(req, "setattr", start);
    }

    /** The namespace's setattr for a record's MDS_ATTR_* bits ({@code mdt_attr_valid_xlate}). */
    static SetattrSpec spec(long v, MdtRec rec) {
        long la = 0;
        la |= (v & MdsAttr.MODE) != 0 ? LuAttr.LA_MODE : 0;
        la |= (v & MdsAttr.UID) != 0 ? LuAttr.LA_UID : 0;
        la |= (v & MdsAttr.GID) != 0 ? LuAttr.LA_GID : 0;
        la |= (v & MdsAttr.SIZE) != 0 ? LuAttr.LA_SIZE : 0;
        la |= (v & MdsAttr.ATIME) != 0 ? LuAttr.LA_ATIME : 0;
        la |= (v & MdsAttr.MTIME) != 0 ? LuAttr.LA_MTIME : 0;
        la |= (v & MdsAttr.CTIME) != 0 ? LuAttr.LA_CTIME : 0;
        la |= (v & MdsAttr.ATTR_FLAG) != 0 ? LuAttr.LA_FLAGS : 0;
        la |= (v & MdsAttr.PROJID) != 0 ? LuAttr.LA_PROJID : 0;
        la |= (v & MdsAttr.KILL_SUID) != 0 ? LuAttr.LA_KILL_SUID : 0;
        la |= (v & MdsAttr.KILL_SGID) != 0 ? LuAttr.LA_KILL_SGID : 0;
        boolean explicit = (v & (MdsAttr.ATIME_SET | MdsAttr.MTIME_SET)) != 0;
        return new SetattrSpec(la, rec.saMode(), rec.saUid(), rec.saGid(), rec.saSize(), rec.saAtime(), rec.saMtime(),
                rec.saCtime(), rec.saAttrFlags(), rec.saProjid(), explicit);
    }

    /**
     * REINT_SETXATTR ({@code mdt_reint_setxattr}): sx_valid FLXATTR sets the xattr named in
     * buffer 3 to buffer 4 (its whole length, as {@code mdt_setxattr_unpack} takes it; XATTR_CREATE /
     * XATTR_REPLACE in sx_flags), FLXATTRRM
     * removes it. A value larger than the OSD takes is E2BIG. Reply body.
     */
    static void setxattr(Mdt mdt, ServerRequest req, MdtRec rec, Cred cred) throws LustreException {
        long start = System.nanoTime();
        String name = MdtWire.string(req, 3, "xattr name");
        if (name.isEmpty()) {
            throw new LustreException(Errno.EINVAL, mdt.name() + ": setxattr without a name");
        }
        Fid fid = rec.fid1();
        long valid = rec.sxValid();
        if ((valid & ObdMd.FLXATTRRM) != 0) {
            mdt.mdd().removexattr(cred, fid, name);
        } else if ((valid & ObdMd.FLXATTR) != 0) {
            // the value's length is its buffer's (mdt_setxattr_unpack: rr_eadatalen); a 2.15 client sends sx_size 0
            byte[] v = MdtWire.bytes(req, 4);
            int max = Math.min(mdt.osd().conf().maxEaSize(), MdtHandlers.XATTR_SIZE_MAX);
            if (v.length > max) {
                throw new LustreException(Errno.E2BIG, mdt.name() + ": xattr " + name + " of " + v.length
                        + " bytes is larger than " + max);
            }
            int flags = rec.sxFlags();
            XattrMode mode = (flags & XATTR_CREATE) != 0 ? XattrMode.CREATE
                    : (flags & XATTR_REPLACE) != 0 ? XattrMode.REPLACE : XattrMode.SET;
            mdt.mdd().setxattr(cred, fid, name, v, mode);
        } else {
            throw new LustreException(Errno.EINVAL, mdt.name() + ": setxattr with sx_valid 0x" + Long.toHexString(valid)
                    + ": neither OBD_MD_FLXATTR nor OBD_MD_FLXATTRRM");
        }
        reply(req, new MdtBody(), MdtBody.SIZE);
        mdt.count(req, "setxattr", start);
    }

    /** Copies {@code b} into reply buffer {@code i}. */
    static void copy(ServerRequest req, int i, byte[] b) {
        MemorySegment.copy(MemorySegment.ofArray(b), 0, req.replyBuf(i), 0, b.length);
    }
}
