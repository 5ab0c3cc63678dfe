package org.jlustre.fuse;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jlustre.client.OpenFile;
import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;

/** The files the kernel has open on this mount, by the handle (fh) we gave it at open or create. */
final class OpenFiles {

    private final Map<Long, OpenFile> byHandle = new ConcurrentHashMap<>();
    private final AtomicLong nextHandle = new AtomicLong(1);

    /** Registers {@code file} and returns its handle. */
    long add(OpenFile file) {
        long handle = nextHandle.getAndIncrement();
        byHandle.put(handle, file);
        return handle;
    }

    /** The open file of {@code handle}; EBADF if there is none. */
    OpenFile get(long handle) throws LustreException {
        OpenFile file = byHandle.get(handle);
        if (file == null) {
            throw new LustreException(Errno.EBADF, "no open file with handle " + handle);
        }
        return file;
    }

    /** Forgets {@code handle} (release) and returns its file; EBADF if there is none. */
    OpenFile remove(long handle) throws LustreException {
        OpenFile file = byHandle.remove(handle);
        if (file == null) {
            throw new LustreException(Errno.EBADF, "no open file with handle " + handle);
        }
        return file;
    }

    /** Every file still open, removed from the table (the session ended without releases). */
    Collection<OpenFile> drain() {
        List<OpenFile> all = List.copyOf(byHandle.values());
        byHandle.clear();
        return all;
    }
}
