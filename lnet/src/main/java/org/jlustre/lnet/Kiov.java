package org.jlustre.lnet;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * An immutable list of memory fragments seen as one run of bytes: the memory of an MD, a
 * message's payload or the place it lands ({@code struct bio_vec} arrays, Lustre's "kiov"
 * MDs: lnet/lnet/lib-md.c {@code lnet_md_build} with {@code LNET_MD_KIOV}). Bulk data moves
 * between a client's pages and an OSD's pages without being gathered into one buffer first.
 *
 * <p>Slicing never copies: {@link #slice} gives a list of slices of the same fragments. The
 * fragments are the caller's memory; a {@code Kiov} neither owns nor closes them. Empty
 * fragments are left out. A kiov of one fragment (request and reply buffers, echo bulk) costs
 * what the segment alone did.
 */
public final class Kiov {

    /** No bytes. */
    public static final Kiov EMPTY = new Kiov(new MemorySegment[0], new long[] {0});

    /** The fragments, none empty. */
    private final MemorySegment[] frags;
    /** {@code starts[i]}: where fragment i begins; {@code starts[frags.length]} is the length. */
    private final long[] starts;

    private Kiov(MemorySegment[] frags, long[] starts) {
        this.frags = frags;
        this.starts = starts;
    }

    /** The kiov of one segment (empty for an empty segment). */
    public static Kiov of(MemorySegment segment) {
        Objects.requireNonNull(segment, "segment");
        if (segment.byteSize() == 0) {
            return EMPTY;
        }
        return new Kiov(new MemorySegment[] {segment}, new long[] {0, segment.byteSize()});
    }

    /** The kiov of these fragments, in order (empty ones left out). */
    public static Kiov of(List<MemorySegment> fragments) {
        if (fragments.size() == 1) {
            return of(fragments.getFirst());
        }
        MemorySegment[] f = new MemorySegment[fragments.size()];
        int n = 0;
        for (MemorySegment s : fragments) {
            Objects.requireNonNull(s, "fragment");
            if (s.byteSize() > 0) {
                f[n++] = s;
            }
        }
        return n == 0 ? EMPTY : build(n == f.length ? f : Arrays.copyOf(f, n));
    }

    private static Kiov build(MemorySegment[] f) {
        long[] starts = new long[f.length + 1];
        for (int i = 0; i < f.length; i++) {
            starts[i + 1] = starts[i] + f[i].byteSize();
        }
        return new Kiov(f, starts);
    }

    /** The number of bytes. */
    public long length() {
        return starts[frags.length];
    }

    /** The number of fragments. */
    public int count() {
        return frags.length;
    }

    /** Fragment {@code i}. */
    public MemorySegment fragment(int i) {
        return frags[i];
    }

    /** The fragments, in order. */
    public List<MemorySegment> fragments() {
        return List.of(frags);
    }

    /** Where fragment {@code i} starts in the run of bytes. */
    public long fragmentStart(int i) {
        return starts[i];
    }

    /** The fragment holding byte {@code offset} (0 &le; offset &lt; length). */
    public int fragmentAt(long offset) {
        if (frags.length == 1) {
            return 0;
        }
        int i = Arrays.binarySearch(starts, 0, frags.length, offset);
        return i >= 0 ? i : -i - 2;
    }

    /**
     * The {@code length} bytes from {@code offset}, as slices of the same fragments (no copy).
     *
     * @throws IndexOutOfBoundsException naming the range when it is not inside this kiov
     */
    public Kiov slice(long offset, long length) {
        Objects.checkFromIndexSize(offset, length, length());
        if (length == 0) {
            return EMPTY;
        }
        if (offset == 0 && length == length()) {
            return this;
        }
        int first = fragmentAt(offset);
        int last = fragmentAt(offset + length - 1);
        if (first == last) {
            return of(frags[first].asSlice(offset - starts[first], length));
        }
        MemorySegment[] f = new MemorySegment[last - first + 1];
        for (int i = first; i <= last; i++) {
            long from = Math.max(offset, starts[i]) - starts[i];
            long to = Math.min(offset + length, starts[i + 1]) - starts[i];
            f[i - first] = frags[i].asSlice(from, to - from);
        }
        return build(f);
    }

    /**
     * Copies {@code length} bytes from {@code src} at {@code srcOffset} to {@code dst} at
     * {@code dstOffset}, fragment by fragment, whatever the two lists' cuts.
     *
     * @throws IndexOutOfBoundsException when a range is not inside its kiov
     */
    public static void copy(Kiov src, long srcOffset, Kiov dst, long dstOffset, long length) {
        Objects.checkFromIndexSize(srcOffset, length, src.length());
        Objects.checkFromIndexSize(dstOffset, length, dst.length());
        if (length == 0) {
            return;
        }
        if (src.frags.length == 1 && dst.frags.length == 1) {
            MemorySegment.copy(src.frags[0], srcOffset, dst.frags[0], dstOffset, length);
            return;
        }
        int si = src.fragmentAt(srcOffset);
        int di = dst.fragmentAt(dstOffset);
        long so = srcOffset - src.starts[si];
        long d = dstOffset - dst.starts[di];
        while (length > 0) {
            long n = Math.min(length, Math.min(src.frags[si].byteSize() - so, dst.frags[di].byteSize() - d));
            MemorySegment.copy(src.frags[si], so, dst.frags[di], d, n);
            length -= n;
            so += n;
            d += n;
            if (so == src.frags[si].byteSize()) {
                si++;
                so = 0;
            }
            if (d == dst.frags[di].byteSize()) {
                di++;
                d = 0;
            }
        }
    }

    /** Copies all of this kiov into {@code dst} from its start; {@code dst} must be at least as long. */
    public void copyTo(Kiov dst) {
        copy(this, 0, dst, 0, length());
    }

    /** Copies {@code src} into this kiov from its start; this must be at least as long. */
    public void copyFrom(Kiov src) {
        copy(src, 0, this, 0, src.length());
    }

    /** The bytes, gathered into a new array (for tests and small payloads). */
    public byte[] toArray() {
        if (length() > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("kiov of " + length() + " bytes does not fit an array");
        }
        byte[] out = new byte[(int) length()];
        copyTo(of(MemorySegment.ofArray(out)));
        return out;
    }

    /**
     * The first byte at which this kiov and {@code other} differ, or -1 when they hold the same
     * bytes ({@link MemorySegment#mismatch}).
     */
    public long mismatch(Kiov other) {
        long n = Math.min(length(), other.length());
        for (long at = 0; at < n; ) {
            int i = fragmentAt(at);
            int j = other.fragmentAt(at);
            long a = at - starts[i];
            long b = at - other.starts[j];
            long len = Math.min(frags[i].byteSize() - a, other.frags[j].byteSize() - b);
            long m = MemorySegment.mismatch(frags[i], a, a + len, other.frags[j], b, b + len);
            if (m >= 0) {
                return at + m;
            }
            at += len;
        }
        return length() == other.length() ? -1 : n;
    }

    /** Byte {@code offset}. */
    public byte get(long offset) {
        Objects.checkIndex(offset, length());
        int i = fragmentAt(offset);
        return frags[i].get(ValueLayout.JAVA_BYTE, offset - starts[i]);
    }

    @Override
    public String toString() {
        return "kiov[" + length() + " bytes in " + frags.length + " fragment" + (frags.length == 1 ? "" : "s") + "]";
    }
}
