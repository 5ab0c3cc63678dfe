package org.jlustre.target;

import java.util.Objects;
import java.util.Optional;
import org.jlustre.common.LustreException;
import org.jlustre.osd.OsdDevice;
import org.jlustre.osd.Transaction;
import org.jlustre.osd.TxnHooks;
import org.jlustre.osd.TxnKey;
import org.jlustre.wire.target.ReplyData;

/**
 * Transaction numbers from the OSD's transaction hooks, as Lustre's target layer assigns them
 * ({@code tgt_txn_start_cb}, {@code tgt_txn_stop_cb}, {@code tgt_last_rcvd_update} in
 * lustre/target/tgt_lastrcvd.c): a handler runs a client's operation with {@link #run}, binding
 * the request's {@link ReqContext}; every OSD transaction the operation starts on this target's
 * device then
 * <ul>
 * <li>at start, declares what recording it will write: the client's last_rcvd slot and the
 *     header, and for a MULTIMODRPCS client a free reply_data slot, taken now;</li>
 * <li>at stop, when its {@link Transaction#result()} is 0, gets the target's next transno
 *     ({@link ReqContext#transno()}, the reply's {@code pb_transno}), and writes in the same
 *     transaction the request's record: for a MULTIMODRPCS client a {@code lsd_reply_data}
 *     (transno, xid, opdata, result, client generation) in reply_data, for another its last_rcvd
 *     slot ({@link LastRcvd}). A failed transaction (non-zero result) gets no transno, but its
 *     xid and result are still saved so that a resend is answered with them, as Lustre does.</li>
 * </ul>
 * Only a request's first recorded transaction gets a transno ({@code tti_has_trans}); later ones
 * record nothing. Transactions outside a request scope, and {@link Transaction#isLocal() local}
 * ones (which run no hooks), get none: the target's own updates.
 *
 * <p>{@link #open} registers the hooks and opens reply_data at mount; {@link #disconnect}
 * replaces {@link LastRcvd#disconnect} so the client's saved replies go with its slot.
 *
 * <p>Thread-safe; the request scope is per thread (a {@link ScopedValue}).
 */
public final class TargetTxns implements AutoCloseable {

    /** The request the current thread executes. */
    private static final ScopedValue<ReqContext> CURRENT = ScopedValue.newInstance();
    /** What the start hook left for the stop hook in a transaction. */
    private static final TxnKey<Pending> PENDING = new TxnKey<>("target.request");

    /** A transaction's request and its reserved reply_data slot (-1 for none). */
    private static final class Pending {
        final ReqContext ctx;
        /** The reserved slot; -1 once saved or given back. Used by the transaction's thread and its stop callback. */
        int slot;

        Pending(ReqContext ctx, int slot) {
            this.ctx = ctx;
            this.slot = slot;
        }
    }

    /** The target's last_rcvd. */
    private final LastRcvd lastRcvd;
    /** The target's reply_data. */
    private final ReplyRecords replies;
    /** The hooks on the device. */
    private final TxnHooks.Registration registration;

    private TargetTxns(OsdDevice dev, LastRcvd lastRcvd, ReplyRecords replies) {
        this.lastRcvd = lastRcvd;
        this.replies = replies;
        this.registration = dev.addTxnHooks(new Hooks());
    }

    /**
     * Opens reply_data ({@link ReplyRecords#open}) and registers the transno hooks on
     * {@code dev}, whose {@code lastRcvd} is open. Close it at unmount, before last_rcvd.
     *
     * @throws LustreException what {@link ReplyRecords#open} reports
     */
    public static TargetTxns open(OsdDevice dev, LastRcvd lastRcvd) throws LustreException {
        ReplyRecords rr = ReplyRecords.open(dev, lastRcvd);
        lastRcvd.recovered(rr.recoveredTransno());
        try {
            return new TargetTxns(dev, lastRcvd, rr);
        } catch (RuntimeException e) {
            rr.close();
            throw e;
        }
    }

    /**
     * Runs {@code op} as the request {@code ctx}: the OSD transactions it starts on a device
     * with these hooks record it. Read {@link ReqContext#transno()} afterwards.
     */
    public static <T, X extends Throwable> T run(ReqContext ctx, ScopedValue.CallableOp<T, X> op) throws X {
        return ScopedValue.where(CURRENT, Objects.requireNonNull(ctx, "ctx")).call(op);
    }

    /** The request the current thread executes, if any. */
    public static Optional<ReqContext> current() {
        return CURRENT.isBound() ? Optional.of(CURRENT.get()) : Optional.empty();
    }

    /** The target's saved replies: {@link ReplyRecords#lookup} for resends. */
    public ReplyRecords replies() {
        return replies;
    }

    /** The target's last_rcvd. */
    public LastRcvd lastRcvd() {
        return lastRcvd;
    }

    /**
     * A client's clean disconnect: its saved replies are freed ({@code tgt_client_free}), then
     * its last_rcvd slot ({@link LastRcvd#disconnect}).
     */
    public void disconnect(ClientSlot slot) throws LustreException {
        lastRcvd.disconnect(slot);
        replies.forget(slot); // after the release, so a reply saved meanwhile is forgotten too
    }

    /** Removes the hooks and closes reply_data. */
    @Override
    public void close() {
        registration.close();
        replies.close();
    }

    /** The hooks on the device. */
    private final class Hooks implements TxnHooks {

        @Override
        public void txnStart(Transaction th) throws LustreException {
            if (!CURRENT.isBound()) {
                return; // a local operation of the target (tgt_txn_start_cb without a session)
            }
            ReqContext ctx = CURRENT.get();
            if (ctx.recorded()) {
                return;
            }
            lastRcvd.declareRecord(th, ctx.slot());
            int slot = -1;
            if (ctx.multiModRpcs()) {
                slot = replies.reserve(th);
            }
            Pending p = new Pending(ctx, slot);
            th.attach(PENDING, p);
            // a failed start runs no stop hook: the stop callback gives the slot back
            th.addStopCallback((t, rc) -> {
                if (p.slot >= 0) {
                    replies.unreserve(p.slot);
                    p.slot = -1;
                }
            });
        }

        @Override
        public void txnStop(Transaction th) throws LustreException {
            Pending p = th.attachment(PENDING);
            if (p == null) {
                return;
            }
            ReqContext ctx = p.ctx;
            if (ctx.recorded()) {
                return; // "More than one transaction": the request's first one has its transno
            }
            int result = th.result();
            long transno = lastRcvd.record(th, ctx);
            if (result == 0) {
                ctx.markRecorded();
                ctx.transno(transno);
            }
            if (p.slot >= 0) {
                ReplyData reply = new ReplyData(transno, ctx.xid(), ctx.opData(), result, ctx.slot().generation());
                int slot = p.slot;
                p.slot = -1;
                replies.save(th, ctx.slot(), slot, reply, ctx.tag(), ctx.isResentOrReplay());
            }
        }
    }
}
