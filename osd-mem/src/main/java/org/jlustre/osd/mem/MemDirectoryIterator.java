package org.jlustre.osd.mem;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import org.jlustre.common.Errno;
import org.jlustre.common.FileMode;
import org.jlustre.common.Fid;
import org.jlustre.common.LustreException;
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
    public int get(String key) throws LustreException {
        checkOpen();
        if (key.isEmpty()) {
            pos = Pos.BEFORE;
            current = null;
            return 1;
        }
        switch (key) {
            case "." -> pos = Pos.DOT;
            case ".." -> pos = Pos.DOTDOT;
            default -> {
                DirData.Entry e = data.get(key);
                if (e == null) {
                    throw new LustreException(Errno.ENOENT, "no entry '" + key + "' in " + index.memObject().fid());
                }
                pos = Pos.REAL;
                current = e;
            }
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

    @Override
    public String key() {
        onRecord();
        return switch (pos) {
            case DOT -> ".";
            case DOTDOT -> "..";
            default -> current.name;
        };
    }

    @Override
    public int keySize() {
        onRecord();
        return switch (pos) {
            case DOT -> 1;
            case DOTDOT -> 2;
            default -> current.nameLength;
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
            case DOT -> new DirEntry(".", index.memObject().fid(), FileMode.S_IFDIR);
            case DOTDOT -> new DirEntry("..", data.parent, FileMode.S_IFDIR);
            default -> new DirEntry(current.name, current.fid, current.type);
        };
    }

    @Override
    public int rec(MemorySegment dst, long offset, int recAttrs) throws LustreException {
        onRecord();
        DirEntry e = entry();
        Fid fid = e.fid();
        int wanted = (recAttrs | attrs) & ~INTERNAL_ATTRS;
        return LuDirent.pack(dst, offset, fid, store(), e.name().getBytes(StandardCharsets.UTF_8), wanted, e.type());
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
