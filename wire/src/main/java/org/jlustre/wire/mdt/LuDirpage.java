package org.jlustre.wire.mdt;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.jlustre.common.Errno;
import org.jlustre.common.Fid;
import org.jlustre.common.LustreException;
import org.jlustre.wire.Le;
import org.jlustre.wire.LuDirent;

/**
 * {@code struct lu_dirpage} (lustre_idl.h; wiretest.c {@code check_lu_dirpage}): one 4 KiB
 * {@code lu_page} of a READPAGE reply, a 24-byte header then {@link LuDirent} records.
 *
 * <pre>
 *  0 8 ldp_hash_start   the cookie the page starts at
 *  8 8 ldp_hash_end     where the next page starts; MDS_DIR_END_OFF after the last entry
 * 16 4 ldp_flags        LDF_EMPTY, LDF_COLLIDE
 * 20 4 ldp_pad0
 * 24   ldp_entries      lu_dirent records; the last has lde_reclen 0
 * </pre>
 *
 * {@link #build} fills pages as the MDT does ({@code mdd_readpage} over {@code dt_index_walk}
 * with {@code mdd_dir_page_build}, lustre/mdd/mdd_object.c and lustre/obdclass/dt_object.c), so a
 * client resuming at any page's {@code ldp_hash_end} sees every entry exactly once.
 */
public final class LuDirpage {

    /** {@code sizeof(struct lu_dirpage)}: the header before the entries. */
    public static final int HEADER_SIZE = 24;
    /** Offset of {@code ldp_hash_start}. */
    public static final int OFF_HASH_START = 0;
    /** Offset of {@code ldp_hash_end}. */
    public static final int OFF_HASH_END = 8;
    /** Offset of {@code ldp_flags}. */
    public static final int OFF_FLAGS = 16;
    /** Offset of {@code ldp_pad0}. */
    public static final int OFF_PAD0 = 20;
    /** Offset of {@code ldp_entries}. */
    public static final int OFF_ENTRIES = 24;

    /** The directory is dead or has nothing from the requested hash on. */
    public static final int LDF_EMPTY = 1;
    /** The last entry's hash equals {@code ldp_hash_end}: the next page starts with a collision. */
    public static final int LDF_COLLIDE = 2;
    /** {@code LU_PAGE_SHIFT}. */
    public static final int LU_PAGE_SHIFT = 12;
    /** {@code LU_PAGE_SIZE}: the unit of a readdir reply, whatever the client's page size. */
    public static final int LU_PAGE_SIZE = 1 << LU_PAGE_SHIFT;
    /** {@code MDS_DIR_END_OFF}: the hash after the last entry. */
    public static final long MDS_DIR_END_OFF = 0xfffffffffffffffeL;

    private LuDirpage() {
    }

    /**
     * One entry of a page, with its name as bytes (names are any bytes but NUL and '/').
     * Arrays are not copied: whoever builds an entry hands its name over.
     *
     * @param fid the entry's FID
     * @param hash the entry's cookie
     * @param name the name's bytes
     * @param attrs the LUDA_* bits of the record (ignored when building: the page's apply)
     * @param type the S_IFMT bits with LUDA_TYPE, else 0
     */
    public record Entry(Fid fid, long hash, byte[] name, int attrs, int type) {

        /** An entry to pack: attributes come from the page. */
        public static Entry of(Fid fid, long hash, byte[] name, int type) {
            return new Entry(fid, hash, name, 0, type);
        }

        /** Compares the name's bytes too. */
        @Override
        public boolean equals(Object o) {
            return o instanceof Entry e && e.fid.equals(fid) && e.hash == hash && Arrays.equals(e.name, name)
                    && e.attrs == attrs && e.type == type;
        }

        /** Hashes the name's bytes too. */
        @Override
        public int hashCode() {
            return fid.hashCode() * 31 + Long.hashCode(hash) * 17 + Arrays.hashCode(name);
        }

        /** The name as text, for debug lines. */
        @Override
        public String toString() {
            return new String(name, java.nio.charset.StandardCharsets.UTF_8) + "@" + Long.toHexString(hash) + " " + fid;
        }
    }

    /**
     * A parsed page.
     *
     * @param hashStart {@code ldp_hash_start}
     * @param hashEnd {@code ldp_hash_end}
     * @param flags {@code ldp_flags}
     * @param entries the entries, in order
     */
    public record Page(long hashStart, long hashEnd, int flags, List<Entry> entries) {

        /** Copies the list. */
        public Page {
            entries = List.copyOf(entries);
        }

        /** Whether this page ends the directory. */
        public boolean last() {
            return hashEnd == MDS_DIR_END_OFF;
        }
    }

    /**
     * Parses the page at {@code offset} (4096 bytes or what is left of {@code src}) as
     * {@code ll_dir_read} walks it: entries follow {@code lde_reclen} until one with reclen 0.
     *
     * @throws LustreException EPROTO naming the offset when a record is shorter than its header
     *         or name, or runs past the page
     */
    public static Page parse(MemorySegment src, long offset) throws LustreException {
        long size = Math.min(LU_PAGE_SIZE, src.byteSize() - offset);
        if (size < HEADER_SIZE) {
            throw new LustreException(Errno.EPROTO, "lu_dirpage at " + offset + " has " + size + " bytes");
        }
        MemorySegment p = src.asSlice(offset, size);
        long start = p.get(Le.U64, OFF_HASH_START);
        long end = p.get(Le.U64, OFF_HASH_END);
        int flags = p.get(Le.U32, OFF_FLAGS);
        List<Entry> entries = new ArrayList<>();
        if ((flags & LDF_EMPTY) == 0) {
            long at = OFF_ENTRIES;
            while (true) {
                if (at + LuDirent.HEADER_SIZE > size) {
                    throw new LustreException(Errno.EPROTO, "lu_dirent at " + at + " of page " + offset
                            + " runs past the page");
                }
                int reclen = Short.toUnsignedInt(p.get(Le.U16, at + LuDirent.OFF_RECLEN));
                int namelen = Short.toUnsignedInt(p.get(Le.U16, at + LuDirent.OFF_NAMELEN));
                int attrs = p.get(Le.U32, at + LuDirent.OFF_ATTRS);
                int need = LuDirent.OFF_NAME + namelen;
                if (at + need > size || (reclen != 0 && reclen < need)) {
                    throw new LustreException(Errno.EPROTO, "lu_dirent at " + at + " of page " + offset
                            + ": name of " + namelen + " bytes in a record of " + reclen);
                }
                int type = 0;
                long typeAt = at + LuDirent.OFF_NAME + ((namelen + 1) & ~1);
                if ((attrs & LuDirent.LUDA_TYPE) != 0 && typeAt + 2 <= size) {
                    type = Short.toUnsignedInt(p.get(Le.U16, typeAt));
                }
                entries.add(new Entry(Fid.readLE(p, at + LuDirent.OFF_FID), p.get(Le.U64, at + LuDirent.OFF_HASH),
                        p.asSlice(at + LuDirent.OFF_NAME, namelen).toArray(ValueLayout.JAVA_BYTE), attrs, type));
                if (reclen == 0) {
                    break;
                }
                at += reclen;
            }
        }
        return new Page(start, end, flags, entries);
    }

    /**
     * Fills up to {@code bytes} of {@code dst} with whole lu_pages of the entries from
     * {@code entries}, which must start at the first entry whose hash is at least
     * {@code startHash} and run in hash order ({@code dt_index_walk} after {@code it->load}).
     * The first page's {@code ldp_hash_start} is {@code startHash}; each page ends where the
     * next entry does not fit, {@code ldp_hash_end} being that entry's hash, with
     * {@link #LDF_COLLIDE} when the page's last entry has the same hash; the page holding the
     * directory's last entry ends with {@link #MDS_DIR_END_OFF}. The object
     * {@code [0x200000002:0x1:0x0]} ({@code .lustre}) is never listed, and zero-length names are
     * skipped, as {@code mdd_dir_page_build} does. With no entry at all the answer is one
     * {@link #LDF_EMPTY} page.
     *
     * @param attrs the LUDA_* bits the client asked for (with LUDA_64BITHASH when the export has it)
     * @return the bytes filled: a multiple of 4096 (or {@code bytes} when smaller), at least one page
     * @throws LustreException EINVAL when {@code bytes} cannot hold a page header or an entry does
     *         not fit in an empty page
     */
    public static int build(MemorySegment dst, int bytes, long startHash, int attrs, Iterator<Entry> entries)
            throws LustreException {
        if (bytes < HEADER_SIZE || bytes > dst.byteSize()) {
            throw new LustreException(Errno.EINVAL, "readdir of " + bytes + " bytes into a buffer of "
                    + dst.byteSize());
        }
        Entry pending = entries.hasNext() ? entries.next() : null;
        int pages = 0;
        boolean end = pending == null;
        for (int at = 0; !end && at < bytes; at += LU_PAGE_SIZE) {
            PageBuilder page = new PageBuilder(dst.asSlice(at, Math.min(LU_PAGE_SIZE, bytes - at)), attrs);
            while (pending != null && page.add(pending)) {
                pending = entries.hasNext() ? entries.next() : null;
            }
            end = pending == null;
            page.finish(end);
            pages++;
        }
        if (pages == 0) {
            emptyPage(dst, Math.min(LU_PAGE_SIZE, bytes), startHash);
            return Math.min(LU_PAGE_SIZE, bytes);
        }
        dst.set(Le.U64, OFF_HASH_START, startHash);
        return (int) Math.min((long) pages * LU_PAGE_SIZE, bytes);
    }

    /**
     * Writes the page of a dead or exhausted directory: no entries, {@link #LDF_EMPTY},
     * {@code ldp_hash_end} = {@link #MDS_DIR_END_OFF} ({@code mdd_readpage}).
     */
    public static void emptyPage(MemorySegment dst, int bytes, long startHash) {
        MemorySegment p = dst.asSlice(0, Math.min(bytes, LU_PAGE_SIZE));
        p.fill((byte) 0);
        p.set(Le.U64, OFF_HASH_START, startHash);
        p.set(Le.U64, OFF_HASH_END, MDS_DIR_END_OFF);
        p.set(Le.U32, OFF_FLAGS, LDF_EMPTY);
    }

    /**
     * Packs one lu_page as {@code mdd_dir_page_build}: entries go in while they fit; the hash of
     * the last entry offered (packed, hidden or refused) becomes {@code ldp_hash_end}.
     * Not thread-safe; one per page.
     */
    public static final class PageBuilder {

        /** The page's bytes (at most 4096). */
        private final MemorySegment page;
        /** LUDA_* bits every record gets. */
        private final int attrs;
        /** Where the next record goes. */
        private int at = OFF_ENTRIES;
        /** Offset of the last packed record, -1 before the first. */
        private int last = -1;
        /** The hash of the last entry offered ({@code hash} in mdd_dir_page_build). */
        private long hash;
        /** Whether an entry was offered yet (sets ldp_hash_start). */
        private boolean started;

        /** A builder over {@code page} (its size is the page's, at most 4096 bytes), zeroing the header. */
        public PageBuilder(MemorySegment page, int attrs) {
            if (page.byteSize() < HEADER_SIZE) {
                throw new IllegalArgumentException("lu_page of " + page.byteSize() + " bytes");
            }
            this.page = page;
            this.attrs = attrs;
            page.asSlice(0, HEADER_SIZE).fill((byte) 0);
        }

        /**
         * Packs {@code e} if it fits and returns true (also for an entry hidden or skipped);
         * false when the page is full and {@code e} must start the next one.
         *
         * @throws LustreException EINVAL when {@code e} does not fit even in an empty page
         */
        public boolean add(Entry e) throws LustreException {
            if (e.name().length == 0) {
                return true;
            }
            hash = e.hash();
            if (!started) {
                started = true;
                page.set(Le.U64, OFF_HASH_START, hash);
            }
            int recsize = LuDirent.calcSize(e.name().length, attrs);
            if (recsize > page.byteSize() - at) {
                if (last < 0) {
                    throw new LustreException(Errno.EINVAL, "lu_dirent of " + recsize + " bytes does not fit a page of "
                            + page.byteSize());
                }
                return false;
            }
            if (Fid.DOT_LUSTRE.equals(e.fid())) {
                return true;
            }
            at += LuDirent.pack(page, at, e.fid(), e.hash(), e.name(), attrs, e.type());
            last = at - LuDirent.calcSize(e.name().length, attrs);
            return true;
        }

        /**
         * Ends the page: {@code ldp_hash_end}, LDF_COLLIDE when the last entry's hash equals it
         * (also, as in Lustre, on the directory's last page before the end mark replaces it), the
         * last record's reclen 0, then {@link #MDS_DIR_END_OFF} when {@code endOfDirectory}.
         */
        public void finish(boolean endOfDirectory) {
            // the kernel sends whatever the page held past the last record; we send zeroes
            page.asSlice(at).fill((byte) 0);
            page.set(Le.U64, OFF_HASH_END, hash);
            if (last >= 0) {
                if (page.get(Le.U64, last + LuDirent.OFF_HASH) == hash) {
                    page.set(Le.U32, OFF_FLAGS, page.get(Le.U32, OFF_FLAGS) | LDF_COLLIDE);
                }
                page.set(Le.U16, last + LuDirent.OFF_RECLEN, (short) 0);
            }
            if (endOfDirectory) {
                page.set(Le.U64, OFF_HASH_END, MDS_DIR_END_OFF);
            }
        }
    }
}
