package org.jlustre.wire.mdt;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.jlustre.common.Errno;
import org.jlustre.common.Fid;
import org.jlustre.common.LustreException;
import org.jlustre.wire.Be;
import org.jlustre.wire.Le;

/**
 * The {@code trusted.link} xattr ({@code link_ea_header}, {@code link_ea_entry},
 * lustre_idl.h; lustre/obdclass/linkea.c): every (parent, name) an MDT object is linked under,
 * so {@code lfs fid2path} and LFSCK can walk up the namespace.
 *
 * <pre>
 * header, little-endian (24 B)         entry, unpadded, one after another
 *  0 4 leh_magic 0x11EAF1DF             0  2 lee_reclen      BIG-endian: 18 + name length
 *  4 4 leh_reccount                     2 16 lee_parent_fid  BIG-endian lu_fid
 *  8 8 leh_len (header + entries)      18  n lee_name        no NUL
 * 16 4 leh_overflow_time
 * 20 4 leh_padding
 * </pre>
 *
 * The whole xattr stays within {@link #MAX_SIZE}; a link that does not fit is not stored and
 * {@code leh_overflow_time} records when that happened ({@code linkea_add_buf}), which tells
 * LFSCK the list is incomplete. Mutable, not thread-safe: the MDD holds the object's lock.
 */
public final class LinkEa {

    /** {@code LINK_EA_MAGIC}. */
    public static final int MAGIC = 0x11EAF1DF;
    /** The xattr's name. */
    public static final String XATTR_NAME = "trusted.link";
    /** {@code sizeof(struct link_ea_header)}. */
    public static final int HEADER_SIZE = 24;
    /** {@code sizeof(struct link_ea_entry)} before the name. */
    public static final int ENTRY_HEADER_SIZE = 18;
    /** {@code MAX_LINKEA_SIZE}: the largest xattr Lustre writes. */
    public static final int MAX_SIZE = 4096;
    /** Offset of {@code leh_magic}. */
    public static final int OFF_MAGIC = 0;
    /** Offset of {@code leh_reccount}. */
    public static final int OFF_RECCOUNT = 4;
    /** Offset of {@code leh_len}. */
    public static final int OFF_LEN = 8;
    /** Offset of {@code leh_overflow_time}. */
    public static final int OFF_OVERFLOW_TIME = 16;
    /** Offset of {@code leh_padding}. */
    public static final int OFF_PADDING = 20;
    /** Offset of {@code lee_reclen} in an entry. */
    public static final int OFF_ENTRY_RECLEN = 0;
    /** Offset of {@code lee_parent_fid} in an entry. */
    public static final int OFF_ENTRY_PARENT_FID = 2;
    /** Offset of {@code lee_name} in an entry. */
    public static final int OFF_ENTRY_NAME = 18;

    /**
     * One link: a name in a parent directory.
     *
     * @param parent the parent directory's FID
     * @param name the name's bytes (not copied)
     */
    public record Link(Fid parent, byte[] name) {

        /** Compares the name's bytes. */
        @Override
        public boolean equals(Object o) {
            return o instanceof Link l && l.parent.equals(parent) && Arrays.equals(l.name, name);
        }

        /** Hashes the name's bytes. */
        @Override
        public int hashCode() {
            return parent.hashCode() * 31 + Arrays.hashCode(name);
        }

        /** {@code parent/name}, for debug lines. */
        @Override
        public String toString() {
            return parent + "/" + new String(name, java.nio.charset.StandardCharsets.UTF_8);
        }

        private int reclen() {
            return ENTRY_HEADER_SIZE + name.length;
        }
    }

    /** The links in the order they are stored. */
    private final List<Link> links;
    /** {@code leh_overflow_time}: seconds when a link did not fit, 0 if none ever failed. */
    private int overflowTime;
    /** {@code leh_len}. */
    private long length;

    private LinkEa(List<Link> links, int overflowTime) {
        this.links = links;
        this.overflowTime = overflowTime;
        this.length = HEADER_SIZE;
        for (Link l : links) {
            length += l.reclen();
        }
    }

    /** A LinkEA with no links ({@code linkea_data_new}). */
    public static LinkEa empty() {
        return new LinkEa(new ArrayList<>(), 0);
    }

    /** A LinkEA with one link, as a new object gets at create ({@code linkea_links_new}). */
    public static LinkEa of(Fid parent, byte[] name) {
        LinkEa ea = empty();
        ea.add(parent, name, 0);
        return ea;
    }

    /**
     * Parses an xattr value; a header written by a big-endian node is swabbed
     * ({@code linkea_init}), entries are big-endian whoever wrote them.
     *
     * @throws LustreException EINVAL naming the field when the magic, a length or the record
     *         count is wrong
     */
    public static LinkEa parse(byte[] value) throws LustreException {
        if (value.length < HEADER_SIZE) {
            throw new LustreException(Errno.EINVAL, "trusted.link of " + value.length + " bytes, shorter than its header");
        }
        MemorySegment s = MemorySegment.ofArray(value);
        boolean swab = s.get(Le.U32, OFF_MAGIC) == Integer.reverseBytes(MAGIC);
        int magic = s.get(swab ? Be.U32 : Le.U32, OFF_MAGIC);
        if (magic != MAGIC) {
            throw new LustreException(Errno.EINVAL, "trusted.link magic 0x" + Integer.toHexString(magic));
        }
        int count = s.get(swab ? Be.U32 : Le.U32, OFF_RECCOUNT);
        long len = s.get(swab ? Be.U64 : Le.U64, OFF_LEN);
        int overflow = s.get(swab ? Be.U32 : Le.U32, OFF_OVERFLOW_TIME);
        if (len < HEADER_SIZE || len > value.length) {
            throw new LustreException(Errno.EINVAL, "trusted.link leh_len " + len + " in a value of " + value.length);
        }
        List<Link> links = new ArrayList<>();
        long at = HEADER_SIZE;
        for (int i = 0; i < count; i++) {
            if (at + ENTRY_HEADER_SIZE > len) {
                throw new LustreException(Errno.EINVAL, "trusted.link entry " + i + " of " + count + " past leh_len " + len);
            }
            int reclen = Short.toUnsignedInt(s.get(Be.U16, at + OFF_ENTRY_RECLEN));
            if (reclen <= ENTRY_HEADER_SIZE || at + reclen > len) {
                throw new LustreException(Errno.EINVAL, "trusted.link entry " + i + " lee_reclen " + reclen);
            }
            Fid parent = Fid.readBE(s, at + OFF_ENTRY_PARENT_FID);
            byte[] name = Arrays.copyOfRange(value, (int) at + OFF_ENTRY_NAME, (int) at + reclen);
            links.add(new Link(parent, name));
            at += reclen;
        }
        if (at != len) {
            throw new LustreException(Errno.EINVAL, "trusted.link leh_len " + len + " but " + count + " entries end at " + at);
        }
        return new LinkEa(links, overflow);
    }

    /** The links, in stored order (a read-only view). */
    public List<Link> links() {
        return Collections.unmodifiableList(links);
    }

    /** {@code leh_overflow_time}: when a link last did not fit (seconds), 0 if the list is complete. */
    public int overflowTime() {
        return overflowTime;
    }

    /** {@code leh_len}: the bytes {@link #toBytes} gives. */
    public int length() {
        return (int) length;
    }

    /** Whether the (parent, name) link is stored. */
    public boolean contains(Fid parent, byte[] name) {
        return links.contains(new Link(parent, name));
    }

    /**
     * Appends a link ({@code linkea_add_buf}, duplicates are not checked, as the MDD's callers
     * do not). When it would take the xattr past {@link #MAX_SIZE} it is not stored and the
     * overflow time becomes {@code nowSeconds} (1 if that is 0, so it still reads as "overflowed").
     *
     * @return whether the link was stored
     */
    public boolean add(Fid parent, byte[] name, long nowSeconds) {
        Link l = new Link(parent, name.clone());
        if (length + l.reclen() > MAX_SIZE) {
            overflowTime = (int) nowSeconds == 0 ? 1 : (int) nowSeconds;
            return false;
        }
        links.add(l);
        length += l.reclen();
        return true;
    }

    /**
     * Removes the first (parent, name) link ({@code linkea_links_find} + {@code linkea_del_buf}).
     *
     * @return whether it was there
     */
    public boolean remove(Fid parent, byte[] name) {
        int i = links.indexOf(new Link(parent, name));
        if (i < 0) {
            return false;
        }
        length -= links.remove(i).reclen();
        return true;
    }

    /**
     * Replaces (oldParent, oldName) by (newParent, newName), as a rename does
     * ({@code mdd_linkea_prepare} with check 0: an old link that is not there, because an
     * overflow dropped it, changes nothing; the new one is added).
     *
     * @return whether the new link was stored (false: it overflowed)
     */
    public boolean rename(Fid oldParent, byte[] oldName, Fid newParent, byte[] newName, long nowSeconds) {
        remove(oldParent, oldName);
        return add(newParent, newName, nowSeconds);
    }

    /** The xattr value, little-endian header and big-endian entries. */
    public byte[] toBytes() {
        byte[] b = new byte[(int) length];
        MemorySegment s = MemorySegment.ofArray(b);
        s.set(Le.U32, OFF_MAGIC, MAGIC);
        s.set(Le.U32, OFF_RECCOUNT, links.size());
        s.set(Le.U64, OFF_LEN, length);
        s.set(Le.U32, OFF_OVERFLOW_TIME, overflowTime);
        int at = HEADER_SIZE;
        for (Link l : links) {
            s.set(Be.U16, at + OFF_ENTRY_RECLEN, (short) l.reclen());
            l.parent().writeBE(s, at + OFF_ENTRY_PARENT_FID);
            System.arraycopy(l.name(), 0, b, at + OFF_ENTRY_NAME, l.name().length);
            at += l.reclen();
        }
        return b;
    }
}
