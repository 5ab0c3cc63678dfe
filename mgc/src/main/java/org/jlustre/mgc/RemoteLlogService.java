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
import org.jlustre.wire.MdtBody;
import org.jlustre.wire.llog.LlogHeader;
import org.jlustre.wire.llog.LlogLogid;
import org.jlustre.wire.mgs.LlogdBody;
import org.jlustre.wire.ptlrpc.LustreMsg;
import org.jlustre.wire.ptlrpc.MsgFlags;
import org.jlustre.wire.ptlrpc.Opcodes;
import org.jlustre.wire.ptlrpc.PtlrpcBody;

/**
 * The llog RPCs' client side ({@code llog_client_ops}, lustre/ptlrpc/llog_client.c): each
 * {@link LlogService} call is one LLOG_ORIGIN_HANDLE_* request on an import, so an
 * {@link org.jlustre.llog.LlogContext#remote remote context} reads the MGS's logs with the
 * same processing code as local ones. Buffers are layout.c's: {@code ptlrpc_body},
 * {@code llogd_body}, and for CREATE the log name and an {@code mdt_body} with the sender's
 * credentials; replies add the chunk ({@code RMF_EADATA}) or the header
 * ({@code RMF_LLOG_LOG_HDR}), and each request asks for a reply buffer of exactly its layout
 * (a larger reply is fetched again by ptlrpc).
 */
public final class RemoteLlogService implements LlogService {

    /**
     * The credentials CREATE sends ({@code do_pack_body}): the MGC works for a server mount,
     * which the kernel runs as root with every capability, and the MGS reads none of them.
     */
    private static final int MOUNT_UID = 0;
    /** The mount's gid. */
    private static final int MOUNT_GID = 0;
    /** {@code current_cap().cap[0]} of root: every capability. */
    private static final int MOUNT_CAPABILITY = -1;

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

    /**
     * LLOG_ORIGIN_HANDLE_CREATE ({@code llog_client_open}): always four buffers
     * ({@code RQF_LLOG_ORIGIN_HANDLE_CREATE}), the name empty and the {@code mdt_body} zero when
     * the log is opened by id.
     */
    @Override
    public LlogLogid open(LlogLogid id, String name) throws LustreException {
        byte[] nameBytes = name == null ? new byte[0] : (name + "\0").getBytes(StandardCharsets.UTF_8);
        ClientRequest req = request(Opcodes.LLOG_ORIGIN_HANDLE_CREATE, LlogdBody.SIZE, nameBytes.length, MdtBody.SIZE);
        new LlogdBody(id, ctxtIdx, 0, 0, 0, 0, 0).encode(req.buf(1), 0);
        if (name != null) {
            MemorySegment.copy(MemorySegment.ofArray(nameBytes), 0, req.buf(2), 0, nameBytes.length);
            MdtBody.writeCredentials(req.buf(3), 0, MOUNT_UID, MOUNT_GID, MOUNT_UID, MOUNT_GID, MOUNT_CAPABILITY);
        }
        req.replyCapacity(LustreMsg.size(PtlrpcBody.SIZE_V3, LlogdBody.SIZE));
        Reply r = call(req, name != null ? name : String.valueOf(id));
        return body(r).logid();
    }

    @Override
    public LlogHeader readHeader(LlogLogid id, int flags) throws LustreException {
        ClientRequest req = request(Opcodes.LLOG_ORIGIN_HANDLE_READ_HEADER, LlogdBody.SIZE);
        new LlogdBody(id, ctxtIdx, flags, 0, 0, 0, 0).encode(req.buf(1), 0);
        req.replyCapacity(LustreMsg.size(PtlrpcBody.SIZE_V3, LlogHeader.MIN_CHUNK_SIZE));
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
        req.replyCapacity(LustreMsg.size(PtlrpcBody.SIZE_V3, LlogdBody.SIZE, (int) buf.byteSize()));
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
        req.replyCapacity(LustreMsg.size(PtlrpcBody.SIZE_V3, LlogdBody.SIZE, (int) buf.byteSize()));
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
