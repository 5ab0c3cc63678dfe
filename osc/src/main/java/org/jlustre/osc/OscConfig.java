package org.jlustre.osc;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.jlustre.common.Nid;
import org.jlustre.common.Uuid;

/**
 * What an {@link Osc} connects to and how.
 *
 * @param name the device name ({@code lustre-OST0000-osc-<client>}), for logs and parameters
 * @param clientUuid our UUID, the export's name on the OST
 * @param ostUuid the OST's UUID ({@code lustre-OST0000_UUID})
 * @param ostIndex the OST's index: legacy object ids become its IDIF FIDs
 * @param ostNids the OST's NIDs, tried in turn
 * @param timeout the per-request timeout
 * @param maxRpcsInFlight BRW RPCs in flight at once ({@code max_rpcs_in_flight}, 8 in Lustre)
 * @param checksums whether bulk data is checksummed ({@code checksums}, on by default in Lustre)
 * @param mdt whether this is an MDT's OSP connection: OBD_CONNECT_MDS, SKIP_ORPHAN and INDEX are
 *        asked for, with {@code ocd_index} = {@code ostIndex} and {@code ocd_group} 0
 */
public record OscConfig(String name, Uuid clientUuid, Uuid ostUuid, int ostIndex, List<Nid> ostNids,
        Duration timeout, int maxRpcsInFlight, boolean checksums, boolean mdt) {

    /** {@code OBD_MAX_RIF_DEFAULT}. */
    public static final int DEFAULT_RPCS_IN_FLIGHT = 8;
    /** {@code OBD_MAX_RIF_MAX}. */
    public static final int MAX_RPCS_IN_FLIGHT = 256;

    /** Validates. */
    public OscConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(clientUuid, "clientUuid");
        Objects.requireNonNull(ostUuid, "ostUuid");
        ostNids = List.copyOf(ostNids);
        if (ostNids.isEmpty()) {
            throw new IllegalArgumentException("OSC " + name + " has no OST NID");
        }
        if (ostIndex < 0 || ostIndex > 0xffff) {
            throw new IllegalArgumentException("OST index " + ostIndex + " not in 0..65535");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout " + timeout + " must be positive");
        }
        if (maxRpcsInFlight < 1 || maxRpcsInFlight > MAX_RPCS_IN_FLIGHT) {
            throw new IllegalArgumentException("max_rpcs_in_flight " + maxRpcsInFlight + " not in 1.."
                    + MAX_RPCS_IN_FLIGHT);
        }
    }

    /**
     * A client's OSC for OST {@code index} of file system {@code fsname} at {@code nids}: named
     * as llite names them ({@code <fsname>-OST<idx>-osc-<client>}), checksums on, 8 RPCs in
     * flight.
     */
    public static OscConfig client(String fsname, int index, List<Nid> nids, String clientName, Duration timeout) {
        String ost = String.format("%s-OST%04x", fsname, index);
        return new OscConfig(ost + "-osc-" + clientName, new Uuid(clientName + "_UUID"), new Uuid(ost + "_UUID"), index,
                nids, timeout, DEFAULT_RPCS_IN_FLIGHT, true, false);
    }

    /** The same with another number of RPCs in flight. */
    public OscConfig withMaxRpcsInFlight(int n) {
        return new OscConfig(name, clientUuid, ostUuid, ostIndex, ostNids, timeout, n, checksums, mdt);
    }

    /** The same with checksums on or off. */
    public OscConfig withChecksums(boolean on) {
        return new OscConfig(name, clientUuid, ostUuid, ostIndex, ostNids, timeout, maxRpcsInFlight, on, mdt);
    }

    /** The same as an MDT's OSP connection (or not). */
    public OscConfig asMdt(boolean isMdt) {
        return new OscConfig(name, clientUuid, ostUuid, ostIndex, ostNids, timeout, maxRpcsInFlight, checksums, isMdt);
    }
}
