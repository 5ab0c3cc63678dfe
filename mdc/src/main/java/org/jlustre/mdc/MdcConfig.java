package org.jlustre.mdc;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.jlustre.common.Nid;
import org.jlustre.common.Uuid;

/**
 * What an {@link Mdc} connects to and how.
 *
 * @param name the device name ({@code lustre-MDT0000-mdc-<client>}), for logs and parameters
 * @param clientUuid our UUID, the export's name on the MDT
 * @param mdtUuid the MDT's UUID ({@code lustre-MDT0000_UUID})
 * @param mdtNids the MDT's NIDs, tried in turn
 * @param timeout the per-request timeout
 * @param maxModRpcsInFlight modifying RPCs on the wire at once ({@code max_mod_rpcs_in_flight},
 *        7 in Lustre: {@code max_rpcs_in_flight} 8 less one), each with its own {@code pb_tag};
 *        lowered to what the MDT grants in {@code ocd_maxmodrpcs}
 */
public record MdcConfig(String name, Uuid clientUuid, Uuid mdtUuid, List<Nid> mdtNids, Duration timeout,
        int maxModRpcsInFlight) {

    /** {@code OBD_MAX_RIF_DEFAULT - 1}: Lustre's default {@code max_mod_rpcs_in_flight}. */
    public static final int DEFAULT_MOD_RPCS_IN_FLIGHT = 7;
    /** {@code OBD_MAX_RIF_MAX}: the most tags a client may use. */
    public static final int MAX_MOD_RPCS_IN_FLIGHT = 256;

    /** Validates. */
    public MdcConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(clientUuid, "clientUuid");
        Objects.requireNonNull(mdtUuid, "mdtUuid");
        mdtNids = List.copyOf(mdtNids);
        if (mdtNids.isEmpty()) {
            throw new IllegalArgumentException("MDC " + name + " has no MDT NID");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout " + timeout + " must be positive");
        }
        if (maxModRpcsInFlight < 1 || maxModRpcsInFlight >= MAX_MOD_RPCS_IN_FLIGHT) {
            throw new IllegalArgumentException("max_mod_rpcs_in_flight " + maxModRpcsInFlight + " not in 1.."
                    + (MAX_MOD_RPCS_IN_FLIGHT - 1));
        }
    }

    /**
     * A client's MDC for MDT {@code index} of file system {@code fsname} at {@code nids}, named as
     * llite names it ({@code <fsname>-MDT<idx>-mdc-<client>}), 7 modifying RPCs in flight.
     */
    public static MdcConfig client(String fsname, int index, List<Nid> nids, String clientName, Duration timeout) {
        String mdt = String.format("%s-MDT%04x", fsname, index);
        return new MdcConfig(mdt + "-mdc-" + clientName, new Uuid(clientName + "_UUID"), new Uuid(mdt + "_UUID"), nids,
                timeout, DEFAULT_MOD_RPCS_IN_FLIGHT);
    }

    /** The same with another number of modifying RPCs in flight. */
    public MdcConfig withMaxModRpcsInFlight(int n) {
        return new MdcConfig(name, clientUuid, mdtUuid, mdtNids, timeout, n);
    }
}
