package org.jlustre.mdt.mdd;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.jlustre.common.Errno;
import org.jlustre.common.Fid;
import org.jlustre.common.LustreException;
import org.jlustre.mdt.perm.Cred;
import org.jlustre.osd.DirectoryIterator;
import org.jlustre.osd.LuAttr;
import org.jlustre.osd.OsdObject;
import org.jlustre.wire.mdt.LuDirpage;

/**
 * Readdir into {@code lu_dirpage}s ({@code mdd_readpage}, {@code dt_index_walk}; reference-
 * targets 3.3): the OSD iterator positioned at the asked hash ({@code load}, then
 * {@code next} when no entry is left at or after it) feeds wire's {@link LuDirpage#build},
 * which packs pages as {@code mdd_dir_page_build} does (hash ends, LDF_COLLIDE, the end mark,
 * {@code .lustre} hidden). The hashes are the iterator's stable cookies, so a listing resumes
 * from any page's end. A removed directory gives one LDF_EMPTY page.
 */
final class DirPages {

    /** {@code LU_PAGE_SIZE}. */
    static final int LU_PAGE_SIZE = LuDirpage.LU_PAGE_SIZE;
    /** {@code sizeof(struct lu_dirpage)}. */
    static final int HEADER = LuDirpage.HEADER_SIZE;
    /** {@code MDS_DIR_END_OFF}. */
    static final long DIR_END = LuDirpage.MDS_DIR_END_OFF;
    /** {@code LDF_EMPTY}. */
    static final int LDF_EMPTY = LuDirpage.LDF_EMPTY;
    /** {@code LDF_COLLIDE}. */
    static final int LDF_COLLIDE = LuDirpage.LDF_COLLIDE;

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
        int size = bytes / LU_PAGE_SIZE * LU_PAGE_SIZE;
        try (OsdObject o = ctx.dev.find(fid)) {
            LuAttr a = ctx.dirAttrs(o);
            ctx.access.check(cred, o, a, Access.MAY_READ);
            if (ctx.open.isOrphan(fid) || a.nlink() == 0) {
                // POSIX: a removed directory lists nothing, not even "." and ".."
                byte[] page = new byte[LU_PAGE_SIZE];
                LuDirpage.emptyPage(MemorySegment.ofArray(page), LU_PAGE_SIZE, hash);
                return page;
            }
            MemorySegment out = MemorySegment.ofArray(new byte[size]);
            try (DirectoryIterator it = ctx.dir(o).iterator(attrs)) {
                Entries entries = new Entries(it, it.load(hash) == 0 ? it.next() : 0);
                int filled;
                try {
                    filled = LuDirpage.build(out, size, hash, attrs, entries);
                } catch (UncheckedLustreException e) {
                    throw e.getCause();
                }
                return out.asSlice(0, filled).toArray(ValueLayout.JAVA_BYTE);
            }
        }
    }

    /** The OSD iterator's entries from its position, as {@link LuDirpage.Entry}s, read lazily. */
    private static final class Entries implements Iterator<LuDirpage.Entry> {
        private final DirectoryIterator it;
        /** 0 while the iterator is on an entry not yet returned, 1 at the end. */
        private int rc;

        Entries(DirectoryIterator it, int rc) {
            this.it = it;
            this.rc = rc;
        }

        @Override
        public boolean hasNext() {
            return rc == 0;
        }

        @Override
        public LuDirpage.Entry next() {
            if (rc != 0) {
                throw new NoSuchElementException();
            }
            var e = it.entry();
            LuDirpage.Entry out = LuDirpage.Entry.of(e.fid(), it.store(), it.keyBytes(), e.type());
            try {
                rc = it.next();
            } catch (LustreException x) {
                throw new UncheckedLustreException(x);
            }
            return out;
        }
    }

    /** Carries the iterator's error through {@link Iterator#next}. */
    private static final class UncheckedLustreException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UncheckedLustreException(LustreException cause) {
            super(cause);
        }

        @Override
        public synchronized LustreException getCause() {
            return (LustreException) super.getCause();
        }
    }
}
