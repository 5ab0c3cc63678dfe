package org.jlustre.osd.mem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import org.jlustre.common.Fid;
import org.jlustre.common.FileMode;
import org.jlustre.common.Libcfs;
import org.jlustre.common.LustreException;
import org.jlustre.osd.AllocationHint;
import org.jlustre.osd.BufsType;
import org.jlustre.osd.LocalBuffer;
import org.jlustre.osd.LuAttr;
import org.jlustre.osd.ObjectFormat;
import org.jlustre.osd.OsdDevice;
import org.jlustre.osd.OsdObject;
import org.jlustre.osd.Transaction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The page view's layout in memory: a range written and rewritten through WRITE buffers keeps
 * its pages in ascending, adjacent order, so {@code dataSegments} hands a bulk one segment for
 * it (bench ost: copies over descending pages ran at 0.55-0.65x of one copy).
 */
class PageRunTest {

    private static final int PAGE = 4096;
    private static final int PAGES = 64;

    private OsdDevice dev;
    private OsdObject obj;

    @BeforeEach
    void mount() throws LustreException {
        Libcfs libcfs = Libcfs.create();
        libcfs.debug().setConsole(null);
        dev = OsdMem.create(MemOsdConfig.defaults("lustre-OST0000").withLibcfs(libcfs).withPageSize(PAGE));
        obj = dev.find(Fid.idif(1, 0));
        LuAttr attr = new LuAttr().mode(FileMode.S_IFREG | 0644);
        try (Transaction th = dev.transCreate()) {
            obj.declareCreate(attr, AllocationHint.NONE, ObjectFormat.REGULAR, th);
            th.start();
            obj.create(attr, AllocationHint.NONE, ObjectFormat.REGULAR, th);
        }
    }

    @AfterEach
    void unmount() {
        obj.close();
        dev.close();
    }

    /** One write of {@code PAGES} pages at 0 through WRITE buffers, every byte {@code fill}. */
    private void writeAll(byte fill) throws LustreException {
        List<LocalBuffer> lnbs = obj.body().bufsGet(0, PAGES * PAGE, BufsType.WRITE);
        try {
            obj.body().writePrep(lnbs);
            for (MemorySegment s : obj.body().dataSegments(lnbs, PAGES * PAGE)) {
                s.fill(fill);
            }
            try (Transaction th = dev.transCreate()) {
                obj.body().declareWriteCommit(lnbs, th);
                th.start();
                obj.body().writeCommit(lnbs, th, 0);
            }
        } finally {
            obj.body().bufsPut(lnbs);
        }
    }

    /** The READ segments of the whole range, checked to hold {@code fill}. */
    private List<MemorySegment> readAll(byte fill) throws LustreException {
        List<LocalBuffer> lnbs = obj.body().bufsGet(0, PAGES * PAGE, BufsType.READ);
        try {
            obj.body().readPrep(lnbs);
            List<MemorySegment> segs = obj.body().dataSegments(lnbs, PAGES * PAGE);
            long total = 0;
            for (MemorySegment s : segs) {
                assertThat(s.toArray(ValueLayout.JAVA_BYTE)).containsOnly(fill);
                total += s.byteSize();
            }
            assertThat(total).isEqualTo(PAGES * PAGE);
            return segs;
        } finally {
            obj.body().bufsPut(lnbs);
        }
    }

    @Test
    void aRangeRewrittenThroughWriteBuffersStaysOneRun() throws LustreException {
        writeAll((byte) 1);
        assertThat(readAll((byte) 1)).hasSize(1);
        // each rewrite swaps in shadow pages and frees the old ones: they must come back ascending
        // (freed first first, every other rewrite got them descending: 64 segments)
        for (int round = 2; round < 6; round++) {
            writeAll((byte) round);
            assertThat(readAll((byte) round)).as("segments after rewrite %d", round).hasSize(1);
        }
    }

    @Test
    void holesAndPartialRangesAreNotJoined() throws LustreException {
        List<LocalBuffer> lnbs = obj.body().bufsGet(100, 3 * PAGE, BufsType.READ);
        try {
            // a hole reads from the shared zero page: never joined with anything
            List<MemorySegment> segs = obj.body().dataSegments(lnbs, 3 * PAGE);
            assertThat(segs).hasSize(4);
            assertThat(segs).extracting(MemorySegment::byteSize).containsExactly(PAGE - 100L, (long) PAGE, (long) PAGE,
                    100L);
            assertThat(obj.body().dataSegments(lnbs, PAGE)).extracting(MemorySegment::byteSize)
                    .containsExactly(PAGE - 100L, 100L);
            assertThatThrownBy(() -> obj.body().dataSegments(lnbs, 3 * PAGE + 1))
                    .isInstanceOf(IllegalArgumentException.class);
        } finally {
            obj.body().bufsPut(lnbs);
        }
    }

    @Test
    void aJoinedRunCoversOnlyTheBuffersBytes() throws LustreException {
        writeAll((byte) 3);
        List<LocalBuffer> lnbs = obj.body().bufsGet(PAGE + 10, 2 * PAGE, BufsType.READ);
        try {
            List<MemorySegment> segs = obj.body().dataSegments(lnbs, 2 * PAGE - 5);
            assertThat(segs).hasSize(1);
            assertThat(segs.getFirst().byteSize()).isEqualTo(2 * PAGE - 5);
            assertThat(segs.getFirst().address()).isEqualTo(lnbs.getFirst().page().address() + 10);
        } finally {
            obj.body().bufsPut(lnbs);
        }
    }
}
