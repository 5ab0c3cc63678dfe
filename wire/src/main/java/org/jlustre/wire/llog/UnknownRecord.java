package org.jlustre.wire.llog;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * A record of a type this package has no layout for, kept whole so it can be written back
 * unchanged.
 *
 * @param type {@code lrh_type}
 * @param id {@code lrh_id}
 * @param body the bytes between header and tail, a multiple of 8
 */
public record UnknownRecord(int type, int id, byte[] body) implements LlogRecord {

    /** Copies the body and checks its size. */
    public UnknownRecord {
        if (body.length % 8 != 0) {
            throw new IllegalArgumentException("record body of " + body.length + " bytes is not a multiple of 8");
        }
        body = body.clone();
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    @Override
    public int length() {
        return RecordCodec.OVERHEAD + body.length;
    }

    @Override
    public void writeBody(MemorySegment dst, long offset) {
        RecordCodec.put(dst, offset, body);
    }

    /** Decodes one whole record of any type, keeping its body. */
    public static UnknownRecord decode(MemorySegment rec) {
        LlogRecordHeader h = LlogRecordHeader.read(rec, 0);
        RecordCodec.header(rec, h.type(), "llog record", RecordCodec.OVERHEAD);
        return new UnknownRecord(h.type(), h.id(), RecordCodec.bytes(rec, LlogRecordHeader.SIZE,
                h.len() - RecordCodec.OVERHEAD));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UnknownRecord r && r.type == type && r.id == id && Arrays.equals(r.body, body);
    }

    @Override
    public int hashCode() {
        return (type * 31 + id) * 31 + Arrays.hashCode(body);
    }

    @Override
    public String toString() {
        return "UnknownRecord[type=0x" + Integer.toHexString(type) + ", id=" + id + ", " + body.length + " bytes]";
    }
}
