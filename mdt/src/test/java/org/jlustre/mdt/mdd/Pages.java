package org.jlustre.mdt.mdd;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.jlustre.wire.LuDirent;

/** Reads {@code lu_dirpage}s back, as a client's {@code ll_dir_read} walks them. */
final class Pages {

    private static final ValueLayout.OfLong LE64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt LE32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    /** One page's header and entries. */
    record Page(long hashStart, long hashEnd, int flags, List<LuDirent> entries) {
    }

    static List<Page> parse(byte[] bytes) {
        MemorySegment s = MemorySegment.ofArray(bytes);
        List<Page> out = new ArrayList<>();
        for (long p = 0; p < bytes.length; p += DirPages.LU_PAGE_SIZE) {
            MemorySegment page = s.asSlice(p, DirPages.LU_PAGE_SIZE);
            List<LuDirent> ents = new ArrayList<>();
            int flags = page.get(LE32, 16);
            if ((flags & DirPages.LDF_EMPTY) == 0) {
                long off = DirPages.HEADER;
                while (true) {
                    LuDirent e = LuDirent.read(page, off);
                    ents.add(e);
                    if (e.reclen() == 0) {
                        break;
                    }
                    off += e.reclen();
                }
            }
            out.add(new Page(page.get(LE64, 0), page.get(LE64, 8), flags, ents));
        }
        return out;
    }

    /** Every name of a directory, read as a client does: from hash 0, then each page's end. */
    static List<String> list(Mdd mdd, org.jlustre.common.Fid dir, int bytes) throws Exception {
        List<String> names = new ArrayList<>();
        long pos = 0;
        while (pos != DirPages.DIR_END) {
            List<Page> pages = parse(mdd.readdir(MddFixture.ROOT, dir, pos, bytes, LuDirent.LUDA_FID | LuDirent.LUDA_TYPE));
            for (Page pg : pages) {
                for (LuDirent e : pg.entries()) {
                    if (Long.compareUnsigned(e.hash(), pos) >= 0) {
                        names.add(e.name());
                    }
                }
                pos = pg.hashEnd();
            }
        }
        return names;
    }
}
