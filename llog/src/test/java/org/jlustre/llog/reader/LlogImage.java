package org.jlustre.llog.reader;

import java.io.ByteArrayOutputStream;
import java.lang.foreign.MemorySegment;
import org.jlustre.wire.llog.LlogFlags;
import org.jlustre.wire.llog.LlogHeader;
import org.jlustre.wire.llog.LlogRecord;

/** Builds an llog file image in memory from wire records, as Lustre lays one out. */
final class LlogImage {

    /** 2017-03-30 19:20:49 UTC. */
    static final long TIME = 1490901649L;

    private final LlogHeader header;
    private final ByteArrayOutputStream records = new ByteArrayOutputStream();
    private int index;

    LlogImage() {
        header = LlogHeader.fresh(LlogHeader.MIN_CHUNK_SIZE, TIME, LlogFlags.IS_PLAIN, "test_uuid");
    }

    /** Appends {@code r} at the next index with its bit set. */
    LlogImage add(LlogRecord r) {
        index++;
        header.set(index);
        header.setCount(header.count() + 1);
        return append(r.encode(index));
    }

    /** Appends {@code r} at the next index, its bit clear (cancelled, or a padding record). */
    LlogImage addUnset(LlogRecord r) {
        index++;
        return append(r.encode(index));
    }

    /** Appends raw bytes as they are. */
    LlogImage addRaw(byte[] raw) {
        records.writeBytes(raw);
        return this;
    }

    private LlogImage append(byte[] rec) {
        header.setLastIndex(index);
        records.writeBytes(rec);
        return this;
    }

    /** Sets {@code llh_timestamp}. */
    LlogImage timestamp(long t) {
        header.setTimestamp(t);
        return this;
    }

    /** The file. */
    byte[] bytes() {
        byte[] hdr = new byte[LlogHeader.MIN_CHUNK_SIZE];
        header.write(MemorySegment.ofArray(hdr));
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        all.writeBytes(hdr);
        all.writeBytes(records.toByteArray());
        return all.toByteArray();
    }
}
