package org.jlustre.ost;

import org.jlustre.ptlrpc.Export;
import org.jlustre.target.ClientSlot;

/**
 * What an OST keeps per client export ({@code struct filter_export_data} and
 * {@code tg_export_data}): its grant, the object group an MDT connected for
 * ({@code fed_group}), the per-NID statistics it is counted in, and its {@code last_rcvd} slot. Attached to the ptlrpc
 * {@link Export}.
 */
final class OstExport {

    /** The grant held. */
    final Grants.ExportGrant grant = new Grants.ExportGrant();
    /** {@code fed_group}: the group an MDT uses, from {@code ocd_group}. */
    final int group;
    /** The counters of {@code obdfilter.<name>.exports.<nid>.stats}. */
    final NidStats nidStats;
    /** The client's {@code last_rcvd} slot. */
    final ClientSlot slot;

    OstExport(int group, NidStats nidStats, ClientSlot slot) {
        this.group = group;
        this.nidStats = nidStats;
        this.slot = slot;
    }

    /** The OST state of {@code e}, or null for an export this OST did not connect. */
    static OstExport of(Export e) {
        return e.attachment() instanceof OstExport o ? o : null;
    }
}
