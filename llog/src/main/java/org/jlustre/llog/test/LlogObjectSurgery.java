package org.jlustre.llog.test;

import java.lang.foreign.MemorySegment;
import org.jlustre.common.LustreException;
import org.jlustre.osd.LuAttr;
import org.jlustre.osd.Osd;
import org.jlustre.osd.OsdObject;
import org.jlustre.osd.Transaction;

/**
 * Damage done to an llog object behind the llog layer's back, through the OSD alone, each in
 * one local transaction: what llog_test.c's {@code llog_fill_bytes} and test 12's truncation do,
 * and what the damage tests build on.
 */
public final class LlogObjectSurgery {

    private LlogObjectSurgery() {
    }

    /** Overwrites the object's bytes from {@code offset} with {@code bytes}. */
    public static void overwrite(OsdObject o, long offset, MemorySegment bytes) throws LustreException {
        try (Transaction th = o.device().transCreate()) {
            o.body().declareWrite(offset, bytes.byteSize(), th);
            th.startLocal();
            o.body().writeRecord(offset, bytes, th);
        }
    }

    /** Cuts the object to {@code newSize} bytes: a punch to EOF and the size set, as test 12 does. */
    public static void truncate(OsdObject o, long newSize) throws LustreException {
        LuAttr attr = new LuAttr().size(newSize);
        try (Transaction th = o.device().transCreate()) {
            o.body().declarePunch(newSize, Osd.OBJECT_EOF, th);
            o.declareAttrSet(attr, th);
            th.startLocal();
            o.body().punch(newSize, Osd.OBJECT_EOF, th);
            o.attrSet(attr, th);
        }
    }
}
