package org.jlustre.mdt.mdd;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jlustre.common.Errno;
import org.jlustre.common.Fid;
import org.jlustre.common.LustreException;

/**
 * The LinkEA {@code trusted.link} of an object: its (parent, name) pairs (obdclass/linkea.c;
 * reference-targets 4.2). Header 24 bytes little-endian ({@code leh_magic} 0x11EAF1DF,
 * {@code leh_reccount}, {@code leh_len} u64 with the header, {@code leh_overflow_time}, pad);
 * entries unpadded: a big-endian u16 {@code lee_reclen} = 18 + name length, the parent FID
 * big-endian, the name bytes. The whole EA stays within 4096 bytes ({@code MAX_LINKEA_SIZE}):
 * an entry that does not fit is left out and the overflow time set, as {@code linkea_add_buf}
 * does.
 *
 * <p>A mutable value used by one operation; not thread-safe.
 */
final class LinkEaXattr {

    /** The xattr name ({@code XATTR_NAME_LINK}). */
    static final String NAME = "trusted.link";
    /** {@code LINK_EA_MAGIC}. */
    static final int MAGIC = 0x11EAF1DF;
    /** {@code MAX_LINKEA_SIZE}. */
    static final int MAX_SIZE = 4096;
    /** Header size. */
    static final int HEADER = 24;
    /** Entry size without the name. */
    static final int ENTRY_FIXED = 18;

    /** A (parent, name) pair. */
    record Link(Fid parent, byte[] name) {
        boolean is(Fid p, byte[] n) {
            return parent.equals(p) && Arrays.equals(name, n);
        }
    }

    private final List<Link> links;
    private int overflowTime;

    private LinkEaXattr(List<Link> links, int overflowTime) {
        this.links = links;
        this.overflowTime = overflowTime;
    }

    /** An empty LinkEA. */
    static LinkEaXattr empty() {
        return new LinkEaXattr(new ArrayList<>(), 0);
    }

    /** Parses a stored LinkEA; EINVAL names what is wrong with a damaged one. */
    static LinkEaXattr parse(byte[] ea) throws LustreException {
        if (ea.length < HEADER) {
            throw new LustreException(Errno.EINVAL, "LinkEA of " + ea.length + " bytes is shorter than its header");
        }
        ByteBuffer b = ByteBuffer.wrap(ea).order(ByteOrder.LITTLE_ENDIAN);
        int magic = b.getInt(0);
        int count = b.getInt(4);
        long len = b.getLong(8);
        int overflow = b.getInt(16);
        if (magic != MAGIC) {
            throw new LustreException(Errno.EINVAL, "LinkEA magic 0x" + Integer.toHexString(magic));
        }
        if (len != ea.length) {
            throw new LustreException(Errno.EINVAL, "LinkEA leh_len " + len + " but " + ea.length + " bytes");
        }
        List<Link> links = new ArrayList<>();
        int off = HEADER;
        for (int i = 0; i < count; i++) {
            if (off + ENTRY_FIXED > ea.length) {
                throw new LustreException(Errno.EINVAL, "LinkEA entry " + i + " runs past the end");
            }
            int reclen = ((ea[off] & 0xff) << 8) | (ea[off + 1] & 0xff);
            if (reclen <= ENTRY_FIXED || off + reclen > ea.length) {
                throw new LustreException(Errno.EINVAL, "LinkEA entry " + i + " has reclen " + reclen);
            }
            ByteBuffer be = ByteBuffer.wrap(ea, off + 2, 16).order(ByteOrder.BIG_ENDIAN);
            Fid parent = new Fid(be.getLong(), be.getInt(), be.getInt());
            links.add(new Link(parent, Arrays.copyOfRange(ea, off + ENTRY_FIXED, off + reclen)));
            off += reclen;
        }
        return new LinkEaXattr(links, overflow);
    }

    /** The links, in stored order. */
    List<Link> links() {
        return List.copyOf(links);
    }

    /** {@code leh_overflow_time}: non-zero once a link did not fit. */
    int overflowTime() {
        return overflowTime;
    }

    /** Whether (parent, name) is recorded. */
    boolean contains(Fid parent, byte[] name) {
        return links.stream().anyMatch(l -> l.is(parent, name));
    }

    /**
     * Adds (parent, name) unless present; when the EA would pass {@link #MAX_SIZE} the link is
     * left out and the overflow time set to {@code now} (1 if 0), as {@code linkea_add_buf} does.
     *
     * @return whether the link was stored
     */
    boolean add(Fid parent, byte[] name, long now) {
        if (contains(parent, name)) {
            return true;
        }
        if (size() + ENTRY_FIXED + name.length > MAX_SIZE) {
            if (overflowTime == 0) {
                overflowTime = now == 0 ? 1 : (int) now;
            }
            return false;
        }
        links.add(new Link(parent, name.clone()));
        return true;
    }

    /** Removes (parent, name); whether it was there (old objects may lack it). */
    boolean remove(Fid parent, byte[] name) {
        return links.removeIf(l -> l.is(parent, name));
    }

    /** The encoded size. */
    int size() {
        int n = HEADER;
        for (Link l : links) {
            n += ENTRY_FIXED + l.name().length;
        }
        return n;
    }

    /** The EA bytes. */
    byte[] encode() {
        byte[] out = new byte[size()];
        ByteBuffer b = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0, MAGIC).putInt(4, links.size()).putLong(8, out.length).putInt(16, overflowTime);
        int off = HEADER;
        for (Link l : links) {
            int reclen = ENTRY_FIXED + l.name().length;
            out[off] = (byte) (reclen >>> 8);
            out[off + 1] = (byte) reclen;
            ByteBuffer be = ByteBuffer.wrap(out, off + 2, 16).order(ByteOrder.BIG_ENDIAN);
            be.putLong(l.parent().seq()).putInt(l.parent().oid()).putInt(l.parent().ver());
            System.arraycopy(l.name(), 0, out, off + ENTRY_FIXED, l.name().length);
            off += reclen;
        }
        return out;
    }
}
