package org.jlustre.osd.mem;

import java.util.Arrays;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The records of one key/value index: fixed-size keys in unsigned byte order, as
 * {@code index_try} negotiated them.
 *
 * <p>Thread-safe: the skip list serialises operations on the same key and lets everything
 * else run concurrently.
 */
final class KvData {

    final int keySize;
    final int recSize;
    final ConcurrentSkipListMap<byte[], byte[]> records = new ConcurrentSkipListMap<>(Arrays::compareUnsigned);

    KvData(int keySize, int recSize) {
        this.keySize = keySize;
        this.recSize = recSize;
    }

    /** Bytes charged per record. */
    long recordCost() {
        return (long) keySize + recSize;
    }

    /**
     * The cookie of a key: its first 8 bytes read as a big-endian unsigned number (the whole
     * key when shorter), so cookies follow key order.
     */
    static long cookieOf(byte[] key) {
        long c = 0;
        int n = Math.min(8, key.length);
        for (int i = 0; i < n; i++) {
            c = (c << 8) | (key[i] & 0xff);
        }
        return c;
    }

    /** The smallest key whose cookie is {@code cookie}, or null when no key of this size has it. */
    byte[] smallestKeyWithCookie(long cookie) {
        byte[] key = new byte[keySize];
        int n = Math.min(8, keySize);
        if (n < 8 && Long.compareUnsigned(cookie, 1L << (8 * n)) >= 0) {
            return null;
        }
        for (int i = n - 1; i >= 0; i--) {
            key[i] = (byte) cookie;
            cookie >>>= 8;
        }
        return key;
    }

    /** Keys as themselves, cookies from their leading bytes, records as copies. */
    SortedMapIterator.Codec<byte[], byte[]> codec() {
        return new SortedMapIterator.Codec<>() {
            @Override
            public byte[] key(byte[] bytes) {
                return bytes;
            }

            @Override
            public byte[] bytes(byte[] key) {
                return key.clone();
            }

            @Override
            public long cookie(byte[] key) {
                return cookieOf(key);
            }

            @Override
            public byte[] fromCookie(long cookie) {
                return smallestKeyWithCookie(cookie);
            }

            @Override
            public byte[] record(byte[] value) {
                return value.clone();
            }
        };
    }
}
