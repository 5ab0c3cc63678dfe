package org.jlustre.target;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;
import org.jlustre.osd.Body;
import org.jlustre.osd.OsdDevice;
import org.jlustre.osd.OsdObject;
import org.jlustre.osd.Transaction;
import org.jlustre.wire.target.LsdClientData;
import org.jlustre.wire.target.ReplyData;

/**
 * The saved replies of a target's clients (lustre/target/tgt_lastrcvd.c: {@code tgt_add_reply_data},
 * {@code tgt_release_reply_data}, {@code tgt_lookup_reply}, {@code req_can_reconstruct},
 * {@code tgt_reply_data_init}): what lets a target answer a resent request from the reply it
 * already gave instead of executing it twice.
 *
 * <p>A MULTIMODRPCS client (several modifying RPCs in flight, one per {@code pb_tag}) has its
 * replies in {@code reply_data}: one 32-byte slot per reply ({@code lsd_reply_data}: transno,
 * xid, data, result, the client's generation), a free slot taken for each update and written in
 * the update's own transaction. A slot is released, in memory only (its bytes stay until the
 * slot is reused), once the client shows it received the reply: its {@code pb_last_xid} reached
 * the reply's xid ({@link #received}), or it sent a new request with the same tag. The reply
 * with the client's highest transno is kept in its slot even then, so a remount still finds the
 * client's last transno. Other clients' replies are their last_rcvd slot's {@code lcd_last_*}
 * (and {@code lcd_last_close_*} for MDS_CLOSE) fields.
 *
 * <p>At mount ({@link #open}) the slots whose generation belongs to a client loaded from
 * last_rcvd are taken again and become that client's saved replies; the others are free.
 *
 * <p>Thread-safe: the slot bitmap and every client's reply list are guarded by this object's
 * monitor; a client's last_rcvd data by its {@link ClientSlot}'s monitor, taken after this one.
 */
public final class ReplyRecords implements AutoCloseable {

    /** {@code LUT_REPLY_SLOTS_PER_CHUNK * LUT_REPLY_SLOTS_MAX_CHUNKS}: the most slots in reply_data. */
    public static final int MAX_SLOTS = 16 << 20;

    /** A saved reply: its slot in reply_data and the tag of the request it answered. */
    private record Saved(int index, ReplyData reply, int tag) {
    }

    /** One client's saved replies ({@code ted_reply_list}, {@code ted_reply_last}). */
    private static final class Client {
        /** Replies the client may still ask for again, newest first. */
        final List<Saved> replies = new ArrayList<>();
        /** The released reply kept because it holds the client's highest transno, or null. */
        Saved retained;
    }

    /** The device. */
    private final OsdDevice dev;
    /** reply_data, referenced until {@link #close}. */
    private final OsdObject object;
    /** Its body. */
    private final Body body;
    /** Slots in use ({@code lut_reply_bitmap}); guarded by this. */
    private final BitSet used = new BitSet();
    /** Saved replies per client; guarded by this. */
    private final Map<ClientSlot, Client> clients = new IdentityHashMap<>();
    /** The highest transno read from reply_data at mount. */
    private final long recoveredTransno;
    /** Set by {@link #close}; guarded by this. */
    private boolean closed;

    private ReplyRecords(OsdDevice dev, OsdObject object, long recoveredTransno) {
        this.dev = dev;
        this.object = object;
        this.body = object.body();
        this.recoveredTransno = recoveredTransno;
    }

    /**
     * Opens reply_data on {@code dev} at mount ({@code tgt_reply_data_init}), after last_rcvd:
     * writes its header on a fresh device, checks it otherwise, and gives every slot whose
     * client generation belongs to one of {@code lastRcvd}'s clients back to that client (raising
     * the client's in-memory last transno to its replies'), the other slots being free.
     *
     * @throws LustreException EINVAL for a damaged header (see {@link ReplyDataFile#open}); what
     *     the OSD reports
     */
    public static ReplyRecords open(OsdDevice dev, LastRcvd lastRcvd) throws LustreException {
        ReplyDataFile file = ReplyDataFile.open(dev);
        Map<Integer, ClientSlot> byGeneration = new HashMap<>();
        for (ClientSlot s : lastRcvd.clients()) {
            if (s.generation() != 0) {
                byGeneration.put(s.generation(), s);
            }
        }
        long highest = 0;
        for (ReplyData r : file.slots()) {
            if (byGeneration.containsKey(r.clientGeneration())) {
                highest = Math.max(highest, r.transno());
            }
        }
        OsdObject o = LocalObjects.findOrCreate(dev, TargetObjects.REPLY_DATA_FID, TargetObjects.REPLY_DATA);
        ReplyRecords rr = new ReplyRecords(dev, o, highest);
        synchronized (rr) {
            List<ReplyData> slots = file.slots();
            for (int i = 0; i < slots.size(); i++) {
                ReplyData r = slots.get(i);
                ClientSlot owner = byGeneration.get(r.clientGeneration());
                if (owner == null) {
                    continue; // an old reply of a client that disconnected
                }
                rr.used.set(i);
                rr.clients.computeIfAbsent(owner, k -> new Client()).replies.add(0, new Saved(i, r, 0));
                synchronized (owner) {
                    LsdClientData d = owner.data();
                    if (Long.compareUnsigned(d.lastTransno(), r.transno()) < 0) {
                        // what tgt_release_reply_data compares with, or the client's last transno is lost
                        owner.data(d.withLast(r.transno(), d.lastXid(), d.lastResult(), d.lastData()));
                    }
                }
            }
        }
        return rr;
    }

    /** The highest transno of a live client's reply found at mount (part of the target's last transno). */
    public long recoveredTransno() {
        return recoveredTransno;
    }

    /** How many slots are taken (saved, retained or reserved). */
    public synchronized int slotsInUse() {
        return used.cardinality();
    }

    /**
     * Takes a free slot for a reply about to be saved ({@code tgt_find_free_reply_slot}) and
     * declares its write in {@code th}, which has not started ({@code tgt_txn_start_cb}). The
     * slot is the caller's until {@link #save} or {@link #unreserve}.
     *
     * @throws LustreException ENOSPC when all {@value #MAX_SLOTS} slots are taken
     */
    int reserve(Transaction th) throws LustreException {
        int index;
        synchronized (this) {
            checkOpen();
            index = used.nextClearBit(0);
            if (index >= MAX_SLOTS) {
                throw new LustreException(Errno.ENOSPC, dev.name() + ": no free slot in reply_data: all " + MAX_SLOTS
                        + " hold replies clients may ask for again");
            }
            used.set(index);
        }
        try {
            body.declareWrite(ReplyData.offsetOf(index), ReplyData.SIZE, th);
        } catch (LustreException | RuntimeException e) {
            unreserve(index);
            throw e;
        }
        return index;
    }

    /** Gives back a slot {@link #reserve} took and no reply used. */
    synchronized void unreserve(int index) {
        used.clear(index);
    }

    /**
     * Saves a reply in the reserved slot {@code index}, written through {@code th}
     * ({@code tgt_add_reply_data}): raises the client's last transno in memory, and unless the
     * request is a resend or replay, releases the client's older replies of the same tag (the
     * client reuses a tag only after it got the reply).
     *
     * @throws LustreException what the OSD reports; the slot is given back then
     */
    void save(Transaction th, ClientSlot slot, int index, ReplyData reply, int tag, boolean resentOrReplay)
            throws LustreException {
        synchronized (slot) {
            LsdClientData d = slot.data();
            if (Long.compareUnsigned(d.lastTransno(), reply.transno()) < 0) {
                slot.data(d.withLast(reply.transno(), d.lastXid(), d.lastResult(), d.lastData()));
            }
        }
        try {
            body.writeRecord(ReplyData.offsetOf(index), MemorySegment.ofArray(reply.encode()), th);
        } catch (LustreException | RuntimeException e) {
            unreserve(index);
            throw e;
        }
        synchronized (this) {
            if (slot.hasSlot() && !slot.isLive()) {
                used.clear(index); // the client disconnected meanwhile: nobody will ask for it
                return;
            }
            Client c = clients.computeIfAbsent(slot, k -> new Client());
            if (!resentOrReplay && tag != 0) {
                for (Iterator<Saved> it = c.replies.iterator(); it.hasNext();) {
                    Saved s = it.next();
                    if (s.tag() == tag) {
                        it.remove();
                        release(slot, c, s);
                    }
                }
            }
            c.replies.add(0, new Saved(index, reply, tag));
        }
    }

    /**
     * The client acknowledged every reply up to {@code lastXid} ({@code pb_last_xid};
     * {@code tgt_handle_received_xid}): their slots are released, except the one holding the
     * client's highest transno.
     */
    public synchronized void received(ClientSlot slot, long lastXid) {
        Client c = clients.get(slot);
        if (c == null) {
            return;
        }
        for (Iterator<Saved> it = c.replies.iterator(); it.hasNext();) {
            Saved s = it.next();
            if (Long.compareUnsigned(s.reply().xid(), lastXid) <= 0) {
                it.remove();
                release(slot, c, s);
            }
        }
    }

    /** {@code tgt_release_reply_data}: frees the slot, or keeps it as the client's last; caller holds this. */
    private void release(ClientSlot slot, Client c, Saved s) {
        if (s.reply().transno() != 0 && s.reply().transno() == slot.lastTransno()) {
            if (c.retained != null) {
                used.clear(c.retained.index());
            }
            c.retained = s;
        } else {
            used.clear(s.index());
        }
    }

    /**
     * The saved reply of the client's request {@code xid}, if it has one ({@code
     * req_can_reconstruct}): for a MULTIMODRPCS client one of its reply_data replies not yet
     * acknowledged ({@code tgt_lookup_reply}); for another its last_rcvd slot's last request, or
     * its last MDS_CLOSE when {@code close}. The reply's transno, result and data are what the
     * target puts in the reconstructed reply; its client generation is 0 for a last_rcvd record.
     */
    public Optional<ReplyData> lookup(ClientSlot slot, long xid, boolean close) {
        synchronized (this) {
            Client c = clients.get(slot);
            if (c != null) {
                for (Saved s : c.replies) {
                    if (s.reply().xid() == xid) {
                        return Optional.of(s.reply());
                    }
                }
            }
        }
        LsdClientData d = slot.data();
        if (xid == 0 || (d.lastXid() != xid && d.lastCloseXid() != xid)) {
            return Optional.empty();
        }
        if (close) {
            return Optional.of(new ReplyData(d.lastCloseTransno(), d.lastCloseXid(), d.lastCloseData(),
                    d.lastCloseResult(), 0));
        }
        return Optional.of(new ReplyData(d.lastTransno(), d.lastXid(), d.lastData(), d.lastResult(), 0));
    }

    /** The replies of {@code slot}'s client still saved (not acknowledged), newest first. */
    public synchronized List<ReplyData> saved(ClientSlot slot) {
        Client c = clients.get(slot);
        return c == null ? List.of() : c.replies.stream().map(Saved::reply).toList();
    }

    /**
     * Frees every slot of a client whose export goes away ({@code tgt_client_free}), its
     * retained last reply included.
     */
    public synchronized void forget(ClientSlot slot) {
        Client c = clients.remove(slot);
        if (c == null) {
            return;
        }
        for (Saved s : c.replies) {
            used.clear(s.index());
        }
        if (c.retained != null) {
            used.clear(c.retained.index());
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("reply_data of " + dev.name() + " is closed");
        }
    }

    /** Unmounts: the file keeps what was written. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        object.close();
    }

    @Override
    public synchronized String toString() {
        return "ReplyRecords[" + dev.name() + ", " + used.cardinality() + " slots in use]";
    }
}
