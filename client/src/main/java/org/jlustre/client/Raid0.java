package org.jlustre.client;

import java.util.ArrayList;
import java.util.List;

/**
 * Lustre's RAID0 mapping of file offsets onto stripe objects (lustre/lov/lov_offset.c): stripe
 * {@code k} holds the {@code k}-th {@code stripeSize} chunk of every row of
 * {@code stripeSize * stripeCount} bytes, at offset {@code row * stripeSize} of its object.
 * Pure arithmetic, no I/O.
 *
 * @param stripeSize bytes per stripe (positive)
 * @param stripeCount stripes (positive)
 */
record Raid0(long stripeSize, int stripeCount) {

    /** {@code OBD_OBJECT_EOF}: the end of any object. */
    static final long EOF = 0xffffffffffffffffL;

    /** Checks the geometry. */
    Raid0 {
        if (stripeSize <= 0 || stripeCount <= 0) {
            throw new IllegalArgumentException("stripe size " + stripeSize + " and count " + stripeCount
                    + " must be positive");
        }
    }

    /** {@code lov_stripe_width}. */
    long width() {
        return stripeSize * stripeCount;
    }

    /** {@code lov_stripe_number}: the stripe holding file offset {@code off}. */
    int stripeOf(long off) {
        return (int) ((off % width()) / stripeSize);
    }

    /**
     * {@code lov_stripe_offset}: where file offset {@code off} falls in stripe {@code stripe}'s
     * object; an offset in another stripe's chunk maps to the start of this stripe's chunk of
     * that row (not reached) or of the next row (passed).
     */
    long objectOffset(long off, int stripe) {
        if (off == EOF) {
            return EOF;
        }
        long row = off / width();
        long inRow = off % width() - stripe * stripeSize;
        if (inRow < 0) {
            return row * stripeSize;
        }
        if (inRow >= stripeSize) {
            return row * stripeSize + stripeSize;
        }
        return row * stripeSize + inRow;
    }

    /**
     * {@code lov_stripe_size}: the file size an object of {@code objectSize} bytes in stripe
     * {@code stripe} implies (the file's size is the largest over its stripes).
     */
    long fileSize(long objectSize, int stripe) {
        if (objectSize <= 0) {
            return 0;
        }
        long rows = objectSize / stripeSize;
        long rest = objectSize % stripeSize;
        long start = stripe * stripeSize;
        return rest != 0 ? rows * width() + start + rest : (rows - 1) * width() + start + stripeSize;
    }

    /** {@code lov_size_to_stripe}: the size stripe {@code stripe}'s object has in a file of {@code size} bytes. */
    long objectSize(long size, int stripe) {
        return objectOffset(size, stripe);
    }

    /**
     * One contiguous piece of a file range within one stripe chunk.
     *
     * @param stripe the stripe
     * @param objectOffset where it is in the stripe's object
     * @param rangeOffset where it is in the range (0 = the range's first byte)
     * @param length bytes
     */
    record Piece(int stripe, long objectOffset, long rangeOffset, long length) {
    }

    /** The file range {@code [off, off + length)} cut at stripe chunk boundaries, in file order. */
    List<Piece> pieces(long off, long length) {
        List<Piece> out = new ArrayList<>();
        long done = 0;
        while (done < length) {
            long at = off + done;
            long n = Math.min(length - done, stripeSize - at % stripeSize);
            int stripe = stripeOf(at);
            out.add(new Piece(stripe, objectOffset(at, stripe), done, n));
            done += n;
        }
        return out;
    }
}
