package org.jlustre.mgc;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;
import org.jlustre.llog.LlogCursor;
import org.jlustre.llog.LlogService;
import org.jlustre.ptlrpc.ClientRequest;
import org.jlustre.ptlrpc.Import;
import org.jlustre.ptlrpc.Reply;
import org.jlustre.wire.llog.LlogHeader;
import org.jlustre.wire.llog.LlogLogid;
import org.jlustre.wire.mgs.LlogdBody;
import org.jlustre.wire.ptlrpc.MsgFlags;
import org.jlustre.wire.ptlrpc.Opcodes;

/**
 * The llog RPCs' client side ({@code llog_client_ops}, lustre/ptlrpc/llog_client.c): each
 * {@link LlogService} call is one LLOG_ORIGIN_HANDLE_* request on an import, so an
 * {@link org.jlustre.llog.LlogContext#remote remote context} reads the MGS's logs with the
 * same processing code as local ones. Buffers: {@code ptlrpc_body}, {@code llogd_body}, and the
 * log name for CREATE; replies add the chunk ({@code RMF_EADATA}) or the header
 * ({@code RMF_LLOG_LOG_HDR}).
 */
public final class RemoteLlogService implements LlogService {

    private final Import imp;
    private final int ctxtIdx;
    /** Whether requests fail at once while the import is disconnected ({@code rq_no_delay}). */
    private final boolean noDelay;

    /** Reads the logs of context {@code ctxtIdx} ({@link LlogdBody#LLOG_CONFIG_ORIG_CTXT} on the MGS) over {@code imp}. */
    public RemoteLlogService(Import imp, int ctxtIdx) {
        this(imp, ctxtIdx, false);
    }

    /**
     * The same, with requests that fail at once with {@code ENOTCONN} while the import is
     * disconnected instead of waiting for it ({@code noDelay}): for a poller, which asks again
     * later anyway.
     */
    public RemoteLlogService(Import imp, int ctxtIdx, boolean noDelay) {
        this.imp = imp;
        this.ctxtIdx = ctxtIdx;
        this.noDelay = noDelay;
    }

    /** A request on the import, no-delay if this service is. */
    private ClientRequest request(int opcode, int... lens) {
        ClientRequest req = imp.request(opcode, MsgFlags.LUSTRE_LOG_VERSION, lens);
        return noDelay ? req.noDelay() : req;
    }

    @Override
    public LlogLogid open(LlogLogid id, String name) throws LustreException {
        byte[] nameBytes = name == null ? null : (name + "\0").getBytes(StandardCharsets.UTF_8);
        ClientRequest req = nameBytes == null
                ? request(Opcodes.LLOG_ORIGIN_HANDLE_CREATE, LlogdBody.SIZE)
                : request(Opcodes.LLOG_ORIGIN_HANDLE_CREATE, LlogdBody.SIZE, nameBytes.length);
        new LlogdBody(id, ctxtIdx, 0, 0, 0, 0, 0).encode(req.buf(1), 0);
        if (nameBytes != null) {
            MemorySegment.copy(MemorySegment.ofArray(nameBytes), 0, req.buf(2), 0, nameBytes.length);
        }
        Reply r = call(req, name != null ? name : String.valueOf(id));
        return body(r).logid();
    }

    @Override
    public LlogHeader readHeader(LlogLogid id, int flags) throws LustreException {
        ClientRequest req = request(Opcodes.LLOG_ORIGIN_HANDLE_READ_HEADER, LlogdBody.SIZE);
        new LlogdBody(id, ctxtIdx, flags, 0, 0, 0, 0).encode(req.buf(1), 0);
        req.replyCapacity(LlogHeader.MIN_CHUNK_SIZE + 1024);
        Reply r = call(req, String.valueOf(id));
        MemorySegment hdr = r.buf(1, LlogHeader.MIN_CHUNK_SIZE, "llog_log_hdr");
        try {
            return LlogHeader.read(hdr);
        } catch (IllegalArgumentException e) {
            throw new LustreException(Errno.EPROTO, "llog header of " + id + " from " + imp.name() + ": "
                    + e.getMessage());
        }
    }

    @Override
    public int nextBlock(LlogLogid id, int flags, LlogCursor cursor, int nextIdx, MemorySegment buf) {
        ClientRequest req = request(Opcodes.LLOG_ORIGIN_HANDLE_NEXT_BLOCK, LlogdBody.SIZE);
        new LlogdBody(id, ctxtIdx, flags, nextIdx, cursor.index, (int) buf.byteSize(), cursor.offset)
                .encode(req.buf(1), 0);
        req.replyCapacity((int) buf.byteSize() + 1024);
        try {
            Reply r = call(req, String.valueOf(id));
            LlogdBody b = body(r);
            MemorySegment chunk = r.buf(2, 0, "llog chunk");
            if (chunk.byteSize() > buf.byteSize()) {
                return -Errno.EPROTO.value();
            }
            buf.fill((byte) 0);
            MemorySegment.copy(chunk, 0, buf, 0, chunk.byteSize());
            cursor.index = b.savedIndex();
            cursor.offset = b.curOffset();
            return 0;
        } catch (LustreException e) {
            return e.rc();
        }
    }

    @Override
    public int prevBlock(LlogLogid id, int flags, int prevIdx, MemorySegment buf) {
        ClientRequest req = request(Opcodes.LLOG_ORIGIN_HANDLE_PREV_BLOCK, LlogdBody.SIZE);
        new LlogdBody(id, ctxtIdx, flags, prevIdx, 0, (int) buf.byteSize(), 0).encode(req.buf(1), 0);
        req.replyCapacity((int) buf.byteSize() + 1024);
        try {
            Reply r = call(req, String.valueOf(id));
            MemorySegment chunk = r.buf(2, 0, "llog chunk");
            if (chunk.byteSize() > buf.byteSize()) {
                return -Errno.EPROTO.value();
            }
            buf.fill((byte) 0);
            MemorySegment.copy(chunk, 0, buf, 0, chunk.byteSize());
            return 0;
        } catch (LustreException e) {
            return e.rc();
        }
    }

    private Reply call(ClientRequest req, String what) throws LustreException {
        try {
            return imp.call(req);
        } catch (LustreException e) {
            throw new LustreException(e.errno(), imp.name() + ": " + Opcodes.nameOrNumber(req.opcode()) + " of llog "
                    + what + " failed", e);
        }
    }

    private static LlogdBody body(Reply r) throws LustreException {
        try {
            return LlogdBody.decode(r.buf(1, LlogdBody.SIZE, "llogd_body"), r.message().swabbed());
        } catch (IllegalArgumentException e) {
            throw new LustreException(Errno.EPROTO, e.getMessage());
        }
    }
}
