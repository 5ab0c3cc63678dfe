package org.jlustre.mdc;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.List;
import org.jlustre.common.FileMode;
import org.jlustre.common.Fid;
import org.jlustre.ptlrpc.ClientRequest;
import org.jlustre.ptlrpc.Import;
import org.jlustre.wire.LuDirent;
import org.jlustre.wire.MdtBody;
import org.jlustre.wire.ObdStatfs;
import org.jlustre.wire.mdt.MdsAttr;
import org.jlustre.wire.mdt.MdsOpenFlags;
import org.jlustre.wire.mdt.MdtIoepoch;
import org.jlustre.wire.mdt.MdtRec;
import org.jlustre.wire.ost.ObdMd;
import org.jlustre.wire.ptlrpc.LustreMsg;
import org.jlustre.wire.ptlrpc.MsgFlags;
import org.jlustre.wire.ptlrpc.Opcodes;
import org.jlustre.wire.ptlrpc.Portals;
import org.jlustre.wire.ptlrpc.PtlrpcBody;

/**
 * The requests of the MDC, buffer for buffer as a 2.15 client builds them from the
 * {@code RQF_MDS_*} formats of lustre/ptlrpc/layout.c: a field of variable size the client never
 * sets ends the message, fields it sets to 0 (no security context, no SELinux policy, no
 * encryption context) stay as empty buffers, capabilities are empty buffers, and the ELC
 * {@code ldlm_request} of a REINT is 104 bytes naming no lock (no locks are cached here).
 * Packing follows lustre/mdc/mdc_lib.c ({@code mdc_*_pack}); names go as given, with their
 * NUL, unchecked: llite refuses names over NAME_MAX before the MDC sees them, and tests send
 * what a broken client would.
 */
final class MdcRequests {

    /** {@code sizeof(struct ldlm_request)}: the ELC buffer with no handle to cancel. */
    static final int LDLM_REQUEST_SIZE = 104;
    /** {@code sizeof(struct llog_cookie)}: what a client reserves for {@code RMF_LOGCOOKIES}. */
    static final int LLOG_COOKIE_SIZE = 32;
    /** {@code LUSTRE_POSIX_ACL_MAX_SIZE_OLD}: the ACL room a getattr reserves first (32 entries). */
    static final int ACL_SIZE_OLD = 4 + 32 * 8;
    /** {@code XATTR_SIZE_MAX}: the largest xattr value (and ACL) Linux passes. */
    static final int XATTR_SIZE_MAX = 65536;

    private MdcRequests() {
    }

    private static ClientRequest request(Import imp, int opc, int portal, int... lens) {
        ClientRequest req = imp.request(opc, MsgFlags.LUSTRE_MDS_VERSION, lens);
        req.requestPortal(portal);
        return req;
    }

    /** A name as RMF_NAME carries it: the bytes and a NUL. */
    static byte[] cstring(byte[] name) {
        return Arrays.copyOf(name, name.length + 1);
    }

    /** Sets {@code pb_tag} in the request's ptlrpc_body (ptlrpc fills the rest at send time). */
    static void tag(ClientRequest req, int tag) {
        PtlrpcBody.of(req.message().buf(0)).tag(tag);
    }

    /** {@code mdc_pack_body}: credentials ({@code __mdc_pack_body}), valid (+FLID with a FID), EA size, flags. */
    static MdtBody body(MdcCred c, Fid fid, long valid, int eaSize, int suppgid, int flags) {
        MdtBody b = new MdtBody().valid(valid).eadatasize(eaSize).flags(flags).suppgid(suppgid).uid(c.uid())
                .gid(c.gid()).fsuid(c.fsuid()).fsgid(c.fsgid()).capability(c.capWord());
        if (fid != null) {
            b.fid1(fid).valid(valid | ObdMd.FLID);
        }
        return b;
    }

    private static void put(ClientRequest req, int i, byte[] bytes) {
        if (bytes.length > 0) {
            req.buf(i).copyFrom(MemorySegment.ofArray(bytes));
        }
    }

    private static int replyOf(int... lens) {
        int[] all = new int[lens.length + 1];
        all[0] = PtlrpcBody.SIZE_V3;
        System.arraycopy(lens, 0, all, 1, lens.length);
        return LustreMsg.size(all);
    }

    // ------------------------------------------------------------------ bodies only

    /** MDS_GET_ROOT ({@code mdc_get_root}): [body (no FID), name only for a subtree mount]. */
    static ClientRequest getRoot(Import imp, MdcCred c, byte[] fileset) {
        ClientRequest req = fileset == null ? request(imp, Opcodes.MDS_GET_ROOT, Portals.MDS_REQUEST, MdtBody.SIZE)
                : request(imp, Opcodes.MDS_GET_ROOT, Portals.MDS_REQUEST, MdtBody.SIZE, fileset.length + 1);
        body(c, null, 0, 0, -1, 0).write(req.buf(1), 0);
        if (fileset != null) {
            put(req, 2, fileset);
        }
        req.replyCapacity(replyOf(MdtBody.SIZE, 0));
        return req;
    }

    /**
     * MDS_GETATTR ({@code mdc_getattr}): [body (fid1, valid, eadatasize = EA room), capa] on
     * MDS_READPAGE (LU-15245: not behind modifying RPCs).
     */
    static ClientRequest getattr(Import imp, MdcCred c, Fid fid, long valid, int eaSize, int aclSize) {
        ClientRequest req = request(imp, Opcodes.MDS_GETATTR, Portals.MDS_READPAGE, MdtBody.SIZE, 0);
        body(c, fid, valid, eaSize, -1, 0).write(req.buf(1), 0);
        req.replyCapacity(replyOf(MdtBody.SIZE, eaSize, aclSize, 0, 0, 0));
        return req;
    }

    /** MDS_GETATTR_NAME ({@code mdc_getattr_name}): [body (parent, suppgid), capa, name]. */
    static ClientRequest getattrName(Import imp, MdcCred c, Fid parent, byte[] name, long valid, int eaSize,
            int aclSize) {
        ClientRequest req = request(imp, Opcodes.MDS_GETATTR_NAME, Portals.MDS_REQUEST, MdtBody.SIZE, 0,
                name.length + 1);
        body(c, parent, valid, eaSize, c.suppgid(0), 0).write(req.buf(1), 0);
        put(req, 3, name);
        req.replyCapacity(replyOf(MdtBody.SIZE, eaSize, aclSize, 0, 0, 0));
        return req;
    }

    /** MDS_READPAGE ({@code mdc_getpage}, {@code mdc_readdir_pack}): [body (hash, bytes, LUDA), capa] + bulk PUT. */
    static ClientRequest readpage(Import imp, MdcCred c, Fid dir, long hash, MemorySegment pages) {
        ClientRequest req = request(imp, Opcodes.MDS_READPAGE, Portals.MDS_READPAGE, MdtBody.SIZE, 0);
        body(c, dir, 0, 0, -1, 0).size(hash).nlink((int) pages.byteSize())
                .mode(LuDirent.LUDA_FID | LuDirent.LUDA_TYPE).write(req.buf(1), 0);
        req.bulk(ClientRequest.BulkType.PUT_SINK, List.of(pages));
        req.replyCapacity(replyOf(MdtBody.SIZE));
        return req;
    }

    /**
     * MDS_GETXATTR ({@code mdc_getxattr}): [body (FLXATTR or FLXATTRLS, eadatasize = room), capa,
     * name, eadata 0, selinux 0]; a list has no name, which ends the message after capa.
     */
    static ClientRequest getxattr(Import imp, MdcCred c, Fid fid, byte[] name, int room) {
        ClientRequest req = name == null
                ? request(imp, Opcodes.MDS_GETXATTR, Portals.MDS_READPAGE, MdtBody.SIZE, 0)
                : request(imp, Opcodes.MDS_GETXATTR, Portals.MDS_READPAGE, MdtBody.SIZE, 0, name.length + 1, 0, 0);
        body(c, fid, name == null ? ObdMd.FLXATTRLS : ObdMd.FLXATTR, room, -1, 0).write(req.buf(1), 0);
        if (name != null) {
            put(req, 3, name);
        }
        req.replyCapacity(replyOf(MdtBody.SIZE, room));
        return req;
    }

    /** MDS_STATFS ({@code mdc_statfs}): no buffer but the ptlrpc_body. */
    static ClientRequest statfs(Import imp) {
        ClientRequest req = request(imp, Opcodes.MDS_STATFS, Portals.MDS_REQUEST);
        req.replyCapacity(replyOf(ObdStatfs.SIZE));
        return req;
    }

    /** MDS_SYNC ({@code mdc_sync}): [body (fid), capa]. */
    static ClientRequest sync(Import imp, MdcCred c, Fid fid) {
        ClientRequest req = request(imp, Opcodes.MDS_SYNC, Portals.MDS_REQUEST, MdtBody.SIZE, 0);
        body(c, fid, 0, 0, -1, 0).write(req.buf(1), 0);
        req.replyCapacity(replyOf(MdtBody.SIZE));
        return req;
    }

    // ------------------------------------------------------------------ REINT

    private static MdtRec rec(int opcode, MdcCred c, int suppgid2) {
        return MdtRec.of(opcode).credentials(c.fsuid(), c.fsgid(), c.capWord(), c.suppgid(0), suppgid2);
    }

    /**
     * REINT_CREATE ({@code mdc_create}, RQF_MDS_REINT_CREATE_ACL): [rec, capa, name, eadata (a
     * symlink's target with its NUL, or nothing), dlm_req, secctx_name 0, secctx 0, selinux 0,
     * encctx 0].
     */
    static ClientRequest create(Import imp, MdcCred c, Fid parent, byte[] name, Fid child, int mode, long rdev,
            byte[] eadata, long now) {
        ClientRequest req = request(imp, Opcodes.MDS_REINT, Portals.MDS_REQUEST, MdtRec.SIZE, 0, name.length + 1,
                eadata.length, LDLM_REQUEST_SIZE, 0, 0, 0, 0);
        rec(MdtRec.REINT_CREATE, c, c.suppgid(1)).fid1(parent).fid2(child).crMode(mode).crRdev(rdev).crTime(now)
                .crUmask(c.umask()).write(req.buf(1), 0);
        put(req, 3, name);
        put(req, 4, eadata);
        req.replyCapacity(replyOf(MdtBody.SIZE, 0));
        return req;
    }

    /**
     * REINT_OPEN ({@code mdc_open_pack}, RQF_MDS_REINT_OPEN): [rec, capa, capa, name, eadata
     * (lov_user_md or nothing), secctx_name 0, secctx 0, selinux 0, encctx 0]; an open by FID
     * sets no name, which ends the message after the capas.
     */
    static ClientRequest open(Import imp, MdcCred c, Fid parent, byte[] name, Fid child, int mode, long flags,
            byte[] lum, long now, int eaSize, int aclSize) {
        ClientRequest req = name == null
                ? request(imp, Opcodes.MDS_REINT, Portals.MDS_REQUEST, MdtRec.SIZE, 0, 0)
                : request(imp, Opcodes.MDS_REINT, Portals.MDS_REQUEST, MdtRec.SIZE, 0, 0, name.length + 1,
                        lum == null ? 0 : lum.length, 0, 0, 0, 0);
        long crFlags = lum != null ? flags | MdsOpenFlags.HAS_EA : flags;
        rec(MdtRec.REINT_OPEN, c, c.suppgid(1)).fid1(parent).fid2(child).crMode(mode).crFlags(crFlags).crTime(now)
                .crUmask(c.umask()).write(req.buf(1), 0);
        if (name != null) {
            put(req, 4, name);
            if (lum != null) {
                put(req, 5, lum);
            }
        }
        req.replyCapacity(replyOf(MdtBody.SIZE, eaSize, aclSize, 0, 0));
        return req;
    }

    /** REINT_UNLINK ({@code mdc_unlink_pack}): [rec (ul_mode S_IFDIR for rmdir), capa, name, dlm_req, selinux 0]. */
    static ClientRequest unlink(Import imp, MdcCred c, Fid parent, byte[] name, boolean rmdir, long now, int eaSize) {
        ClientRequest req = request(imp, Opcodes.MDS_REINT, Portals.MDS_REQUEST, MdtRec.SIZE, 0, name.length + 1,
                LDLM_REQUEST_SIZE, 0);
        rec(MdtRec.REINT_UNLINK, c, -1).fid1(parent).fid2(Fid.ZERO).entryMode(rmdir ? FileMode.S_IFDIR : 0)
                .entryTime(now).write(req.buf(1), 0);
        put(req, 3, name);
        req.replyCapacity(replyOf(MdtBody.SIZE, eaSize, LLOG_COOKIE_SIZE, 0, 0));
        return req;
    }

    /** REINT_LINK ({@code mdc_link_pack}): [rec (fid1 object, fid2 dir), capa, capa, name, dlm_req, selinux 0]. */
    static ClientRequest link(Import imp, MdcCred c, Fid object, Fid dir, byte[] name, long now) {
        ClientRequest req = request(imp, Opcodes.MDS_REINT, Portals.MDS_REQUEST, MdtRec.SIZE, 0, 0, name.length + 1,
                LDLM_REQUEST_SIZE, 0);
        rec(MdtRec.REINT_LINK, c, c.suppgid(1)).fid1(object).fid2(dir).entryTime(now).write(req.buf(1), 0);
        put(req, 4, name);
        req.replyCapacity(replyOf(MdtBody.SIZE));
        return req;
    }

    /** REINT_RENAME ({@code mdc_rename_pack}): [rec, capa, capa, old name, new name (SYMTGT), dlm_req, selinux]. */
    static ClientRequest rename(Import imp, MdcCred c, Fid srcParent, byte[] srcName, Fid tgtParent, byte[] tgtName,
            long now, int eaSize) {
        ClientRequest req = request(imp, Opcodes.MDS_REINT, Portals.MDS_REQUEST, MdtRec.SIZE, 0, 0,
                srcName.length + 1, tgtName.length + 1, LDLM_REQUEST_SIZE, 0);
        rec(MdtRec.REINT_RENAME, c, c.suppgid(1)).fid1(srcParent).fid2(tgtParent).entryTime(now)
                .write(req.buf(1), 0);
        put(req, 4, srcName);
        put(req, 5, tgtName);
        req.replyCapacity(replyOf(MdtBody.SIZE, eaSize, LLOG_COOKIE_SIZE, 0, 0));
        return req;
    }

    /** The setattr record of {@code mdc_setattr_pack_rec} (also a close's). */
    private static MdtRec setattrRec(MdcCred c, Fid fid, MdcSetattr a) {
        // the new group when the caller is in it, else the first supplementary group
        int suppgid = c.suppgid(0);
        if ((a.valid() & MdsAttr.GID) != 0 && (a.gid() == c.fsgid() || Arrays.stream(c.groups()).anyMatch(
                g -> g == a.gid()))) {
            suppgid = a.gid();
        }
        return MdtRec.of(MdtRec.REINT_SETATTR).credentials(c.fsuid(), c.fsgid(), c.capWord(), suppgid, 0).fid1(fid)
                .saValid(a.valid()).saMode(a.mode()).saUid(a.uid()).saGid(a.gid()).saProjid(a.projid())
                .saSize(a.size()).saBlocks(a.blocks()).saAtime(a.atime()).saMtime(a.mtime()).saCtime(a.ctime())
                .saAttrFlags(a.attrFlags());
    }

    /** REINT_SETATTR ({@code mdc_setattr}): [rec, capa, ioepoch 0, eadata (lov_user_md), logcookies 0, dlm_req]. */
    static ClientRequest setattr(Import imp, MdcCred c, Fid fid, MdcSetattr a, byte[] lum, int eaSize) {
        byte[] ea = lum == null ? new byte[0] : lum;
        ClientRequest req = request(imp, Opcodes.MDS_REINT, Portals.MDS_REQUEST, MdtRec.SIZE, 0, 0, ea.length, 0,
                LDLM_REQUEST_SIZE);
        setattrRec(c, fid, a).write(req.buf(1), 0);
        put(req, 4, ea);
        req.replyCapacity(replyOf(MdtBody.SIZE, eaSize, 0, 0, 0));
        return req;
    }

    /**
     * REINT_SETXATTR ({@code mdc_setxattr}): [rec (sx_valid FLXATTR or FLXATTRRM with FLCTIME,
     * sx_size 0 as 2.15 sends it: the value's length is its buffer's), capa, name, value, dlm_req,
     * selinux 0].
     */
    static ClientRequest setxattr(Import imp, MdcCred c, Fid fid, byte[] name, byte[] value, int flags,
            boolean remove, long now) {
        ClientRequest req = request(imp, Opcodes.MDS_REINT, Portals.MDS_REQUEST, MdtRec.SIZE, 0, name.length + 1,
                value.length, LDLM_REQUEST_SIZE, 0);
        rec(MdtRec.REINT_SETXATTR, c, -1).fid1(fid).sxValid((remove ? ObdMd.FLXATTRRM : ObdMd.FLXATTR) | ObdMd.FLCTIME)
                .sxTime(now).sxSize(0).sxFlags(flags).write(req.buf(1), 0);
        put(req, 3, name);
        put(req, 4, value);
        req.replyCapacity(replyOf(MdtBody.SIZE));
        return req;
    }

    /**
     * MDS_CLOSE ({@code mdc_close}, RQF_MDS_CLOSE): [ioepoch (the open handle), setattr rec, capa]
     * on MDS_READPAGE, so closes never queue behind the opens they would let finish.
     */
    static ClientRequest close(Import imp, MdcCred c, Fid fid, long openHandle, MdcSetattr attrs, int bias,
            int eaSize) {
        ClientRequest req = request(imp, Opcodes.MDS_CLOSE, Portals.MDS_READPAGE, MdtIoepoch.SIZE, MdtRec.SIZE, 0);
        new MdtIoepoch(openHandle).write(req.buf(1), 0);
        setattrRec(c, fid, attrs).saBias(bias).write(req.buf(2), 0);
        req.replyCapacity(replyOf(MdtBody.SIZE, eaSize, LLOG_COOKIE_SIZE, 0, 0));
        return req;
    }
}
