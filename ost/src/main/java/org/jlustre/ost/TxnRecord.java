package org.jlustre.ost;

import org.jlustre.common.LustreException;
import org.jlustre.osd.Transaction;

/**
 * What records a client's modifying request inside the ofd's own transaction (the target
 * layer's {@code tgt_txn_start_cb} / {@code tgt_txn_stop_cb}): the request handler passes one
 * that writes the client's {@code last_rcvd} slot and the reply's transno; in-process callers
 * pass {@link #NONE}. Every ofd update that runs for a request calls {@link #declare} before its
 * transaction starts and {@link #record} after its updates, before it stops.
 */
public interface TxnRecord {

    /** Records nothing. */
    TxnRecord NONE = new TxnRecord() {
        @Override
        public void declare(Transaction th) {
        }

        @Override
        public void record(Transaction th) {
        }
    };

    /** Declares the record's writes in {@code th}, which has not started. */
    void declare(Transaction th) throws LustreException;

    /** Writes the record in {@code th}, started, after the request's updates. */
    void record(Transaction th) throws LustreException;
}
