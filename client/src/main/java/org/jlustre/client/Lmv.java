package org.jlustre.client;

import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import org.jlustre.common.Fid;
import org.jlustre.common.LustreException;
import org.jlustre.fid.FldClient;
import org.jlustre.mdc.Mdc;
import org.jlustre.wire.fid.LuSeqRange;

/**
 * The client's lmv (lustre/lmv): one mdc per MDT by index, and the FID location database
 * client that says which MDT holds a FID ({@code lmv_fld_lookup} over {@code fld_client_lookup}).
 * FLD ranges never move once allocated, so a range learnt is kept; sequences outside the FLDB
 * (the reserved ones, below {@code FID_SEQ_NORMAL}: ROOT, {@code .lustre}, local files) are
 * MDT0's, as {@code fld_server_lookup} answers for them.
 */
final class Lmv {

    private final TargetTable<Mdc> mdts;
    /** FLD ranges learnt, by start. */
    private final NavigableMap<Long, LuSeqRange> ranges = new ConcurrentSkipListMap<>(Long::compareUnsigned);
    private final ClientStack stack;

    Lmv(ClientStack stack) {
        this.stack = stack;
        this.mdts = new TargetTable<>(stack.fsname(), "MDT", stack::connectMdc);
    }

    /** {@code lmv_add_target}: MDT {@code index} through {@code mdc}, connecting in the background. */
    void add(int index, TargetDevice<Mdc> mdc) throws LustreException {
        mdts.add(index, mdc);
    }

    /** The MDT indexes the log added, ascending. */
    List<Integer> indexes() {
        return mdts.indexes();
    }

    /** The mdc of MDT {@code index}, connected; ENODEV for an index the filesystem does not have. */
    CompletableFuture<Mdc> mdt(int index) {
        return mdts.get(index);
    }

    /** The name of MDT {@code index}. */
    String mdtName(int index) {
        return mdts.name(index);
    }

    /** The mdc of the MDT holding {@code fid}. */
    CompletableFuture<Mdc> mdcFor(Fid fid) {
        return indexOf(fid).thenCompose(this::mdt);
    }

    /** The index of the MDT holding {@code fid}. */
    CompletableFuture<Integer> indexOf(Fid fid) {
        long seq = fid.seq();
        if (!fid.isNormal()) {
            return CompletableFuture.completedFuture(0);
        }
        Map.Entry<Long, LuSeqRange> e = ranges.floorEntry(seq);
        if (e != null && Long.compareUnsigned(seq, e.getValue().end()) < 0) {
            return CompletableFuture.completedFuture(e.getValue().index());
        }
        return mdt(0).thenCompose(mdc0 -> Async.on(stack.executor(), () -> {
            LuSeqRange r = FldClient.over(mdc0.imp()).lookup(seq, LuSeqRange.MDT);
            ranges.put(r.start(), r);
            return r.index();
        }));
    }
}
