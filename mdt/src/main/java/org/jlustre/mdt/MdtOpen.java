package org.jlustre.mdt;

import org.jlustre.common.Errno;
import org.jlustre.common.Fid;
import org.jlustre.common.FileMode;
import org.jlustre.common.LustreException;
import org.jlustre.common.debug.DebugMask;
import org.jlustre.mdt.mdd.CreateSpec;
import org.jlustre.mdt.mdd.MdAttr;
import org.jlustre.mdt.perm.Cred;
import org.jlustre.ptlrpc.ServerRequest;
import org.jlustre.wire.MdtBody;
import org.jlustre.wire.mdt.MdsAttr;
import org.jlustre.wire.mdt.MdsOpenFlags;
import org.jlustre.wire.mdt.MdtIoepoch;
import org.jlustre.wire.mdt.MdtRec;
import org.jlustre.wire.ost.ObdMd;

/**
 * Opens and closes ({@code mdt_reint_open}, {@code mdt_close}, lustre/mdt/mdt_open.c): an open
 * (by name in {@code cr_fid1}, creating with the client's FID {@code cr_fid2} under
 * MDS_OPEN_CREAT, or by FID with MDS_OPEN_BY_FID) takes an open count in the namespace and
 * gives the client a handle ({@code mbo_open_handle}, FLHANDLE) that its export keeps; CLOSE
 * with that handle in {@code mio_open_handle} drops the count, and the last close of an
 * unlinked file destroys it. A handle is its export's alone: another client's, or one already
 * closed, is ESTALE ("no handle for file close"). The opens of a client that disconnects or is
 * evicted are closed ({@link Mdt#exportGone}).
 */
final class MdtOpen {

    private MdtOpen() {
    }

    /**
     * REINT_OPEN: buffers rec, capa, capa, name (4), eadata (5: a layout for the new file).
     * Reply {@code RQF_MDS_REINT_OPEN}: body (attributes, handle), mdt_md (layout), acl, capa,
     * capa.
     */
    static void open(Mdt mdt, ServerRequest req, MdtRec rec, Cred cred) throws LustreException {
        long start = System.nanoTime();
        long flags = rec.crFlags();
        int oflags = (int) flags;
        MdtExport exp = MdtExport.of(req.export());
        if (exp == null) {
            throw new LustreException(Errno.ENOTCONN, mdt.name() + ": open from " + req.peer() + " without a connection");
        }
        MdAttr a;
        if ((flags & MdsOpenFlags.BY_FID) != 0) {
            a = mdt.mdd().open(cred, rec.fid2(), oflags);
        } else {
            byte[] name = MdtWire.name(req, 4);
            a = openByName(mdt, req, rec, cred, name, flags);
        }
        long cookie = mdt.newOpenCookie();
        if (!exp.addOpen(new MdtExport.OpenHandle(cookie, a.fid(), flags, req.xid()))) {
            mdt.mdd().close(a.fid());
            throw new LustreException(Errno.ENOTCONN, mdt.name() + ": export of " + req.export().clientUuid().value()
                    + " went away during its open");
        }
        replyOpen(mdt, req, a.fid(), cookie);
        mdt.count(req, "open", start);
    }

    /** The open reply: the file's attributes and layout, and the handle. */
    private static void replyOpen(Mdt mdt, ServerRequest req, Fid fid, long cookie) throws LustreException {
        MdAttr full = mdt.mdd().getattr(fid, true);
        MdtBody body = MdtWire.pack(new MdtBody(), full).openHandle(cookie);
        byte[] md = full.layout() != null ? full.layout() : new byte[0];
        mdt.layoutReturned(md.length);
        body.valid(body.valid() | ObdMd.FLHANDLE | (md.length > 0 ? ObdMd.FLEASIZE : 0)).eadatasize(md.length);
        MdtReint.reply(req, body, MdtBody.SIZE, md.length, 0, 0, 0);
        MdtReint.copy(req, 2, md);
    }

    /**
     * A resent open whose first execution succeeded ({@code mdt_reconstruct_open}): the handle
     * it made, found by the request's xid, comes back again; a handle closed since is ESTALE.
     */
    static void reconstruct(Mdt mdt, ServerRequest req, MdtExport exp) throws LustreException {
        MdtExport.OpenHandle h = exp.openByXid(req.xid());
        if (h == null) {
            throw new LustreException(Errno.ESTALE, mdt.name() + ": resent open x" + req.xid()
                    + ": its handle is closed already");
        }
        replyOpen(mdt, req, h.fid(), h.cookie());
    }

    /** Opens {@code name} in {@code cr_fid1}, creating it under MDS_OPEN_CREAT (EEXIST with EXCL). */
    private static MdAttr openByName(Mdt mdt, ServerRequest req, MdtRec rec, Cred cred, byte[] name, long flags)
            throws LustreException {
        boolean creat = (flags & MdsOpenFlags.CREAT) != 0;
        boolean excl = (flags & MdsOpenFlags.EXCL) != 0;
        for (int attempt = 0; ; attempt++) {
            MdAttr existing = lookupOrNull(mdt, cred, rec.fid1(), name);
            if (existing != null) {
                if (creat && excl) {
                    throw new LustreException(Errno.EEXIST, mdt.name() + ": open with O_CREAT|O_EXCL of '"
                            + MdtWire.shown(name, name.length) + "', which exists");
                }
                return mdt.mdd().open(cred, existing.fid(), (int) flags);
            }
            if (!creat) {
                throw new LustreException(Errno.ENOENT, mdt.name() + ": open of '" + MdtWire.shown(name, name.length)
                        + "' in " + rec.fid1() + ": no such file");
            }
            CreateSpec spec = new CreateSpec(FileMode.S_IFREG | (rec.crMode() & 07777), 0, rec.crUmask(), null, null,
                    (int) flags, rec.crTime() > 0 ? rec.crTime() : -1);
            byte[] ea = MdtWire.bytes(req, 5);
            if (ea.length > 0) {
                spec = spec.withLayout(ea);
            }
            try {
                return mdt.mdd().create(cred, rec.fid1(), name, MdtReint.newFid(mdt, rec.fid2()), spec);
            } catch (LustreException e) {
                // another client created the name between our lookup and create: open theirs (once)
                if (e.errno() != Errno.EEXIST || excl || attempt > 0) {
                    throw e;
                }
            }
        }
    }

    private static MdAttr lookupOrNull(Mdt mdt, Cred cred, Fid parent, byte[] name) throws LustreException {
        try {
            return mdt.mdd().lookup(cred, parent, name);
        } catch (LustreException e) {
            if (e.errno() == Errno.ENOENT) {
                return null;
            }
            throw e;
        }
    }

    /**
     * MDS_CLOSE ({@code mdt_close}): buffers mdt_ioepoch (the handle), rec (a setattr record
     * with the times the client saw), capa. The handle must be this export's; a file opened for
     * writing takes the record's times first. Reply {@code RQF_MDS_CLOSE}: body (the file's
     * attributes before the close), mdt_md, logcookies, capa, capa.
     */
    static void close(Mdt mdt, ServerRequest req) throws LustreException {
        long start = System.nanoTime();
        MdtIoepoch ep = MdtIoepoch.read(req.buf(1, MdtIoepoch.SIZE, "mdt_ioepoch"), 0);
        MdtRec rec = MdtRec.read(req.buf(2, MdtRec.SIZE, "close record"), 0, req.request().swabbed());
        MdtExport exp = MdtExport.of(req.export());
        if (MdtRecovery.reconstruct(mdt, req, null)) {
            return;
        }
        MdtExport.OpenHandle h = exp == null ? null : exp.removeOpen(ep.openHandle());
        if (h == null) {
            throw new LustreException(Errno.ESTALE, mdt.name() + ": no handle for file close: 0x"
                    + Long.toHexString(ep.openHandle()) + " from " + req.peer());
        }
        MdtRecovery.run(mdt, req, () -> closeHandle(mdt, req, rec, h));
        mdt.count(req, "close", start);
    }

    private static void closeHandle(Mdt mdt, ServerRequest req, MdtRec rec, MdtExport.OpenHandle h)
            throws LustreException {
        MdAttr a;
        try {
            long times = rec.saValid() & (MdsAttr.ATIME | MdsAttr.MTIME | MdsAttr.CTIME);
            if ((h.flags() & MdsOpenFlags.FMODE_WRITE) != 0 && times != 0) {
                try {
                    mdt.mdd().setattr(MdtWire.cred(mdt, req, rec), h.fid(), MdtReint.spec(times, rec));
                } catch (LustreException e) {
                    // the close itself must not fail for the times the client saw (mdt_mfd_close)
                    mdt.libcfs().debug().logf(DebugMask.S_MDS, DebugMask.D_INFO, "%s: times of %s at close not set: %s",
                            mdt.name(), h.fid(), e.getMessage());
                }
            }
            a = mdt.mdd().getattr(h.fid(), true);
        } finally {
            mdt.mdd().close(h.fid());
        }
        MdtReint.reply(req, MdtReint.attrsBody(a), MdtBody.SIZE, 0, 0, 0, 0);
    }
}
