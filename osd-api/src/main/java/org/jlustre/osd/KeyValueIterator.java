package org.jlustre.osd;

/**
 * A key/value iterator, in unsigned byte order of keys.
 *
 * <p>{@link #get}: an existing key positions on it and returns 0; otherwise it positions on
 * the greatest smaller key, or before the first record when there is none, and returns 1 (so
 * the following {@link #next()} moves to the first key greater than the one asked for).
 *
 * <p>Cookies: for keys of up to 8 bytes, the key read as a big-endian unsigned number, so
 * they follow key order exactly and {@code load(0)} is the first record. Longer keys use
 * their first 8 bytes the same way; records sharing those bytes share a cookie and a resumed
 * iteration may return such records again (like colliding directory hashes), never skip them.
 * The usage indexes are the exception: they iterate in numeric id order with the id as the
 * cookie ({@link IndexFeatures#ACCOUNTING}).
 */
public interface KeyValueIterator extends IndexIterator<byte[]> {

    /** A copy of the current record. */
    byte[] rec();

    /** The record size. */
    int recSize();
}
