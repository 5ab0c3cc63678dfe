package org.jlustre.mdt;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jlustre.common.Fid;
import org.jlustre.ptlrpc.Export;
import org.jlustre.target.ClientSlot;

/**
 * What an MDT keeps per client export ({@code struct mdt_export_data} and
 * {@code tg_export_data}): its {@code last_rcvd} slot, the NID entry it is counted in, and its
 * open handles ({@code med_open_head}), found by the cookie the client got in
 * {@code mbo_open_handle}. Attached to the ptlrpc {@link Export}.
 */
final class MdtExport {

    /**
     * One open of a file by this client ({@code struct mdt_file_data}): its cookie, file, open
     * flags, and the xid of the request that opened it ({@code mfd_xid}, how a resent open
     * finds its handle).
     */
    record OpenHandle(long cookie, Fid fid, long flags, long xid) {
    }

    /** The client's {@code last_rcvd} slot. */
    final ClientSlot slot;
    /** The counters of {@code mdt.<name>.exports.<nid>.stats}. */
    final MdtNidStats nidStats;
    /** The open handles by cookie. */
    private final Map<Long, OpenHandle> opens = new ConcurrentHashMap<>();
    /** Set when the export is gone: no open is added after its opens were closed. Guarded by this. */
    private boolean closed;

    MdtExport(ClientSlot slot, MdtNidStats nidStats) {
        this.slot = slot;
        this.nidStats = nidStats;
    }

    /** The MDT state of {@code e}, or null for an export no MDT connected. */
    static MdtExport of(Export e) {
        return e != null && e.attachment() instanceof MdtExport m ? m : null;
    }

    /** Records an open; false when the export is gone already (the caller closes it again). */
    synchronized boolean addOpen(OpenHandle h) {
        if (closed) {
            return false;
        }
        opens.put(h.cookie(), h);
        return true;
    }

    /** Removes and returns the open {@code cookie}, or null when this client holds no such open. */
    OpenHandle removeOpen(long cookie) {
        return opens.remove(cookie);
    }

    /** The open {@code cookie}, or null. */
    OpenHandle open(long cookie) {
        return opens.get(cookie);
    }

    /** The open made by the request {@code xid}, or null ({@code mdt_open_handle_find_by_xid}). */
    OpenHandle openByXid(long xid) {
        for (OpenHandle h : opens.values()) {
            if (h.xid() == xid) {
                return h;
            }
        }
        return null;
    }

    /** How many files the client holds open. */
    int openCount() {
        return opens.size();
    }

    /** Marks the export gone and returns the opens it held, for the MDT to close ({@code mdt_export_cleanup}). */
    synchronized List<OpenHandle> drainOpens() {
        closed = true;
        List<OpenHandle> all = new ArrayList<>(opens.values());
        opens.clear();
        return all;
    }
}
