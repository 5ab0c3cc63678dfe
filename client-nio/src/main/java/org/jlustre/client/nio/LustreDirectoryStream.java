package org.jlustre.client.nio;

import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.jlustre.client.DirEntry;
import org.jlustre.client.DirPage;
import org.jlustre.common.Fid;

/**
 * The entries of one directory, read a page at a time as the iterator reaches them (so a
 * large directory is never held whole), in the MDT's hash order, without "." and "..", each
 * as the directory's path resolved with the entry's name bytes. An entry created or removed
 * while the stream is open may or may not show, as with {@code readdir(3)}.
 */
final class LustreDirectoryStream implements DirectoryStream<Path> {

    private final Namespace ns;
    private final LustrePath dir;
    private final Fid fid;
    private final Filter<? super Path> filter;
    private boolean open = true;
    private boolean iterated;

    LustreDirectoryStream(Namespace ns, LustrePath dir, Fid fid, Filter<? super Path> filter) {
        this.ns = ns;
        this.dir = dir;
        this.fid = fid;
        this.filter = filter;
    }

    @Override
    public synchronized Iterator<Path> iterator() {
        if (!open) {
            throw new IllegalStateException("directory stream of " + dir + " is closed");
        }
        if (iterated) {
            throw new IllegalStateException("directory stream of " + dir + " has given its iterator already");
        }
        iterated = true;
        return new Entries();
    }

    @Override
    public synchronized void close() {
        open = false;
    }

    private synchronized boolean isOpen() {
        return open;
    }

    /** Reads pages on demand; once the stream is closed it ends after the entries already read. */
    private final class Entries implements Iterator<Path> {

        private final Deque<Path> ready = new ArrayDeque<>();
        private long cookie;
        private boolean atEnd;

        @Override
        public boolean hasNext() {
            while (ready.isEmpty() && !atEnd && isOpen()) {
                fill();
            }
            return !ready.isEmpty();
        }

        @Override
        public Path next() {
            if (!hasNext()) {
                throw new NoSuchElementException("no more entries in " + dir);
            }
            return ready.pop();
        }

        private void fill() {
            try {
                DirPage page = ns.calls().await(ns.client().readdir(ns.cred(), fid, cookie), dir);
                for (DirEntry entry : page.entries()) {
                    byte[] name = entry.name();
                    if (LustrePath.isDot(name) || LustrePath.isDotDot(name)) {
                        continue;
                    }
                    Path path = dir.resolveName(name);
                    if (filter.accept(path)) {
                        ready.add(path);
                    }
                }
                if (!page.atEnd() && page.entries().isEmpty() && page.nextCookie() == cookie) {
                    throw new IOException("readdir of " + dir + " made no progress at cookie 0x" + Long.toHexString(cookie));
                }
                atEnd = page.atEnd();
                cookie = page.nextCookie();
            } catch (IOException e) {
                throw new DirectoryIteratorException(e);
            }
        }
    }
}
