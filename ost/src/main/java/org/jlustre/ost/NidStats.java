package org.jlustre.ost;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jlustre.common.Libcfs;
import org.jlustre.common.LustreException;
import org.jlustre.common.param.LprocfsStats;
import org.jlustre.common.param.Param;
import org.jlustre.common.param.ParamGroup;

/**
 * The per-client-NID entry of an OST ({@code struct nid_stat}, lprocfs_status_server.c):
 * {@code obdfilter.<name>.exports.<nid>.uuid} lists the clients connected from that NID and
 * {@code .stats} counts their operations as {@code obdfilter.<name>.stats} does. Made at the
 * first connect from a NID, removed when its last export goes.
 */
final class NidStats implements AutoCloseable {

    /** The counters. */
    final LprocfsStats stats;
    /** UUIDs of the clients connected from the NID. */
    private final Set<String> uuids = ConcurrentHashMap.newKeySet();
    private final ParamGroup params;

    NidStats(Libcfs libcfs, String ofdName, String nid) throws LustreException {
        this.stats = new LprocfsStats(libcfs.time());
        OfdStats.declare(stats);
        this.params = libcfs.params().createGroup("obdfilter", ofdName, "exports", nid);
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
