package org.jlustre.ptlrpc;

import java.lang.foreign.MemorySegment;
import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;
import org.jlustre.wire.ptlrpc.LustreMsg;
import org.jlustre.wire.ptlrpc.PtlrpcBody;

/**
 * A reply as the client got it: the message, unpacked, and its status. Its bytes are the
 * client's own reply buffer, valid as long as the caller keeps this object.
 */
public final class Reply {

    private final long xid;
    private final LustreMsg msg;
    private final PtlrpcBody body;

    Reply(long xid, LustreMsg msg, PtlrpcBody body) {
        this.xid = xid;
        this.msg = msg;
        this.body = body;
    }

    /** The request's xid. */
    public long xid() {
        return xid;
    }

    /** The reply message. */
    public LustreMsg message() {
        return msg;
    }

    /** Its {@code ptlrpc_body}. */
    public PtlrpcBody body() {
        return body;
    }

    /** {@code pb_status}: 0 or a negative errno. */
    public int status() {
        return body.status();
    }

    /** The errno of a failed reply, {@link Errno#EPROTO} for a status Linux does not define. */
    public Errno errno() {
        Errno e = Errno.ofOrNull(body.status());
        return e != null ? e : Errno.EPROTO;
    }

    /**
     * Reply buffer {@code i} with at least {@code minLen} bytes.
     *
     * @throws LustreException {@link Errno#EPROTO} naming the buffer when it is missing or short
     */
    public MemorySegment buf(int i, int minLen, String what) throws LustreException {
        return msg.buf(i, minLen, what);
    }
}
