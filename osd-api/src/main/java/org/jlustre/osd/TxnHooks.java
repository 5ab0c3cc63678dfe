package org.jlustre.osd;

import org.jlustre.common.LustreException;

/**
 * Per-device transaction hooks ({@code struct dt_txn_callback}): what the target layer
 * registers to assign transaction numbers and update {@code last_rcvd} inside every
 * client-originated transaction (lustre/target/tgt_main.c, tgt_lastrcvd.c).
 *
 * <p>Neither hook runs for {@link Transaction#isLocal() local} transactions.
 */
public interface TxnHooks {

    /**
     * Runs inside {@link Transaction#start()} before the transaction is started, so the hook
     * may still declare the updates it will make at stop. An exception fails the start.
     */
    void txnStart(Transaction th) throws LustreException;

    /**
     * Runs inside {@link Transaction#stop()} while the transaction still accepts its declared
     * updates, before stop and commit callbacks. An exception becomes the stop's result.
     */
    void txnStop(Transaction th) throws LustreException;

    /** What {@link OsdDevice#addTxnHooks} returns: closing it removes the hooks. */
    interface Registration extends AutoCloseable {
        /** Removes the hooks; transactions started afterwards do not call them. */
        @Override
        void close();
    }
}
