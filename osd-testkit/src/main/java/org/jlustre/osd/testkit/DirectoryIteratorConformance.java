package org.jlustre.osd.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jlustre.osd.testkit.KitAssertions.assertErrno;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.jlustre.common.Errno;
import org.jlustre.common.Fid;
import org.jlustre.common.FileMode;
import org.jlustre.osd.DirEntry;
import org.jlustre.osd.DirectoryIndex;
import org.jlustre.osd.DirectoryIterator;
import org.jlustre.osd.OsdObject;
import org.jlustre.wire.LuDirent;
import org.junit.jupiter.api.Test;

/**
 * Directory iteration ({@link DirectoryIterator}; reference 2.6) as Lustre's callers drive it:
 * {@code mdd_dir_is_empty}, {@code dt_index_walk} / {@code mdd_dir_page_build} (readdir pages
 * of packed {@code lu_dirent}s resumed by cookie), and a randomised model check.
 */
public abstract class DirectoryIteratorConformance extends OsdTestCase {

    /** {@code MDS_DIR_END_OFF}: the readdir end-of-directory cookie. */
    private static final long MDS_DIR_END_OFF = 0xfffffffffffffffeL;
    private static final int ATTRS = LuDirent.LUDA_64BITHASH;
    private static final int ATTRS_TYPE = LuDirent.LUDA_64BITHASH | LuDirent.LUDA_TYPE;
    private static final ValueLayout.OfShort LE_U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    /** One entry of a listing with its cookie. */
    private record Seen(String name, long cookie, DirEntry entry) {
    }

    /** The whole listing from get(""), with cookies. */
    private static List<Seen> listing(DirectoryIndex d) throws Exception {
        List<Seen> out = new ArrayList<>();
        try (DirectoryIterator it = d.iterator(ATTRS)) {
            assertThat(it.get("")).isPositive();
            while (it.next() == 0) {
                out.add(new Seen(it.key(), it.store(), it.entry()));
            }
        }
        return out;
    }

    /** {@code mdd_dir_is_empty}: get("") > 0, then up to three next(); empty iff the third returns 1. */
    private static boolean mddDirIsEmpty(DirectoryIndex d) throws Exception {
        try (DirectoryIterator it = d.iterator(LuDirent.LUDA_64BITHASH)) {
            assertThat(it.get("")).as("get(\"\")").isPositive();
            assertThat(it.next()).as("next to '.'").isZero();
            assertThat(it.key()).isEqualTo(".");
            assertThat(it.next()).as("next to '..'").isZero();
            assertThat(it.key()).isEqualTo("..");
            int third = it.next();
            assertThat(third).as("third next").isIn(0, 1);
            return third == 1;
        }
    }

    private OsdObject dirWith(String... names) throws Exception {
        OsdObject o = createDir();
        TxBatch batch = tx();
        for (String name : names) {
            batch.insert(dir(o), name, newFid(), FileMode.S_IFREG);
        }
        batch.run();
        return o;
    }

    // ---- mdd_dir_is_empty ----

    /** An empty directory is empty to {@code mdd_dir_is_empty}: ".", "..", then the end. */
    @Test
    void emptyDirectoryIsEmptyToMdd() throws Exception {
        assertThat(mddDirIsEmpty(dir(createDir()))).isTrue();
        assertThat(mddDirIsEmpty(dir(find(device.rootFid())))).isTrue();
    }

    /** One entry makes the third next() land on it. */
    @Test
    void directoryWithAnEntryIsNotEmptyToMdd() throws Exception {
        assertThat(mddDirIsEmpty(dir(dirWith("only")))).isFalse();
    }

    /** After its last entry is deleted the directory is empty again; inserted dots do not count. */
    @Test
    void directoryIsEmptyAgainAfterDeletes() throws Exception {
        OsdObject o = dirWith("a", "b");
        DirectoryIndex d = dir(o);
        tx().delete(d, "a").delete(d, "b").insert(d, ".", o.fid(), FileMode.S_IFDIR)
                .insert(d, "..", o.fid(), FileMode.S_IFDIR).run();
        assertThat(mddDirIsEmpty(d)).isTrue();
    }

    // ---- order and cookies ----

    /** "Iteration returns '.', then '..', then the other entries in insertion order". */
    @Test
    void iterationIsDotsThenInsertionOrder() throws Exception {
        DirectoryIndex d = dir(dirWith("zeta", "alpha", "mid", "Beta", "0"));
        assertThat(names(d)).containsExactly(".", "..", "zeta", "alpha", "mid", "Beta", "0");
    }

    /** "Cookies: 1 for '.', 2 for '..'", then growing in iteration order. */
    @Test
    void cookiesAreOneTwoThenGrowing() throws Exception {
        List<Seen> all = listing(dir(dirWith("c", "a", "b", "d")));
        assertThat(all.get(0).cookie()).isEqualTo(1);
        assertThat(all.get(1).cookie()).isEqualTo(2);
        for (int i = 1; i < all.size(); i++) {
            assertThat(Long.compareUnsigned(all.get(i).cookie(), all.get(i - 1).cookie())).as("cookie %d > %d",
                    all.get(i).cookie(), all.get(i - 1).cookie()).isPositive();
        }
    }

    /** "a per-directory counter that only grows": a deleted entry's cookie is never given again. */
    @Test
    void cookiesAreNeverReused() throws Exception {
        DirectoryIndex d = dir(dirWith("a", "b"));
        long b = cookieOf(d, "b");
        tx().delete(d, "b").insert(d, "c", newFid(), FileMode.S_IFREG).run();
        long c = cookieOf(d, "c");
        assertThat(Long.compareUnsigned(c, b)).isPositive();
        tx().insert(d, "b", newFid(), FileMode.S_IFREG).run();
        assertThat(Long.compareUnsigned(cookieOf(d, "b"), c)).isPositive();
        assertThat(names(d)).containsExactly(".", "..", "a", "c", "b");
    }

    private static long cookieOf(DirectoryIndex d, String name) throws Exception {
        try (DirectoryIterator it = d.iterator(ATTRS)) {
            assertThat(it.get(name)).isZero();
            return it.store();
        }
    }

    /** load(store()) from a fresh iterator "returns 1" and is on the same entry, for every entry. */
    @Test
    void loadOfAStoredCookieReturnsToTheEntry() throws Exception {
        DirectoryIndex d = dir(dirWith("x", "y", "z"));
        for (Seen s : listing(d)) {
            try (DirectoryIterator it = d.iterator(ATTRS)) {
                assertThat(it.load(s.cookie())).as("load(%d)", s.cookie()).isEqualTo(1);
                assertThat(it.key()).isEqualTo(s.name());
                assertThat(it.store()).isEqualTo(s.cookie());
                assertThat(it.entry()).isEqualTo(s.entry());
            }
        }
    }

    /** load(1) is on ".", load(2) on "..". */
    @Test
    void loadOfTheDotCookies() throws Exception {
        DirectoryIndex d = dir(dirWith("f"));
        try (DirectoryIterator it = d.iterator(ATTRS)) {
            assertThat(it.load(1)).isEqualTo(1);
            assertThat(it.key()).isEqualTo(".");
            assertThat(it.load(2)).isEqualTo(1);
            assertThat(it.key()).isEqualTo("..");
            assertThat(it.next()).isZero();
            assertThat(it.key()).isEqualTo("f");
        }
    }

    /** load: "0 when no record is left (the caller calls next(), which returns 1)". */
    @Test
    void loadPastTheEndReturnsZero() throws Exception {
        DirectoryIndex d = dir(dirWith("a", "b"));
        List<Seen> all = listing(d);
        long last = all.get(all.size() - 1).cookie();
        try (DirectoryIterator it = d.iterator(ATTRS)) {
            assertThat(it.load(last + 1)).isZero();
            assertThat(it.next()).isEqualTo(1);
        }
        try (DirectoryIterator it = dir(createDir()).iterator(ATTRS)) {
            assertThat(it.load(3)).as("empty directory past '..'").isZero();
            assertThat(it.next()).isEqualTo(1);
        }
    }

    /** Cookies are unsigned: readdir's end marker MDS_DIR_END_OFF is past every entry. */
    @Test
    void loadOfTheEndMarkerReturnsZero() throws Exception {
        try (DirectoryIterator it = dir(dirWith("a")).iterator(ATTRS)) {
            assertThat(it.load(MDS_DIR_END_OFF)).isZero();
            assertThat(it.next()).isEqualTo(1);
        }
    }

    /** {@code dt_index_walk}: load(0) returns 1 on ".", then key_size/store/rec/next to the end. */
    @Test
    void indexWalkFromCookieZero() throws Exception {
        OsdObject o = dirWith("one", "two");
        List<String> walked = new ArrayList<>();
        try (DirectoryIterator it = dir(o).iterator(ATTRS)) {
            assertThat(it.load(0)).isEqualTo(1);
            assertThat(it.key()).isEqualTo(".");
            MemorySegment page = MemorySegment.ofArray(new byte[4096]);
            do {
                assertThat(it.keySize()).isPositive();
                it.rec(page, 0, ATTRS);
                walked.add(LuDirent.read(page, 0).name());
            } while (it.next() == 0);
        }
        assertThat(walked).containsExactly(".", "..", "one", "two");
    }

    /** get("") "returns 1"; next() at the end keeps answering 1. */
    @Test
    void nextAtTheEndKeepsReturningOne() throws Exception {
        try (DirectoryIterator it = dir(createDir()).iterator(ATTRS)) {
            assertThat(it.get("")).as("get(\"\") positions before '.' and returns 1").isEqualTo(1);
            assertThat(it.next()).isZero();
            assertThat(it.next()).isZero();
            assertThat(it.next()).isEqualTo(1);
            assertThat(it.next()).isEqualTo(1);
        }
    }

    // ---- names are bytes ----

    /**
     * Names that are not UTF-8 come back with their exact bytes from keyBytes, keySize, entry,
     * and the {@code lu_dirent} rec packs; get(byte[]) and load(store()) find them.
     */
    @Test
    void byteNamesAreListedAndPackedExactly() throws Exception {
        List<byte[]> names = List.of(bytes(0xff, 0xfe), bytes('a', 0x80), bytes('a', 0x81), bytes(0xc3), bytes('b'));
        OsdObject o = createDir();
        DirectoryIndex d = dir(o);
        TxBatch batch = tx();
        for (byte[] name : names) {
            batch.insert(d, name, newFid(), FileMode.S_IFREG);
        }
        batch.run();
        List<Long> cookies = new ArrayList<>();
        MemorySegment page = MemorySegment.ofArray(new byte[4096]);
        try (DirectoryIterator it = d.iterator(ATTRS_TYPE)) {
            assertThat(it.get(new byte[0])).as("get of an empty name").isEqualTo(1);
            assertThat(it.next()).isZero();
            assertThat(it.keyBytes()).isEqualTo(bytes('.'));
            assertThat(it.next()).isZero();
            assertThat(it.keyBytes()).isEqualTo(bytes('.', '.'));
            for (byte[] name : names) {
                assertThat(it.next()).isZero();
                String shown = DirEntry.display(name);
                assertThat(it.keyBytes()).as(shown).isEqualTo(name);
                assertThat(it.keySize()).as(shown).isEqualTo(name.length);
                assertThat(it.entry().nameBytes()).as(shown).isEqualTo(name);
                int size = it.recSize(ATTRS_TYPE);
                it.rec(page, 0, ATTRS_TYPE);
                LuDirent ent = LuDirent.read(page, 0);
                assertThat(size).isEqualTo(LuDirent.calcSize(name.length, ATTRS_TYPE));
                assertThat(Short.toUnsignedInt(page.get(LE_U16, LuDirent.OFF_NAMELEN)))
                        .as("lde_namelen of %s", shown).isEqualTo(name.length);
                assertThat(page.asSlice(LuDirent.OFF_NAME, name.length).toArray(ValueLayout.JAVA_BYTE)).as(shown)
                        .isEqualTo(name);
                assertThat(ent.fid()).isEqualTo(it.entry().fid());
                assertThat(ent.type()).isEqualTo(FileMode.S_IFREG);
                cookies.add(it.store());
            }
            assertThat(it.next()).isEqualTo(1);
        }
        for (int i = 0; i < names.size(); i++) {
            try (DirectoryIterator it = d.iterator(ATTRS)) {
                assertThat(it.get(names.get(i))).isZero();
                assertThat(it.store()).isEqualTo(cookies.get(i));
                assertThat(it.load(cookies.get(i))).isEqualTo(1);
                assertThat(it.keyBytes()).isEqualTo(names.get(i));
            }
        }
        try (DirectoryIterator it = d.iterator(ATTRS)) {
            assertErrno(Errno.ENOENT, () -> it.get(bytes('a', 0x82)));
        }
    }

    // ---- get, key, entry ----

    /** get: "existing names position on that entry and return 0"; next() continues in order. */
    @Test
    void getOfAnExistingNamePositionsOnIt() throws Exception {
        DirectoryIndex d = dir(dirWith("a", "b", "c"));
        try (DirectoryIterator it = d.iterator(ATTRS)) {
            assertThat(it.get("b")).isZero();
            assertThat(it.key()).isEqualTo("b");
            assertThat(it.next()).isZero();
            assertThat(it.key()).isEqualTo("c");
            assertThat(it.next()).isEqualTo(1);
        }
    }

    /** get: '.' and '..' "position on that entry and return 0". */
    @Test
    void getOfTheDots() throws Exception {
        DirectoryIndex d = dir(dirWith("a"));
        try (DirectoryIterator it = d.iterator(ATTRS)) {
            assertThat(it.get(".")).isZero();
            assertThat(it.key()).isEqualTo(".");
            assertThat(it.next()).isZero();
            assertThat(it.key()).isEqualTo("..");
            assertThat(it.get("..")).isZero();
            assertThat(it.key()).isEqualTo("..");
            assertThat(it.next()).isZero();
            assertThat(it.key()).isEqualTo("a");
        }
    }

    /** get: "a name that does not exist fails with ENOENT". */
    @Test
    void getOfAMissingNameFailsWithEnoent() throws Exception {
        try (DirectoryIterator it = dir(dirWith("a")).iterator(ATTRS)) {
            assertErrno(Errno.ENOENT, () -> it.get("b"));
        }
    }

    /** key() is the name; keySize() its length in UTF-8 bytes. */
    @Test
    void keyAndKeySize() throws Exception {
        String name = "Ünïcødé-名前";
        DirectoryIndex d = dir(dirWith(name));
        try (DirectoryIterator it = d.iterator(ATTRS)) {
            assertThat(it.get(name)).isZero();
            assertThat(it.key()).isEqualTo(name);
            assertThat(it.keySize()).isEqualTo(utf8(name).length);
            assertThat(it.get(".")).isZero();
            assertThat(it.keySize()).isPositive();
        }
    }

    /** "key() and the record accessors are valid only on a record; elsewhere ... IllegalStateException". */
    @Test
    void accessorsOffARecordThrowIllegalState() throws Exception {
        try (DirectoryIterator it = dir(createDir()).iterator(ATTRS)) {
            it.get("");
            assertThatThrownBy(it::key).as("key before '.'").isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(it::entry).as("entry before '.'").isInstanceOf(IllegalStateException.class);
            while (it.next() == 0) {
                it.key();
            }
            assertThatThrownBy(it::key).as("key at the end").isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(it::entry).as("entry at the end").isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> it.rec(MemorySegment.ofArray(new byte[256]), 0, ATTRS))
                    .as("rec at the end").isInstanceOf(IllegalStateException.class);
        }
    }

    /** entry() agrees with lookup for every entry, dots included. */
    @Test
    void entriesAgreeWithLookup() throws Exception {
        OsdObject parent = createDir();
        OsdObject o = createDir(parent.fid());
        DirectoryIndex d = dir(o);
        tx().insert(d, "sub", newFid(), FileMode.S_IFDIR).insert(d, "file", newFid(), FileMode.S_IFREG).run();
        for (DirEntry e : list(d)) {
            assertThat(d.lookup(e.name())).as(e.name()).contains(e);
        }
        assertThat(list(d).get(0).fid()).isEqualTo(o.fid());
        assertThat(list(d).get(1).fid()).isEqualTo(parent.fid());
    }

    /** The LUDA_* attrs an iterator is opened with do not change what it lists. */
    @Test
    void openingAttrsDoNotChangeTheListing() throws Exception {
        DirectoryIndex d = dir(dirWith("p", "q"));
        List<String> plain = names(d);
        List<String> typed = new ArrayList<>();
        try (DirectoryIterator it = d.iterator(ATTRS_TYPE | LuDirent.LUDA_FID)) {
            it.get("");
            while (it.next() == 0) {
                typed.add(it.key());
            }
        }
        assertThat(typed).isEqualTo(plain);
    }

    /** Two iterators over one directory move independently. */
    @Test
    void iteratorsAreIndependent() throws Exception {
        DirectoryIndex d = dir(dirWith("a", "b"));
        try (DirectoryIterator one = d.iterator(ATTRS); DirectoryIterator two = d.iterator(ATTRS)) {
            one.get("");
            two.get("b");
            one.next();
            assertThat(one.key()).isEqualTo(".");
            assertThat(two.key()).isEqualTo("b");
            assertThat(two.next()).isEqualTo(1);
            assertThat(one.next()).isZero();
            assertThat(one.key()).isEqualTo("..");
        }
    }

    /** "ENOENT once the object is destroyed". */
    @Test
    void iteratorOfADestroyedDirectoryFailsWithEnoent() throws Exception {
        OsdObject o = dirWith("a", "b");
        try (DirectoryIterator it = dir(o).iterator(ATTRS)) {
            it.get("");
            tx().destroy(o).run();
            assertErrno(Errno.ENOENT, it::next);
        }
    }

    // ---- lu_dirent records ----

    /** rec packs a {@code lu_dirent} that LuDirent.read decodes: fid, hash = cookie, name, LUDA_FID. */
    @Test
    void recPacksALuDirent() throws Exception {
        assertRecords(ATTRS);
    }

    /** With LUDA_TYPE the record carries the S_IFMT bits ({@code osd_it_append_attrs}). */
    @Test
    void recWithTypeCarriesTheModeBits() throws Exception {
        assertRecords(ATTRS_TYPE);
    }

    private void assertRecords(int attrs) throws Exception {
        OsdObject o = createDir();
        DirectoryIndex d = dir(o);
        tx().insert(d, "dir", newFid(), FileMode.S_IFDIR).insert(d, "file", newFid(), FileMode.S_IFREG)
                .insert(d, "odd", newFid(), FileMode.S_IFLNK).insert(d, "é", newFid(), 0).run();
        try (DirectoryIterator it = d.iterator(attrs)) {
            it.get("");
            while (it.next() == 0) {
                DirEntry e = it.entry();
                MemorySegment buf = MemorySegment.ofArray(new byte[512]);
                int size = it.recSize(attrs);
                int written = it.rec(buf, 8, attrs);
                LuDirent rec = LuDirent.read(buf, 8);
                String what = e.name();
                assertThat(size).as(what).isEqualTo(LuDirent.calcSize(utf8(e.name()).length, attrs));
                assertThat(written).as(what).isEqualTo(size);
                assertThat(rec.reclen()).as(what).isEqualTo(size);
                assertThat(rec.name()).as(what).isEqualTo(e.name());
                assertThat(rec.fid()).as(what).isEqualTo(e.fid());
                assertThat(rec.hash()).as(what).isEqualTo(it.store());
                assertThat(rec.attrs() & LuDirent.LUDA_FID).as(what).isNotZero();
                boolean typed = (attrs & LuDirent.LUDA_TYPE) != 0;
                assertThat((rec.attrs() & LuDirent.LUDA_TYPE) != 0).as(what).isEqualTo(typed);
                if (typed) {
                    int expected = e.name().startsWith(".") ? FileMode.S_IFDIR : e.type();
                    assertThat(rec.type()).as(what).isEqualTo(expected);
                }
            }
        }
        assertThat(LuDirent.calcSize(1, ATTRS)).isEqualTo(40);
    }

    /** {@code mdd_dir_page_build}: records packed one after another fill a 4 KiB page in order. */
    @Test
    void recordsPackIntoAPage() throws Exception {
        DirectoryIndex d = dir(dirWith("first", "second", "third-with-a-longer-name"));
        MemorySegment page = MemorySegment.ofArray(new byte[4096]);
        List<Long> cookies = new ArrayList<>();
        long off = 24; // after the lu_dirpage header
        try (DirectoryIterator it = d.iterator(ATTRS_TYPE)) {
            assertThat(it.load(0)).isEqualTo(1);
            do {
                cookies.add(it.store());
                off += it.rec(page, off, ATTRS_TYPE);
            } while (it.next() == 0);
        }
        List<String> decoded = new ArrayList<>();
        for (long at = 24; at < off;) {
            LuDirent e = LuDirent.read(page, at);
            assertThat(e.hash()).isEqualTo(cookies.get(decoded.size()));
            decoded.add(e.name());
            at += e.reclen();
        }
        assertThat(decoded).containsExactly(".", "..", "first", "second", "third-with-a-longer-name");
    }

    // ---- resumed listings ----

    /** Resume from a cookie after inserts and deletes (also of the entry at the cookie): nothing skipped or repeated. */
    @Test
    void resumedListingSurvivesChanges() throws Exception {
        OsdObject o = createDir();
        DirectoryIndex d = dir(o);
        TxBatch batch = tx();
        for (int i = 0; i < 20; i++) {
            batch.insert(d, String.format("e%02d", i), newFid(), FileMode.S_IFREG);
        }
        batch.run();
        List<String> seen = new ArrayList<>();
        long resume;
        try (DirectoryIterator it = d.iterator(ATTRS)) {
            it.get("");
            for (int i = 0; i < 12; i++) {
                assertThat(it.next()).isZero();
                seen.add(it.key());
            }
            assertThat(it.next()).isZero();
            assertThat(it.key()).isEqualTo("e10");
            resume = it.store();
        }
        tx().delete(d, "e10").delete(d, "e03").delete(d, "e15").delete(d, "e11").run();
        tx().insert(d, "e11", newFid(), FileMode.S_IFREG).insert(d, "new1", newFid(), FileMode.S_IFREG)
                .insert(d, "new2", newFid(), FileMode.S_IFREG).run();
        List<String> rest = new ArrayList<>();
        try (DirectoryIterator it = d.iterator(ATTRS)) {
            if (it.load(resume) == 1) {
                rest.add(it.key());
            }
            while (it.next() == 0) {
                rest.add(it.key());
            }
        }
        assertThat(rest).containsExactly("e12", "e13", "e14", "e16", "e17", "e18", "e19", "e11", "new1", "new2");
        List<String> all = new ArrayList<>(seen);
        all.addAll(rest);
        for (String name : List.of(".", "..", "e00", "e09", "e12", "e19")) {
            assertThat(all).as("%s listed once", name).containsOnlyOnce(name);
        }
    }

    /** Random readdir "pages" resumed by cookie between random changes; seed printed. */
    @Test
    void randomResumedListings(SplittableRandom random) throws Exception {
        OsdObject o = createDir();
        DirectoryIndex d = dir(o);
        Map<String, Fid> live = new LinkedHashMap<>();
        for (int i = 0; i < 60; i++) {
            Fid fid = newFid();
            tx().insert(d, "f" + i, fid, FileMode.S_IFREG).run();
            live.put("f" + i, fid);
        }
        Map<String, Integer> listed = new HashMap<>();
        java.util.Set<String> touched = new java.util.HashSet<>();
        long cookie = 0;
        boolean done = false;
        while (!done) {
            try (DirectoryIterator it = d.iterator(ATTRS)) {
                int rc = it.load(cookie);
                if (rc == 0) {
                    rc = it.next() == 0 ? 1 : 0;
                }
                int page = 1 + random.nextInt(9);
                while (rc == 1 && page-- > 0) {
                    listed.merge(it.key(), 1, Integer::sum);
                    rc = it.next() == 0 ? 1 : 0;
                }
                done = rc == 0;
                if (!done) {
                    cookie = it.store();
                }
            }
            for (int k = random.nextInt(4); k > 0; k--) {
                String name = "f" + random.nextInt(90);
                touched.add(name);
                if (live.containsKey(name)) {
                    tx().delete(d, name).run();
                    live.remove(name);
                } else {
                    Fid fid = newFid();
                    tx().insert(d, name, fid, FileMode.S_IFREG).run();
                    live.put(name, fid);
                }
            }
        }
        // a name deleted and inserted again is a new record and may be listed twice; others once
        for (String name : live.keySet()) {
            if (!touched.contains(name)) {
                assertThat(listed.get(name)).as("%s existed throughout: times listed", name).isEqualTo(1);
            }
        }
        assertThat(listed.get(".")).isEqualTo(1);
        assertThat(listed.get("..")).isEqualTo(1);
    }

    /** Random inserts and deletes checked against a model after every few steps; seed printed. */
    @Test
    void randomOperationsMatchAModel(SplittableRandom random) throws Exception {
        OsdObject o = createDir();
        DirectoryIndex d = dir(o);
        Map<String, DirEntry> model = new LinkedHashMap<>();
        for (int step = 1; step <= 400; step++) {
            String name = "n" + random.nextInt(50) + (random.nextInt(4) == 0 ? "-é" : "");
            if (model.containsKey(name)) {
                if (random.nextBoolean()) {
                    tx().delete(d, name).run();
                    model.remove(name);
                } else {
                    assertErrno(Errno.EEXIST, () -> tx().insert(d, name, newFid(), FileMode.S_IFREG).run());
                }
            } else if (random.nextInt(5) == 0) {
                assertErrno(Errno.ENOENT, () -> tx().delete(d, name).run());
            } else {
                int type = random.nextBoolean() ? FileMode.S_IFREG : FileMode.S_IFDIR;
                DirEntry e = new DirEntry(name, newFid(), type);
                tx().insert(d, name, e.fid(), type).run();
                model.put(name, e);
            }
            if (step % 50 == 0) {
                List<DirEntry> expected = new ArrayList<>();
                expected.add(new DirEntry(".", o.fid(), FileMode.S_IFDIR));
                expected.add(new DirEntry("..", o.fid(), FileMode.S_IFDIR));
                expected.addAll(model.values());
                assertThat(list(d)).as("listing after step %d", step).containsExactlyElementsOf(expected);
                assertThat(d.size()).isEqualTo(model.size() + 2);
                for (DirEntry e : model.values()) {
                    assertThat(d.lookup(e.name())).contains(e);
                }
            }
        }
    }
}
