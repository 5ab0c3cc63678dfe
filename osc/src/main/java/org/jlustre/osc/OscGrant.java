package org.jlustre.osc;

import org.jlustre.wire.ost.ObdMd;
import org.jlustre.wire.ost.Obdo;
import org.jlustre.wire.ptlrpc.ConnectFlags;
import org.jlustre.wire.ptlrpc.ObdConnectData;

/**
 * The OSC's side of grant (osc_request.c {@code osc_init_grant}, {@code osc_announce_cached},
 * {@code osc_update_grant}; osc_cache.c {@code osc_enter_cache}): space the OST promised, which
 * a write may use without risking ENOSPC at the server after the caller was told it succeeded.
 * This OSC keeps no dirty cache, so its "dirty" grant is that of the writes in flight: a write
 * RPC takes grant for its pages when it is sent (and flags them FROM_GRANT), or goes without
 * (flagged SYNC) when there is not enough; the grant it took is released when it completes, and
 * counted as dropped ({@code o_dropped}) when it failed, so the OST can take it back.
 *
 * <p>Every BRW announces the state: {@code o_dirty}, {@code o_undirty} (what it would like:
 * enough for {@code max_rpcs_in_flight + 1} full RPCs, the most it can have dirty, with the
 * extent tax), {@code o_grant} (what it has) and {@code o_dropped}; the grant a reply carries is
 * added. All state is guarded by this object's monitor.
 */
final class OscGrant {

    /** {@code OBD_MAX_GRANT}. */
    static final long MAX_GRANT = 0x7fffffffL;
    /** {@code PTLRPC_MAX_BRW_SIZE}: 64 MiB. */
    static final long MAX_BRW_SIZE = 64L << 20;

    /** Whether the OST gives grant at all (OBD_CONNECT_GRANT granted). */
    private boolean enabled;
    /** Grant in bytes with GRANT_PARAM (always so here: without it grant is counted in pages, as bytes too). */
    private boolean param;
    /** {@code cl_avail_grant}. */
    private long avail;
    /** {@code cl_dirty_grant}: grant held by writes in flight. */
    private long dirty;
    /** {@code cl_lost_grant}: grant taken by writes that failed, to be reported. */
    private long lost;
    /** {@code cl_chunkbits}: the OST block size's bits, at least the page's. */
    private int chunkBits = 12;
    /** {@code cl_grant_extent_tax}: bytes charged per extent. */
    private long extentTax;
    /** {@code cl_max_extent_pages}: pages one extent may hold before another tax is due. */
    private long maxExtentPages = Long.MAX_VALUE;
    /** {@code o_undirty}: what to ask for. */
    private long undirty;

    /** Takes the grant and parameters of a connect ({@code osc_init_grant}). */
    synchronized void connected(ObdConnectData ocd, int brwSize, int rpcsInFlight) {
        enabled = (ocd.connectFlags() & ConnectFlags.OBD_CONNECT_GRANT) != 0 && ocd.grant() != 0;
        param = (ocd.connectFlags() & ConnectFlags.OBD_CONNECT_GRANT_PARAM) != 0;
        avail = enabled ? Math.max(0, Integer.toUnsignedLong(ocd.grant()) - dirty) : 0;
        if (param) {
            chunkBits = Math.max(12, ocd.grantBlkbits());
            extentTax = (long) ocd.grantTaxKb() << 10;
            long blks = Integer.toUnsignedLong(ocd.grantMaxBlks());
            maxExtentPages = blks == 0 ? Long.MAX_VALUE : blks << Math.max(0, ocd.grantBlkbits() - 12);
        } else {
            chunkBits = 12;
            extentTax = 0;
            maxExtentPages = Long.MAX_VALUE;
        }
        long pages = (long) (brwSize / BrwPlan.PAGE_SIZE) * (rpcsInFlight + 1);
        long want = pages * BrwPlan.PAGE_SIZE;
        if (param && maxExtentPages != Long.MAX_VALUE) {
            want += (pages + maxExtentPages - 1) / maxExtentPages * extentTax;
        }
        undirty = Math.min(want, MAX_GRANT & ~(MAX_BRW_SIZE * 4));
    }

    /**
     * The grant a write of {@code rpc} needs: its pages rounded out to whole chunks, plus the
     * extent tax for each extent it makes ({@code osc_extent}'s grant).
     */
    synchronized long needed(BrwPlan.Rpc rpc) {
        long chunk = 1L << chunkBits;
        long bytes = 0;
        long extents = 0;
        for (int i = 0; i < rpc.niocount(); i++) {
            long start = rpc.offsets()[i] & -chunk;
            long end = (rpc.offsets()[i] + rpc.lengths()[i] + chunk - 1) & -chunk;
            bytes += end - start;
            long pages = (end - start + BrwPlan.PAGE_SIZE - 1) / BrwPlan.PAGE_SIZE;
            extents += maxExtentPages == Long.MAX_VALUE ? 1 : (pages + maxExtentPages - 1) / maxExtentPages;
        }
        return bytes + extents * extentTax;
    }

    /**
     * Takes {@code bytes} of grant for a write about to be sent, if there is that much: the
     * amount taken (0: none, the write goes without grant).
     */
    synchronized long take(long bytes) {
        if (!enabled || avail < bytes) {
            return 0;
        }
        avail -= bytes;
        dirty += bytes;
        return bytes;
    }

    /** A write that held {@code bytes} of grant completed; a failed one reports the grant as dropped. */
    synchronized void release(long bytes, boolean failed) {
        dirty -= bytes;
        if (failed) {
            lost += bytes;
        }
    }

    /**
     * Fills the grant fields of a BRW's obdo ({@code osc_announce_cached}): FLBLOCKS|FLGRANT,
     * {@code o_dirty}, {@code o_undirty}, {@code o_grant}, {@code o_dropped} (clamped to INT_MAX;
     * the rest is reported next time).
     */
    synchronized void announce(Obdo oa) {
        oa.addValid(ObdMd.FLBLOCKS | ObdMd.FLGRANT);
        oa.dirty(dirty);
        oa.undirty((int) undirty);
        oa.grant(avail);
        int dropped = (int) Math.min(lost, Integer.MAX_VALUE);
        oa.dropped(dropped);
        lost -= dropped;
    }

    /** Adds the grant of a reply ({@code osc_update_grant}: {@code o_grant} with FLGRANT is a delta). */
    synchronized void update(Obdo reply) {
        if (enabled && reply.has(ObdMd.FLGRANT)) {
            avail = Math.max(0, avail + reply.grant());
        }
    }

    /** {@code cur_grant_bytes}. */
    synchronized long available() {
        return avail;
    }

    /** {@code cur_dirty_grant_bytes}: grant held by writes in flight. */
    synchronized long dirty() {
        return dirty;
    }

    /** {@code cur_lost_grant_bytes}. */
    synchronized long lost() {
        return lost;
    }
}
