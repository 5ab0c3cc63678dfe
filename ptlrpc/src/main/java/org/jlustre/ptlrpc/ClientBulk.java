package org.jlustre.ptlrpc;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import org.jlustre.common.debug.DebugLog;
import org.jlustre.common.debug.DebugMask;
import org.jlustre.lnet.Lnet;
import org.jlustre.lnet.LnetEvent;
import org.jlustre.lnet.MdOptions;
import org.jlustre.lnet.MemoryDescriptor;
import org.jlustre.lnet.ProcessId;

/**
 * A client request's bulk (lustre/ptlrpc/niobuf.c {@code ptlrpc_register_bulk}, events.c
 * {@code client_bulk_callback}): the MDs the server GETs from or PUTs into, posted on the bulk
 * portal for each attempt, and the count of those still moving, so that a reply that beat its
 * bulk waits for it. Every method assumes the caller holds the request's monitor, except the
 * LNet callback, which takes it.
 */
final class ClientBulk {

    /** Where the bulk portal is. */
    private final ImportConfig config;
    /** Where the MDs are posted. */
    private final Lnet lnet;
    /** Failed bulk transfers go here. */
    private final DebugLog log;
    /** Completes a request with the reply that waited for its bulk ({@link InFlightRequests}' finish). */
    private final BiConsumer<ClientRequest, Reply> finish;

    /** Bulk for one import's requests; {@code finish} completes a reply once its bulk is over. */
    ClientBulk(Ptlrpc node, ImportConfig config, BiConsumer<ClientRequest, Reply> finish) {
        this.config = config;
        this.lnet = node.lnet();
        this.log = node.libcfs().debug();
        this.finish = finish;
    }

    /**
     * Posts the request's bulk MDs for this attempt, if it has a bulk, at match bits
     * {@code base} and up ({@code ptlrpc_register_bulk}). Caller holds the request's monitor.
     */
    void register(ClientRequest req, ProcessId peer, long base, int attempt) {
        if (req.bulk.isEmpty()) {
            return;
        }
        req.bulkMds = new ArrayList<>(req.bulk.size());
        req.bulkLeft = req.bulk.size();
        req.bulkTransferred = 0;
        int op = req.bulkType == ClientRequest.BulkType.GET_SOURCE ? MdOptions.OP_GET : MdOptions.OP_PUT;
        for (int i = 0; i < req.bulk.size(); i++) {
            MemoryDescriptor md = lnet.attach(config.bulkPortal(), peer, base + i, 0, Lnet.Position.AFTER,
                    MemoryDescriptor.builder(req.bulk.get(i)).options(op).threshold(1)
                            .handler(ev -> bulkIn(req, attempt, ev)));
            req.bulkMds.add(md);
        }
    }

    /** Unlinks the request's bulk MDs, so nothing moves any more. Caller holds the request's monitor. */
    void unlink(ClientRequest req) {
        for (Object md : req.bulkMds) {
            lnet.unlink((MemoryDescriptor) md);
        }
        req.bulkMds = List.of();
        req.bulkLeft = 0;
    }

    /**
     * {@code client_bulk_callback}: one MD is over; when the last is and the reply came
     * already, the request completes. LNet thread; takes the request's monitor, and finishes
     * after releasing it.
     */
    private void bulkIn(ClientRequest req, int attempt, LnetEvent ev) {
        Reply complete = null;
        synchronized (req) {
            if (req.attempt != attempt || req.done) {
                return;
            }
            if (ev.status() != 0) {
                log.logf(DebugMask.S_RPC, DebugMask.D_NETERROR, "%s: bulk of x%d failed: %d", config.name(), req.xid,
                        ev.status());
            }
            if (ev.status() == 0 && (ev.type() == LnetEvent.Type.PUT || ev.type() == LnetEvent.Type.GET)) {
                req.bulkTransferred += ev.mlength();
            }
            if (ev.unlinked()) {
                req.bulkLeft--;
                if (req.bulkLeft == 0 && req.pendingReply != null) {
                    complete = req.pendingReply;
                }
            }
        }
        if (complete != null) {
            finish.accept(req, complete);
        }
    }
}
