package org.jlustre.osd.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jlustre.osd.testkit.KitAssertions.assertErrno;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.jlustre.common.Errno;
import org.jlustre.osd.IndexFeatures;
import org.jlustre.osd.KeyValueIndex;
import org.jlustre.osd.KeyValueIterator;
import org.jlustre.osd.OsdObject;
import org.junit.jupiter.api.Test;

/**
 * Key/value indexes ({@link KeyValueIndex}, {@link KeyValueIterator}; {@code DFT_INDEX},
 * reference 2.6, 2.9): fixed sizes, unique keys, unsigned byte order, cookies that follow the
 * key, as FLD and the quota indexes use them.
 */
public abstract class KeyValueIndexConformance extends OsdTestCase {

    private KeyValueIndex index(int keySize, int recSize) throws Exception {
        IndexFeatures<KeyValueIndex> f = IndexFeatures.keyValue(keySize, recSize);
        return createIndex(f).indexTry(f);
    }

    /** An 8-byte big-endian key. */
    private static byte[] be8(long v) {
        return ByteBuffer.allocate(8).putLong(v).array();
    }

    private static byte[] rec(int size, int salt) {
        return pattern(size, salt);
    }

    /** Every key from load(0), in iteration order. */
    private static List<byte[]> keys(KeyValueIndex kv) throws Exception {
        List<byte[]> out = new ArrayList<>();
        try (KeyValueIterator it = kv.iterator()) {
            for (int rc = it.load(0) == 1 ? 0 : it.next(); rc == 0; rc = it.next()) {
                out.add(it.key());
            }
        }
        return out;
    }

    /** insert, lookup, delete: the record comes back until it is deleted. */
    @Test
    void insertLookupDelete() throws Exception {
        KeyValueIndex kv = index(8, 16);
        tx().insert(kv, be8(7), rec(16, 1)).run();
        assertThat(kv.lookup(be8(7))).hasValueSatisfying(r -> assertThat(r).isEqualTo(rec(16, 1)));
        tx().delete(kv, be8(7)).run();
        assertThat(kv.lookup(be8(7))).isEmpty();
    }

    /** lookup of a missing key is empty. */
    @Test
    void lookupOfAMissingKeyIsEmpty() throws Exception {
        KeyValueIndex kv = index(8, 8);
        tx().insert(kv, be8(1), rec(8, 1)).run();
        assertThat(kv.lookup(be8(2))).isEmpty();
    }

    /** "EEXIST when inserting a key that exists"; the first record stays. */
    @Test
    void duplicateInsertFailsWithEexist() throws Exception {
        KeyValueIndex kv = index(8, 8);
        tx().insert(kv, be8(5), rec(8, 1)).run();
        assertErrno(Errno.EEXIST, () -> tx().insert(kv, be8(5), rec(8, 2)).run());
        assertThat(kv.lookup(be8(5))).hasValueSatisfying(r -> assertThat(r).isEqualTo(rec(8, 1)));
        assertThat(kv.size()).isEqualTo(1);
    }

    /** "ENOENT when deleting one that does not" exist. */
    @Test
    void deleteOfAMissingKeyFailsWithEnoent() throws Exception {
        KeyValueIndex kv = index(8, 8);
        assertErrno(Errno.ENOENT, () -> tx().delete(kv, be8(9)).run());
        tx().insert(kv, be8(9), rec(8, 1)).run();
        tx().delete(kv, be8(9)).run();
        assertErrno(Errno.ENOENT, () -> tx().delete(kv, be8(9)).run());
    }

    /** "EINVAL when a key ... has the wrong size", in insert, lookup and delete. */
    @Test
    void wrongKeySizeFailsWithEinval() throws Exception {
        KeyValueIndex kv = index(8, 8);
        for (byte[] key : List.of(new byte[7], new byte[9], new byte[0])) {
            assertErrno(Errno.EINVAL, () -> tx().insert(kv, key, rec(8, 1)).run());
            assertErrno(Errno.EINVAL, () -> kv.lookup(key));
            assertErrno(Errno.EINVAL, () -> tx().delete(kv, key).run());
        }
        assertThat(kv.size()).isZero();
    }

    /** "EINVAL when a ... record has the wrong size". */
    @Test
    void wrongRecordSizeFailsWithEinval() throws Exception {
        KeyValueIndex kv = index(8, 24);
        assertErrno(Errno.EINVAL, () -> tx().insert(kv, be8(1), new byte[23]).run());
        assertErrno(Errno.EINVAL, () -> tx().insert(kv, be8(1), new byte[25]).run());
        assertThat(kv.lookup(be8(1))).isEmpty();
    }

    /** "Keys ... iterate in unsigned byte order", high bit included. */
    @Test
    void iterationIsInUnsignedByteOrder() throws Exception {
        KeyValueIndex kv = index(4, 4);
        List<byte[]> keys = new ArrayList<>();
        for (int v : new int[] {0x00000000, 0x00000001, 0x7fffffff, 0x80000000, 0x80000001, 0xfffffffe,
                0xffffffff, 0x01020304, 0x7f000000, 0xff000000}) {
            keys.add(ByteBuffer.allocate(4).putInt(v).array());
        }
        List<byte[]> shuffled = new ArrayList<>(keys);
        Collections.shuffle(shuffled, new java.util.Random(42));
        TxBatch batch = tx();
        shuffled.forEach(k -> batch.insert(kv, k, rec(4, k[0])));
        batch.run();
        keys.sort(Arrays::compareUnsigned);
        assertThat(keys(kv)).containsExactlyElementsOf(keys);
    }

    /** get: "an existing key positions on it and returns 0". */
    @Test
    void getOfAnExistingKeyReturnsZero() throws Exception {
        KeyValueIndex kv = index(8, 8);
        tx().insert(kv, be8(10), rec(8, 1)).insert(kv, be8(20), rec(8, 2)).run();
        try (KeyValueIterator it = kv.iterator()) {
            assertThat(it.get(be8(10))).isZero();
            assertThat(it.key()).isEqualTo(be8(10));
            assertThat(it.rec()).isEqualTo(rec(8, 1));
            assertThat(it.next()).isZero();
            assertThat(it.key()).isEqualTo(be8(20));
        }
    }

    /** get: otherwise "the greatest smaller key ... returns 1", so next() gives the first greater key. */
    @Test
    void getOfAMissingKeyPositionsBeforeTheNextGreater() throws Exception {
        KeyValueIndex kv = index(8, 8);
        tx().insert(kv, be8(10), rec(8, 1)).insert(kv, be8(20), rec(8, 2)).insert(kv, be8(30), rec(8, 3)).run();
        try (KeyValueIterator it = kv.iterator()) {
            assertThat(it.get(be8(15))).isEqualTo(1);
            assertThat(it.key()).isEqualTo(be8(10));
            assertThat(it.next()).isZero();
            assertThat(it.key()).isEqualTo(be8(20));
            assertThat(it.get(be8(5))).as("smaller than all: before the first").isEqualTo(1);
            assertThat(it.next()).isZero();
            assertThat(it.key()).isEqualTo(be8(10));
            assertThat(it.get(be8(35))).isEqualTo(1);
            assertThat(it.next()).as("greater than all: the end").isEqualTo(1);
        }
    }

    /** Cookies: "load(0) is the first record", returning 1. */
    @Test
    void loadOfZeroIsTheFirstRecord() throws Exception {
        KeyValueIndex kv = index(8, 8);
        tx().insert(kv, be8(300), rec(8, 1)).insert(kv, be8(200), rec(8, 2)).run();
        try (KeyValueIterator it = kv.iterator()) {
            assertThat(it.load(0)).isEqualTo(1);
            assertThat(it.key()).isEqualTo(be8(200));
        }
    }

    /** A key of all zeros has cookie 0, and load(0) lands on it. */
    @Test
    void zeroKeyIsLoadedByCookieZero() throws Exception {
        KeyValueIndex kv = index(8, 8);
        tx().insert(kv, be8(0), rec(8, 1)).insert(kv, be8(1), rec(8, 2)).run();
        try (KeyValueIterator it = kv.iterator()) {
            assertThat(it.load(0)).isEqualTo(1);
            assertThat(it.key()).isEqualTo(be8(0));
            assertThat(it.store()).isZero();
        }
    }

    /** "for keys of up to 8 bytes, the key read as a big-endian unsigned number". */
    @Test
    void cookiesOfEightByteKeysAreTheKey() throws Exception {
        KeyValueIndex kv = index(8, 8);
        long[] values = {1, 0x1234_5678_9abc_def0L, 0x8000_0000_0000_0000L, 0xffff_ffff_ffff_fff0L};
        TxBatch batch = tx();
        for (long v : values) {
            batch.insert(kv, be8(v), rec(8, (int) v));
        }
        batch.run();
        try (KeyValueIterator it = kv.iterator()) {
            for (long v : values) {
                assertThat(it.get(be8(v))).isZero();
                assertThat(it.store()).as("cookie of %x", v).isEqualTo(v);
            }
        }
    }

    /** Cookies of shorter keys "follow key order exactly". */
    @Test
    void cookiesOfShortKeysFollowKeyOrder() throws Exception {
        KeyValueIndex kv = index(3, 1);
        TxBatch batch = tx();
        for (int v : new int[] {0x000001, 0x7fffff, 0x800000, 0xfffffe, 0x010000, 0xff0000}) {
            batch.insert(kv, new byte[] {(byte) (v >> 16), (byte) (v >> 8), (byte) v}, new byte[] {1});
        }
        batch.run();
        List<Long> cookies = new ArrayList<>();
        try (KeyValueIterator it = kv.iterator()) {
            for (int rc = it.load(0) == 1 ? 0 : it.next(); rc == 0; rc = it.next()) {
                cookies.add(it.store());
            }
        }
        assertThat(cookies).hasSize(6);
        for (int i = 1; i < cookies.size(); i++) {
            assertThat(Long.compareUnsigned(cookies.get(i), cookies.get(i - 1))).isPositive();
        }
    }

    /** load(store()) comes back to the key, high-bit keys included (cookies compare unsigned). */
    @Test
    void loadOfAStoredCookieReturnsToTheKey() throws Exception {
        KeyValueIndex kv = index(8, 8);
        long[] values = {3, 0x7fff_ffff_ffff_ffffL, 0x8000_0000_0000_0000L, 0xffff_ffff_ffff_ffffL};
        TxBatch batch = tx();
        for (long v : values) {
            batch.insert(kv, be8(v), rec(8, 1));
        }
        batch.run();
        for (long v : values) {
            try (KeyValueIterator it = kv.iterator()) {
                assertThat(it.load(v)).isEqualTo(1);
                assertThat(it.key()).isEqualTo(be8(v));
            }
        }
        try (KeyValueIterator it = kv.iterator()) {
            assertThat(it.load(0x8000_0000_0000_0001L)).isEqualTo(1);
            assertThat(it.key()).as("first key at or after the cookie").isEqualTo(be8(0xffff_ffff_ffff_ffffL));
        }
    }

    /** load positions "on the first record whose cookie is at or after" it: resuming after deletes. */
    @Test
    void loadResumesAfterDeletes() throws Exception {
        KeyValueIndex kv = index(8, 8);
        TxBatch batch = tx();
        for (long v = 10; v <= 100; v += 10) {
            batch.insert(kv, be8(v), rec(8, (int) v));
        }
        batch.run();
        long cookie;
        try (KeyValueIterator it = kv.iterator()) {
            it.get(be8(50));
            cookie = it.store();
        }
        tx().delete(kv, be8(50)).delete(kv, be8(60)).delete(kv, be8(20)).run();
        List<byte[]> rest = new ArrayList<>();
        try (KeyValueIterator it = kv.iterator()) {
            assertThat(it.load(cookie)).isEqualTo(1);
            do {
                rest.add(it.key());
            } while (it.next() == 0);
        }
        assertThat(rest).containsExactly(be8(70), be8(80), be8(90), be8(100));
    }

    /** load past the last record returns 0 and next() then returns 1. */
    @Test
    void loadPastTheEndReturnsZero() throws Exception {
        KeyValueIndex kv = index(8, 8);
        tx().insert(kv, be8(10), rec(8, 1)).run();
        try (KeyValueIterator it = kv.iterator()) {
            assertThat(it.load(11)).isZero();
            assertThat(it.next()).isEqualTo(1);
        }
    }

    /** An empty index: load(0) returns 0 and next() 1; get() of any key, then next(), is the end. */
    @Test
    void emptyIndexIteration() throws Exception {
        KeyValueIndex kv = index(8, 8);
        try (KeyValueIterator it = kv.iterator()) {
            assertThat(it.load(0)).isZero();
            assertThat(it.next()).isEqualTo(1);
            assertThat(it.get(be8(5))).isEqualTo(1);
            assertThat(it.next()).isEqualTo(1);
        }
    }

    /** Keys over 8 bytes iterate in byte order and load(store()) comes back to them. */
    @Test
    void longKeysIterateAndResume() throws Exception {
        KeyValueIndex kv = index(16, 8);
        List<byte[]> keys = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            byte[] k = pattern(16, i * 31);
            keys.add(k);
        }
        TxBatch batch = tx();
        keys.forEach(k -> batch.insert(kv, k, rec(8, k[15])));
        batch.run();
        keys.sort(Arrays::compareUnsigned);
        assertThat(keys(kv)).containsExactlyElementsOf(keys);
        try (KeyValueIterator it = kv.iterator()) {
            assertThat(it.get(keys.get(7))).isZero();
            long cookie = it.store();
            try (KeyValueIterator again = kv.iterator()) {
                assertThat(again.load(cookie)).isEqualTo(1);
                assertThat(again.key()).isEqualTo(keys.get(7));
            }
        }
    }

    /** Long keys sharing their first 8 bytes share a cookie: a resume may repeat them, "never skip them". */
    @Test
    void longKeysSharingACookieAreNeverSkipped() throws Exception {
        KeyValueIndex kv = index(12, 4);
        byte[] a = {1, 2, 3, 4, 5, 6, 7, 8, 0, 0, 0, 1};
        byte[] b = {1, 2, 3, 4, 5, 6, 7, 8, 0, 0, 0, 2};
        byte[] c = {1, 2, 3, 4, 5, 6, 7, 8, 0, 0, 0, 3};
        byte[] d = {1, 2, 3, 4, 5, 6, 7, 9, 0, 0, 0, 0};
        tx().insert(kv, c, rec(4, 1)).insert(kv, a, rec(4, 2)).insert(kv, d, rec(4, 3)).insert(kv, b, rec(4, 4))
                .run();
        long cookie;
        try (KeyValueIterator it = kv.iterator()) {
            assertThat(it.get(b)).isZero();
            cookie = it.store();
        }
        List<byte[]> resumed = new ArrayList<>();
        try (KeyValueIterator it = kv.iterator()) {
            assertThat(it.load(cookie)).isEqualTo(1);
            do {
                resumed.add(it.key());
            } while (it.next() == 0);
        }
        assertThat(resumed).contains(b, c, d);
        assertThat(resumed.subList(resumed.size() - 3, resumed.size())).containsExactly(b, c, d);
    }

    /** size(): "The number of records". */
    @Test
    void sizeCountsRecords() throws Exception {
        KeyValueIndex kv = index(8, 8);
        assertThat(kv.size()).isZero();
        tx().insert(kv, be8(1), rec(8, 1)).insert(kv, be8(2), rec(8, 2)).insert(kv, be8(3), rec(8, 3)).run();
        assertThat(kv.size()).isEqualTo(3);
        tx().delete(kv, be8(2)).run();
        assertThat(kv.size()).isEqualTo(2);
    }

    /** lookup gives "a copy of the record" and the iterator "A copy of the current record". */
    @Test
    void recordsAreCopies() throws Exception {
        KeyValueIndex kv = index(8, 8);
        tx().insert(kv, be8(1), rec(8, 1)).run();
        kv.lookup(be8(1)).orElseThrow()[0] = 99;
        try (KeyValueIterator it = kv.iterator()) {
            it.load(0);
            it.rec()[0] = 98;
            assertThat(it.rec()).isEqualTo(rec(8, 1));
            assertThat(it.recSize()).isEqualTo(8);
            assertThat(it.keySize()).isEqualTo(8);
        }
        assertThat(kv.lookup(be8(1)).orElseThrow()).isEqualTo(rec(8, 1));
    }

    /** "key() and the record accessors are valid only on a record; elsewhere IllegalStateException". */
    @Test
    void accessorsOffARecordThrowIllegalState() throws Exception {
        KeyValueIndex kv = index(8, 8);
        tx().insert(kv, be8(10), rec(8, 1)).run();
        try (KeyValueIterator it = kv.iterator()) {
            assertThat(it.get(be8(1))).isEqualTo(1);
            assertThatThrownBy(it::key).as("before the first").isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(it::rec).as("before the first").isInstanceOf(IllegalStateException.class);
            assertThat(it.next()).isZero();
            assertThat(it.next()).isEqualTo(1);
            assertThatThrownBy(it::key).as("at the end").isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(it::rec).as("at the end").isInstanceOf(IllegalStateException.class);
        }
    }

    /** "ENOENT when the object does not exist (or was destroyed)". */
    @Test
    void destroyedIndexFailsWithEnoent() throws Exception {
        IndexFeatures<KeyValueIndex> f = IndexFeatures.keyValue(8, 8);
        OsdObject o = createIndex(f);
        KeyValueIndex kv = o.indexTry(f);
        tx().insert(kv, be8(1), rec(8, 1)).run();
        KeyValueIterator it = kv.iterator();
        try {
            assertThat(it.load(0)).isEqualTo(1);
            tx().destroy(o).run();
            assertErrno(Errno.ENOENT, it::next);
        } finally {
            it.close();
        }
        assertErrno(Errno.ENOENT, () -> kv.lookup(be8(1)));
        assertErrno(Errno.ENOENT, kv::size);
        assertErrno(Errno.ENOENT, () -> tx().insert(kv, be8(2), rec(8, 2)).run());
        assertErrno(Errno.ENOENT, () -> tx().delete(kv, be8(1)).run());
        assertErrno(Errno.ENOENT, () -> kv.iterator().close());
    }

    /** Random inserts and deletes against a TreeMap model in unsigned order; seed printed. */
    @Test
    void randomOperationsMatchAModel(SplittableRandom random) throws Exception {
        KeyValueIndex kv = index(8, 12);
        TreeMap<byte[], byte[]> model = new TreeMap<>(Arrays::compareUnsigned);
        for (int step = 1; step <= 500; step++) {
            long v = random.nextInt(64) * 0x0400_0000_0000_0001L;
            byte[] key = be8(v);
            if (model.containsKey(key)) {
                tx().delete(kv, key).run();
                model.remove(key);
            } else {
                byte[] r = randomBytes(random, 12);
                tx().insert(kv, key, r).run();
                model.put(key, r);
            }
            if (step % 50 == 0) {
                List<byte[]> keys = keys(kv);
                assertThat(keys).as("keys after step %d", step).containsExactlyElementsOf(model.keySet());
                assertThat(kv.size()).isEqualTo(model.size());
                for (Map.Entry<byte[], byte[]> e : model.entrySet()) {
                    assertThat(kv.lookup(e.getKey())).hasValueSatisfying(r -> assertThat(r).isEqualTo(e.getValue()));
                }
            }
        }
    }
}
