package org.jlustre.bench;

import java.lang.foreign.MemorySegment;
import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;
import org.jlustre.llog.LlogCallback;
import org.jlustre.llog.LlogCatalog;
import org.jlustre.llog.LlogContext;
import org.jlustre.llog.LlogHandle;
import org.jlustre.osd.Body;
import org.jlustre.osd.OsdObject;
import org.jlustre.osd.Transaction;
import org.jlustre.wire.llog.LlogFlags;
import org.jlustre.wire.llog.LlogHeader;
import org.jlustre.wire.llog.LlogRecType;
import org.jlustre.wire.llog.LlogRecordHeader;

/**
 * An llog context on an osd-mem device mounted as {@link OsdFixture} mounts it (named logs
 * in the OSD root, 8 KiB chunks), with what the llog benchmarks repeat: 64-byte records, plain
 * logs that are replaced by a fresh one when full, catalogs, and the raw OSD appends of the same
 * bytes the llog figures are compared with.
 *
 * <p>Used by one thread.
 */
final class LlogFixture implements AutoCloseable {

    /** Bytes of every record: an {@code llog_gen_rec} (16-byte header, 40-byte body, 8-byte tail). */
    static final int RECORD_BYTES = 64;
    /**
     * The records one plain log holds: its bitmap's last index with 8 KiB chunks, 64,767 (a
     * constant for JMH's {@code @OperationsPerInvocation}; the test checks it against
     * {@link LlogHeader#maxIndex()}).
     */
    static final int PLAIN_RECORDS = 64_767;
    /** The target uuid of the benchmark catalogs. */
    static final String UUID = "bench-llog_UUID";

    private final OsdFixture osd;
    private final LlogContext ctx;

    private LlogFixture(OsdFixture osd) {
        this.osd = osd;
        this.ctx = LlogContext.of(osd.device(), osd.libcfs(), null);
    }

    /** Mounts a fresh device named {@code name} with its llog context. */
    static LlogFixture mount(String name) throws LustreException {
        return new LlogFixture(OsdFixture.mount(name));
    }

    OsdFixture osd() {
        return osd;
    }

    LlogContext context() {
        return ctx;
    }

    /**
     * A 64-byte {@code LLOG_GEN_REC} record with a non-zero body; its index and tail are
     * rewritten by every append, so one buffer serves any number of appends.
     */
    static MemorySegment record() {
        MemorySegment rec = MemorySegment.ofArray(new byte[RECORD_BYTES]);
        for (int i = LlogRecordHeader.SIZE; i < RECORD_BYTES - LlogRecordHeader.TAIL_SIZE; i++) {
            rec.set(java.lang.foreign.ValueLayout.JAVA_BYTE, i, (byte) i);
        }
        LlogRecordHeader.write(rec, 0, RECORD_BYTES, 0, LlogRecType.LLOG_GEN_REC, 0);
        LlogRecordHeader.writeTail(rec, 0, RECORD_BYTES, 0);
        return rec;
    }

    /** A new, empty unnamed plain log ({@code llog_open} NEW, {@code llog_create}, {@code llog_init_handle}). */
    LlogHandle newPlainLog() throws LustreException {
        LlogHandle h = ctx.openNew();
        try {
            h.create();
            h.init(LlogFlags.IS_PLAIN, null);
            return h;
        } catch (LustreException | RuntimeException e) {
            h.close();
            throw e;
        }
    }

    /** A new, empty unnamed catalog. */
    LlogCatalog newCatalog() throws LustreException {
        LlogHandle h = ctx.openNew();
        try {
            h.create();
            return LlogCatalog.open(h, UUID);
        } catch (LustreException | RuntimeException e) {
            h.close();
            throw e;
        }
    }

    /** A plain log holding {@link #PLAIN_RECORDS} records of {@link #record()}: full. */
    LlogHandle fullPlainLog() throws LustreException {
        LlogHandle h = newPlainLog();
        MemorySegment rec = record();
        for (int i = 0; i < PLAIN_RECORDS; i++) {
            h.append(rec);
        }
        return h;
    }

    /**
     * Appends to plain logs, one record per {@link LlogHandle#append(MemorySegment)} (its own
     * local transaction, as {@code llog_write} does), moving on to a fresh log when the current
     * one answers ENOSPC; logs filled are closed, not destroyed.
     */
    final class PlainAppender implements AutoCloseable {
        private final MemorySegment rec = record();
        private LlogHandle log;
        private long appended;
        private int logs;

        /** Appends one record; returns its index in its log. */
        int append() throws LustreException {
            for (;;) {
                if (log == null) {
                    log = newPlainLog();
                    logs++;
                }
                try {
                    int index = log.append(rec);
                    appended++;
                    return index;
                } catch (LustreException e) {
                    if (e.errno() != Errno.ENOSPC) {
                        throw e;
                    }
                    log.close();
                    log = null;
                }
            }
        }

        /** Records appended so far. */
        long appended() {
            return appended;
        }

        /** Plain logs used so far. */
        int logs() {
            return logs;
        }

        @Override
        public void close() {
            if (log != null) {
                log.close();
                log = null;
            }
        }
    }

    /**
     * The reference: the same 64-byte records written with the OSD's {@code Body.write},
     * appended to one regular object, {@code perTransaction} writes to each local transaction
     * (declared as one write of their bytes), with no llog header, bitmap or index.
     */
    final class RawAppender implements AutoCloseable {
        private final MemorySegment rec = record();
        private final OsdObject object;
        private final Body body;
        private long pos;

        RawAppender() throws LustreException {
            OsdFixture.Directory root = osd.mkdir("raw");
            object = osd.device().find(osd.createFile(root, "raw"));
            root.object().close();
            body = object.body();
        }

        /** Appends {@code n} records in one local transaction; returns the bytes written. */
        int append(int n) throws LustreException {
            int written = 0;
            try (Transaction th = osd.device().transCreate()) {
                body.declareWrite(pos, (long) n * RECORD_BYTES, th);
                th.startLocal();
                for (int i = 0; i < n; i++) {
                    written += body.write(pos, rec, th);
                    pos += RECORD_BYTES;
                }
            }
            return written;
        }

        /** Bytes appended so far. */
        long size() {
            return pos;
        }

        @Override
        public void close() {
            object.close();
        }
    }

    /** A processing callback that only reads each record's index, and counts the records. */
    static final class Counter implements LlogCallback {
        long records;
        long indexSum;

        @Override
        public int process(LlogHandle handle, org.jlustre.llog.LlogRecordRef record) {
            records++;
            indexSum += record.index();
            return 0;
        }
    }

    @Override
    public void close() {
        ctx.close();
        osd.close();
    }
}
