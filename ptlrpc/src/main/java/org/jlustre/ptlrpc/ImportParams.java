package org.jlustre.ptlrpc;

import java.util.Locale;
import org.jlustre.common.LustreException;
import org.jlustre.common.Nid;
import org.jlustre.common.param.LprocfsStats;
import org.jlustre.common.param.Param;
import org.jlustre.common.param.ParamGroup;
import org.jlustre.wire.ptlrpc.ObdConnectData;

/**
 * An import's parameters under {@code <prefix>} (lustre/obdclass/lprocfs_status.c
 * {@code lprocfs_import_seq_show}, {@code lprocfs_state_seq_show}): import, state, stats,
 * timeouts, uuid and conn_uuid. The import and state texts are rendered from one
 * {@link ImportConnection.Status} taken under the import lock, so they are consistent; nothing
 * here holds a lock while it formats.
 */
final class ImportParams implements AutoCloseable {

    /** What the import is configured with. */
    private final ImportConfig config;
    /** The import's stats, shown as they are and averaged in the import text. */
    private final LprocfsStats stats;
    /** Where the state comes from. */
    private final ImportConnection connection;
    /** Where the timeout count comes from. */
    private final InFlightRequests requests;
    /** The parameters, registered until {@link #close}. */
    private final ParamGroup params;

    /**
     * Registers the import's parameters.
     *
     * @throws LustreException {@link org.jlustre.common.Errno#EEXIST} when they exist already
     */
    ImportParams(Ptlrpc node, ImportConfig config, LprocfsStats stats, ImportConnection connection,
            InFlightRequests requests) throws LustreException {
        this.config = config;
        this.stats = stats;
        this.connection = connection;
        this.requests = requests;
        this.params = node.libcfs().params().createGroup(config.paramPrefix().toArray(String[]::new));
        params.add("import", Param.readOnly(this::renderImport));
        params.add("state", Param.readOnly(this::renderState));
        params.add("stats", stats.param());
        params.add("timeouts", Param.readOnly(() -> "timeouts: " + requests.timeouts() + "\n"));
        params.add("uuid", Param.readOnly(() -> config.clientUuid().value() + "\n"));
        params.add("conn_uuid", Param.readOnly(() -> Nid.toString(connection.currentNid()) + "\n"));
    }

    /** Removes the parameters. */
    @Override
    public void close() {
        params.close();
    }

    /** The state parameter: the current state and the recent changes. */
    private String renderState() {
        ImportConnection.Status s = connection.status();
        StringBuilder sb = new StringBuilder("current_state: ").append(s.state().label()).append("\nstate_history:\n");
        for (String h : s.history()) {
            String[] p = h.split(" ");
            sb.append(" - [ ").append(p[0]).append(", ").append(p[1]).append(" ]\n");
        }
        return sb.toString();
    }

    /** The import parameter: the layout of {@code lprocfs_import_seq_show}, with what jlustre tracks. */
    private String renderImport() {
        ImportConnection.Status s = connection.status();
        ObdConnectData granted = s.granted();
        StringBuilder sb = new StringBuilder();
        sb.append("import:\n");
        sb.append("    name: ").append(config.name()).append('\n');
        sb.append("    target: ").append(config.targetUuid().value()).append('\n');
        sb.append("    state: ").append(s.state().label()).append('\n');
        sb.append(String.format(Locale.ROOT, "    connect_flags: %#x%n", granted != null ? granted.connectFlags() : 0));
        if (granted != null) {
            sb.append("    connect_data:\n");
            sb.append("       flags: ").append(String.format(Locale.ROOT, "%#x", granted.connectFlags())).append('\n');
            sb.append("       instance: ").append(granted.instance()).append('\n');
            sb.append("       target_version: ").append(ObdConnectData.versionString(granted.version())).append('\n');
        }
        sb.append("    connection:\n");
        sb.append("       failover_nids: [ ");
        for (int i = 0; i < config.targetNids().size(); i++) {
            sb.append(i > 0 ? ", " : "").append(config.targetNids().get(i));
        }
        sb.append(" ]\n");
        sb.append("       current_connection: ").append(config.targetNids().get(s.nidIndex())).append('\n');
        sb.append("       connection_attempts: ").append(s.connectAttempts()).append('\n');
        sb.append("       generation: ").append(s.connCnt()).append('\n');
        sb.append("    rpcs:\n");
        sb.append("       inflight: ").append(s.inflight()).append('\n');
        sb.append("       delayed: ").append(s.delayed()).append('\n');
        sb.append("       timeouts: ").append(requests.timeouts()).append('\n');
        LprocfsStats.Counter w = stats.find("req_waittime");
        long avg = w != null && w.count() > 0 ? w.sum() / w.count() : 0;
        sb.append("       avg_waittime: ").append(avg).append(" usec\n");
        return sb.toString();
    }
}
