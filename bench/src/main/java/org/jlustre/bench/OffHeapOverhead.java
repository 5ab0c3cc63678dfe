package org.jlustre.bench;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.jlustre.common.LustreException;
import org.jlustre.osd.OsdObject;
import org.jlustre.osd.Transaction;

/**
 * Off-heap bytes per data byte on osd-mem: {@value #FILES} files of {@value #FILE_BYTES} bytes
 * each written through {@code Body.write}, then the device's
 * {@code pages_allocated * page_size} divided by the bytes written. Whole pages hold partial
 * file tails, so small files cost more than their size.
 */
final class OffHeapOverhead {

    static final int FILES = 1_000;
    static final int FILE_BYTES = 10_000;

    private OffHeapOverhead() {
    }

    /** The overhead ratio (1.0 would be no overhead at all). */
    static double osdMem() throws LustreException {
        try (OsdFixture osd = OsdFixture.mount("bench-offheap"); Arena arena = Arena.ofConfined()) {
            MemorySegment data = arena.allocate(FILE_BYTES).fill((byte) 'd');
            OsdFixture.Directory dir = osd.mkdir("d");
            for (int i = 0; i < FILES; i++) {
                try (OsdObject file = osd.device().find(osd.createFile(dir, "f" + i));
                        Transaction th = osd.device().transCreate()) {
                    file.body().declareWrite(0, FILE_BYTES, th);
                    th.start();
                    file.body().write(0, data, th);
                }
            }
            dir.object().close();
            long offHeap = osd.param("pages_allocated") * osd.param("page_size");
            return offHeap / ((double) FILES * FILE_BYTES);
        }
    }
}
