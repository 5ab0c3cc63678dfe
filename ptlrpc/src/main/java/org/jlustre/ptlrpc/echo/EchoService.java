package org.jlustre.ptlrpc.echo;

import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.CRC32C;
import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;
import org.jlustre.common.Uuid;
import java.time.Duration;
import org.jlustre.common.Nid;
import org.jlustre.ptlrpc.Export;
import org.jlustre.ptlrpc.ImportConfig;
import org.jlustre.ptlrpc.Ptlrpc;
import org.jlustre.ptlrpc.ServerRequest;
import org.jlustre.ptlrpc.Service;
import org.jlustre.ptlrpc.ServiceConfig;
import org.jlustre.ptlrpc.Target;
import org.jlustre.wire.Le;
import org.jlustre.wire.lnet.LnetConstants;
import org.jlustre.wire.ptlrpc.ConnectFlags;
import org.jlustre.wire.ptlrpc.LustreMsg;
import org.jlustre.wire.ptlrpc.MsgFlags;
import org.jlustre.wire.ptlrpc.ObdConnectData;
import org.jlustre.wire.ptlrpc.Opcodes;
import org.jlustre.wire.ptlrpc.Portals;

/**
 * An echo target for testing and measuring ptlrpc, in the spirit of Lustre's obdecho: it runs
 * on the OST portals (requests on {@code OST_REQUEST}, replies to {@code OSC_REPLY}, bulk on
 * {@code OST_BULK}) with OST_CONNECT and OST_DISCONNECT, and serves three jlustre opcodes
 * that Lustre does not define:
 *
 * <ul>
 * <li>{@link #ECHO}: the reply's buffer 1 is a copy of the request's buffer 1;
 * <li>{@link #ECHO_WRITE}: buffer 1 holds a u64 length and, optionally, u64 flags; the server
 *     GETs that many bytes of the client's bulk into a buffer kept per export and replies with
 *     the length and, with flag {@link #WRITE_CRC}, their CRC32C (0 otherwise);
 * <li>{@link #ECHO_READ}: the server PUTs its kept buffer into the client's bulk and replies
 *     with its length.
 * </ul>
 */
public final class EchoService implements AutoCloseable {

    /** Echo the request's buffer 1. */
    public static final int ECHO = 16001;
    /** Pull the client's bulk. */
    public static final int ECHO_WRITE = 16002;
    /** Push the kept buffer to the client's bulk. */
    public static final int ECHO_READ = 16003;
    /** {@link #ECHO_WRITE} flag: reply with the CRC32C of the data. */
    public static final long WRITE_CRC = 1;
    /** The most bytes one bulk moves. */
    public static final long MAX_BULK = (long) Ptlrpc.BULK_OPS_COUNT * LnetConstants.MTU;
    /** The target's UUID. */
    public static final Uuid UUID = new Uuid("echo_UUID");

    private final Service service;
    private final Target target;
    private final ConcurrentHashMap<Long, MemorySegment> kept = new ConcurrentHashMap<>();

    /** The service configuration: inline echo up to {@code maxRequest} bytes. */
    public static ServiceConfig config(int threads, int maxRequest) {
        int bufSize = Math.max(4 * maxRequest, 1 << 20);
        return new ServiceConfig("echo", List.of("echo", "ECHO", "echo"), Portals.OST_REQUEST, Portals.OSC_REPLY,
                Portals.OST_BULK, maxRequest, bufSize, 32, threads, Opcodes.OST_CONNECT, Opcodes.OST_DISCONNECT,
                MsgFlags.LUSTRE_OST_VERSION);
    }

    /**
     * The import of a client named {@code name} to the echo target at {@code server}, asking
     * for IBITS and adaptive timeouts (so replies land past the early-reply room): the OSC's
     * portals and connect opcodes, no pinging, reconnecting every 100 ms.
     */
    public static ImportConfig importConfig(String name, List<Nid> server, Duration timeout) {
        return new ImportConfig(name, List.of("osc", name), new Uuid(name + "_UUID"), UUID, server, Portals.OST_REQUEST,
                Portals.OSC_REPLY, Portals.OST_BULK, Opcodes.OST_CONNECT, Opcodes.OST_DISCONNECT,
                ObdConnectData.ofFlags(ConnectFlags.OBD_CONNECT_IBITS | ConnectFlags.OBD_CONNECT_AT), timeout,
                Duration.ZERO, Duration.ofMillis(100), LustreMsg.SP_CLI);
    }

    /** Starts the echo target and its service on a node. */
    public EchoService(Ptlrpc node, ServiceConfig config) throws LustreException {
        this.target = new Target(node, "echo", UUID, ~0L, ~0L, 1, null, List.of("echo", "ECHO"));
        Service s;
        try {
            s = new Service(node, config);
        } catch (LustreException e) {
            target.close();
            throw e;
        }
        this.service = s;
        service.addTarget(target);
        service.register(ECHO, "echo", this::echo);
        service.register(ECHO_WRITE, "echo_write", this::write);
        service.register(ECHO_READ, "echo_read", this::read);
    }

    /** The service. */
    public Service service() {
        return service;
    }

    /** The target. */
    public Target target() {
        return target;
    }

    private void echo(ServerRequest req) throws LustreException {
        int n = req.request().bufCount() > 1 ? req.request().bufLen(1) : 0;
        MemorySegment in = n > 0 ? req.buf(1, n, "echo payload") : MemorySegment.NULL;
        req.packReply(n);
        if (n > 0) {
            req.replyBuf(1).copyFrom(in);
        }
    }

    private void write(ServerRequest req) throws LustreException {
        long len = req.buf(1, 8, "echo length").get(Le.U64, 0);
        if (len <= 0 || len > MAX_BULK) {
            throw new LustreException(Errno.EINVAL, "echo write of " + len + " bytes (1.." + MAX_BULK + ")");
        }
        long mds = (len + LnetConstants.MTU - 1) / LnetConstants.MTU;
        if (req.bulkMds() != mds) {
            throw new LustreException(Errno.EPROTO, "echo write of " + len + " bytes needs " + mds
                    + " bulk buffers, the client prepared " + req.bulkMds());
        }
        // the export's buffer is reused: fresh memory costs a page fault per page on first touch
        MemorySegment buf = kept.compute(exportKey(req.export()),
                (k, old) -> old != null && old.byteSize() == len ? old : java.lang.foreign.Arena.ofAuto().allocate(len));
        long moved = req.bulkGet(List.of(buf));
        long flags = req.request().bufLen(1) >= 16 ? req.buf(1, 16, "echo flags").get(Le.U64, 8) : 0;
        CRC32C crc = new CRC32C();
        if ((flags & WRITE_CRC) != 0) {
            crc.update(buf.asByteBuffer());
        }
        req.packReply(16);
        req.replyBuf(1).set(Le.U64, 0, moved);
        req.replyBuf(1).set(Le.U64, 8, (flags & WRITE_CRC) != 0 ? crc.getValue() : 0);
    }

    private void read(ServerRequest req) throws LustreException {
        MemorySegment buf = kept.get(exportKey(req.export()));
        if (buf == null) {
            throw new LustreException(Errno.ENODATA, "nothing written by " + req.export().clientUuid().value());
        }
        long moved = req.bulkPut(List.of(buf));
        req.packReply(8);
        req.replyBuf(1).set(Le.U64, 0, moved);
    }

    private static long exportKey(Export e) {
        return e.cookie();
    }

    /** Stops the service and drops the target's exports. */
    @Override
    public void close() {
        service.close();
        target.close();
    }
}
