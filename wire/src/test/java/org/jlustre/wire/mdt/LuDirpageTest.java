package org.jlustre.wire.mdt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import org.jlustre.common.Errno;
import org.jlustre.common.Fid;
import org.jlustre.common.LustreException;
import org.jlustre.wire.Le;
import org.jlustre.wire.LuDirent;
import org.junit.jupiter.api.Test;

/**
 * Readdir pages against wiretest.c ({@code check_lu_dirpage}, LDF_*, LU_PAGE_SIZE,
 * MDS_DIR_END_OFF) and the page building of {@code mdd_dir_page_build} / {@code dt_index_walk}:
 * hash_end is the hash of the entry that did not fit, LDF_COLLIDE, reclen 0 on the last entry,
 * {@code .lustre} hidden, and a reader resuming at every page's hash_end (as {@code ll_dir_read})
 * sees each entry once.
 */
class LuDirpageTest {

    private static final int ATTRS = LuDirent.LUDA_FID | LuDirent.LUDA_TYPE | LuDirent.LUDA_64BITHASH;

    @Test
    void layoutIsWiretests() {
        assertThat(LuDirpage.HEADER_SIZE).isEqualTo(24);
        assertThat(LuDirpage.OFF_HASH_START).isEqualTo(0);
        assertThat(LuDirpage.OFF_HASH_END).isEqualTo(8);
        assertThat(LuDirpage.OFF_FLAGS).isEqualTo(16);
        assertThat(LuDirpage.OFF_PAD0).isEqualTo(20);
        assertThat(LuDirpage.OFF_ENTRIES).isEqualTo(24);
        assertThat(LuDirpage.LDF_EMPTY).isEqualTo(1);
        assertThat(LuDirpage.LDF_COLLIDE).isEqualTo(2);
        assertThat(LuDirpage.LU_PAGE_SIZE).isEqualTo(4096);
        assertThat(LuDirpage.LU_PAGE_SHIFT).isEqualTo(12);
        assertThat(LuDirpage.MDS_DIR_END_OFF).isEqualTo(0xfffffffffffffffeL);
    }

    /** {@code n} entries with hashes 10, 20, 30 ... (or colliding in pairs), names "entry-N". */
    private static List<LuDirpage.Entry> directory(int n, boolean pairs) {
        List<LuDirpage.Entry> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long hash = pairs ? (i / 2 + 1) * 10L : (i + 1) * 10L;
            out.add(LuDirpage.Entry.of(Fid.of(0x200000401L, i + 1, 0), hash,
                    ("entry-" + i).getBytes(StandardCharsets.UTF_8), 0100000));
        }
        return out;
    }

    /** The entries from the first whose hash is at least {@code hash}, as an OSD iterator loads. */
    private static Iterator<LuDirpage.Entry> from(List<LuDirpage.Entry> dir, long hash) {
        return dir.stream().filter(e -> Long.compareUnsigned(e.hash(), hash) >= 0).iterator();
    }

    /** Reads the whole directory as ll_dir_read does, {@code bytes} per request. */
    private static List<LuDirpage.Entry> readAll(List<LuDirpage.Entry> dir, int bytes, List<Long> cookies)
            throws LustreException {
        List<LuDirpage.Entry> seen = new ArrayList<>();
        long pos = 0;
        MemorySegment buf = MemorySegment.ofArray(new byte[bytes]);
        for (int rpc = 0; rpc < 10_000; rpc++) {
            int filled = LuDirpage.build(buf, bytes, pos, ATTRS, from(dir, pos));
            long next = pos;
            for (int at = 0; at < filled; at += LuDirpage.LU_PAGE_SIZE) {
                LuDirpage.Page p = LuDirpage.parse(buf, at);
                for (LuDirpage.Entry e : p.entries()) {
                    if (Long.compareUnsigned(e.hash(), pos) >= 0) {
                        seen.add(e);
                    }
                }
                next = p.hashEnd();
                cookies.add(next);
                if (p.last()) {
                    return seen;
                }
            }
            pos = next;
        }
        throw new AssertionError("readdir did not end");
    }

    @Test
    void everyEntryOnceAcrossPagesAndRequests() throws LustreException {
        List<LuDirpage.Entry> dir = directory(2000, false);
        for (int bytes : new int[] {4096, 3 * 4096, 4096 * 16}) {
            List<Long> cookies = new ArrayList<>();
            List<LuDirpage.Entry> seen = readAll(dir, bytes, cookies);
            assertThat(seen).hasSize(2000);
            assertThat(seen.stream().map(e -> new String(e.name(), StandardCharsets.UTF_8)).distinct().count())
                    .isEqualTo(2000);
            assertThat(seen.get(0).attrs()).isEqualTo(ATTRS);
            assertThat(seen.get(0).type()).isEqualTo(0100000);
            // resuming from any page's cookie lists exactly the rest
            for (long cookie : cookies.subList(0, cookies.size() - 1)) {
                List<LuDirpage.Entry> rest = new ArrayList<>();
                from(dir, cookie).forEachRemaining(rest::add);
                MemorySegment one = MemorySegment.ofArray(new byte[4096]);
                LuDirpage.build(one, 4096, cookie, ATTRS, from(dir, cookie));
                LuDirpage.Page p = LuDirpage.parse(one, 0);
                assertThat(p.hashStart()).isEqualTo(cookie);
                assertThat(p.entries().get(0).fid()).isEqualTo(rest.get(0).fid());
                assertThat(p.entries().get(0).name()).isEqualTo(rest.get(0).name());
            }
        }
    }

    @Test
    void pageEndsAtTheHashOfTheEntryThatDidNotFit() throws LustreException {
        List<LuDirpage.Entry> dir = directory(300, false);
        MemorySegment buf = MemorySegment.ofArray(new byte[4096]);
        assertThat(LuDirpage.build(buf, 4096, 0, ATTRS, from(dir, 0))).isEqualTo(4096);
        LuDirpage.Page p = LuDirpage.parse(buf, 0);
        // "entry-N" with a type: round8(round2(32 + 7 + 1) + 2) = 48 bytes (N < 10), 48 for 10..99 too
        int n = p.entries().size();
        assertThat(p.hashStart()).isZero();
        assertThat(p.hashEnd()).isEqualTo(dir.get(n).hash());
        assertThat(p.flags()).isZero();
        // the last record of the page has reclen 0, the others their length
        long lastAt = 24;
        for (int i = 0; i < n - 1; i++) {
            lastAt += Short.toUnsignedInt(buf.get(Le.U16, lastAt + 24));
        }
        assertThat(buf.get(Le.U16, lastAt + 24)).isZero();
        assertThat(buf.get(Le.U64, lastAt + 16)).isEqualTo(dir.get(n - 1).hash());
    }

    @Test
    void collisionAcrossThePageBoundaryIsFlagged() throws LustreException {
        List<LuDirpage.Entry> dir = directory(400, true);
        MemorySegment buf = MemorySegment.ofArray(new byte[4096]);
        LuDirpage.build(buf, 4096, 0, ATTRS, from(dir, 0));
        LuDirpage.Page p = LuDirpage.parse(buf, 0);
        int n = p.entries().size();
        boolean splitPair = dir.get(n).hash() == dir.get(n - 1).hash();
        assertThat((p.flags() & LuDirpage.LDF_COLLIDE) != 0).isEqualTo(splitPair);
        // and a reader still sees every entry once: the next request starts at the shared hash
        List<LuDirpage.Entry> seen = readAll(dir, 4096, new ArrayList<>());
        assertThat(seen).hasSize(400 + countSplitPairs(dir));
    }

    /** Entries a reader sees twice: those whose hash twin ended the previous page (Lustre's client dedups by name). */
    private static int countSplitPairs(List<LuDirpage.Entry> dir) throws LustreException {
        int twice = 0;
        long pos = 0;
        MemorySegment buf = MemorySegment.ofArray(new byte[4096]);
        while (true) {
            LuDirpage.build(buf, 4096, pos, ATTRS, from(dir, pos));
            LuDirpage.Page p = LuDirpage.parse(buf, 0);
            if (p.last()) {
                return twice;
            }
            if ((p.flags() & LuDirpage.LDF_COLLIDE) != 0) {
                twice++;
            }
            pos = p.hashEnd();
        }
    }

    @Test
    void lastPageEndsTheDirectoryAndFlagsCollideAsMddDoes() throws LustreException {
        List<LuDirpage.Entry> dir = directory(3, false);
        MemorySegment buf = MemorySegment.ofArray(new byte[8192]);
        // one page only: the directory fits
        assertThat(LuDirpage.build(buf, 8192, 0, ATTRS, from(dir, 0))).isEqualTo(4096);
        LuDirpage.Page p = LuDirpage.parse(buf, 0);
        assertThat(p.entries()).containsExactlyElementsOf(dir.stream()
                .map(e -> new LuDirpage.Entry(e.fid(), e.hash(), e.name(), ATTRS, e.type())).toList());
        assertThat(p.hashEnd()).isEqualTo(LuDirpage.MDS_DIR_END_OFF);
        // mdd_dir_page_build compares the last entry with the last hash seen before writing the end mark
        assertThat(p.flags()).isEqualTo(LuDirpage.LDF_COLLIDE);
    }

    @Test
    void emptyOrExhaustedDirectoryIsOneEmptyPage() throws LustreException {
        MemorySegment buf = MemorySegment.ofArray(new byte[8192]);
        assertThat(LuDirpage.build(buf, 8192, 77, ATTRS, List.<LuDirpage.Entry>of().iterator())).isEqualTo(4096);
        LuDirpage.Page p = LuDirpage.parse(buf, 0);
        assertThat(p.hashStart()).isEqualTo(77);
        assertThat(p.hashEnd()).isEqualTo(LuDirpage.MDS_DIR_END_OFF);
        assertThat(p.flags()).isEqualTo(LuDirpage.LDF_EMPTY);
        assertThat(p.entries()).isEmpty();
    }

    @Test
    void dotLustreIsHiddenButItsHashStillCounts() throws LustreException {
        List<LuDirpage.Entry> dir = List.of(
                LuDirpage.Entry.of(Fid.ROOT, 1, ".".getBytes(StandardCharsets.UTF_8), 040000),
                LuDirpage.Entry.of(Fid.DOT_LUSTRE, 2, ".lustre".getBytes(StandardCharsets.UTF_8), 040000),
                LuDirpage.Entry.of(Fid.of(0x200000401L, 1, 0), 3, "f".getBytes(StandardCharsets.UTF_8), 0100000));
        MemorySegment buf = MemorySegment.ofArray(new byte[4096]);
        LuDirpage.build(buf, 4096, 0, ATTRS, dir.iterator());
        LuDirpage.Page p = LuDirpage.parse(buf, 0);
        assertThat(p.entries()).extracting(e -> new String(e.name(), StandardCharsets.UTF_8)).containsExactly(".", "f");
    }

    @Test
    void randomNameLengthsNeverOverrunAPage() throws LustreException {
        long seed = System.nanoTime();
        Random rnd = new Random(seed);
        List<LuDirpage.Entry> dir = new ArrayList<>();
        long hash = 0;
        for (int i = 0; i < 3000; i++) {
            hash += 1 + rnd.nextInt(3) / 2;
            byte[] name = new byte[1 + rnd.nextInt(255)];
            for (int j = 0; j < name.length; j++) {
                name[j] = (byte) (1 + rnd.nextInt(255));
                if (name[j] == '/') {
                    name[j] = 'x';
                }
            }
            dir.add(LuDirpage.Entry.of(Fid.of(0x200000401L, i + 1, 0), hash, name, 0100000));
        }
        List<LuDirpage.Entry> seen = readAll(dir, 4096 * 4, new ArrayList<>());
        assertThat(seen.size()).as("seed %d", seed).isGreaterThanOrEqualTo(3000);
        assertThat(seen.stream().map(LuDirpage.Entry::fid).distinct().count()).as("seed %d", seed).isEqualTo(3000);
    }

    @Test
    void garbledPagesAreEproto() {
        MemorySegment buf = MemorySegment.ofArray(new byte[4096]);
        // a record whose name runs past the page
        buf.set(Le.U16, 24 + 24, (short) 48);
        buf.set(Le.U16, 24 + 26, (short) 5000);
        assertThatThrownBy(() -> LuDirpage.parse(buf, 0))
                .isInstanceOfSatisfying(LustreException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EPROTO))
                .hasMessageContaining("5000");
        // reclens that never reach 0 walk off the page
        MemorySegment loop = MemorySegment.ofArray(new byte[4096]);
        for (int at = 24; at + 32 <= 4096; at += 48) {
            loop.set(Le.U16, at + 24, (short) 48);
            loop.set(Le.U16, at + 26, (short) 1);
        }
        assertThatThrownBy(() -> LuDirpage.parse(loop, 0))
                .isInstanceOfSatisfying(LustreException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EPROTO))
                .hasMessageContaining("past the page");
        assertThatThrownBy(() -> LuDirpage.parse(MemorySegment.ofArray(new byte[10]), 0))
                .isInstanceOf(LustreException.class);
        assertThatThrownBy(() -> LuDirpage.build(buf, 16, 0, ATTRS, List.<LuDirpage.Entry>of().iterator()))
                .isInstanceOfSatisfying(LustreException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EINVAL));
    }
}
