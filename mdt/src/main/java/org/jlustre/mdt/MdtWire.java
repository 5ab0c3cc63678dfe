package org.jlustre.mdt;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import org.jlustre.common.Errno;
import org.jlustre.common.FileMode;
import org.jlustre.common.LustreException;
import org.jlustre.mdt.mdd.MdAttr;
import org.jlustre.mdt.perm.Cred;
import org.jlustre.ptlrpc.ServerRequest;
import org.jlustre.wire.MdtBody;
import org.jlustre.wire.mdt.MdtRec;
import org.jlustre.wire.ost.ObdMd;

/**
 * Request decoding and reply encoding shared by the MDT handlers (the parts of
 * lustre/mdt/mdt_lib.c the handlers use): the body and REINT record of a request, names as
 * Lustre accepts them ({@code mdt_name_unpack}), the credentials a request runs with
 * ({@code mdt_init_ucred}, {@code mdt_root_squash}), and attributes into a reply body
 * ({@code mdt_pack_attr2body}).
 */
final class MdtWire {

    /** Request buffer of the {@code mdt_body} (after the ptlrpc body). */
    static final int BODY = 1;
    /** Request buffer of the REINT record. */
    static final int REC = 1;
    /** {@code NAME_MAX}: a name's bytes, without the NUL. */
    static final int NAME_MAX = 255;

    private MdtWire() {
    }

    /** The request's {@code mdt_body}; EPROTO when missing or short. */
    static MdtBody body(ServerRequest req) throws LustreException {
        return MdtBody.read(req.buf(BODY, MdtBody.SIZE, "mdt_body"), 0, req.request().swabbed());
    }

    /** The request's REINT record; EPROTO when missing or shorter than 136 bytes. */
    static MdtRec rec(ServerRequest req) throws LustreException {
        return MdtRec.read(req.buf(REC, MdtRec.SIZE, "mdt_rec_reint"), 0, req.request().swabbed());
    }

    /** Whether the request has a buffer {@code i}. */
    static boolean has(ServerRequest req, int i) {
        return req.request().bufCount() > i;
    }

    /** Request buffer {@code i} of any length (0 for an empty or missing buffer). */
    static byte[] bytes(ServerRequest req, int i) throws LustreException {
        if (!has(req, i)) {
            return new byte[0];
        }
        return req.buf(i, 0, "buffer " + i).toArray(ValueLayout.JAVA_BYTE);
    }

    /**
     * The name in request buffer {@code i} ({@code mdt_name_unpack} with
     * {@code lu_name_is_valid_len}): NUL-terminated, at least one byte, no NUL inside and no
     * {@code '/'}, else EPROTO; longer than {@code NAME_MAX} is ENAMETOOLONG.
     */
    static byte[] name(ServerRequest req, int i) throws LustreException {
        MemorySegment b = req.buf(i, 1, "name");
        byte[] all = b.toArray(ValueLayout.JAVA_BYTE);
        int len = all.length - 1;
        if (all[len] != 0) {
            throw new LustreException(Errno.EPROTO, "name in buffer " + i + " is not NUL-terminated");
        }
        if (len == 0) {
            throw new LustreException(Errno.EPROTO, "empty name in buffer " + i);
        }
        for (int k = 0; k < len; k++) {
            if (all[k] == 0) {
                throw new LustreException(Errno.EPROTO, "name '" + shown(all, k) + "' has a NUL at byte " + k);
            }
            if (all[k] == '/') {
                throw new LustreException(Errno.EPROTO, "name '" + shown(all, len) + "' contains '/'");
            }
        }
        if (len > NAME_MAX) {
            throw new LustreException(Errno.ENAMETOOLONG, "name of " + len + " bytes is longer than " + NAME_MAX);
        }
        byte[] name = new byte[len];
        System.arraycopy(all, 0, name, 0, len);
        return name;
    }

    /** The first {@code n} bytes of a name, for a message (at most 64). */
    static String shown(byte[] name, int n) {
        return new String(name, 0, Math.min(n, 64), StandardCharsets.UTF_8);
    }

    /** A NUL-terminated string in request buffer {@code i} (an xattr name); EPROTO when unterminated. */
    static String string(ServerRequest req, int i, String what) throws LustreException {
        byte[] all = req.buf(i, 1, what).toArray(ValueLayout.JAVA_BYTE);
        int len = 0;
        while (len < all.length && all[len] != 0) {
            len++;
        }
        if (len == all.length) {
            throw new LustreException(Errno.EPROTO, what + " in buffer " + i + " is not NUL-terminated");
        }
        return new String(all, 0, len, StandardCharsets.UTF_8);
    }

    /**
     * The credentials of a request from its body ({@code mdt_init_ucred}: mbo_uid, mbo_gid,
     * mbo_fsuid, mbo_fsgid, mbo_capability, mbo_suppgid), root-squashed.
     */
    static Cred cred(Mdt mdt, ServerRequest req, MdtBody b) {
        return cred(mdt, req, b.uid(), b.gid(), b.fsuid(), b.fsgid(), b.capability(), b.suppgid(), -1);
    }

    /**
     * The credentials of a REINT from its record ({@code mdt_*_unpack}: cr_fsuid, cr_fsgid,
     * cr_cap, cr_suppgid1/2; the uid is the fsuid), root-squashed.
     */
    static Cred cred(Mdt mdt, ServerRequest req, MdtRec r) {
        return cred(mdt, req, r.fsuid(), r.fsgid(), r.fsuid(), r.fsgid(), r.cap(), r.suppgid1(), r.suppgid2());
    }

    private static Cred cred(Mdt mdt, ServerRequest req, int uid, int gid, int fsuid, int fsgid, int cap, int supp1,
            int supp2) {
        Cred c = Cred.fromRequest(uid, gid, fsuid, fsgid, Integer.toUnsignedLong(cap), supp1, supp2);
        return mdt.squash().apply(c, req.peer().nid());
    }

    /**
     * Attributes into a reply body ({@code mdt_pack_attr2body}): identity, times, owner, mode,
     * nlink, flags, project; size, blocks and rdev for what is not a regular file, and for a
     * regular file without OST objects (else the client asks the OSTs).
     */
    static MdtBody pack(MdtBody b, MdAttr a) {
        long valid = ObdMd.FLID | ObdMd.FLATIME | ObdMd.FLMTIME | ObdMd.FLCTIME | ObdMd.FLUID | ObdMd.FLGID
                | ObdMd.FLTYPE | ObdMd.FLMODE | ObdMd.FLNLINK | ObdMd.FLFLAGS | ObdMd.FLPROJID | ObdMd.FLBTIME;
        b.fid1(a.fid()).atime(a.atime()).mtime(a.mtime()).ctime(a.ctime()).btime(a.btime()).uid(a.uid()).gid(a.gid())
                .mode(a.mode()).nlink(a.nlink()).flags(a.flags()).projid(a.projid()).rdev(a.rdev());
        boolean regular = a.type() == FileMode.S_IFREG;
        if (!regular || a.layout() == null) {
            b.size(a.size()).blocks(a.blocks());
            valid |= ObdMd.FLSIZE | ObdMd.FLBLOCKS | ObdMd.FLRDEV;
        }
        return b.valid(b.valid() | valid);
    }
}
