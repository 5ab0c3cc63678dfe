package org.jlustre.target;

import java.util.Objects;
import org.jlustre.wire.ptlrpc.ConnectFlags;
import org.jlustre.wire.ptlrpc.MsgFlags;
import org.jlustre.wire.ptlrpc.Opcodes;

/**
 * The client request a handler is executing, as the target layer's transaction hooks need it
 * ({@code struct tgt_session_info}: tsi_exp, the request's xid, opcode, tag and flags,
 * tsi_opdata): bound with {@link TargetTxns#run} around the operation, so every OSD transaction
 * the operation starts finds it and gets its transno, and read back afterwards for
 * {@code pb_transno}.
 *
 * <p>One context per request, used by the handler's thread; the transno is written by the stop
 * hook on that same thread and published through a volatile field so a reply sent from another
 * thread sees it.
 */
public final class ReqContext {

    /** The client's last_rcvd slot ({@code ted_lr_idx}, {@code ted_lcd}). */
    private final ClientSlot slot;
    /** The request's xid ({@code rq_xid}). */
    private final long xid;
    /** The request's opcode; MDS_CLOSE records in the close fields of last_rcvd. */
    private final int opcode;
    /** The request's tag ({@code pb_tag}), the client's modify-RPC slot; 0 for none. */
    private final int tag;
    /** The request's {@code pb_flags} (MSG_RESENT, MSG_REPLAY). */
    private final int msgFlags;
    /** Whether the export keeps its saved replies in reply_data ({@code tgt_is_multimodrpcs_client}). */
    private final boolean multiModRpcs;
    /** Per-operation data saved with the reply ({@code tsi_opdata}, an open's disposition). */
    private volatile long opData;
    /** The transno the stop hook gave the request's update, 0 until then or for none. */
    private volatile long transno;
    /** Whether a transaction of this request already went through the stop hook ({@code tti_has_trans}). */
    private boolean recorded;

    /**
     * A request of the client holding {@code slot}.
     *
     * @param connectFlags the export's {@code ocd_connect_flags}: with
     *     {@code OBD_CONNECT_MULTIMODRPCS} (and a client generation in its slot) its replies are
     *     saved in reply_data, else in its last_rcvd slot
     * @param msgFlags the request's {@code pb_flags}
     */
    public ReqContext(ClientSlot slot, long xid, int opcode, int tag, int msgFlags, long connectFlags) {
        this.slot = Objects.requireNonNull(slot, "slot");
        if (tag < 0 || tag > 0xffff) {
            throw new IllegalArgumentException("request tag " + tag + " is not a 16-bit pb_tag");
        }
        this.xid = xid;
        this.opcode = opcode;
        this.tag = tag;
        this.msgFlags = msgFlags;
        this.multiModRpcs = (connectFlags & ConnectFlags.OBD_CONNECT_MULTIMODRPCS) != 0 && slot.generation() != 0;
    }

    /** The client's slot. */
    public ClientSlot slot() {
        return slot;
    }

    /** The request's xid. */
    public long xid() {
        return xid;
    }

    /** The request's opcode. */
    public int opcode() {
        return opcode;
    }

    /** The request's tag ({@code pb_tag}). */
    public int tag() {
        return tag;
    }

    /** The request's {@code pb_flags}. */
    public int msgFlags() {
        return msgFlags;
    }

    /** Whether the request is an MDS_CLOSE, recorded in last_rcvd's close fields. */
    public boolean isClose() {
        return opcode == Opcodes.MDS_CLOSE;
    }

    /** Whether the client resends or replays it (MSG_RESENT or MSG_REPLAY). */
    public boolean isResentOrReplay() {
        return (msgFlags & (MsgFlags.MSG_RESENT | MsgFlags.MSG_REPLAY)) != 0;
    }

    /** Whether its reply is saved in reply_data rather than in the last_rcvd slot. */
    public boolean multiModRpcs() {
        return multiModRpcs;
    }

    /** The per-operation data saved with the reply ({@code lrd_data}/{@code lcd_last_data}). */
    public long opData() {
        return opData;
    }

    /**
     * Sets the per-operation data saved with the reply (an open's disposition bits); set it
     * before the operation's transaction stops.
     */
    public void opData(long data) {
        this.opData = data;
    }

    /** The transno of the request's update ({@code pb_transno}), 0 when it made none or failed. */
    public long transno() {
        return transno;
    }

    /** Set by the stop hook. */
    void transno(long t) {
        this.transno = t;
    }

    /** Whether a transaction of this request was recorded already; the handler's thread only. */
    boolean recorded() {
        return recorded;
    }

    /** Marks the request recorded; the handler's thread only. */
    void markRecorded() {
        recorded = true;
    }

    @Override
    public String toString() {
        return "ReqContext[" + slot.uuid() + " xid " + xid + " opc " + opcode + " tag " + tag + ", transno " + transno
                + "]";
    }
}
