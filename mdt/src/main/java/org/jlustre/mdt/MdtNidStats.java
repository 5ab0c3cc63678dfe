package org.jlustre.mdt;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jlustre.common.Libcfs;
import org.jlustre.common.LustreException;
import org.jlustre.common.param.LprocfsStats;
import org.jlustre.common.param.Param;
import org.jlustre.common.param.ParamGroup;

/**
 * The per-client-NID entry of an MDT ({@code struct nid_stat}, lprocfs_status_server.c, with
 * {@code mdt_stats_counter_init} on its stats): {@code mdt.<name>.exports.<nid>.uuid} lists the
 * clients connected from that NID and {@code .stats} counts their operations with the names of
 * {@code md_stats}. Made at the first connect from a NID, removed when its last export goes.
 */
final class MdtNidStats implements AutoCloseable {

    /** The counters. */
    final LprocfsStats stats;
    /** UUIDs of the clients connected from the NID. */
    private final Set<String> uuids = ConcurrentHashMap.newKeySet();
    private final ParamGroup params;

    MdtNidStats(Libcfs libcfs, String mdtName, String nid) throws LustreException {
        this.stats = MdtStats.declare(new LprocfsStats(libcfs.time()));
        this.params = libcfs.params().createGroup("mdt", mdtName, "exports", nid);
        params.add("uuid", Param.readOnly(() -> String.join("\n", List.copyOf(uuids)) + "\n"));
        params.add("stats", stats.param());
    }

    /** A client connected from the NID. */
    void add(String uuid) {
        uuids.add(uuid);
    }

    /** A client left; true when none is left. */
    boolean remove(String uuid) {
        uuids.remove(uuid);
        return uuids.isEmpty();
    }

    @Override
    public void close() {
        params.close();
    }
}
