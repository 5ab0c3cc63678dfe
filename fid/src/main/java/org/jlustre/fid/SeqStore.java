package org.jlustre.fid;

import java.lang.foreign.MemorySegment;
import java.util.Optional;
import org.jlustre.common.Errno;
import org.jlustre.common.Fid;
import org.jlustre.common.LustreException;
import org.jlustre.common.debug.DebugLog;
import org.jlustre.common.debug.DebugMask;
import org.jlustre.osd.ObjectFormat;
import org.jlustre.osd.OsdDevice;
import org.jlustre.osd.OsdObject;
import org.jlustre.osd.Transaction;
import org.jlustre.wire.fid.LuSeqRange;

/**
 * The file holding a sequence manager's free space ({@code seq_ctl} or {@code seq_srv},
 * lustre/fid/fid_store.c): one little-endian {@code lu_seq_range} at offset 0. Writes happen
 * only inside a caller's transaction, so the space and whatever was carved out of it (an fld
 * entry) change together.
 *
 * <p>Not thread-safe: its owner's lock guards it.
 */
final class SeqStore implements AutoCloseable {

    /** The object. */
    private final OsdObject object;
    /** Its name, for messages. */
    private final String name;

    private SeqStore(OsdObject object, String name) {
        this.object = object;
        this.name = name;
    }

    /** Finds or creates the file {@code name} at {@code fid} ({@code seq_store_init}). */
    static SeqStore open(OsdDevice dev, Fid fid, String name) throws LustreException {
        return new SeqStore(LocalFile.findOrCreate(dev, fid, name, ObjectFormat.REGULAR), name);
    }

    /**
     * The stored range, or empty for a new file ({@code seq_store_read}, whose -ENODATA starts
     * a fresh space).
     *
     * @throws LustreException EIO when the file holds part of a range, as Lustre refuses it
     */
    Optional<LuSeqRange> read() throws LustreException {
        byte[] b = new byte[LuSeqRange.SIZE];
        int n = object.body().read(0, MemorySegment.ofArray(b));
        if (n == 0) {
            return Optional.empty();
        }
        if (n != LuSeqRange.SIZE) {
            throw new LustreException(Errno.EIO, name + " on " + object.device().name() + ": read only " + n + " bytes of "
                    + LuSeqRange.SIZE);
        }
        LuSeqRange r = LuSeqRange.fromBytes(b);
        if (!r.isSane()) {
            throw new LustreException(Errno.EIO, name + " on " + object.device().name() + " holds an insane range " + r);
        }
        return Optional.of(r);
    }

    /**
     * The stored space, or {@code fresh} written in a local transaction when the file is new
     * ({@code seq_server_init}: "No data found on store. Initialize space"; nothing is written on
     * a read-only device).
     */
    LuSeqRange readOrInit(LuSeqRange fresh, String manager, DebugLog log) throws LustreException {
        Optional<LuSeqRange> stored = read();
        if (stored.isPresent()) {
            return stored.get();
        }
        log.logf(DebugMask.S_FID, DebugMask.D_CONSOLE, "%s: No data found on store. Initialize space: rc = %d",
                manager, -Errno.ENODATA.value());
        OsdDevice dev = object.device();
        if (!dev.isReadOnly()) {
            try (Transaction th = dev.transCreate()) {
                declareWrite(th);
                th.startLocal();
                write(fresh, th);
            }
        }
        return fresh;
    }

    /** Declares {@link #write} in {@code th} ({@code dt_declare_record_write}). */
    void declareWrite(Transaction th) throws LustreException {
        object.body().declareWrite(0, LuSeqRange.SIZE, th);
    }

    /** Writes {@code space} at offset 0 in {@code th} ({@code range_cpu_to_le}, {@code dt_record_write}). */
    void write(LuSeqRange space, Transaction th) throws LustreException {
        object.body().writeRecord(0, MemorySegment.ofArray(space.toBytes()), th);
    }

    /** The device. */
    OsdDevice device() {
        return object.device();
    }

    @Override
    public void close() {
        object.close();
    }
}
