package org.jlustre.llog;

import java.lang.foreign.MemorySegment;
import org.jlustre.wire.llog.LlogRecordHeader;

/**
 * One record as processing hands it to a callback: its header fields, its bytes (header,
 * body and tail, valid only during the callback) and where it sits in the log file.
 *
 * @param index {@code lrh_index}
 * @param type {@code lrh_type}
 * @param len {@code lrh_len}
 * @param offset the record's offset in the log object
 * @param bytes the whole record
 */
public record LlogRecordRef(int index, int type, int len, long offset, MemorySegment bytes) {

    /** The record at {@code at} of a buffer read from {@code bufferOffset} of the file. */
    static LlogRecordRef of(MemorySegment buf, int at, long bufferOffset) {
        LlogRecordHeader h = LlogRecordHeader.read(buf, at);
        return new LlogRecordRef(h.index(), h.type(), h.len(), bufferOffset + at, buf.asSlice(at, h.len()));
    }

    /** A copy of the record's bytes. */
    public byte[] toArray() {
        return bytes.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
    }

    /** The body: the bytes between header and tail. */
    public MemorySegment body() {
        return bytes.asSlice(LlogRecordHeader.SIZE, len - LlogRecordHeader.SIZE - LlogRecordHeader.TAIL_SIZE);
    }
}
