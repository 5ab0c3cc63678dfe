package org.jlustre.target;

import org.jlustre.wire.target.LrServerData;
import org.jlustre.wire.target.LsdClientData;

/**
 * One client export's place in {@code last_rcvd} ({@code struct tg_export_data}: ted_lr_idx,
 * ted_lr_off, ted_lcd): what {@link LastRcvd#connect} hands out and {@link LastRcvd#record}
 * writes to. A client that keeps no recovery state (a lightweight connection, or the target
 * itself) has a slot without an {@link #index() index}: its records update only the server
 * header.
 *
 * <p>Thread-safe; the client data is guarded by this object's monitor.
 */
public final class ClientSlot {

    /** The client's UUID. */
    private final String uuid;
    /** The slot's index from {@code lsd_client_start}, -1 for none. */
    private final int index;
    /** The slot's file offset, -1 for none. */
    private final long offset;
    /** What the slot holds on disk; guarded by this. */
    private LsdClientData data;
    /** False once disconnected: the index may belong to another client then; guarded by this. */
    private boolean live = true;

    ClientSlot(String uuid, int index, long offset, LsdClientData data) {
        this.uuid = uuid;
        this.index = index;
        this.offset = offset;
        this.data = data;
    }

    /** A slot for a client that keeps nothing in last_rcvd. */
    static ClientSlot none(String uuid) {
        return new ClientSlot(uuid, -1, -1, LsdClientData.fresh("", 0));
    }

    /** The client's UUID. */
    public String uuid() {
        return uuid;
    }

    /** The slot index (slot {@code i} is at {@code 8192 + 128 i}), or -1 when the client has none. */
    public int index() {
        return index;
    }

    /** Whether the client has a slot in last_rcvd. */
    public boolean hasSlot() {
        return index >= 0;
    }

    /** The slot's offset in last_rcvd, -1 when there is none. */
    public long offset() {
        return offset;
    }

    /** The client generation tying reply_data slots to this client ({@code lcd_generation}; 0 without MULTI_RPCS). */
    public synchronized int generation() {
        return data.generation();
    }

    /**
     * The client's last recorded transno ({@code lcd_last_transno}), what a reconnect answers in
     * {@code ocd_transno}.
     */
    public synchronized long lastTransno() {
        return data.lastTransno();
    }

    /** The slot as written to last_rcvd. */
    public synchronized LsdClientData data() {
        return data;
    }

    /** Replaces the slot's data; the caller writes it. */
    synchronized void data(LsdClientData d) {
        this.data = d;
    }

    /** Whether the slot still belongs to its client; a caller writing the slot holds this. */
    synchronized boolean isLive() {
        return live;
    }

    /** Marks the slot given up at disconnect; the caller holds this. */
    synchronized void release() {
        live = false;
    }

    /** The offset of slot {@code index} in a file with header {@code lsd} ({@code tgt_client_new}). */
    static long offsetOf(LrServerData lsd, int index) {
        return Integer.toUnsignedLong(lsd.clientStart()) + (long) index * lsd.clientSize();
    }

    @Override
    public String toString() {
        return "ClientSlot[" + uuid + " at " + index + "]";
    }
}
