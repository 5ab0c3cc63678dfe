package org.jlustre.mgs;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.jlustre.common.Errno;
import org.jlustre.common.Fid;
import org.jlustre.common.Libcfs;
import org.jlustre.common.LustreException;
import org.jlustre.common.Utf8;
import org.jlustre.common.debug.DebugMask;
import org.jlustre.llog.Llog;
import org.jlustre.llog.LlogContext;
import org.jlustre.llog.LlogCursor;
import org.jlustre.llog.LlogHandle;
import org.jlustre.llog.LocalLlogService;
import org.jlustre.ptlrpc.ServerRequest;
import org.jlustre.wire.llog.LlogFlags;
import org.jlustre.wire.llog.LlogHeader;
import org.jlustre.wire.llog.LlogLogid;
import org.jlustre.wire.mgs.LlogdBody;
import org.jlustre.wire.mgs.MgsTargetInfo;
import org.jlustre.wire.ptlrpc.Opcodes;

/**
 * The llogs of CONFIGS as MGCs and lctl reach them: the llog RPC handlers
 * (LLOG_ORIGIN_HANDLE_CREATE / READ_HEADER / NEXT_BLOCK / PREV_BLOCK / CLOSE, lustre/ptlrpc/
 * llog_server.c), each request checked before it reaches the {@link LocalLlogService}, and
 * {@code lctl llog_cancel} ({@code OBD_IOC_LLOG_CANCEL}, lustre/obdclass/llog_ioctl.c).
 *
 * <p>Holds no lock of its own and takes no {@link Fsdb} monitor: each call opens its own handle
 * through the thread-safe {@link LlogContext} and closes it before returning.
 */
final class MgsLlogService {

    /** The longest llog chunk a NEXT_BLOCK / PREV_BLOCK may ask for. */
    static final int MAX_CHUNK = 1 << 20;

    /** Where refusals are logged. */
    private final Libcfs libcfs;
    /** The llog context of CONFIGS, for llog_cancel. */
    private final LlogContext ctx;
    /** The llog service over {@link #ctx} the RPCs reach once checked. */
    private final LocalLlogService llogService;
    /** The filesystems, to say in a refusal that a log's filesystem never registered. */
    private final MgsFilesystems filesystems;

    MgsLlogService(Libcfs libcfs, LlogContext ctx, MgsFilesystems filesystems) {
        this.libcfs = libcfs;
        this.ctx = ctx;
        this.llogService = new LocalLlogService(ctx);
        this.filesystems = filesystems;
    }

    /** The request's llogd_body, checked to name the config context ({@code LLOG_CONFIG_ORIG_CTXT}). */
    private LlogdBody llogBody(ServerRequest req) throws LustreException {
        LlogdBody b;
        try {
            b = LlogdBody.decode(req.buf(1, LlogdBody.SIZE, "llogd_body"), req.request().swabbed());
        } catch (IllegalArgumentException e) {
            throw refuse(req, Errno.EPROTO, e.getMessage());
        }
        if (b.ctxtIdx() != LlogdBody.LLOG_CONFIG_ORIG_CTXT) {
            throw refuse(req, Errno.EINVAL, "no llog context " + b.ctxtIdx() + " on the MGS");
        }
        return b;
    }

    /**
     * The error for an llog request, logged once: on the console for malformed requests, in
     * the debug log (D_CONFIG) for a log that does not exist, which MGCs ask about routinely
     * (the params log before any set_param -P).
     */
    private LustreException refuse(ServerRequest req, Errno errno, String why) {
        libcfs.debug().logf(DebugMask.S_MGS, errno == Errno.ENOENT ? DebugMask.D_CONFIG : DebugMask.D_CONSOLE,
                "%s: %s from %s refused: %s (%s)", Mgs.NAME, Opcodes.nameOrNumber(req.opcode()), req.peer(), why,
                errno.name());
        return new LustreException(errno, why);
    }

    /** The logid, checked to be an llog FID of this MGS. */
    private LlogLogid checkedId(ServerRequest req, LlogLogid id) throws LustreException {
        if (id == null || id.ogen() != 0 || id.fid().seq() != Fid.SEQ_LLOG_NAME && id.fid().seq() != Fid.SEQ_LLOG) {
            throw refuse(req, Errno.EINVAL, "llog id " + (id == null ? "none" : id.fid()) + " is not an llog of "
                    + Mgs.NAME);
        }
        return id;
    }

    /**
     * LLOG_ORIGIN_HANDLE_CREATE ({@code llog_origin_handle_open}): a config log by name, or an
     * llog by id. The request's fourth buffer, the sender's {@code mdt_body}, is not read. The
     * reply is packed before the log is opened, as Lustre does, so a log that does not exist
     * gets {@code -ENOENT} with a zeroed {@code llogd_body}.
     */
    void handleOpen(ServerRequest req) throws LustreException {
        LlogdBody b = llogBody(req);
        req.packReply(LlogdBody.SIZE);
        String name = null;
        if (req.request().bufCount() > 2 && req.request().bufLen(2) > 0) {
            MemorySegment n = req.buf(2, 1, "llog name");
            int len = 0;
            while (len < n.byteSize() && n.get(ValueLayout.JAVA_BYTE, len) != 0) {
                len++;
            }
            if (len == n.byteSize()) {
                throw refuse(req, Errno.EINVAL, "llog name is not NUL-terminated");
            }
            if (len == 0 || len >= MgsTargetInfo.NAME_MAXLEN) {
                throw refuse(req, Errno.EINVAL, "llog name of " + len + " bytes (1.." + (MgsTargetInfo.NAME_MAXLEN
                        - 1) + ")");
            }
            name = Utf8.decode(n.asSlice(0, len).toArray(ValueLayout.JAVA_BYTE));
            if (name.equals(".") || name.equals("..") || name.contains("/") || name.equals(Mgs.NODEMAP)
                    || name.equals(Mgs.MOUNTDATA)) {
                throw refuse(req, Errno.EINVAL, "'" + name + "' is not a config log");
            }
        }
        LlogLogid id;
        try {
            id = name != null ? llogService.open(null, name) : llogService.open(checkedId(req, b.logid()), null);
        } catch (LustreException e) {
            String what = name != null ? "config log " + name : "llog " + b.logid().fid();
            String fs = name != null && name.lastIndexOf('-') > 0 ? name.substring(0, name.lastIndexOf('-')) : null;
            throw refuse(req, e.errno(), e.errno() == Errno.ENOENT ? "no " + what
                    + (fs != null && !filesystems.knows(fs) ? " (no filesystem " + fs + " registered)" : "")
                    : e.getMessage());
        }
        new LlogdBody(id, 0, 0, 0, 0, 0, 0).encode(req.replyBuf(1), 0);
    }

    /** LLOG_ORIGIN_HANDLE_READ_HEADER ({@code llog_origin_handle_read_header}): the log's header chunk. */
    void handleReadHeader(ServerRequest req) throws LustreException {
        LlogdBody b = llogBody(req);
        LlogHeader h;
        try {
            h = llogService.readHeader(checkedId(req, b.logid()), b.llhFlags());
        } catch (LustreException e) {
            throw refuse(req, e.errno(), e.getMessage());
        }
        req.packReply(h.chunkSize());
        h.write(req.replyBuf(1));
    }

    /**
     * LLOG_ORIGIN_HANDLE_NEXT_BLOCK / PREV_BLOCK ({@code llog_origin_handle_next_block},
     * {@code llog_origin_handle_prev_block}): one chunk of records and the cursor after it.
     *
     * @param next NEXT_BLOCK, else PREV_BLOCK
     */
    void handleBlock(ServerRequest req, boolean next) throws LustreException {
        LlogdBody b = llogBody(req);
        LlogLogid id = checkedId(req, b.logid());
        int len = b.len();
        if (len < LlogHeader.MIN_CHUNK_SIZE || len > MAX_CHUNK) {
            throw refuse(req, Errno.EINVAL, "llog block of " + Integer.toUnsignedString(len) + " bytes ("
                    + LlogHeader.MIN_CHUNK_SIZE + ".." + MAX_CHUNK + ")");
        }
        if (next && (b.savedIndex() < 0 || b.curOffset() < 0 || b.index() < 0) || !next && b.index() < 0) {
            throw refuse(req, Errno.EINVAL, "llog cursor index " + b.savedIndex() + " offset " + b.curOffset()
                    + " for record " + b.index());
        }
        req.packReply(LlogdBody.SIZE, len);
        MemorySegment buf = req.replyBuf(2);
        int rc;
        LlogCursor cursor = new LlogCursor(b.curOffset(), b.savedIndex());
        if (next) {
            rc = llogService.nextBlock(id, b.llhFlags(), cursor, b.index(), buf);
        } else {
            rc = llogService.prevBlock(id, b.llhFlags(), b.index(), buf);
        }
        if (rc < 0) {
            Errno e = Errno.ofOrNull(rc);
            throw refuse(req, e != null ? e : Errno.EIO, (next ? "next" : "prev") + " block at index "
                    + b.index() + " of " + id.fid() + ": " + rc);
        }
        new LlogdBody(id, b.ctxtIdx(), b.llhFlags(), b.index(), cursor.index, len, cursor.offset)
                .encode(req.replyBuf(1), 0);
    }

    /** LLOG_ORIGIN_HANDLE_CLOSE ({@code llog_origin_handle_close}): nothing is held open between RPCs, so an empty reply. */
    void handleClose(ServerRequest req) throws LustreException {
        req.packReply();
    }

    /**
     * {@code lctl --device MGS llog_cancel LOG --log_idx N}: cancels record {@code index} of
     * {@code log} ({@code mgs_llog_cancel}... as {@code llog_cancel_arr_rec}).
     *
     * @throws LustreException ENOENT for a missing log or record, EINVAL for the header index
     */
    void cancelRecord(String log, int index) throws LustreException {
        if (index <= 0) {
            throw new LustreException(Errno.EINVAL, "llog_cancel: bad record index " + index + " of " + log);
        }
        try (LlogHandle h = ctx.open(log, Llog.OpenMode.EXISTS)) {
            h.init(LlogFlags.IS_PLAIN, null);
            if (!h.header().isSet(index)) {
                throw new LustreException(Errno.ENOENT, "llog_cancel: " + log + " has no record " + index);
            }
            int rc = h.cancel(index);
            if (rc < 0) {
                throw new LustreException(Errno.of(rc), "llog_cancel of record " + index + " of " + log + ": " + rc);
            }
        }
    }
}
