package org.jlustre.mdt.osp;

import java.util.ArrayList;
import java.util.List;
import org.jlustre.common.Fid;
import org.jlustre.common.param.Param;
import org.jlustre.common.param.ParamTree;

/**
 * The OSP's entries under {@code osp.<name>} (lustre/osp/lproc_osp.c): the pool
 * ({@code prealloc_next_id}, {@code prealloc_last_id}, {@code prealloc_next_seq},
 * {@code prealloc_last_seq}, {@code prealloc_reserved}, {@code prealloc_status}), the batch
 * sizes ({@code create_count}, {@code max_create_count}, writable), the sync log
 * ({@code sync_changes}, {@code sync_in_flight}, {@code sync_in_progress},
 * {@code destroys_in_flight}) and the statfs cache ({@code maxage} writable,
 * {@code reserved_mb_low}, {@code reserved_mb_high}). Removed when the OSP closes.
 */
final class OspParams implements AutoCloseable {

    private final ParamTree tree;
    private final List<List<String>> names = new ArrayList<>();

    OspParams(ParamTree tree, Osp osp) {
        this.tree = tree;
        OspPrecreate pre = osp.precreate();
        int idx = osp.index();
        add(osp, "prealloc_next_id", Param.readOnlyLong(() -> pre.nextUsed() + 1));
        add(osp, "prealloc_last_id", Param.readOnlyLong(pre::lastCreated));
        add(osp, "prealloc_next_seq", Param.readOnly(() -> idifSeq(pre.nextUsed() + 1, idx)));
        add(osp, "prealloc_last_seq", Param.readOnly(() -> idifSeq(pre.lastCreated(), idx)));
        add(osp, "prealloc_reserved", Param.readOnlyLong(pre::reserved));
        add(osp, "prealloc_status", Param.readOnlyLong(pre::status));
        add(osp, "create_count", Param.ofLong(pre::createCount, v -> pre.createCount((int) (long) v),
                OspConfig.OST_MIN_PRECREATE, OspConfig.OST_MAX_PRECREATE));
        add(osp, "max_create_count", Param.ofLong(pre::maxCreateCount, v -> pre.maxCreateCount((int) (long) v), 0,
                OspConfig.OST_MAX_PRECREATE));
        add(osp, "sync_changes", Param.readOnlyLong(osp::syncChanges));
        add(osp, "sync_in_flight", Param.readOnlyLong(osp::syncInFlight));
        add(osp, "sync_in_progress", Param.readOnlyLong(osp::syncInProgress));
        add(osp, "destroys_in_flight", Param.readOnlyLong(() -> osp.syncChanges() + osp.syncInFlight()));
        OspStatfs sf = osp.statfsCache();
        add(osp, "maxage", Param.ofLong(sf::maxAgeSeconds, v -> sf.maxAgeSeconds(v), 1, 86400));
        add(osp, "reserved_mb_low", Param.readOnlyLong(sf::reservedMbLow));
        add(osp, "reserved_mb_high", Param.readOnlyLong(sf::reservedMbHigh));
    }

    /** As lproc_osp.c prints an IDIF sequence: without the id's high bits, in hex. */
    private static String idifSeq(long id, int idx) {
        return "0x" + Long.toHexString(Fid.idif(id, idx).seq() & ~0xffffL);
    }

    private void add(Osp osp, String leaf, Param p) {
        List<String> name = List.of("osp", osp.name(), leaf);
        tree.register(name, p);
        names.add(name);
    }

    @Override
    public void close() {
        for (List<String> n : names) {
            tree.unregister(n);
        }
    }
}
