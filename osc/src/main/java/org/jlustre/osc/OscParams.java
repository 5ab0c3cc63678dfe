package org.jlustre.osc;

import java.util.ArrayList;
import java.util.List;
import org.jlustre.common.param.Param;
import org.jlustre.common.param.ParamTree;
import org.jlustre.wire.ost.ObdFlags;

/**
 * The OSC's entries in the parameter tree, beside the import's own under {@code osc.<name>}
 * (lustre/osc/lproc_osc.c): {@code max_rpcs_in_flight} (writable, 1..256),
 * {@code max_pages_per_rpc}, {@code checksums} (writable 0/1), {@code checksum_type} (the types
 * the OST allows, the one in use in brackets), {@code cur_grant_bytes},
 * {@code cur_dirty_grant_bytes} and {@code cur_lost_grant_bytes}. Removed when the OSC closes.
 */
final class OscParams implements AutoCloseable {

    /** The node's parameter tree. */
    private final ParamTree tree;
    /** The entries registered, removed at close. */
    private final List<List<String>> names = new ArrayList<>();

    OscParams(ParamTree tree, Osc osc, RpcWindow window, OscGrant grant) {
        this.tree = tree;
        String n = osc.name();
        add(n, "max_rpcs_in_flight", Param.ofLong(window::max, v -> window.max((int) (long) v), 1,
                OscConfig.MAX_RPCS_IN_FLIGHT));
        add(n, "max_pages_per_rpc", Param.readOnlyLong(() -> {
            Osc.Session s = osc.currentSession();
            return s == null ? 0 : s.brwSize() / BrwPlan.PAGE_SIZE;
        }));
        add(n, "checksums", Param.ofBoolean(osc::checksums, osc::checksums));
        add(n, "checksum_type", Param.readOnly(() -> checksumTypes(osc.currentSession())));
        add(n, "cur_grant_bytes", Param.readOnlyLong(grant::available));
        add(n, "cur_dirty_grant_bytes", Param.readOnlyLong(grant::dirty));
        add(n, "cur_lost_grant_bytes", Param.readOnlyLong(grant::lost));
    }

    private void add(String osc, String leaf, Param p) {
        List<String> name = List.of("osc", osc, leaf);
        tree.register(name, p);
        names.add(name);
    }

    /** As lproc_osc.c prints it: each type the OST allows, the one in use in brackets. */
    static String checksumTypes(Osc.Session s) {
        if (s == null) {
            return "\n";
        }
        StringBuilder sb = new StringBuilder();
        for (int bit = 1; bit <= ObdFlags.OBD_CKSUM_T10CRC4K; bit <<= 1) {
            if ((s.allowedCksums() & bit) == 0 || ObdFlags.cksumName(bit) == null) {
                continue;
            }
            if (!sb.isEmpty()) {
                sb.append(' ');
            }
            sb.append(bit == s.cksumType() ? "[" + ObdFlags.cksumName(bit) + "]" : ObdFlags.cksumName(bit));
        }
        return sb.append('\n').toString();
    }

    @Override
    public void close() {
        for (List<String> n : names) {
            tree.unregister(n);
        }
    }
}
