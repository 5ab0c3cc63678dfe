package org.jlustre.mdt;

import java.io.ByteArrayOutputStream;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;
import org.jlustre.common.Errno;
import org.jlustre.common.Fid;
import org.jlustre.common.FileMode;
import org.jlustre.common.LustreException;
import org.jlustre.mdt.mdd.MdAttr;
import org.jlustre.mdt.perm.Cred;
import org.jlustre.ptlrpc.RequestHandler;
import org.jlustre.ptlrpc.ServerRequest;
import org.jlustre.ptlrpc.Service;
import org.jlustre.wire.MdtBody;
import org.jlustre.wire.ObdStatfs;
import org.jlustre.wire.ost.ObdMd;
import org.jlustre.wire.ptlrpc.ConnectFlags;
import org.jlustre.wire.ptlrpc.Opcodes;

/**
 * The MDT request handlers other than REINT, CLOSE and READPAGE ({@code mdt_tgt_handlers},
 * lustre/mdt/mdt_handler.c), with the reply buffers of Lustre's formats (layout.c
 * {@code RQF_MDS_*}): GET_ROOT, GETATTR, GETATTR_NAME, GETXATTR (and listxattr), STATFS and
 * SYNC. Each takes the request's {@link Mdt} and answers with a clear errno for what it
 * refuses.
 */
final class MdtHandlers {

    /** {@code XATTR_NAME_ACL_ACCESS}. */
    static final String ACL_ACCESS = "system.posix_acl_access";
    /** {@code XATTR_SIZE_MAX}: the largest value or list a client buffer may ask for. */
    static final int XATTR_SIZE_MAX = 65536;

    private MdtHandlers() {
    }

    /** Registers every MDT handler on {@code s}, each run on the MDT of its request's export. */
    static void register(Service s, Function<MdtServices.MdtHandler, RequestHandler> routed) {
        s.register(Opcodes.MDS_GET_ROOT, routed.apply(MdtHandlers::getRoot));
        s.register(Opcodes.MDS_GETATTR, routed.apply(MdtHandlers::getattr));
        s.register(Opcodes.MDS_GETATTR_NAME, routed.apply(MdtHandlers::getattrName));
        s.register(Opcodes.MDS_GETXATTR, routed.apply(MdtHandlers::getxattr));
        s.register(Opcodes.MDS_STATFS, routed.apply(MdtHandlers::statfs));
        s.register(Opcodes.MDS_SYNC, routed.apply(MdtHandlers::sync));
        s.register(Opcodes.MDS_REINT, routed.apply(MdtReint::reint));
        s.register(Opcodes.MDS_CLOSE, routed.apply(MdtOpen::close));
        s.register(Opcodes.MDS_READPAGE, routed.apply(MdtReadpage::readpage));
    }

    /**
     * MDS_GET_ROOT ({@code mdt_get_root}): the root FID; with a fileset name in buffer 2
     * ({@code mds_get_root_client}: ptlrpc_body, mdt_body, name; a subtree mount),
     * the FID of that path under the root, looked up component by component with the caller's
     * credentials. Reply {@code RQF_MDS_GET_ROOT}: body, capa.
     */
    static void getRoot(Mdt mdt, ServerRequest req) throws LustreException {
        MdtBody b = MdtWire.body(req);
        Fid fid = mdt.mdd().root();
        if (MdtWire.has(req, 2) && req.buf(2, 0, "fileset").byteSize() > 1) {
            String fileset = MdtWire.string(req, 2, "fileset");
            Cred cred = MdtWire.cred(mdt, req, b);
            for (String part : fileset.split("/")) {
                if (part.isEmpty()) {
                    continue;
                }
                MdAttr a = mdt.mdd().lookup(cred, fid, part.getBytes(StandardCharsets.UTF_8));
                if (a.type() != FileMode.S_IFDIR) {
                    throw new LustreException(Errno.ENOTDIR, mdt.name() + ": fileset " + fileset + ": " + part
                            + " is not a directory");
                }
                fid = a.fid();
            }
        }
        req.packReply(MdtBody.SIZE, 0);
        new MdtBody().fid1(fid).valid(ObdMd.FLID).write(req.replyBuf(1), 0);
    }

    /**
     * MDS_GETATTR ({@code mdt_getattr}, {@code mdt_getattr_internal}): the object's attributes,
     * its layout with FLEASIZE/FLDIREA, a symlink's target with LINKNAME, its access ACL with
     * FLACL, the largest EA with FLMODEASIZE. ENOENT for a FID that does not exist. Reply
     * {@code RQF_MDS_GETATTR}: body, mdt_md, acl, capa, capa, encctx.
     */
    static void getattr(Mdt mdt, ServerRequest req) throws LustreException {
        long start = System.nanoTime();
        MdtBody b = MdtWire.body(req);
        Cred cred = MdtWire.cred(mdt, req, b);
        MdAttr a = mdt.mdd().getattr(b.fid1(), true);
        replyAttrs(mdt, req, b, cred, a);
        mdt.count(req, "getattr", start);
    }

    /**
     * MDS_GETATTR_NAME ({@code mdt_getattr_name_lock} without a lock): the child {@code name}
     * (buffer 3) of the directory {@code mbo_fid1}, looked up with the caller's search
     * permission; its attributes as GETATTR gives them.
     */
    static void getattrName(Mdt mdt, ServerRequest req) throws LustreException {
        long start = System.nanoTime();
        MdtBody b = MdtWire.body(req);
        Cred cred = MdtWire.cred(mdt, req, b);
        byte[] name = MdtWire.name(req, 3);
        MdAttr child = mdt.mdd().lookup(cred, b.fid1(), name);
        replyAttrs(mdt, req, b, cred, mdt.mdd().getattr(child.fid(), true));
        mdt.count(req, "getattr", start);
    }

    /** The GETATTR reply for {@code a}, with what {@code asked}'s valid bits ask for. */
    private static void replyAttrs(Mdt mdt, ServerRequest req, MdtBody asked, Cred cred, MdAttr a)
            throws LustreException {
        MdtBody rep = MdtWire.pack(new MdtBody(), a);
        byte[] md = new byte[0];
        if (a.type() == FileMode.S_IFLNK && asked.has(ObdMd.LINKNAME)) {
            byte[] target = mdt.mdd().readlink(cred, a.fid());
            md = new byte[target.length + 1];
            System.arraycopy(target, 0, md, 0, target.length);
            rep.valid(rep.valid() | ObdMd.LINKNAME).eadatasize(md.length);
        } else if ((asked.has(ObdMd.FLEASIZE) || asked.has(ObdMd.FLDIREA)) && a.layout() != null) {
            md = a.layout();
            mdt.layoutReturned(md.length);
            rep.valid(rep.valid() | (a.type() == FileMode.S_IFDIR ? ObdMd.FLDIREA : ObdMd.FLEASIZE))
                    .eadatasize(md.length);
        }
        if (asked.has(ObdMd.FLMODEASIZE)) {
            rep.maxMdsize(mdt.maxMdsize()).valid(rep.valid() | ObdMd.FLMODEASIZE);
        }
        byte[] acl = new byte[0];
        if (asked.has(ObdMd.FLACL)) {
            acl = xattrOrEmpty(mdt, cred, a.fid(), ACL_ACCESS);
            rep.aclsize(acl.length).valid(rep.valid() | ObdMd.FLACL);
        }
        req.packReply(MdtBody.SIZE, md.length, acl.length, 0, 0, 0);
        rep.write(req.replyBuf(1), 0);
        MemorySegment.copy(MemorySegment.ofArray(md), 0, req.replyBuf(2), 0, md.length);
        MemorySegment.copy(MemorySegment.ofArray(acl), 0, req.replyBuf(3), 0, acl.length);
    }

    /** The value of xattr {@code name}, empty when the object has none. */
    private static byte[] xattrOrEmpty(Mdt mdt, Cred cred, Fid fid, String name) throws LustreException {
        try {
            return mdt.mdd().getxattr(cred, fid, name);
        } catch (LustreException e) {
            if (e.errno() == Errno.ENODATA || e.errno() == Errno.EOPNOTSUPP) {
                return new byte[0];
            }
            throw e;
        }
    }

    /**
     * MDS_GETXATTR ({@code mdt_getxattr}): with FLXATTR the value of the xattr named in buffer
     * 3, with FLXATTRLS the list of names (each NUL-terminated). {@code mbo_eadatasize} is the
     * client's buffer: 0 asks only for the size, a buffer too small is ERANGE. Reply
     * {@code RQF_MDS_GETXATTR}: body (eadatasize = the size), eadata.
     */
    static void getxattr(Mdt mdt, ServerRequest req) throws LustreException {
        long start = System.nanoTime();
        MdtBody b = MdtWire.body(req);
        Cred cred = MdtWire.cred(mdt, req, b);
        byte[] value;
        if (b.has(ObdMd.FLXATTR)) {
            String name = MdtWire.string(req, 3, "xattr name");
            if (name.isEmpty()) {
                throw new LustreException(Errno.EPROTO, "getxattr without a name");
            }
            value = mdt.mdd().getxattr(cred, b.fid1(), name);
        } else if (b.has(ObdMd.FLXATTRLS)) {
            List<String> names = mdt.mdd().listxattr(cred, b.fid1());
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (String n : names) {
                out.writeBytes(n.getBytes(StandardCharsets.UTF_8));
                out.write(0);
            }
            value = out.toByteArray();
        } else {
            throw new LustreException(Errno.EINVAL, mdt.name() + ": getxattr with valid 0x" + Long.toHexString(b.valid())
                    + ": neither OBD_MD_FLXATTR nor OBD_MD_FLXATTRLS");
        }
        int room = b.eadatasize();
        if (room < 0 || room > XATTR_SIZE_MAX) {
            throw new LustreException(Errno.EINVAL, mdt.name() + ": getxattr buffer of " + Integer.toUnsignedString(room)
                    + " bytes (at most " + XATTR_SIZE_MAX + ")");
        }
        boolean sizeOnly = room == 0;
        if (!sizeOnly && value.length > room) {
            throw new LustreException(Errno.ERANGE, mdt.name() + ": xattr of " + value.length
                    + " bytes does not fit the client's " + room);
        }
        int sent = sizeOnly ? 0 : value.length;
        req.packReply(MdtBody.SIZE, sent);
        new MdtBody().eadatasize(value.length).write(req.replyBuf(1), 0);
        MemorySegment.copy(MemorySegment.ofArray(value), 0, req.replyBuf(2), 0, sent);
        mdt.count(req, "getxattr", start);
    }

    /**
     * MDS_STATFS ({@code mdt_statfs}): the MDT's inodes and, for space, the sum over its OSTs
     * (what {@code lod_statfs} gives the MDD); the MDT's own space while it has no OST. Reply
     * {@code RQF_MDS_STATFS}: obd_statfs.
     */
    static void statfs(Mdt mdt, ServerRequest req) throws LustreException {
        long start = System.nanoTime();
        ObdStatfs own = mdt.osd().statfs();
        ObdStatfs osts = mdt.layouts().statfs();
        ObdStatfs sf = own;
        if (osts != null && osts.blocks() > 0) {
            sf = new ObdStatfs(own.type(), osts.blocks(), osts.bfree(), osts.bavail(), own.files(), own.ffree(),
                    own.fsid(), osts.bsize(), own.namelen(), own.maxbytes(), own.state() | osts.state(), 0, 0);
        }
        req.packReply(ObdStatfs.SIZE);
        sf.write(req.replyBuf(1), 0);
        mdt.count(req, "statfs", start);
    }

    /**
     * MDS_SYNC ({@code mdt_sync}): a zero FID syncs the whole device, else the object (which an
     * in-memory OSD commits with the device), whose attributes come back. Reply body.
     */
    static void sync(Mdt mdt, ServerRequest req) throws LustreException {
        long start = System.nanoTime();
        MdtBody b = MdtWire.body(req);
        Fid fid = b.fid1();
        MdtBody rep = new MdtBody();
        if (fid.seq() != 0) {
            MdAttr a = mdt.mdd().getattr(fid, true);
            mdt.osd().sync();
            MdtWire.pack(rep, a);
        } else {
            mdt.osd().sync();
        }
        req.packReply(MdtBody.SIZE);
        rep.write(req.replyBuf(1), 0);
        mdt.count(req, "sync", start);
    }

    /** Whether the request's export negotiated {@code flag}. */
    static boolean hasFlag(ServerRequest req, long flag) {
        var ocd = req.export().connectData();
        return ocd != null && (ocd.connectFlags() & flag) != 0;
    }

    /** Whether the export speaks 64-bit directory hashes. */
    static boolean hash64(ServerRequest req) {
        return hasFlag(req, ConnectFlags.OBD_CONNECT_64BITHASH);
    }
}
