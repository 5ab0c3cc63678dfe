package org.jlustre.target;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.jlustre.common.Errno;
import org.jlustre.common.Fid;
import org.jlustre.common.LustreException;
import org.jlustre.common.Utf8;
import org.jlustre.osd.Body;
import org.jlustre.osd.Declare;
import org.jlustre.osd.Osd;
import org.jlustre.osd.OsdDevice;
import org.jlustre.osd.OsdObject;
import org.jlustre.osd.Transaction;
import org.jlustre.osd.UpdateType;
import org.jlustre.wire.ptlrpc.ConnectFlags;
import org.jlustre.wire.target.LrServerData;
import org.jlustre.wire.target.LsdClientData;
import org.jlustre.wire.target.TargetFeatures;

/**
 * A target's {@code last_rcvd} on its own OSD (lustre/target/tgt_lastrcvd.c; reference-targets
 * 2.3): the server header with the last transaction number and the mount count, and one slot
 * per client export, so that a client that reconnects learns which of its updates the target
 * kept.
 *
 * <p>Life cycle, as Lustre's target layer drives it:
 * <ul>
 * <li>{@link #open} at mount ({@code tgt_server_data_init}): creates the file with Lustre's
 *     initial values on a fresh OSD, or checks an existing one (the UUID and index must match,
 *     unknown incompat or rocompat bits refuse the mount, a damaged header is reported), loads
 *     the slots of clients that did not disconnect, and writes the header back with the mount
 *     count raised by one.</li>
 * <li>{@link #connect} when a client connects ({@code tgt_client_new}): the client's slot, the
 *     same one again for a UUID that already has one.</li>
 * <li>{@link #declareRecord} before the caller's transaction starts, then {@link #record}
 *     inside it ({@code tgt_txn_start_cb}/{@code tgt_txn_stop_cb} -> {@code tgt_last_rcvd_update}):
 *     the next transno, written into the client's slot in that same transaction, so the update
 *     and its record commit together or not at all. The header is not rewritten per record: as
 *     in Lustre, only a record without a slot (a lightweight client, or one whose slot a
 *     disconnect freed meanwhile) writes its transno into the header; otherwise the header's last
 *     transno is brought up to date when the header is written for another reason (disconnect,
 *     a feature bit, the next mount), and a mount takes the highest of the header's and the
 *     slots' ({@code tgt_clients_data_init}).</li>
 * <li>{@link #disconnect} at a clean disconnect ({@code tgt_client_del}): the header is brought
 *     up to date, then the slot's UUID is cleared and the slot reused.</li>
 * </ul>
 *
 * <p>Two ways to record: an OST's handler calls {@link #declareRecord} and
 * {@link #record(Transaction, ClientSlot, long, int)} itself, and a failed transaction (a
 * non-zero {@link Transaction#result()}) leaves last_rcvd as it was, as OSTs keep nothing for
 * reply reconstruction ({@code lut_no_reconstruct}); an MDT runs its handlers under
 * {@link TargetTxns}, whose hooks record every request's transaction as Lustre's
 * {@code tgt_txn_stop_cb} does, a failed one's xid and result included, and keep a MULTIMODRPCS
 * client's replies in reply_data rather than in its slot.
 *
 * <p>Thread-safe. The header, the slot table and transno assignment are guarded by this
 * object's monitor; a slot's data by the slot's monitor, taken after this one.
 */
public final class LastRcvd implements AutoCloseable {

    /** {@code LAST_RECV_OID}: last_rcvd is {@code [0x200000001:0xb:0x0]}. */
    public static final Fid FID = Fid.localFile(11);
    /** {@code LAST_RCVD}: its name in the OSD root. */
    public static final String NAME = "last_rcvd";
    /** {@code LR_MAX_CLIENTS} (lustre_disk.h, 4 KiB pages): the most client slots. */
    public static final int MAX_CLIENTS = 128 * 1024;

    /** The device the file lives on. */
    private final OsdDevice dev;
    /** The last_rcvd object, referenced until {@link #close}. */
    private final OsdObject object;
    /** Its body. */
    private final Body body;
    /** MDT or OST. */
    private final TargetKind kind;
    /**
     * The header as last written; guarded by this. Its last transno trails {@link #lastTransno}
     * between header writes, as {@code lut_lsd} trails {@code lut_last_transno} in Lustre.
     */
    private LrServerData lsd;
    /** The last transno given out ({@code lut_last_transno}); guarded by this. */
    private long lastTransno;
    /** Slot indexes in use ({@code lut_client_bitmap}); guarded by this. */
    private final BitSet used = new BitSet();
    /** The connected (or not yet reconnected) clients by UUID; guarded by this. */
    private final Map<String, ClientSlot> clients = new HashMap<>();
    /** The highest client generation given out ({@code lut_client_generation}); guarded by this. */
    private int generation;
    /** The highest transno known committed ({@code obd_last_committed}). */
    private final AtomicLong lastCommitted = new AtomicLong();
    /** Set by {@link #close}; guarded by this. */
    private boolean closed;

    private LastRcvd(OsdDevice dev, OsdObject object, TargetKind kind) {
        this.dev = dev;
        this.object = object;
        this.body = object.body();
        this.kind = kind;
    }

    /**
     * Opens the last_rcvd of target {@code targetUuid} (index {@code index}, of {@code kind}) on
     * {@code dev} at mount, creating it on a fresh device, and writes the header back with the
     * mount count raised by one.
     *
     * @throws LustreException EINVAL when the file belongs to another target or index, carries
     *     feature bits this target does not know (naming them), or is damaged (shorter than its
     *     header, zero or impossible sizes); EROFS on a read-only device; what the OSD reports
     */
    public static LastRcvd open(OsdDevice dev, String targetUuid, int index, TargetKind kind) throws LustreException {
        if (targetUuid.isEmpty() || Utf8.encode(targetUuid).length >= LrServerData.UUID_SIZE) {
            throw new IllegalArgumentException("target uuid '" + targetUuid + "' must be 1 to "
                    + (LrServerData.UUID_SIZE - 1) + " bytes");
        }
        if (index < 0) {
            throw new IllegalArgumentException("target index " + index + " is negative");
        }
        OsdObject o = LocalObjects.findOrCreate(dev, FID, NAME);
        LastRcvd lr = new LastRcvd(dev, o, kind);
        try {
            lr.mount(targetUuid, index);
        } catch (LustreException | RuntimeException e) {
            o.close();
            throw e;
        }
        return lr;
    }

    /** {@code tgt_server_data_init} and {@code tgt_clients_data_init}. */
    private synchronized void mount(String targetUuid, int index) throws LustreException {
        long size = object.attrGet().size();
        LrServerData d;
        if (size == 0) {
            d = LrServerData.fresh(targetUuid, index, kind.rocompatInit, kind.incompatInit);
        } else {
            d = ServerDataCheck.read(body, size, dev.name());
            ServerDataCheck.check(d, targetUuid, index, kind);
        }
        int compat = d.featureCompat();
        int incompat = d.featureIncompat();
        if (kind == TargetKind.MDT) {
            incompat |= TargetFeatures.INCOMPAT_FID;
            if ((compat & TargetFeatures.COMPAT_20) == 0) {
                // a 1.8 last_rcvd: its clients are evicted at the first 2.x mount (tgt_truncate_last_rcvd)
                if (size > d.clientStart()) {
                    truncate(d.clientStart());
                    size = d.clientStart();
                }
                compat |= TargetFeatures.COMPAT_20;
            }
        }
        d = d.withFeatures(compat, d.featureRocompat(), incompat);
        lastTransno = d.lastTransno();
        loadClients(d, size);
        lsd = d.withLastTransno(lastTransno).withMountCount(d.mountCount() + 1);
        lastCommitted.set(lastTransno);
        writeHeaderLocal();
    }

    /** Reads the slots of clients that were connected when the target stopped. */
    private void loadClients(LrServerData d, long size) throws LustreException {
        byte[] buf = new byte[LsdClientData.SIZE];
        MemorySegment seg = MemorySegment.ofArray(buf);
        for (int i = 0; i < MAX_CLIENTS; i++) {
            long off = ClientSlot.offsetOf(d, i);
            if (off + LsdClientData.SIZE > size) {
                break; // a torn last slot is left alone, as Lustre stops at a short read
            }
            body.readRecord(off, seg);
            LsdClientData lcd = LsdClientData.decode(seg, 0);
            if (lcd.isFree() || clients.containsKey(lcd.uuid())) {
                continue; // Lustre skips a duplicate export the same way
            }
            used.set(i);
            clients.put(lcd.uuid(), new ClientSlot(lcd.uuid(), i, off, lcd));
            lastTransno = Math.max(lastTransno, lcd.maxTransno());
            if ((d.featureIncompat() & TargetFeatures.INCOMPAT_MULTI_RPCS) != 0) {
                generation = Math.max(generation, lcd.generation());
            }
        }
    }

    /** The target's UUID, as in the header. */
    public synchronized String targetUuid() {
        return lsd.uuid();
    }

    /** How many times the target was mounted, this mount included ({@code lsd_mount_count}, the obd instance). */
    public synchronized long mountCount() {
        return lsd.mountCount();
    }

    /** The last transno given out. */
    public synchronized long lastTransno() {
        return lastTransno;
    }

    /**
     * The highest transno whose transaction committed ({@code obd_last_committed}), what replies
     * carry in {@code pb_last_committed}.
     */
    public long lastCommitted() {
        return lastCommitted.get();
    }

    /** The header as last written. */
    public synchronized LrServerData serverData() {
        return lsd;
    }

    /** The slot of a connected client, if it has one. */
    public synchronized Optional<ClientSlot> slot(String clientUuid) {
        return Optional.ofNullable(clients.get(clientUuid));
    }

    /** The clients holding slots, in slot order. */
    public synchronized List<ClientSlot> clients() {
        List<ClientSlot> out = new ArrayList<>(clients.values());
        out.sort((a, b) -> Integer.compare(a.index(), b.index()));
        return out;
    }

    /**
     * A connecting client's slot ({@code tgt_client_new}; on an OST also
     * {@code ofd_parse_connect_data}'s index check): the slot it already has, or the first free
     * one, written with its UUID. A lightweight connection ({@code OBD_CONNECT_LIGHTWEIGHT}) or
     * the target itself gets a slot without an index. On an OST the first connect with
     * {@code OBD_CONNECT_INDEX} sets {@code OBD_COMPAT_OST}; on an MDT a MULTIMODRPCS client
     * gets the next client generation and sets {@code OBD_INCOMPAT_MULTI_RPCS}.
     *
     * @param connectFlags the client's {@code ocd_connect_flags}
     * @param ocdIndex the client's {@code ocd_index} (checked with OBD_CONNECT_INDEX on an OST)
     * @throws LustreException EINVAL for an empty or too long UUID; EPROTO when an OST client
     *     names another index; EOVERFLOW when all {@value #MAX_CLIENTS} slots are taken; what
     *     the OSD reports
     */
    public synchronized ClientSlot connect(String clientUuid, long connectFlags, int ocdIndex) throws LustreException {
        checkOpen();
        if (clientUuid.isEmpty() || Utf8.encode(clientUuid).length >= LsdClientData.UUID_SIZE) {
            throw new LustreException(Errno.EINVAL, "client uuid '" + clientUuid + "' must be 1 to "
                    + (LsdClientData.UUID_SIZE - 1) + " bytes");
        }
        if (kind == TargetKind.OST && (connectFlags & ConnectFlags.OBD_CONNECT_INDEX) != 0) {
            if (ocdIndex != lsd.osdIndex()) {
                throw new LustreException(Errno.EPROTO, "client " + clientUuid + " connects to index " + ocdIndex
                        + ", but " + lsd.uuid() + " has index " + lsd.osdIndex());
            }
            if ((lsd.featureCompat() & TargetFeatures.COMPAT_OST) == 0) {
                lsd = lsd.withFeatures(lsd.featureCompat() | TargetFeatures.COMPAT_OST, lsd.featureRocompat(),
                        lsd.featureIncompat());
                writeHeaderLocal();
            }
        }
        ClientSlot existing = clients.get(clientUuid);
        if (existing != null) {
            return existing;
        }
        if ((connectFlags & ConnectFlags.OBD_CONNECT_LIGHTWEIGHT) != 0 || clientUuid.equals(lsd.uuid())) {
            return ClientSlot.none(clientUuid);
        }
        int index = used.nextClearBit(0);
        if (index >= MAX_CLIENTS) {
            throw new LustreException(Errno.EOVERFLOW, lsd.uuid() + ": no room for client " + clientUuid + ": all "
                    + MAX_CLIENTS + " last_rcvd slots are taken");
        }
        int gen = 0;
        if (kind == TargetKind.MDT && (connectFlags & ConnectFlags.OBD_CONNECT_MULTIMODRPCS) != 0) {
            if ((lsd.featureIncompat() & TargetFeatures.INCOMPAT_MULTI_RPCS) == 0) {
                lsd = lsd.withFeatures(lsd.featureCompat(), lsd.featureRocompat(),
                        lsd.featureIncompat() | TargetFeatures.INCOMPAT_MULTI_RPCS);
                writeHeaderLocal();
            }
            gen = ++generation;
        }
        LsdClientData fresh = LsdClientData.fresh(clientUuid, gen);
        ClientSlot slot = new ClientSlot(clientUuid, index, ClientSlot.offsetOf(lsd, index), fresh);
        writeSlotLocal(slot, fresh);
        used.set(index);
        clients.put(clientUuid, slot);
        return slot;
    }

    /**
     * A clean disconnect ({@code tgt_client_del}): the header is written with the current last
     * transno first, so the transno survives in one place or the other, then the slot's UUID is
     * cleared (its numbers stay, as in Lustre) and the slot becomes free. Nothing happens for a
     * slot without an index or one already freed.
     *
     * @throws LustreException what the OSD reports; the slot then stays taken
     */
    public synchronized void disconnect(ClientSlot slot) throws LustreException {
        checkOpen();
        if (!slot.hasSlot() || clients.get(slot.uuid()) != slot) {
            return;
        }
        writeHeaderLocal();
        synchronized (slot) {
            // under the slot's monitor: a record still in flight finds the slot released and
            // leaves it alone, so it cannot write over the index's next owner
            writeSlotLocal(slot, slot.data().freed());
            slot.release();
        }
        clients.remove(slot.uuid());
        used.clear(slot.index());
    }

    /**
     * Declares what {@link #record} will write, in the caller's transaction before it starts
     * ({@code tgt_txn_start_cb}): the client's slot, and the header, which a record writes when
     * the slot is gone by then or there never was one.
     *
     * @throws IllegalStateException when the transaction has started
     */
    public void declareRecord(Transaction th, ClientSlot slot) throws LustreException {
        checkDevice(th);
        synchronized (this) {
            checkOpen();
        }
        body.declareWrite(0, LrServerData.SIZE, th);
        if (slot.hasSlot()) {
            body.declareWrite(slot.offset(), LsdClientData.SIZE, th);
        }
    }

    /**
     * Records a client's update inside the caller's started transaction ({@code
     * tgt_last_rcvd_update}): the next transno, written with {@code xid} and {@code data} into
     * the client's slot in {@code th}, so it commits with the update. Only a client without a
     * live slot (lightweight, or disconnected meanwhile) has the transno written into the header
     * instead, as Lustre's {@code nolcd} case does; the header is otherwise left alone (its 512
     * bytes per update were most of the cost of a small OST write). Transnos rise by one per
     * record across the target. A
     * transaction whose {@link Transaction#result()} is non-zero gets no transno and writes
     * nothing (0 is returned). A slot released by {@link #disconnect} meanwhile is left alone
     * (its index may have a new owner), and a slot is never moved back to a lower transno, so
     * concurrent requests of one client leave the highest in its slot. When the transaction commits,
     * {@link #lastCommitted()} rises to the transno.
     *
     * @param data per-operation data ({@code lcd_last_data}, an open disposition on an MDT)
     * @return the transno, 0 for a failed transaction
     * @throws IllegalStateException when {@code th} is not started or did not declare the record
     * @throws LustreException what the OSD reports
     */
    public long record(Transaction th, ClientSlot slot, long xid, int data) throws LustreException {
        checkRecord(th);
        if (th.result() != 0) {
            return 0; // an OST keeps nothing for reconstruction (lut_no_reconstruct)
        }
        long transno = nextTransno();
        boolean inSlot = false;
        if (slot.hasSlot()) {
            synchronized (slot) {
                if (slot.isLive()) {
                    inSlot = true;
                    LsdClientData cur = slot.data();
                    // a concurrent request of the same client may have stored a higher transno:
                    // the slot keeps that one, which covers this one at the next mount
                    if (Long.compareUnsigned(cur.lastTransno(), transno) < 0) {
                        writeSlot(th, slot, cur.withLast(transno, xid, 0, data));
                    }
                }
            }
        }
        finishRecord(th, inSlot, transno);
        return transno;
    }

    /**
     * Records the request {@code ctx} in its started transaction, as the stop hook does for a
     * request of an MDT's client ({@code tgt_last_rcvd_update}): the next transno when the
     * transaction's {@link Transaction#result()} is 0, else none. A MULTIMODRPCS client's slot is
     * not written (its replies go to reply_data, {@link ReplyRecords}); another client's slot
     * gets the request's xid, result and data, in the close fields for an MDS_CLOSE, and the
     * transno unless the request failed or the slot holds a higher one; a client without a
     * live slot has the transno written into the header.
     *
     * @return the transno, 0 for a failed transaction
     */
    long record(Transaction th, ReqContext ctx) throws LustreException {
        checkRecord(th);
        int result = th.result();
        long transno = result == 0 ? nextTransno() : 0;
        ClientSlot slot = ctx.slot();
        boolean inSlot = false;
        if (slot.hasSlot()) {
            synchronized (slot) {
                if (slot.isLive()) {
                    inSlot = true;
                    if (!ctx.multiModRpcs()) {
                        LsdClientData cur = slot.data();
                        long had = ctx.isClose() ? cur.lastCloseTransno() : cur.lastTransno();
                        if (transno == 0 || Long.compareUnsigned(had, transno) < 0) {
                            long t = transno == 0 ? had : transno;
                            writeSlot(th, slot, ctx.isClose()
                                    ? cur.withLastClose(t, ctx.xid(), result, (int) ctx.opData())
                                    : cur.withLast(t, ctx.xid(), result, (int) ctx.opData()));
                        }
                    }
                }
            }
        }
        if (transno != 0) {
            finishRecord(th, inSlot, transno);
        }
        return transno;
    }

    /** The checks every record makes on its transaction. */
    private void checkRecord(Transaction th) {
        checkDevice(th);
        if (th.state() != Transaction.State.STARTED) {
            throw new IllegalStateException("record in a transaction that is " + th.state() + ", not STARTED");
        }
        if (!declared(th)) {
            throw new IllegalStateException("record without declareRecord in the transaction on " + dev.name());
        }
    }

    /** The next transno ({@code lut_last_transno} + 1). */
    private synchronized long nextTransno() {
        checkOpen();
        return ++lastTransno;
    }

    /** Writes a live slot through {@code th} and keeps {@code d} as its data; caller holds the slot. */
    private void writeSlot(Transaction th, ClientSlot slot, LsdClientData d) throws LustreException {
        body.writeRecord(slot.offset(), MemorySegment.ofArray(d.encode()), th);
        slot.data(d);
    }

    /**
     * The header for a record without a live slot (Lustre's {@code nolcd}), and
     * {@link #lastCommitted} raised at commit ({@code tgt_last_commit_cb_add}).
     */
    private void finishRecord(Transaction th, boolean inSlot, long transno) throws LustreException {
        if (!inSlot) {
            synchronized (this) {
                if (Long.compareUnsigned(lsd.lastTransno(), transno) < 0) {
                    lsd = lsd.withLastTransno(transno);
                    body.writeRecord(0, MemorySegment.ofArray(lsd.encode()), th);
                }
            }
        }
        th.addCommitCallback((t, rc) -> {
            if (rc == 0) {
                lastCommitted.accumulateAndGet(transno, Math::max);
            }
        });
    }

    /**
     * Raises the last transno to one found at mount outside last_rcvd (reply_data's,
     * {@code tgt_reply_data_init}); it is also the last committed one then.
     */
    synchronized void recovered(long transno) {
        if (Long.compareUnsigned(lastTransno, transno) < 0) {
            lastTransno = transno;
        }
        lastCommitted.accumulateAndGet(transno, Math::max);
    }

    /** Whether {@code th} declared a write of last_rcvd. */
    private boolean declared(Transaction th) {
        for (Declare d : th.declares()) {
            if (d.type() == UpdateType.WRITE && d.fid().equals(FID)) {
                return true;
            }
        }
        return false;
    }

    private void checkDevice(Transaction th) {
        if (th.device() != dev) {
            throw new IllegalArgumentException("transaction of " + th.device().name() + " used for the last_rcvd of "
                    + dev.name());
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("last_rcvd of " + dev.name() + " is closed");
        }
    }

    /**
     * Writes the header, with the last transno given out, in a transaction of its own ({@code
     * tgt_server_data_update}: "always save latest transno to keep it fresh"); caller holds this.
     */
    private void writeHeaderLocal() throws LustreException {
        lsd = lsd.withLastTransno(lastTransno);
        byte[] b = lsd.encode();
        try (Transaction th = dev.transCreate()) {
            body.declareWrite(0, b.length, th);
            th.startLocal();
            body.writeRecord(0, MemorySegment.ofArray(b), th);
        }
    }

    /**
     * Writes a slot in a transaction of its own ({@code tgt_client_data_update}) and keeps
     * {@code d} as its data; caller holds this.
     */
    private void writeSlotLocal(ClientSlot slot, LsdClientData d) throws LustreException {
        byte[] b = d.encode();
        synchronized (slot) {
            try (Transaction th = dev.transCreate()) {
                body.declareWrite(slot.offset(), b.length, th);
                th.startLocal();
                body.writeRecord(slot.offset(), MemorySegment.ofArray(b), th);
            }
            slot.data(d);
        }
    }

    /** Drops the client area of a 1.8 last_rcvd ({@code tgt_truncate_last_rcvd}). */
    private void truncate(long size) throws LustreException {
        try (Transaction th = dev.transCreate()) {
            body.declarePunch(size, Osd.OBJECT_EOF, th);
            th.startLocal();
            body.punch(size, Osd.OBJECT_EOF, th);
        }
    }

    /**
     * Unmounts: later calls fail. The file keeps what was written; as after Lustre's {@code
     * tgt_fini}, the header's last transno may be older than the slots', and the next mount takes
     * the highest of them.
     */
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
        return "LastRcvd[" + lsd.uuid() + " on " + dev.name() + ", transno " + lastTransno + ", "
                + clients.size() + " clients]";
    }
}
