package org.jlustre.osd.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jlustre.osd.testkit.KitAssertions.assertErrno;
import static org.jlustre.osd.testkit.KitAssertions.assertErrnoIn;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jlustre.common.Errno;
import org.jlustre.common.Fid;
import org.jlustre.osd.Osd;
import org.jlustre.osd.OsdObject;
import org.jlustre.osd.XattrMode;
import org.junit.jupiter.api.Test;

/**
 * Extended attributes ({@code do_xattr_get/set/del/list}; reference 2.4): the size query, the
 * CREATE/REPLACE flags, ENODATA/ERANGE/E2BIG as the Linux xattr calls answer, and the list.
 */
public abstract class XattrConformance extends OsdTestCase {

    private void set(OsdObject o, String name, byte[] value) throws Exception {
        tx().xattrSet(o, name, value, XattrMode.SET).run();
    }

    /** set then get: the value comes back. */
    @Test
    void setThenGet() throws Exception {
        OsdObject o = createRegular();
        set(o, "trusted.lma", utf8("layout-ish"));
        assertThat(o.xattrGet("trusted.lma")).isEqualTo(utf8("layout-ish"));
    }

    /** xattrGet: "An empty buf asks for the size only" (NULL or zero-length). */
    @Test
    void emptyBufferAsksForTheSize() throws Exception {
        OsdObject o = createRegular();
        set(o, "user.v", pattern(300, 1));
        assertThat(o.xattrGet("user.v", MemorySegment.NULL)).isEqualTo(300);
        assertThat(o.xattrGet("user.v", MemorySegment.ofArray(new byte[0]))).isEqualTo(300);
    }

    /** xattrGet: "ERANGE if buf is non-empty and too small". */
    @Test
    void smallBufferFailsWithErange() throws Exception {
        OsdObject o = createRegular();
        set(o, "user.v", pattern(300, 2));
        assertErrno(Errno.ERANGE, () -> o.xattrGet("user.v", MemorySegment.ofArray(new byte[299])));
        assertErrno(Errno.ERANGE, () -> o.xattrGet("user.v", MemorySegment.ofArray(new byte[1])));
    }

    /** xattrGet returns "the value's length", into an exact or a larger buffer. */
    @Test
    void getIntoExactAndLargerBuffers() throws Exception {
        OsdObject o = createRegular();
        byte[] value = pattern(300, 3);
        set(o, "user.v", value);
        byte[] exact = new byte[300];
        assertThat(o.xattrGet("user.v", MemorySegment.ofArray(exact))).isEqualTo(300);
        assertThat(exact).isEqualTo(value);
        byte[] larger = new byte[1000];
        assertThat(o.xattrGet("user.v", MemorySegment.ofArray(larger))).isEqualTo(300);
        assertThat(Arrays.copyOf(larger, 300)).isEqualTo(value);
    }

    /** xattrGet: "ENODATA if absent", for the size query too. */
    @Test
    void missingXattrFailsWithEnodata() throws Exception {
        OsdObject o = createRegular();
        set(o, "user.other", utf8("x"));
        assertErrno(Errno.ENODATA, () -> o.xattrGet("user.missing", MemorySegment.NULL));
        assertErrno(Errno.ENODATA, () -> o.xattrGet("user.missing", MemorySegment.ofArray(new byte[10])));
        assertErrno(Errno.ENODATA, () -> o.xattrGet("user.missing"));
    }

    /** xattrGetOrNull: "null when the object has no xattr of that name", no ENODATA. */
    @Test
    void getOrNullOfAMissingNameIsNull() throws Exception {
        OsdObject o = createRegular();
        assertThat(o.xattrGetOrNull("user.missing")).isNull();
        set(o, "user.other", utf8("x"));
        assertThat(o.xattrGetOrNull("user.missing")).isNull();
        set(o, "user.gone", utf8("v"));
        tx().xattrDel(o, "user.gone").run();
        assertThat(o.xattrGetOrNull("user.gone")).isNull();
    }

    /** xattrGetOrNull returns the whole value, zero-length values included. */
    @Test
    void getOrNullReturnsTheValue() throws Exception {
        OsdObject o = createRegular();
        byte[] value = pattern(5000, 8);
        set(o, "trusted.v", value);
        set(o, "user.empty", new byte[0]);
        assertThat(o.xattrGetOrNull("trusted.v")).isEqualTo(value);
        assertThat(o.xattrGetOrNull("user.empty")).isNotNull().isEmpty();
    }

    /** xattrGetOrNull: "a copy of the value (the caller may keep or change it)". */
    @Test
    void getOrNullReturnsACopy() throws Exception {
        OsdObject o = createRegular();
        set(o, "user.k", utf8("keep"));
        byte[] first = o.xattrGetOrNull("user.k");
        first[0] = 'X';
        assertThat(o.xattrGetOrNull("user.k")).isEqualTo(utf8("keep"));
        assertThat(o.xattrGet("user.k")).isEqualTo(utf8("keep"));
    }

    /** xattrGetOrNull checks names as xattrGet does: ERANGE for empty and over-long names. */
    @Test
    void getOrNullChecksTheName() throws Exception {
        OsdObject o = createRegular();
        assertErrno(Errno.ERANGE, () -> o.xattrGetOrNull(""));
        assertErrno(Errno.ERANGE, () -> o.xattrGetOrNull("user." + repeat("n", Osd.XATTR_NAME_MAX - 4)));
    }

    /** "EEXIST for CREATE of an existing name" ({@code LU_XATTR_CREATE}); the value stays. */
    @Test
    void createOfAnExistingNameFailsWithEexist() throws Exception {
        OsdObject o = createRegular();
        tx().xattrSet(o, "user.c", utf8("first"), XattrMode.CREATE).run();
        assertErrno(Errno.EEXIST, () -> tx().xattrSet(o, "user.c", utf8("second"), XattrMode.CREATE).run());
        assertThat(o.xattrGet("user.c")).isEqualTo(utf8("first"));
    }

    /** "ENODATA for REPLACE of a missing one" ({@code LU_XATTR_REPLACE}); nothing is created. */
    @Test
    void replaceOfAMissingNameFailsWithEnodata() throws Exception {
        OsdObject o = createRegular();
        assertErrno(Errno.ENODATA, () -> tx().xattrSet(o, "user.r", utf8("v"), XattrMode.REPLACE).run());
        assertErrno(Errno.ENODATA, () -> o.xattrGet("user.r"));
        assertThat(o.xattrNames()).isEmpty();
    }

    /** REPLACE of an existing name replaces it. */
    @Test
    void replaceOfAnExistingName() throws Exception {
        OsdObject o = createRegular();
        set(o, "user.r", utf8("old"));
        tx().xattrSet(o, "user.r", utf8("brand new"), XattrMode.REPLACE).run();
        assertThat(o.xattrGet("user.r")).isEqualTo(utf8("brand new"));
    }

    /** SET creates or replaces, with longer and shorter values. */
    @Test
    void setOverwrites() throws Exception {
        OsdObject o = createRegular();
        set(o, "user.s", pattern(10, 4));
        set(o, "user.s", pattern(5000, 5));
        assertThat(o.xattrGet("user.s")).isEqualTo(pattern(5000, 5));
        set(o, "user.s", pattern(3, 6));
        assertThat(o.xattrGet("user.s")).isEqualTo(pattern(3, 6));
        assertThat(o.xattrNames()).containsExactly("user.s");
    }

    /** A zero-length value exists: its size is 0, it is listed, and CREATE on it is EEXIST. */
    @Test
    void zeroLengthValueExists() throws Exception {
        OsdObject o = createRegular();
        set(o, "user.empty", new byte[0]);
        assertThat(o.xattrGet("user.empty", MemorySegment.NULL)).isZero();
        assertThat(o.xattrGet("user.empty")).isEmpty();
        assertThat(o.xattrNames()).containsExactly("user.empty");
        assertErrno(Errno.EEXIST, () -> tx().xattrSet(o, "user.empty", utf8("x"), XattrMode.CREATE).run());
    }

    /** Values are binary: every byte value, NULs included, round-trips. */
    @Test
    void binaryValuesRoundTrip() throws Exception {
        OsdObject o = createRegular();
        byte[] all = new byte[512];
        for (int i = 0; i < all.length; i++) {
            all[i] = (byte) i;
        }
        set(o, "trusted.bin", all);
        assertThat(o.xattrGet("trusted.bin")).isEqualTo(all);
    }

    /** xattrDel removes the name; the others stay. */
    @Test
    void deleteRemovesTheName() throws Exception {
        OsdObject o = createRegular();
        set(o, "user.a", utf8("1"));
        set(o, "user.b", utf8("2"));
        tx().xattrDel(o, "user.a").run();
        assertErrno(Errno.ENODATA, () -> o.xattrGet("user.a"));
        assertThat(o.xattrGet("user.b")).isEqualTo(utf8("2"));
        assertThat(o.xattrNames()).containsExactly("user.b");
    }

    /** xattrDel: "removing an absent name succeeds" ({@code do_xattr_del} returns 0). */
    @Test
    void deleteOfAnAbsentNameSucceeds() throws Exception {
        OsdObject o = createRegular();
        tx().xattrDel(o, "user.never").run();
        set(o, "user.once", utf8("1"));
        tx().xattrDel(o, "user.once").run();
        tx().xattrDel(o, "user.once").run();
        assertThat(o.xattrNames()).isEmpty();
    }

    /** xattrList: "each followed by a NUL, in the order they were first set", returning the bytes used. */
    @Test
    void listIsNulSeparatedInFirstSetOrder() throws Exception {
        OsdObject o = createRegular();
        set(o, "user.b", utf8("1"));
        set(o, "trusted.a", utf8("2"));
        set(o, "user.c", utf8("3"));
        set(o, "user.b", utf8("again"));
        byte[] expected = utf8("user.b\0trusted.a\0user.c\0");
        byte[] buf = new byte[100];
        assertThat(o.xattrList(MemorySegment.ofArray(buf))).isEqualTo(expected.length);
        assertThat(Arrays.copyOf(buf, expected.length)).isEqualTo(expected);
        assertThat(o.xattrNames()).containsExactly("user.b", "trusted.a", "user.c");
    }

    /** xattrList: "An empty buf asks for the size only". */
    @Test
    void listSizeQuery() throws Exception {
        OsdObject o = createRegular();
        set(o, "user.one", utf8("1"));
        set(o, "security.two", utf8("2"));
        assertThat(o.xattrList(MemorySegment.NULL)).isEqualTo(utf8("user.one\0security.two\0").length);
    }

    /** xattrList: "ERANGE if buf is non-empty and too small". */
    @Test
    void listIntoASmallBufferFailsWithErange() throws Exception {
        OsdObject o = createRegular();
        set(o, "user.one", utf8("1"));
        set(o, "user.two", utf8("2"));
        int needed = o.xattrList(MemorySegment.NULL);
        assertErrno(Errno.ERANGE, () -> o.xattrList(MemorySegment.ofArray(new byte[needed - 1])));
        assertThat(o.xattrList(MemorySegment.ofArray(new byte[needed]))).isEqualTo(needed);
    }

    /** An object without xattrs lists nothing. */
    @Test
    void listOfNoXattrsIsEmpty() throws Exception {
        OsdObject o = createRegular();
        assertThat(o.xattrList(MemorySegment.NULL)).isZero();
        assertThat(o.xattrNames()).isEmpty();
    }

    /** Names: "1 to XATTR_NAME_MAX bytes ... ERANGE otherwise": the empty name. */
    @Test
    void emptyNameFailsWithErange() throws Exception {
        OsdObject o = createRegular();
        assertErrno(Errno.ERANGE, () -> tx().xattrSet(o, "", utf8("v"), XattrMode.SET).run());
        assertErrno(Errno.ERANGE, () -> o.xattrGet("", MemorySegment.NULL));
        assertErrno(Errno.ERANGE, () -> tx().xattrDel(o, "").run());
    }

    /** Names of 256 bytes fail with ERANGE; 255 bytes work ({@code XATTR_NAME_MAX}). */
    @Test
    void nameLengthLimit() throws Exception {
        OsdObject o = createRegular();
        String longest = "user." + repeat("n", Osd.XATTR_NAME_MAX - 5);
        String tooLong = longest + "n";
        set(o, longest, utf8("ok"));
        assertThat(o.xattrGet(longest)).isEqualTo(utf8("ok"));
        assertThat(o.xattrNames()).containsExactly(longest);
        assertErrno(Errno.ERANGE, () -> tx().xattrSet(o, tooLong, utf8("v"), XattrMode.SET).run());
        assertErrno(Errno.ERANGE, () -> o.xattrGet(tooLong, MemorySegment.NULL));
        assertErrno(Errno.ERANGE, () -> tx().xattrDel(o, tooLong).run());
    }

    /** The name limit is in UTF-8 bytes: 128 two-byte characters are 256 bytes. */
    @Test
    void nameLimitCountsUtf8Bytes() throws Exception {
        OsdObject o = createRegular();
        String wide = repeat("é", 128);
        assertErrno(Errno.ERANGE, () -> tx().xattrSet(o, wide, utf8("v"), XattrMode.SET).run());
        String fits = repeat("é", 127) + "x";
        set(o, fits, utf8("v"));
        assertThat(o.xattrNames()).containsExactly(fits);
    }

    /** Names are "without NUL": a name holding one is refused (ERANGE or EINVAL; the javadoc is ambiguous). */
    @Test
    void nameWithNulIsRefused() throws Exception {
        OsdObject o = createRegular();
        assertErrnoIn(() -> tx().xattrSet(o, "user.a\0b", utf8("v"), XattrMode.SET).run(), Errno.ERANGE,
                Errno.EINVAL);
        assertThat(o.xattrNames()).isEmpty();
    }

    /** Values "at most maxEaSize() bytes: E2BIG otherwise"; exactly maxEaSize works. */
    @Test
    void valueSizeLimit() throws Exception {
        int max = device.conf().maxEaSize();
        assumeTrue(max <= (16 << 20), "maxEaSize small enough to test: " + max);
        OsdObject o = createRegular();
        byte[] largest = pattern(max, 7);
        set(o, "trusted.big", largest);
        assertThat(o.xattrGet("trusted.big")).isEqualTo(largest);
        assertErrno(Errno.E2BIG, () -> tx().xattrSet(o, "trusted.bigger", new byte[max + 1], XattrMode.SET).run());
        assertErrno(Errno.ENODATA, () -> o.xattrGet("trusted.bigger"));
    }

    /** destroy takes the xattrs: "destroy ... with all its data, entries and xattrs". */
    @Test
    void xattrsVanishWithDestroy() throws Exception {
        Fid fid = newFid();
        try (OsdObject o = device.find(fid)) {
            tx().create(o, regAttr(), org.jlustre.osd.ObjectFormat.REGULAR)
                    .xattrSet(o, "user.gone", utf8("v"), XattrMode.SET).run();
            tx().destroy(o).run();
        }
        OsdObject again = find(fid);
        tx().create(again, regAttr(), org.jlustre.osd.ObjectFormat.REGULAR).run();
        assertErrno(Errno.ENODATA, () -> again.xattrGet("user.gone"));
        assertThat(again.xattrNames()).isEmpty();
    }

    /** Xattrs belong to their object; directories have them too. */
    @Test
    void xattrsArePerObjectAndWorkOnDirectories() throws Exception {
        OsdObject file = createRegular();
        OsdObject d = createDir();
        set(file, "user.k", utf8("file"));
        set(d, "user.k", utf8("dir"));
        assertThat(file.xattrGet("user.k")).isEqualTo(utf8("file"));
        assertThat(d.xattrGet("user.k")).isEqualTo(utf8("dir"));
    }

    /** Many names keep their first-set order. */
    @Test
    void manyNamesKeepTheirOrder() throws Exception {
        OsdObject o = createRegular();
        List<String> names = new ArrayList<>();
        TxBatch batch = tx();
        for (int i = 0; i < 100; i++) {
            String name = "user.x" + (i * 37 % 100);
            names.add(name);
            batch.xattrSet(o, name, pattern(i, i), XattrMode.CREATE);
        }
        batch.run();
        assertThat(o.xattrNames()).containsExactlyElementsOf(names);
        assertThat(o.xattrGet("user.x37")).isEqualTo(pattern(1, 1));
    }
}
