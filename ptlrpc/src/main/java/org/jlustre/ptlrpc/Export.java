package org.jlustre.ptlrpc;

import org.jlustre.common.Uuid;
import org.jlustre.lnet.ProcessId;
import org.jlustre.wire.ptlrpc.ObdConnectData;

/**
 * A client's connection to a target ({@code struct obd_export}): made by CONNECT, named on the
 * wire by its cookie ({@code pb_handle}), ended by DISCONNECT or eviction. Upper layers keep
 * their per-client state in {@link #attachment}.
 */
public final class Export {

    private final long cookie;
    private final Uuid clientUuid;
    private final Target target;
    private final long clientHandle;
    private volatile ProcessId peer;
    private volatile int connCnt;
    private volatile ObdConnectData connectData;
    private volatile boolean failed;
    private volatile long lastRequestNanos;
    private volatile Object attachment;

    Export(long cookie, Uuid clientUuid, long clientHandle, Target target, ProcessId peer, int connCnt,
            ObdConnectData connectData) {
        this.cookie = cookie;
        this.clientHandle = clientHandle;
        this.clientUuid = clientUuid;
        this.target = target;
        this.peer = peer;
        this.connCnt = connCnt;
        this.connectData = connectData;
        this.lastRequestNanos = System.nanoTime();
    }

    /** The connection cookie ({@code exp_handle.h_cookie}). */
    public long cookie() {
        return cookie;
    }

    /**
     * The client's own cookie from CONNECT's RMF_CONN ({@code imp_dlm_handle}): what the reverse
     * import addresses, and what a reconnect must repeat.
     */
    public long clientHandle() {
        return clientHandle;
    }

    /** The client's UUID. */
    public Uuid clientUuid() {
        return clientUuid;
    }

    /** The target. */
    public Target target() {
        return target;
    }

    /** Where the client's requests come from (its latest connection). */
    public ProcessId peer() {
        return peer;
    }

    /** {@code exp_conn_cnt}: the client's connection count at its latest (re)connect. */
    public int connCnt() {
        return connCnt;
    }

    /** What was negotiated at connect. */
    public ObdConnectData connectData() {
        return connectData;
    }

    /** Whether the export was disconnected or evicted. */
    public boolean isFailed() {
        return failed;
    }

    /** The upper layer's per-client object. */
    public Object attachment() {
        return attachment;
    }

    /** Sets the upper layer's per-client object. */
    public void attach(Object o) {
        attachment = o;
    }

    void reconnected(ProcessId from, int cnt, ObdConnectData ocd) {
        peer = from;
        connCnt = cnt;
        connectData = ocd;
    }

    void touch() {
        lastRequestNanos = System.nanoTime();
    }

    long lastRequestNanos() {
        return lastRequestNanos;
    }

    void fail() {
        failed = true;
    }

    @Override
    public String toString() {
        return clientUuid.value() + "@" + peer + " -> " + target.name() + " (0x" + Long.toHexString(cookie) + ")";
    }
}
