package org.jlustre.osd.mem;

import java.util.Map;
import java.util.NavigableMap;
import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;
import org.jlustre.osd.KeyValueIterator;

/**
 * An iterator over a sorted concurrent map, for key/value and usage indexes. The position
 * is the current key, so it survives deletes; each step asks the map for the next larger key.
 *
 * @param <K> the map's key type
 * @param <V> the map's value type
 */
final class SortedMapIterator<K, V> implements KeyValueIterator {

    /** How keys and records of one index look as bytes and as cookies. */
    interface Codec<K, V> {
        /** The map key of a byte key of the right size. */
        K key(byte[] bytes);

        /** The byte form of a map key. */
        byte[] bytes(K key);

        /** The cookie of a key; cookies follow key order. */
        long cookie(K key);

        /** The smallest key whose cookie is at or after {@code cookie}, or null if none can be. */
        K fromCookie(long cookie);

        /** The byte form of a record. */
        byte[] record(V value);
    }

    private final MemObject obj;
    private final NavigableMap<K, V> map;
    private final Codec<K, V> codec;
    private final int keySize;
    private final int recSize;
    /** Null before the first record or at the end. */
    private Map.Entry<K, V> current;
    private boolean atEnd;
    private boolean closed;

    SortedMapIterator(MemObject obj, NavigableMap<K, V> map, Codec<K, V> codec, int keySize, int recSize) {
        this.obj = obj;
        this.map = map;
        this.codec = codec;
        this.keySize = keySize;
        this.recSize = recSize;
    }

    private void checkOpen() throws LustreException {
        if (closed) {
            throw new IllegalStateException("iterator used after close");
        }
        obj.existing();
    }

    private int moveTo(Map.Entry<K, V> e) {
        current = e;
        atEnd = e == null;
        return atEnd ? 1 : 0;
    }

    @Override
    public int get(byte[] key) throws LustreException {
        checkOpen();
        if (key == null || key.length != keySize) {
            throw new LustreException(Errno.EINVAL, "key of " + (key == null ? "null" : key.length + " bytes")
                    + " for an index of " + keySize + "-byte keys (" + obj.fid() + ")");
        }
        K k = codec.key(key);
        V v = map.get(k);
        if (v != null) {
            current = Map.entry(k, v);
            atEnd = false;
            return 0;
        }
        current = map.lowerEntry(k);
        atEnd = false;
        return 1;
    }

    @Override
    public int next() throws LustreException {
        checkOpen();
        obj.dev.stats().inc(MemStats.Counter.ITERATE);
        if (atEnd) {
            return 1;
        }
        return moveTo(current == null ? map.firstEntry() : map.higherEntry(current.getKey()));
    }

    @Override
    public int load(long cookie) throws LustreException {
        checkOpen();
        K k = codec.fromCookie(cookie);
        return moveTo(k == null ? null : map.ceilingEntry(k)) == 0 ? 1 : 0;
    }

    private Map.Entry<K, V> onRecord() {
        if (closed) {
            throw new IllegalStateException("iterator used after close");
        }
        if (current == null || atEnd) {
            throw new IllegalStateException("index iterator is not on a record");
        }
        return current;
    }

    @Override
    public byte[] key() {
        return codec.bytes(onRecord().getKey());
    }

    @Override
    public int keySize() {
        onRecord();
        return keySize;
    }

    @Override
    public long store() {
        return codec.cookie(onRecord().getKey());
    }

    @Override
    public byte[] rec() {
        return codec.record(onRecord().getValue());
    }

    @Override
    public int recSize() {
        return recSize;
    }

    @Override
    public void close() {
        closed = true;
    }
}
