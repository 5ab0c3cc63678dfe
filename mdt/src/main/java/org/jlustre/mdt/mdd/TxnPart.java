package org.jlustre.mdt.mdd;

import org.jlustre.common.LustreException;
import org.jlustre.osd.LuAttr;
import org.jlustre.osd.Transaction;

/**
 * More work for the MDD's transaction of a distributed operation: what the MDT adds to it is the
 * operation's update log record ({@code top_trans_stop} writes it in the master's sub
 * transaction, update_trans.c {@code sub_updates_write}), so the record and this MDT's part of
 * the operation commit together.
 */
public interface TxnPart {

    /** Nothing more. */
    TxnPart NONE = new TxnPart() {
        @Override
        public void declare(LuAttr object, Transaction th) {
        }

        @Override
        public void apply(Transaction th) {
        }
    };

    /**
     * Declares the work in {@code th}, before it starts.
     *
     * @param object the attributes of the object the operation makes (as it will be made) or
     *     removes (as it is)
     */
    void declare(LuAttr object, Transaction th) throws LustreException;

    /** Does the work in the started {@code th}. */
    void apply(Transaction th) throws LustreException;
}
