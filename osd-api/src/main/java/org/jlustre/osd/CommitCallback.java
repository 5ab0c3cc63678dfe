package org.jlustre.osd;

/**
 * A callback a transaction runs at stop or at commit ({@code struct dt_txn_commit_cb}).
 * Callbacks may run concurrently with other transactions; they must not start transactions.
 */
@FunctionalInterface
public interface CommitCallback {

    /**
     * The transaction stopped or committed.
     *
     * @param th the transaction; only its flags and attachments may be read
     * @param result 0 when committed, else the negative errno the transaction failed with
     */
    void committed(Transaction th, int result);
}
