package org.jlustre.ptlrpc;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.jlustre.common.Nid;
import org.jlustre.common.Uuid;
import org.jlustre.wire.ptlrpc.LustreMsg;
import org.jlustre.wire.ptlrpc.ObdConnectData;

/**
 * What an import connects to and how ({@code struct obd_import}'s setup: the client device's
 * {@code lustre_cfg} and {@code ptlrpc_init_client}).
 *
 * @param name the client device name ({@code lustre-OST0000-osc-ffff...}), for logs and
 *        parameters
 * @param paramPrefix where its parameters go ({@code osc.<name>})
 * @param clientUuid the client's UUID
 * @param targetUuid the target's UUID, named in CONNECT
 * @param targetNids the target's NIDs, tried in turn (failover)
 * @param requestPortal the service's request portal
 * @param replyPortal our reply portal
 * @param bulkPortal the bulk portal
 * @param connectOpcode the CONNECT opcode of that service
 * @param disconnectOpcode its DISCONNECT opcode
 * @param connectData the connect data we ask for
 * @param timeout the per-request timeout ({@code obd_timeout}-style)
 * @param pingInterval how often an idle import pings ({@code PING_INTERVAL}); zero: never
 * @param reconnectDelay how long to wait between failed connects
 * @param secPart who we are to the target's security rules ({@code cl_sp_me}, set by the client
 *        device's type in {@code client_obd_setup}: {@link LustreMsg#SP_MGC} for an MGC,
 *        {@link LustreMsg#SP_CLI} for a client's OSC or MDC, {@link LustreMsg#SP_MDT} for an
 *        OSP); it goes in the top byte of every request's {@code lm_secflvr}
 */
public record ImportConfig(String name, List<String> paramPrefix, Uuid clientUuid, Uuid targetUuid,
        List<Nid> targetNids, int requestPortal, int replyPortal, int bulkPortal, int connectOpcode,
        int disconnectOpcode, ObdConnectData connectData, Duration timeout, Duration pingInterval,
        Duration reconnectDelay, int secPart) {

    /** Validates. */
    public ImportConfig {
        Objects.requireNonNull(name, "name");
        paramPrefix = List.copyOf(paramPrefix);
        Objects.requireNonNull(clientUuid, "clientUuid");
        Objects.requireNonNull(targetUuid, "targetUuid");
        targetNids = List.copyOf(targetNids);
        if (targetNids.isEmpty()) {
            throw new IllegalArgumentException("import " + name + " has no target NID");
        }
        Objects.requireNonNull(connectData, "connectData");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout " + timeout + " must be positive");
        }
        if (pingInterval.isNegative() || reconnectDelay.isNegative()) {
            throw new IllegalArgumentException("ping interval " + pingInterval + " and reconnect delay "
                    + reconnectDelay + " must not be negative");
        }
        if (secPart < LustreMsg.SP_CLI || secPart > LustreMsg.SP_MGS) {
            throw new IllegalArgumentException("sec part " + secPart + " of " + name + " is not a LUSTRE_SP_*");
        }
    }

    /** The same with another request timeout. */
    public ImportConfig withTimeout(Duration t) {
        return new ImportConfig(name, paramPrefix, clientUuid, targetUuid, targetNids, requestPortal, replyPortal,
                bulkPortal, connectOpcode, disconnectOpcode, connectData, t, pingInterval, reconnectDelay, secPart);
    }

    /** The same with other ping and reconnect intervals. */
    public ImportConfig withIntervals(Duration ping, Duration reconnect) {
        return new ImportConfig(name, paramPrefix, clientUuid, targetUuid, targetNids, requestPortal, replyPortal,
                bulkPortal, connectOpcode, disconnectOpcode, connectData, timeout, ping, reconnect, secPart);
    }
}
