package org.jlustre.ptlrpc;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;
import org.jlustre.common.Uuid;
import org.jlustre.common.debug.DebugMask;
import org.jlustre.common.param.Param;
import org.jlustre.common.param.ParamGroup;
import org.jlustre.wire.Le;
import org.jlustre.wire.ptlrpc.LustreHandle;
import org.jlustre.wire.ptlrpc.MsgFlags;
import org.jlustre.wire.ptlrpc.ObdConnectData;
import org.jlustre.wire.ptlrpc.PtlrpcBody;

/**
 * Something clients connect to: a named device served by one or more services, with its
 * exports (the connect half of lustre/ldlm/ldlm_lib.c, {@code target_handle_connect},
 * {@code target_handle_reconnect} and {@code target_handle_disconnect}). CONNECT names the
 * target by UUID and the client by UUID and its own handle (RMF_CONN). A new client gets an
 * export; a known one reconnects to its export when it repeats its handle
 * ({@code MSG_CONNECT_RECONNECT} in the reply) and is refused with {@code -EALREADY} when it
 * comes with another handle or claims to be new (connection count 1) while its export lives.
 */
public final class Target implements AutoCloseable {

    /** Buffer 1 of CONNECT: the target's UUID ({@code RMF_TGTUUID}). */
    static final int TGTUUID_OFF = 1;
    /** Buffer 2: the client's UUID ({@code RMF_CLUUID}). */
    static final int CLUUID_OFF = 2;
    /** Buffer 3: the import's handle ({@code RMF_CONN}). */
    static final int CONN_OFF = 3;
    /** Buffer 4: the connect data ({@code RMF_CONNECT_DATA}). */
    static final int CONNECT_DATA_OFF = 4;

    /** Adjusts or refuses a connect: what MDT, OST and MGS add to the generic part. */
    @FunctionalInterface
    public interface ConnectHook {
        /**
         * Returns the connect data to grant (given the generic negotiation), or throws to
         * refuse the connect with that errno.
         */
        ObdConnectData connect(Export export, ObdConnectData requested, ObdConnectData granted)
                throws LustreException;
    }

    private final Ptlrpc node;
    private final Uuid uuid;
    private final String name;
    private final long supportedFlags;
    private final long supportedFlags2;
    private final int instance;
    private final ConnectHook hook;
    private final ConcurrentHashMap<String, Export> byClient = new ConcurrentHashMap<>();
    private final ParamGroup params;

    /**
     * A target named {@code name} with UUID {@code uuid}, granting at most these connect flags;
     * its export list is readable under {@code paramPrefix}.
     */
    public Target(Ptlrpc node, String name, Uuid uuid, long supportedFlags, long supportedFlags2, int instance,
            ConnectHook hook, List<String> paramPrefix) throws LustreException {
        this.node = node;
        this.name = name;
        this.uuid = uuid;
        this.supportedFlags = supportedFlags;
        this.supportedFlags2 = supportedFlags2;
        this.instance = instance;
        this.hook = hook;
        this.params = node.libcfs().params().createGroup(paramPrefix.toArray(String[]::new));
        params.add("uuid", Param.readOnly(() -> uuid.value() + "\n"));
        params.add("num_exports", Param.readOnly(() -> byClient.size() + "\n"));
        params.add("exports", Param.readOnly(this::renderExports));
        params.add("instance", Param.readOnly(() -> instance + "\n"));
    }

    /** The device name ({@code lustre-OST0000}). */
    public String name() {
        return name;
    }

    /** The UUID clients name in CONNECT. */
    public Uuid uuid() {
        return uuid;
    }

    /** The live exports. */
    public List<Export> exports() {
        return List.copyOf(byClient.values());
    }

    /** CONNECT ({@code target_handle_connect}). */
    void connect(ServerRequest req) throws LustreException {
        String cl = string(req.buf(CLUUID_OFF, 1, "client uuid"), "client uuid");
        Uuid clientUuid = Uuid.parse(cl);
        long cookie = req.buf(CONN_OFF, LustreHandle.SIZE, "connection handle")
                .get(req.request().swabbed() ? org.jlustre.wire.Be.U64 : Le.U64, 0);
        ObdConnectData asked = ObdConnectData.read(req.buf(CONNECT_DATA_OFF, 8, "connect data"), 0,
                req.request().swabbed());
        int connCnt = req.body().connCnt();
        int opFlags = 0;
        Export exp;
        synchronized (this) {
            exp = byClient.get(clientUuid.value());
            if (exp != null) {
                if (exp.clientHandle() != cookie) {
                    throw new LustreException(Errno.EALREADY, name + ": already connected client "
                            + clientUuid.value() + " (at " + exp.peer() + ") with handle 0x"
                            + Long.toHexString(exp.clientHandle()) + ", refusing handle 0x" + Long.toHexString(cookie));
                }
                if (connCnt == 1 || exp.connCnt() >= connCnt) {
                    throw new LustreException(Errno.EALREADY, name + ": client " + clientUuid.value()
                            + " reconnects with connection count " + connCnt + ", export has " + exp.connCnt());
                }
                opFlags |= MsgFlags.MSG_CONNECT_RECONNECT;
            } else {
                exp = new Export(node.newCookie(), clientUuid, cookie, this, req.peer(), connCnt, null);
            }
        }
        ObdConnectData granted = asked.withFlags(asked.connectFlags() & supportedFlags,
                asked.connectFlags2() & supportedFlags2)
                .withVersionAndInstance(ObdConnectData.JLUSTRE_OCD_VERSION, instance);
        if (hook != null) {
            granted = hook.connect(exp, asked, granted);
        }
        exp.reconnected(req.peer(), connCnt, granted);
        if ((opFlags & MsgFlags.MSG_CONNECT_RECONNECT) == 0) {
            synchronized (this) {
                Export raced = byClient.putIfAbsent(clientUuid.value(), exp);
                if (raced != null) {
                    throw new LustreException(Errno.EALREADY, name + ": client " + clientUuid.value()
                            + " connected twice at once");
                }
            }
            node.addExport(exp);
            node.libcfs().debug().logf(DebugMask.S_RPC, DebugMask.D_HA, "%s: connection from %s@%s (export 0x%x)",
                    name, clientUuid.value(), req.peer(), exp.cookie());
        }
        req.setExport(exp);
        MemorySegment r = req.packReply(ObdConnectData.SIZE).buf(1);
        granted.write(r, 0);
        req.replyOpFlags(opFlags);
    }

    /** DISCONNECT ({@code target_handle_disconnect}). */
    void disconnect(ServerRequest req) {
        Export exp = req.export();
        node.libcfs().debug().logf(DebugMask.S_RPC, DebugMask.D_HA, "%s: disconnect of %s", name, exp);
        drop(exp);
    }

    /** Removes an export: later requests naming it get -ENOTCONN ({@code class_fail_export}). */
    public void evict(Export exp) {
        node.libcfs().debug().logf(DebugMask.S_RPC, DebugMask.D_HA, "%s: evicting %s", name, exp);
        drop(exp);
    }

    private void drop(Export exp) {
        exp.fail();
        synchronized (this) {
            byClient.remove(exp.clientUuid().value(), exp);
        }
        node.removeExport(exp);
    }

    /** The NUL-terminated string in a buffer of at most 40 bytes ({@code RMF_F_STRING}). */
    static String string(MemorySegment b, String what) throws LustreException {
        int n = (int) Math.min(b.byteSize(), Uuid.FIELD_SIZE);
        byte[] bytes = b.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE);
        int len = 0;
        while (len < bytes.length && bytes[len] != 0) {
            len++;
        }
        if (len == bytes.length) {
            throw new LustreException(Errno.EPROTO, what + " is not NUL-terminated within " + n + " bytes");
        }
        return new String(bytes, 0, len, StandardCharsets.UTF_8);
    }

    /** Whether {@code body} is a request ptlrpc can route to this target's exports. */
    static boolean isRequest(PtlrpcBody body) {
        return body.type() == MsgFlags.PTL_RPC_MSG_REQUEST;
    }

    private String renderExports() {
        StringBuilder sb = new StringBuilder();
        for (Export e : byClient.values()) {
            sb.append(String.format(Locale.ROOT, "%s:%n    uuid: %s%n    cookie: 0x%x%n    conn_cnt: %d%n"
                    + "    connect_flags: 0x%x%n", e.peer(), e.clientUuid().value(), e.cookie(), e.connCnt(),
                    e.connectData() == null ? 0 : e.connectData().connectFlags()));
        }
        return sb.toString();
    }

    /** Drops every export and the parameters. */
    @Override
    public void close() {
        for (Export e : exports()) {
            drop(e);
        }
        params.close();
    }
}
