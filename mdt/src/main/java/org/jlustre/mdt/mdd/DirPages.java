package org.jlustre.mdt.mdd;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.jlustre.common.Errno;
import org.jlustre.common.Fid;
import org.jlustre.common.LustreException;
import org.jlustre.mdt.perm.Cred;
import org.jlustre.osd.DirectoryIterator;
import org.jlustre.osd.LuAttr;
import org.jlustre.osd.OsdObject;
import org.jlustre.wire.LuDirent;

/**
 * Readdir into {@code lu_dirpage}s ({@code mdd_readpage}, {@code dt_index_walk},
 * {@code mdd_dir_page_build}; reference-targets 3.3): 4 KiB pages, each a 24-byte header
 * (hash start, hash end, flags) and the OSD iterator's packed {@code lu_dirent}s, whose hashes
 * are the iterator's stable cookies. A page ends where the next entry does not fit: its hash
 * end is that entry's hash (LDF_COLLIDE when it equals the page's last hash), the last entry's
 * reclen is 0; the page that reaches the end of the directory ends with
 * {@code MDS_DIR_END_OFF}. {@code .lustre} is never listed. An empty or removed directory
 * gives one LDF_EMPTY page.
 */
final class DirPages {

    /** {@code LU_PAGE_SIZE}. */
    static final int LU_PAGE_SIZE = 4096;
    /** {@code sizeof(struct lu_dirpage)}. */
    static final int HEADER = 24;
    /** {@code MDS_DIR_END_OFF}. */
    static final long DIR_END = 0xfffffffffffffffeL;
    /** {@code LDF_EMPTY}. */
    static final int LDF_EMPTY = 0x1;
    /** {@code LDF_COLLIDE}. */
    static final int LDF_COLLIDE = 0x2;

    private static final ValueLayout.OfLong LE64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(java.nio.ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt LE32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(java.nio.ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort LE16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(java.nio.ByteOrder.LITTLE_ENDIAN);

    private final MddContext ctx;

    DirPages(MddContext ctx) {
        this.ctx = ctx;
    }

    /** See {@link Mdd#readdir}. */
    byte[] readdir(Cred cred, Fid fid, long hash, int bytes, int attrs) throws LustreException {
        if (bytes < LU_PAGE_SIZE) {
            throw new LustreException(Errno.EINVAL, "readdir of " + bytes + " bytes, less than one "
                    + LU_PAGE_SIZE + "-byte page");
        }
        int pages = bytes / LU_PAGE_SIZE;
        try (OsdObject o = ctx.dev.find(fid)) {
            LuAttr a = ctx.dirAttrs(o);
            ctx.access.check(cred, o, a, Access.MAY_READ);
            if (ctx.open.isOrphan(fid) || a.nlink() == 0) {
                return emptyPage(hash);
            }
            MemorySegment out = MemorySegment.ofArray(new byte[pages * LU_PAGE_SIZE]);
            int filled = 0;
            try (DirectoryIterator it = ctx.dir(o).iterator(attrs)) {
                int rc = it.load(hash);
                rc = rc == 0 ? it.next() : 0;
                while (rc == 0 && filled < pages) {
                    rc = fill(it, out.asSlice((long) filled * LU_PAGE_SIZE, LU_PAGE_SIZE), attrs);
                    filled++;
                }
            }
            if (filled == 0) {
                return emptyPage(hash);
            }
            out.set(LE64, 0, hash);
            return out.asSlice(0, (long) filled * LU_PAGE_SIZE).toArray(ValueLayout.JAVA_BYTE);
        }
    }

    /** One LDF_EMPTY page: the listing from {@code hash} has nothing. */
    private static byte[] emptyPage(long hash) {
        MemorySegment p = MemorySegment.ofArray(new byte[LU_PAGE_SIZE]);
        p.set(LE64, 0, hash);
        p.set(LE64, 8, DIR_END);
        p.set(LE32, 16, LDF_EMPTY);
        return p.toArray(ValueLayout.JAVA_BYTE);
    }

    /**
     * {@code mdd_dir_page_build}: packs entries from the iterator's position into one page.
     *
     * @return 0 when entries are left, 1 at the end of the directory
     */
    private int fill(DirectoryIterator it, MemorySegment page, int attrs) throws LustreException {
        long off = HEADER;
        long nob = LU_PAGE_SIZE - HEADER;
        long hash = 0;
        long last = -1;
        boolean first = true;
        int rc;
        do {
            if (it.keySize() != 0) {
                hash = it.store();
                if (first) {
                    first = false;
                    page.set(LE64, 0, hash);
                }
                int recsize = it.recSize(attrs);
                if (nob < recsize) {
                    if (last < 0) {
                        throw new LustreException(Errno.EINVAL, "a directory entry of " + recsize
                                + " bytes does not fit in a page");
                    }
                    rc = 0;
                    break;
                }
                it.rec(page, off, attrs);
                recsize = Short.toUnsignedInt(page.get(LE16, off + LuDirent.OFF_RECLEN));
                Fid f = Fid.readLE(page, off + LuDirent.OFF_FID);
                if (!f.equals(Fid.DOT_LUSTRE)) { // fid_is_dot_lustre: .lustre itself only
                    last = off;
                    off += recsize;
                    nob -= recsize;
                }
            }
            rc = it.next();
        } while (rc == 0);
        page.set(LE64, 8, hash);
        if (last >= 0) {
            if (page.get(LE64, last + LuDirent.OFF_HASH) == hash) {
                page.set(LE32, 16, LDF_COLLIDE);
            }
            page.set(LE16, last + LuDirent.OFF_RECLEN, (short) 0);
        }
        if (rc > 0) {
            page.set(LE64, 8, DIR_END);
        }
        return rc;
    }
}
