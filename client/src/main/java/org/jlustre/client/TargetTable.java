package org.jlustre.client;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;

/**
 * The targets of one kind an lmv or lov holds ({@code lmv_tgt_desc} / {@code lov_tgt_desc}
 * arrays): devices by index, each connected in the background when added.
 *
 * @param <C> the connection, an Mdc or an Osc
 */
final class TargetTable<C extends AutoCloseable> {

    private final Map<Integer, TargetDevice<C>> byIndex = new ConcurrentSkipListMap<>();
    private final String fsname;
    private final String kind;
    private final TargetDevice.Connector<C> connector;

    /** A table of {@code kind} ("MDT", "OST") targets of {@code fsname}, connected by {@code connector}. */
    TargetTable(String fsname, String kind, TargetDevice.Connector<C> connector) {
        this.fsname = fsname;
        this.kind = kind;
        this.connector = connector;
    }

    /** Adds {@code device} as target {@code index} and starts connecting it; EEXIST for an index taken. */
    void add(int index, TargetDevice<C> device) throws LustreException {
        if (byIndex.putIfAbsent(index, device) != null) {
            throw new LustreException(Errno.EEXIST, device.name() + ": " + kind + " index " + index
                    + " is already added");
        }
        device.start(index, connector);
    }

    /** The indexes added, ascending. */
    List<Integer> indexes() {
        return List.copyOf(byIndex.keySet());
    }

    /** The connection of target {@code index}; ENODEV for an index the filesystem does not have. */
    CompletableFuture<C> get(int index) {
        TargetDevice<C> d = byIndex.get(index);
        if (d == null) {
            return Async.failed(Errno.ENODEV, fsname + " has no " + kind + " index " + index + " (" + kind + "s: "
                    + indexes() + ")");
        }
        return d.connection();
    }

    /** The target's name, {@code <fsname>-<kind><index in 4 hex digits>}. */
    String name(int index) {
        return String.format("%s-%s%04x", fsname, kind, index);
    }
}
