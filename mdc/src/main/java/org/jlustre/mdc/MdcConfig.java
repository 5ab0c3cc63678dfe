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
 * @param delayLimit how long a request may keep waiting for the MDT, through reconnects and
 *        resends ({@code rq_delay_limit}): Lustre's MDC waits until recovery ends or the import
 *        is evicted, so a request whose reply was lost is resent; here every wait has a bound,
 *        by default three timeouts
 */
public record MdcConfig(String name, Uuid clientUuid, Uuid mdtUuid, List<Nid> mdtNids, Duration timeout,
        int maxModRpcsInFlight, Duration delayLimit) {

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
        Objects.requireNonNull(delayLimit, "delayLimit");
        if (delayLimit.compareTo(timeout) < 0) {
            throw new IllegalArgumentException("delay limit " + delayLimit + " shorter than the timeout " + timeout);
        }
    }

    /** The configuration with the default delay limit, three timeouts (a lost reply is resent at least once). */
    public MdcConfig(String name, Uuid clientUuid, Uuid mdtUuid, List<Nid> mdtNids, Duration timeout,
            int maxModRpcsInFlight) {
        this(name, clientUuid, mdtUuid, mdtNids, timeout, maxModRpcsInFlight, timeout.multipliedBy(3));
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
        return new MdcConfig(name, clientUuid, mdtUuid, mdtNids, timeout, n, delayLimit);
    }

    /** The same with another delay limit (at least the timeout). */
    public MdcConfig withDelayLimit(Duration d) {
        return new MdcConfig(name, clientUuid, mdtUuid, mdtNids, timeout, maxModRpcsInFlight, d);
    }
}
