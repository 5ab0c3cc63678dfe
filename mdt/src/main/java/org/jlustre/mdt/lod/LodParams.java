package org.jlustre.mdt.lod;

import java.util.ArrayList;
import java.util.List;
import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;
import org.jlustre.common.param.Param;
import org.jlustre.common.param.ParamTree;
import org.jlustre.mdt.osp.Osp;
import org.jlustre.wire.mdt.LovMdsMd;

/**
 * The LOD's entries under {@code lod.<name>} (lustre/lod/lproc_lod.c): the defaults
 * {@code stripesize} (writable, with K/M/G suffixes, fixed as {@code lod_fix_desc_stripe_size}),
 * {@code stripecount} (writable, -1 every OST), {@code stripeoffset} (writable, -1 any),
 * {@code stripetype}; the OSTs {@code numobd}, {@code activeobd}, {@code target_obd}; the
 * allocator's {@code qos_threshold_rr} and {@code qos_prio_free} (writable percents, shown with
 * "%"). Removed when the LOD closes.
 */
final class LodParams implements AutoCloseable {

    private final ParamTree tree;
    private final List<List<String>> names = new ArrayList<>();

    LodParams(ParamTree tree, Lod lod, LodQos qos) {
        this.tree = tree;
        add(lod, "stripesize", Param.ofString(() -> Long.toString(lod.stripeSize()), v -> lod.stripeSize(memparse(v))));
        add(lod, "stripecount", Param.ofLong(lod::stripeCount, v -> lod.stripeCount((int) (long) v), -1,
                LodLayout.INSANE_STRIPE_COUNT));
        add(lod, "stripeoffset", Param.ofLong(lod::stripeOffset, v -> lod.stripeOffset((int) (long) v), -1, 2000));
        add(lod, "stripetype", Param.readOnlyLong(() -> LovMdsMd.LOV_PATTERN_RAID0));
        add(lod, "numobd", Param.readOnlyLong(() -> lod.osts().size()));
        add(lod, "activeobd", Param.readOnlyLong(() -> lod.osts().stream().filter(o -> o.status() == 0).count()));
        add(lod, "target_obd", Param.readOnly(() -> targets(lod)));
        add(lod, "qos_threshold_rr", Param.ofString(() -> qos.thresholdRrPercent() + "%",
                v -> qos.thresholdRrPercent(percent(v, "qos_threshold_rr"))));
        add(lod, "qos_prio_free", Param.ofString(() -> qos.prioFreePercent() + "%",
                v -> qos.prioFreePercent(percent(v, "qos_prio_free"))));
    }

    /** {@code lod_tgt_seq_show}: one line per OST, "index: uuid ACTIVE|INACTIVE". */
    private static String targets(Lod lod) {
        StringBuilder sb = new StringBuilder();
        for (Osp o : lod.osts()) {
            sb.append(o.index()).append(": ").append(o.osc().config().ostUuid().value()).append(' ')
                    .append(o.status() == 0 ? "" : "IN").append("ACTIVE\n");
        }
        return sb.toString();
    }

    /** A percent 0..100, with or without "%". */
    static int percent(String text, String what) throws LustreException {
        String t = text.strip();
        if (t.endsWith("%")) {
            t = t.substring(0, t.length() - 1);
        }
        long v = Param.parseLong(t);
        if (v < 0 || v > 100) {
            throw new LustreException(Errno.EINVAL, what + " '" + text.strip() + "' not in 0..100");
        }
        return (int) v;
    }

    /** {@code sysfs_memparse}: a byte count with an optional K, M, G or T suffix (and "B"). */
    static long memparse(String text) throws LustreException {
        String t = text.strip();
        if (t.endsWith("B") || t.endsWith("b")) {
            t = t.substring(0, t.length() - 1);
        }
        int shift = 0;
        if (!t.isEmpty()) {
            switch (Character.toUpperCase(t.charAt(t.length() - 1))) {
                case 'K' -> shift = 10;
                case 'M' -> shift = 20;
                case 'G' -> shift = 30;
                case 'T' -> shift = 40;
                default -> shift = 0;
            }
        }
        if (shift != 0) {
            t = t.substring(0, t.length() - 1);
        }
        long v = Param.parseLong(t);
        if (v < 0 || v > (Long.MAX_VALUE >> shift)) {
            throw new LustreException(Errno.ERANGE, "size '" + text.strip() + "' out of range");
        }
        return v << shift;
    }

    private void add(Lod lod, String leaf, Param p) {
        List<String> name = List.of("lod", lod.name(), leaf);
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
