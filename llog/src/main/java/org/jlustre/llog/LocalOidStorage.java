package org.jlustre.llog;

import java.lang.foreign.MemorySegment;
import org.jlustre.common.Errno;
import org.jlustre.common.FileMode;
import org.jlustre.common.Fid;
import org.jlustre.common.LustreException;
import org.jlustre.osd.AllocationHint;
import org.jlustre.osd.LuAttr;
import org.jlustre.osd.ObjectFormat;
import org.jlustre.osd.OsdDevice;
import org.jlustre.osd.OsdObject;
import org.jlustre.osd.Transaction;
import org.jlustre.wire.Le;

/**
 * FIDs for local objects of one sequence ({@code local_oid_storage}, lustre/obdclass/
 * local_storage.c; reference 2.12): the last oid handed out lives as a little-endian u64 in
 * object {@code [seq:0:0]}, rewritten in the transaction of every create so it survives a
 * restart. llogs use sequence 1 ({@code FID_SEQ_LLOG}) and 10 ({@code FID_SEQ_LLOG_NAME}).
 *
 * <p>Thread-safe: generation and the on-disk update are serialised ({@code los_id_lock}).
 * Every user of one sequence on one device shares one instance, counted by opens and closes,
 * as {@code local_oid_storage_init} finds an existing {@code los} in the device's list:
 * two counters for one sequence would hand out the same FIDs.
 */
public final class LocalOidStorage implements AutoCloseable {

    /** The open storages by device (identity) and sequence; guarded by itself. */
    private static final java.util.Map<OsdDevice, java.util.Map<Long, LocalOidStorage>> OPEN =
            new java.util.IdentityHashMap<>();

    private final OsdDevice dev;
    private final long seq;
    private final OsdObject lastId;
    /** Guarded by this. */
    private long lastOid;
    /** Opens not yet closed; guarded by {@link #OPEN}. */
    private int refs = 1;

    private LocalOidStorage(OsdDevice dev, long seq, OsdObject lastId, long lastOid) {
        this.dev = dev;
        this.seq = seq;
        this.lastId = lastId;
        this.lastOid = lastOid;
    }

    /**
     * Opens the storage of {@code seq} on {@code dev}, creating {@code [seq:0:0]} (S_IFREG 0644,
     * last oid 0) in a local transaction if it does not exist ({@code local_oid_storage_init}).
     *
     * @throws LustreException EINVAL if the last-oid object does not hold exactly 8 bytes
     */
    public static LocalOidStorage open(OsdDevice dev, long seq) throws LustreException {
        synchronized (OPEN) {
            var bySeq = OPEN.computeIfAbsent(dev, d -> new java.util.HashMap<>());
            LocalOidStorage los = bySeq.get(seq);
            if (los != null) {
                los.refs++;
                return los;
            }
            los = load(dev, seq);
            bySeq.put(seq, los);
            return los;
        }
    }

    private static LocalOidStorage load(OsdDevice dev, long seq) throws LustreException {
        OsdObject o = dev.find(Fid.of(seq, 0));
        try {
            if (!o.exists()) {
                LuAttr attr = new LuAttr().mode(FileMode.S_IFREG | 0644);
                MemorySegment zero = MemorySegment.ofArray(new byte[8]);
                try (Transaction th = dev.transCreate()) {
                    o.declareCreate(attr, AllocationHint.NONE, ObjectFormat.REGULAR, th);
                    o.body().declareWrite(0, 8, th);
                    th.startLocal();
                    o.create(attr, AllocationHint.NONE, ObjectFormat.REGULAR, th);
                    o.body().writeRecord(0, zero, th);
                }
                return new LocalOidStorage(dev, seq, o, 0);
            }
            long size = o.attrGet().size();
            if (size != 8) {
                throw new LustreException(Errno.EINVAL, "last oid object " + o.fid() + " on " + dev.name() + " holds "
                        + size + " bytes, not 8");
            }
            MemorySegment buf = MemorySegment.ofArray(new byte[8]);
            o.body().readRecord(0, buf);
            return new LocalOidStorage(dev, seq, o, buf.get(Le.U64, 0));
        } catch (LustreException | RuntimeException e) {
            o.close();
            throw e;
        }
    }

    /** The sequence. */
    public long seq() {
        return seq;
    }

    /** A FID nobody used: {@code [seq:++last:0]} ({@code local_object_fid_generate}). */
    public synchronized Fid generate() {
        return Fid.of(seq, ++lastOid);
    }

    /** Declares the last-oid update a create of a generated FID makes. */
    public void declareUpdate(Transaction th) throws LustreException {
        lastId.body().declareWrite(0, 8, th);
    }

    /** Writes the last oid handed out, inside the create's transaction ({@code local_object_create}). */
    public synchronized void update(Transaction th) throws LustreException {
        MemorySegment buf = MemorySegment.ofArray(new byte[8]);
        buf.set(Le.U64, 0, lastOid);
        lastId.body().writeRecord(0, buf, th);
    }

    /** The device. */
    OsdDevice device() {
        return dev;
    }

    /** Drops this open; the last close releases the last-oid object. */
    @Override
    public void close() {
        synchronized (OPEN) {
            if (refs == 0) {
                return;
            }
            if (--refs > 0) {
                return;
            }
            var bySeq = OPEN.get(dev);
            if (bySeq != null && bySeq.get(seq) == this) {
                bySeq.remove(seq);
                if (bySeq.isEmpty()) {
                    OPEN.remove(dev);
                }
            }
        }
        lastId.close();
    }
}
