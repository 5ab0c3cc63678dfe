package org.jlustre.client;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jlustre.common.LustreException;
import org.jlustre.osc.Osc;

/**
 * The client's lov (lustre/lov): one osc per OST by index. The data paths over it are
 * {@link LovIo}; striping defaults are the MDT's to apply (its lod has the same {@code lov_desc}).
 */
final class Lov {

    private final TargetTable<Osc> osts;
    private final ClientStack stack;

    Lov(ClientStack stack) {
        this.stack = stack;
        this.osts = new TargetTable<>(stack.fsname(), "OST", stack::connectOsc);
    }

    /** {@code lov_add_target}: OST {@code index} through {@code osc}, connecting in the background. */
    void add(int index, TargetDevice<Osc> osc) throws LustreException {
        osts.add(index, osc);
    }

    /** The OST indexes the log added, ascending. */
    List<Integer> indexes() {
        return osts.indexes();
    }

    /** The osc of OST {@code index}, connected; ENODEV for an index the filesystem does not have. */
    CompletableFuture<Osc> ost(int index) {
        return osts.get(index);
    }

    /** Where the OST calls run. */
    java.util.concurrent.Executor executor() {
        return stack.executor();
    }

    /** The name of OST {@code index}. */
    String ostName(int index) {
        return osts.name(index);
    }
}
