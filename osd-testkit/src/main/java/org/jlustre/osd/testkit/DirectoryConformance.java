package org.jlustre.osd.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jlustre.osd.testkit.KitAssertions.assertErrno;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jlustre.common.Errno;
import org.jlustre.common.Fid;
import org.jlustre.common.FileMode;
import org.jlustre.osd.DirEntry;
import org.jlustre.osd.DirectoryIndex;
import org.jlustre.osd.Osd;
import org.jlustre.osd.OsdObject;
import org.junit.jupiter.api.Test;

/**
 * Directories ({@link DirectoryIndex}; {@code dt_directory_features}, reference 2.10, 6.2):
 * names, "." and "..", types and errors. Iteration is in {@link DirectoryIteratorConformance}.
 */
public abstract class DirectoryConformance extends OsdTestCase {

    /** insert then lookup answers the FID and type inserted ({@code dt_insert_rec}). */
    @Test
    void insertThenLookup() throws Exception {
        DirectoryIndex d = dir(createDir());
        Fid child = newFid();
        tx().insert(d, "file", child, FileMode.S_IFREG).run();
        assertThat(d.lookup("file")).contains(new DirEntry("file", child, FileMode.S_IFREG));
        assertThat(d.lookupFid("file")).isEqualTo(child);
    }

    /** lookup of a missing name is empty (Lustre's 0 result); lookupFid names it in an ENOENT. */
    @Test
    void lookupOfAMissingNameIsEmpty() throws Exception {
        DirectoryIndex d = dir(createDir());
        assertThat(d.lookup("nothing")).isEmpty();
        assertErrno(Errno.ENOENT, "nothing", () -> d.lookupFid("nothing"));
    }

    /** "EEXIST when inserting a name that exists"; the first entry stays. */
    @Test
    void duplicateInsertFailsWithEexist() throws Exception {
        DirectoryIndex d = dir(createDir());
        Fid first = newFid();
        tx().insert(d, "x", first, FileMode.S_IFREG).run();
        assertErrno(Errno.EEXIST, () -> tx().insert(d, "x", newFid(), FileMode.S_IFDIR).run());
        assertThat(d.lookup("x")).contains(new DirEntry("x", first, FileMode.S_IFREG));
        assertThat(d.size()).isEqualTo(3);
    }

    /** delete removes the name; the others stay. */
    @Test
    void deleteRemovesTheName() throws Exception {
        DirectoryIndex d = dir(createDir());
        Fid a = newFid();
        tx().insert(d, "a", a, FileMode.S_IFREG).insert(d, "b", newFid(), FileMode.S_IFREG).run();
        tx().delete(d, "b").run();
        assertThat(d.lookup("b")).isEmpty();
        assertThat(d.lookupFid("a")).isEqualTo(a);
        assertThat(d.size()).isEqualTo(3);
    }

    /** "ENOENT when deleting one that does not" exist, also a second time. */
    @Test
    void deleteOfAMissingNameFailsWithEnoent() throws Exception {
        DirectoryIndex d = dir(createDir());
        assertErrno(Errno.ENOENT, () -> tx().delete(d, "ghost").run());
        tx().insert(d, "once", newFid(), FileMode.S_IFREG).run();
        tx().delete(d, "once").run();
        assertErrno(Errno.ENOENT, () -> tx().delete(d, "once").run());
    }

    /** A deleted name can be inserted again, with another FID. */
    @Test
    void deletedNameCanBeReused() throws Exception {
        DirectoryIndex d = dir(createDir());
        tx().insert(d, "n", newFid(), FileMode.S_IFREG).run();
        tx().delete(d, "n").run();
        Fid second = newFid();
        tx().insert(d, "n", second, FileMode.S_IFDIR).run();
        assertThat(d.lookup("n")).contains(new DirEntry("n", second, FileMode.S_IFDIR));
    }

    /** Delete then insert of one name in one transaction (a rename over an existing name). */
    @Test
    void deleteAndInsertInOneTransaction() throws Exception {
        DirectoryIndex d = dir(createDir());
        tx().insert(d, "target", newFid(), FileMode.S_IFREG).run();
        Fid replacement = newFid();
        tx().delete(d, "target").insert(d, "target", replacement, FileMode.S_IFREG).run();
        assertThat(d.lookupFid("target")).isEqualTo(replacement);
        assertThat(d.size()).isEqualTo(3);
    }

    /** "EINVAL for an empty name" in insert, lookup and delete. */
    @Test
    void emptyNameFailsWithEinval() throws Exception {
        DirectoryIndex d = dir(createDir());
        assertErrno(Errno.EINVAL, () -> tx().insert(d, "", newFid(), FileMode.S_IFREG).run());
        assertErrno(Errno.EINVAL, () -> d.lookup(""));
        assertErrno(Errno.EINVAL, () -> tx().delete(d, "").run());
    }

    /** "EINVAL for ... one with NUL or '/'". */
    @Test
    void nameWithNulOrSlashFailsWithEinval() throws Exception {
        DirectoryIndex d = dir(createDir());
        for (String bad : List.of("a\0b", "\0", "a/b", "/", "trailing/")) {
            assertErrno(Errno.EINVAL, () -> tx().insert(d, bad, newFid(), FileMode.S_IFREG).run());
            assertErrno(Errno.EINVAL, () -> d.lookup(bad));
            assertErrno(Errno.EINVAL, () -> tx().delete(d, bad).run());
        }
        assertThat(d.size()).isEqualTo(2);
    }

    /** "ENAMETOOLONG for a name over the limit": maxNameLen + 1 bytes. */
    @Test
    void nameOverTheLimitFailsWithEnametoolong() throws Exception {
        DirectoryIndex d = dir(createDir());
        String tooLong = repeat("n", device.conf().maxNameLen() + 1);
        assertErrno(Errno.ENAMETOOLONG, () -> tx().insert(d, tooLong, newFid(), FileMode.S_IFREG).run());
        assertErrno(Errno.ENAMETOOLONG, () -> d.lookup(tooLong));
        assertErrno(Errno.ENAMETOOLONG, () -> tx().delete(d, tooLong).run());
    }

    /** "Names are 1 to maxNameLen() bytes": exactly maxNameLen works, and so does one byte. */
    @Test
    void namesAtTheLimitWork() throws Exception {
        DirectoryIndex d = dir(createDir());
        String longest = repeat("L", device.conf().maxNameLen());
        Fid fid = newFid();
        tx().insert(d, longest, fid, FileMode.S_IFREG).insert(d, "1", newFid(), FileMode.S_IFREG).run();
        assertThat(d.lookupFid(longest)).isEqualTo(fid);
        assertThat(names(d)).contains(longest, "1");
    }

    /** The limit is in UTF-8 bytes, not characters. */
    @Test
    void nameLimitCountsUtf8Bytes() throws Exception {
        DirectoryIndex d = dir(createDir());
        int max = device.conf().maxNameLen();
        String fits = repeat("é", max / 2) + (max % 2 == 1 ? "e" : "");
        assertThat(utf8(fits)).hasSize(max);
        tx().insert(d, fits, newFid(), FileMode.S_IFREG).run();
        assertThat(d.lookup(fits)).isPresent();
        String over = repeat("é", max / 2 + 1);
        assertThat(over.length()).isLessThanOrEqualTo(max);
        assertErrno(Errno.ENAMETOOLONG, () -> tx().insert(d, over, newFid(), FileMode.S_IFREG).run());
    }

    /** UTF-8 names of every plane round-trip through lookup and iteration. */
    @Test
    void utf8NamesRoundTrip() throws Exception {
        DirectoryIndex d = dir(createDir());
        List<String> exotic = List.of("ñandú", "日本語のファイル", "emoji-🚀-🧪", "ζωή", "tab\tand space");
        for (String name : exotic) {
            tx().insert(d, name, newFid(), FileMode.S_IFREG).run();
        }
        for (String name : exotic) {
            assertThat(d.lookup(name)).as(name).isPresent();
        }
        assertThat(names(d).subList(2, 2 + exotic.size())).containsExactlyElementsOf(exotic);
    }

    // ---- names are bytes ----

    /** Names that are not valid UTF-8: bytes 0x80-0xff alone, a lone lead byte, an overlong '/', a surrogate. */
    private static final List<byte[]> NOT_UTF8 = List.of(bytes(0xff), bytes(0x80), bytes('a', 0xc3), bytes(0xc0, 0xaf),
            bytes('x', 0xed, 0xa0, 0x80, 'y'), bytes(0xfe, 0xfe, 0xff, 0xff), bytes('.', 0x80), bytes(0xf5, 0x80, 0x80));

    /** "Names are byte strings ... need not be valid UTF-8": each is stored, found and listed with its exact bytes. */
    @Test
    void namesThatAreNotUtf8RoundTrip() throws Exception {
        DirectoryIndex d = dir(createDir());
        List<Fid> fids = new ArrayList<>();
        TxBatch batch = tx();
        for (byte[] name : NOT_UTF8) {
            Fid fid = newFid();
            fids.add(fid);
            batch.insert(d, name, fid, FileMode.S_IFREG);
        }
        batch.run();
        for (int i = 0; i < NOT_UTF8.size(); i++) {
            byte[] name = NOT_UTF8.get(i);
            DirEntry e = d.lookup(name).orElseThrow(() -> new AssertionError("lost " + DirEntry.display(name)));
            assertThat(e.nameBytes()).as(DirEntry.display(name)).isEqualTo(name);
            assertThat(e).isEqualTo(new DirEntry(name, fids.get(i), FileMode.S_IFREG));
            assertThat(d.lookupFid(name)).isEqualTo(fids.get(i));
        }
        List<DirEntry> listed = list(d);
        assertThat(listed).hasSize(2 + NOT_UTF8.size());
        for (int i = 0; i < NOT_UTF8.size(); i++) {
            assertThat(listed.get(2 + i).nameBytes()).as("listed #%d", i).isEqualTo(NOT_UTF8.get(i));
        }
        assertThat(d.size()).isEqualTo(2 + NOT_UTF8.size());
    }

    /** "Two names are the same entry only when their bytes are equal": names differing only in bytes that are not UTF-8. */
    @Test
    void namesDifferingOnlyInInvalidBytesAreDistinct() throws Exception {
        DirectoryIndex d = dir(createDir());
        // 0x80 and 0x81 both decode to U+FFFD in a lossy decoder, and so would the real U+FFFD (ef bf bd)
        List<byte[]> names = List.of(bytes('n', 0x80), bytes('n', 0x81), bytes('n', 0xef, 0xbf, 0xbd), bytes('n', '?'));
        List<Fid> fids = new ArrayList<>();
        for (byte[] name : names) {
            Fid fid = newFid();
            fids.add(fid);
            tx().insert(d, name, fid, FileMode.S_IFREG).run();
        }
        for (int i = 0; i < names.size(); i++) {
            assertThat(d.lookupFid(names.get(i))).as(DirEntry.display(names.get(i))).isEqualTo(fids.get(i));
        }
        assertThat(d.lookupFid("n\uFFFD")).as("the String form is the real U+FFFD").isEqualTo(fids.get(2));
        tx().delete(d, names.get(0)).run();
        assertThat(d.lookup(names.get(0))).isEmpty();
        assertThat(d.lookupFid(names.get(1))).isEqualTo(fids.get(1));
        assertErrno(Errno.EEXIST, () -> tx().insert(d, names.get(1), newFid(), FileMode.S_IFREG).run());
        assertThat(d.size()).isEqualTo(2 + names.size() - 1);
    }

    /** The String forms reach a non-UTF-8 entry through its {@link DirEntry#name()} (bytes kept by {@code Utf8}). */
    @Test
    void nameOfANonUtf8EntryReachesItThroughTheStringForms() throws Exception {
        DirectoryIndex d = dir(createDir());
        byte[] raw = bytes('r', 0xff, 'a', 0x80, 'w');
        Fid fid = newFid();
        tx().insert(d, raw, fid, FileMode.S_IFREG).run();
        String name = d.lookup(raw).orElseThrow().name();
        assertThat(DirEntry.encode(name)).isEqualTo(raw);
        assertThat(d.lookupFid(name)).isEqualTo(fid);
        tx().delete(d, name).run();
        assertThat(d.lookup(raw)).isEmpty();
    }

    /** "1 to maxNameLen() bytes": maxNameLen bytes of 0xff fit, one more is ENAMETOOLONG everywhere. */
    @Test
    void byteNamesAtAndOverTheLimit() throws Exception {
        DirectoryIndex d = dir(createDir());
        int max = device.conf().maxNameLen();
        byte[] longest = new byte[max];
        Arrays.fill(longest, (byte) 0xff);
        Fid fid = newFid();
        tx().insert(d, longest, fid, FileMode.S_IFREG).run();
        assertThat(d.lookupFid(longest)).isEqualTo(fid);
        assertThat(list(d).get(2).nameBytes()).isEqualTo(longest);
        byte[] over = new byte[max + 1];
        Arrays.fill(over, (byte) 0xff);
        assertErrno(Errno.ENAMETOOLONG, () -> tx().insert(d, over, newFid(), FileMode.S_IFREG).run());
        assertErrno(Errno.ENAMETOOLONG, () -> d.lookup(over));
        assertErrno(Errno.ENAMETOOLONG, () -> tx().delete(d, over).run());
        assertThat(d.size()).isEqualTo(3);
    }

    /** "any byte but NUL and '/'": those are EINVAL among bytes that are not UTF-8 too; an empty array is EINVAL. */
    @Test
    void byteNamesWithNulOrSlashFailWithEinval() throws Exception {
        DirectoryIndex d = dir(createDir());
        for (byte[] bad : List.of(bytes(0), bytes(0xff, 0), bytes('/'), bytes(0x80, '/', 0x80), bytes(0xc0, 0xaf, 0),
                new byte[0])) {
            assertErrno(Errno.EINVAL, () -> tx().insert(d, bad, newFid(), FileMode.S_IFREG).run());
            assertErrno(Errno.EINVAL, () -> d.lookup(bad));
            assertErrno(Errno.EINVAL, () -> tx().delete(d, bad).run());
        }
        assertThat(d.size()).isEqualTo(2);
    }

    /** Every byte value 0x01-0xff but '/' is a name of its own. */
    @Test
    void everySingleByteButNulAndSlashIsAName() throws Exception {
        DirectoryIndex d = dir(createDir());
        TxBatch batch = tx();
        int n = 0;
        for (int b = 1; b < 256; b++) {
            if (b != '/' && b != '.') {
                batch.insert(d, bytes(b), new Fid(Fid.SEQ_NORMAL, b, 0), FileMode.S_IFREG);
                n++;
            }
        }
        batch.run();
        assertThat(d.size()).isEqualTo(2 + n);
        for (int b = 1; b < 256; b++) {
            if (b != '/' && b != '.') {
                assertThat(d.lookupFid(bytes(b))).as("byte 0x%02x", b).isEqualTo(new Fid(Fid.SEQ_NORMAL, b, 0));
            }
        }
    }

    /** Names that only look like dots ("...", ".a", "..b") are ordinary names. */
    @Test
    void dotLikeNamesAreOrdinary() throws Exception {
        DirectoryIndex d = dir(createDir());
        List<String> dotty = List.of("...", ".a", "..b", ".hidden");
        for (String name : dotty) {
            tx().insert(d, name, newFid(), FileMode.S_IFREG).run();
        }
        assertThat(d.size()).isEqualTo(2 + dotty.size());
        assertThat(names(d)).containsExactly(".", "..", "...", ".a", "..b", ".hidden");
    }

    /** "lookup of '.' answers the directory" without anybody inserting it. */
    @Test
    void dotIsTheDirectoryItself() throws Exception {
        OsdObject o = createDir();
        DirEntry dot = dir(o).lookup(".").orElseThrow();
        assertThat(dot.fid()).isEqualTo(o.fid());
        assertThat(dot.type()).isEqualTo(FileMode.S_IFDIR);
    }

    /** "'..' its parent ... else the directory itself, as for the OSD root". */
    @Test
    void dotDotWithoutAParentIsTheDirectoryItself() throws Exception {
        OsdObject o = createDir();
        assertThat(dir(o).lookupFid("..")).isEqualTo(o.fid());
        assertThat(dir(find(Osd.ROOT_FID)).lookupFid("..")).isEqualTo(Osd.ROOT_FID);
    }

    /** "'..' its parent (... else the parent hint given at create)" ({@link org.jlustre.osd.AllocationHint}). */
    @Test
    void dotDotFollowsTheParentHint() throws Exception {
        OsdObject parent = createDir();
        OsdObject child = createDir(parent.fid());
        DirEntry dotdot = dir(child).lookup("..").orElseThrow();
        assertThat(dotdot.fid()).isEqualTo(parent.fid());
        assertThat(dotdot.type()).isEqualTo(FileMode.S_IFDIR);
    }

    /** "'..' its parent (the last '..' inserted ...)": a rename moves it. */
    @Test
    void dotDotFollowsTheLastInsert() throws Exception {
        OsdObject first = createDir();
        OsdObject second = createDir();
        OsdObject child = createDir(first.fid());
        DirectoryIndex d = dir(child);
        tx().insert(d, "..", second.fid(), FileMode.S_IFDIR).run();
        assertThat(d.lookupFid("..")).isEqualTo(second.fid());
        tx().delete(d, "..").insert(d, "..", first.fid(), FileMode.S_IFDIR).run();
        assertThat(d.lookupFid("..")).isEqualTo(first.fid());
    }

    /** "Inserting '.' ... or '..' succeeds at any time and never yields a second entry." */
    @Test
    void insertingDotsNeverDuplicates() throws Exception {
        OsdObject parent = createDir();
        OsdObject o = createDir(parent.fid());
        DirectoryIndex d = dir(o);
        tx().insert(d, ".", o.fid(), FileMode.S_IFDIR).insert(d, "..", parent.fid(), FileMode.S_IFDIR).run();
        tx().insert(d, "f", newFid(), FileMode.S_IFREG).run();
        tx().insert(d, ".", o.fid(), FileMode.S_IFDIR).insert(d, "..", parent.fid(), FileMode.S_IFDIR).run();
        assertThat(names(d)).containsExactly(".", "..", "f");
        assertThat(d.size()).isEqualTo(3);
    }

    /** "deleting either succeeds and leaves it answered" by lookup and iteration. */
    @Test
    void deletingDotsLeavesThemAnswered() throws Exception {
        OsdObject parent = createDir();
        OsdObject o = createDir(parent.fid());
        DirectoryIndex d = dir(o);
        tx().delete(d, ".").delete(d, "..").run();
        assertThat(d.lookupFid(".")).isEqualTo(o.fid());
        assertThat(d.lookup("..")).isPresent();
        assertThat(names(d)).containsExactly(".", "..");
        assertThat(d.size()).isEqualTo(2);
    }

    /** The entry's type is stored as inserted: directory, file, link, or 0 when unknown. */
    @Test
    void entryTypeIsStored() throws Exception {
        DirectoryIndex d = dir(createDir());
        tx().insert(d, "d", newFid(), FileMode.S_IFDIR).insert(d, "f", newFid(), FileMode.S_IFREG)
                .insert(d, "l", newFid(), FileMode.S_IFLNK).insert(d, "u", newFid(), 0).run();
        assertThat(d.lookup("d").orElseThrow().type()).isEqualTo(FileMode.S_IFDIR);
        assertThat(d.lookup("f").orElseThrow().type()).isEqualTo(FileMode.S_IFREG);
        assertThat(d.lookup("l").orElseThrow().type()).isEqualTo(FileMode.S_IFLNK);
        assertThat(d.lookup("u").orElseThrow().type()).isZero();
    }

    /** size(): "The number of entries, '.' and '..' included". */
    @Test
    void sizeCountsDotAndDotDot() throws Exception {
        DirectoryIndex d = dir(createDir());
        assertThat(d.size()).isEqualTo(2);
        tx().insert(d, "a", newFid(), FileMode.S_IFREG).insert(d, "b", newFid(), FileMode.S_IFREG)
                .insert(d, "c", newFid(), FileMode.S_IFREG).run();
        assertThat(d.size()).isEqualTo(5);
        tx().delete(d, "b").run();
        assertThat(d.size()).isEqualTo(4);
        assertThat(d.object().attrGet().direntCount()).isEqualTo(4);
    }

    /** "ENOTDIR when the object is not a directory" (negotiating on a regular file). */
    @Test
    void regularFileIsNotADirectory() throws Exception {
        OsdObject file = createRegular();
        assertErrno(Errno.ENOTDIR, () -> dir(file));
    }

    /** "ENOENT when the directory does not exist (or was destroyed)". */
    @Test
    void destroyedDirectoryFailsWithEnoent() throws Exception {
        OsdObject o = createDir();
        DirectoryIndex d = dir(o);
        tx().insert(d, "a", newFid(), FileMode.S_IFREG).run();
        tx().destroy(o).run();
        assertErrno(Errno.ENOENT, () -> d.lookup("a"));
        assertErrno(Errno.ENOENT, () -> d.lookup("."));
        assertErrno(Errno.ENOENT, d::size);
        assertErrno(Errno.ENOENT, () -> tx().insert(d, "b", newFid(), FileMode.S_IFREG).run());
        assertErrno(Errno.ENOENT, () -> tx().delete(d, "a").run());
        assertErrno(Errno.ENOENT, () -> d.iterator(0).close());
    }

    /** A thousand entries are all found, and iteration lists each once. */
    @Test
    void manyEntries() throws Exception {
        DirectoryIndex d = dir(createDir());
        List<String> expected = new ArrayList<>();
        TxBatch batch = tx();
        for (int i = 0; i < 1000; i++) {
            String name = "entry-" + (i * 7919 % 1000);
            expected.add(name);
            batch.insert(d, name, new Fid(Fid.SEQ_NORMAL, i + 1, 0), FileMode.S_IFREG);
        }
        batch.run();
        assertThat(d.size()).isEqualTo(1002);
        for (int i = 0; i < 1000; i++) {
            assertThat(d.lookupFid(expected.get(i))).isEqualTo(new Fid(Fid.SEQ_NORMAL, i + 1, 0));
        }
        assertThat(names(d).subList(2, 1002)).containsExactlyElementsOf(expected);
    }

    /** Entries of one directory are invisible in another. */
    @Test
    void directoriesAreIndependent() throws Exception {
        DirectoryIndex a = dir(createDir());
        DirectoryIndex b = dir(createDir());
        tx().insert(a, "only-in-a", newFid(), FileMode.S_IFREG).run();
        assertThat(b.lookup("only-in-a")).isEmpty();
        assertThat(b.size()).isEqualTo(2);
    }
}
