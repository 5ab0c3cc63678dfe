package org.jlustre.osd.mem;

import java.lang.foreign.MemorySegment;
import org.jlustre.common.Errno;
import org.jlustre.common.FileMode;
import org.jlustre.common.LustreException;
import org.jlustre.common.Utf8;
import org.jlustre.osd.DirEntry;
import org.jlustre.osd.DirectoryIterator;
import org.jlustre.wire.LuDirent;

/**
 * A directory iterator: before ".", ".", "..", the stored entries in cookie order, the end.
 * The position of a stored entry is its cookie, so deleting it (or anything else) does not
 * lose the place: the next step is simply the first entry with a larger cookie.
 */
final class MemDirectoryIterator implements DirectoryIterator {

    /** Where the iterator is. */
    private enum Pos {
        BEFORE, DOT, DOTDOT, REAL, END
    }

    /** MDT-internal LUDA bits an OSD does not return ({@code LU_DIRENT_ATTRS_MASK}). */
    private static final int INTERNAL_ATTRS = 0xff00;
    /** The name "."; never handed out. */
    private static final byte[] DOT = {'.'};
    /** The name ".."; never handed out. */
    private static final byte[] DOTDOT = {'.', '.'};

    private final MemDirectoryIndex index;
    private final DirData data;
    private final int attrs;
    private Pos pos = Pos.BEFORE;
    private DirData.Entry current;
    private boolean closed;

    MemDirectoryIterator(MemDirectoryIndex index, DirData data, int attrs) {
        this.index = index;
        this.data = data;
        this.attrs = attrs;
    }

    private void checkOpen() throws LustreException {
        if (closed) {
            throw new IllegalStateException("iterator used after close");
        }
        index.memObject().existing();
    }

    @Override
    public int get(byte[] key) throws LustreException {
        checkOpen();
        if (key.length == 0) {
            pos = Pos.BEFORE;
            current = null;
            return 1;
        }
        if (Names.isDot(key)) {
            pos = Pos.DOT;
        } else if (Names.isDotDot(key)) {
            pos = Pos.DOTDOT;
        } else {
            DirData.Entry e = data.get(key);
            if (e == null) {
                throw new LustreException(Errno.ENOENT,
                        "no entry '" + DirEntry.display(key) + "' in " + index.memObject().fid());
            }
            pos = Pos.REAL;
            current = e;
        }
        return 0;
    }

    @Override
    public int next() throws LustreException {
        checkOpen();
        switch (pos) {
            case BEFORE -> pos = Pos.DOT;
            case DOT -> pos = Pos.DOTDOT;
            case DOTDOT -> moveTo(data.ceiling(DirData.FIRST_COOKIE));
            case REAL -> moveTo(data.ceiling(current.cookie + 1));
            case END -> {
            }
        }
        index.memObject().dev.stats().inc(MemStats.Counter.ITERATE);
        return pos == Pos.END ? 1 : 0;
    }

    private void moveTo(DirData.Entry e) {
        current = e;
        pos = e == null ? Pos.END : Pos.REAL;
    }

    @Override
    public int load(long cookie) throws LustreException {
        checkOpen();
        if (Long.compareUnsigned(cookie, DirData.DOT_COOKIE) <= 0) {
            pos = Pos.DOT;
        } else if (cookie == DirData.DOTDOT_COOKIE) {
            pos = Pos.DOTDOT;
        } else {
            moveTo(cookie < 0 ? null : data.ceiling(cookie));
        }
        return pos == Pos.END ? 0 : 1;
    }

    private void onRecord() {
        if (closed) {
            throw new IllegalStateException("iterator used after close");
        }
        if (pos == Pos.BEFORE || pos == Pos.END) {
            throw new IllegalStateException("directory iterator is not on a record (" + pos + ")");
        }
    }

    /** The current name's stored bytes (not a copy; callers copy before handing out). */
    private byte[] name() {
        onRecord();
        return switch (pos) {
            case DOT -> DOT;
            case DOTDOT -> DOTDOT;
            default -> current.name;
        };
    }

    @Override
    public byte[] keyBytes() {
        return name().clone();
    }

    @Override
    public String key() {
        return Utf8.decode(name());
    }

    @Override
    public int keySize() {
        onRecord();
        return switch (pos) {
            case DOT -> 1;
            case DOTDOT -> 2;
            default -> current.name.length;
        };
    }

    @Override
    public long store() {
        onRecord();
        return switch (pos) {
            case DOT -> DirData.DOT_COOKIE;
            case DOTDOT -> DirData.DOTDOT_COOKIE;
            default -> current.cookie;
        };
    }

    @Override
    public DirEntry entry() {
        onRecord();
        return switch (pos) {
            case DOT -> new DirEntry(DOT, index.memObject().fid(), FileMode.S_IFDIR);
            case DOTDOT -> new DirEntry(DOTDOT, data.parent, FileMode.S_IFDIR);
            default -> new DirEntry(current.name, current.fid, current.type);
        };
    }

    @Override
    public int rec(MemorySegment dst, long offset, int recAttrs) throws LustreException {
        onRecord();
        int wanted = (recAttrs | attrs) & ~INTERNAL_ATTRS;
        return switch (pos) {
            case DOT -> LuDirent.pack(dst, offset, index.memObject().fid(), DirData.DOT_COOKIE, DOT, wanted,
                    FileMode.S_IFDIR);
            case DOTDOT -> LuDirent.pack(dst, offset, data.parent, DirData.DOTDOT_COOKIE, DOTDOT, wanted,
                    FileMode.S_IFDIR);
            default -> LuDirent.pack(dst, offset, current.fid, current.cookie, current.name, wanted, current.type);
        };
    }

    @Override
    public int recSize(int recAttrs) {
        return LuDirent.calcSize(keySize(), (recAttrs | attrs) & ~INTERNAL_ATTRS);
    }

    @Override
    public void close() {
        closed = true;
    }
}
