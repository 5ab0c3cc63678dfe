package org.jlustre.fuse;

import static org.jlustre.fuse.Conversions.credentials;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jlustre.client.DirEntry;
import org.jlustre.client.DirPage;
import org.jlustre.client.FileAttr;
import org.jlustre.client.LustreClient;
import org.jlustre.common.Fid;
import org.jlustre.common.LustreException;
import org.jlustre.fuse.lowlevel.Attributes;
import org.jlustre.fuse.lowlevel.DirectoryPage;
import org.jlustre.fuse.lowlevel.Entry;
import org.jlustre.fuse.lowlevel.Request;
import org.jlustre.mdc.MdcCred;

/**
 * readdir and readdirplus over the MDT's directory pages. The offset the kernel keeps between
 * calls is the MDT's cookie (the hash of the next entry, as llite's {@code d_off}), so a large
 * directory is listed in as many calls as the kernel's buffers need and stays consistent with
 * concurrent changes as Lustre's readdir does. Readdirplus stats only the entries that fit the
 * kernel's buffer, and gives each a lookup reference ("." and ".." and entries gone meanwhile
 * get none: node id 0 tells the kernel not to keep them).
 */
final class DirectoryReader {

    /** FUSE_NAME_OFFSET_DIRENTPLUS: the fixed part of a fuse_direntplus (kfuse). */
    private static final int DIRENTPLUS_HEADER = 152;
    /** FUSE_NAME_OFFSET: the fixed part of a fuse_dirent. */
    private static final int DIRENT_HEADER = 24;

    private final LustreClient client;
    private final NodeTable nodes;

    DirectoryReader(LustreClient client, NodeTable nodes) {
        this.client = client;
        this.nodes = nodes;
    }

    void readdir(Request req, long ino, long size, long offset, boolean plus) {
        MdcCred cred = credentials(req.caller());
        if (offset == DirPage.END) {
            req.replyDirectory(req.directoryPage(size, plus));
            return;
        }
        CompletableFuture<DirPage> listing;
        try {
            listing = page(cred, nodes.fid(ino), offset);
        } catch (LustreException e) {
            req.replyError(e.errno());
            return;
        }
        listing.thenCompose(page -> {
            List<DirEntry> fitting = fitting(page.entries(), size, plus);
            return plus ? withAttributes(cred, fitting) : CompletableFuture.completedFuture(plain(fitting));
        }).whenComplete((entries, failure) -> {
            if (failure != null) {
                req.replyError(Conversions.errno(failure));
            } else {
                reply(req, size, plus, entries);
            }
        });
    }

    /** The first non-empty page from {@code cookie} (or the end). */
    private CompletableFuture<DirPage> page(MdcCred cred, Fid dir, long cookie) {
        return client.readdir(cred, dir, cookie).thenCompose(page -> page.entries().isEmpty() && !page.atEnd()
                && page.nextCookie() != cookie ? page(cred, dir, page.nextCookie())
                : CompletableFuture.completedFuture(page));
    }

    /** The leading entries whose records fit in {@code size} bytes. */
    private static List<DirEntry> fitting(List<DirEntry> entries, long size, boolean plus) {
        List<DirEntry> fit = new ArrayList<>();
        long used = 0;
        for (DirEntry e : entries) {
            long record = align8((plus ? DIRENTPLUS_HEADER : DIRENT_HEADER) + e.name().length);
            if (used + record > size) {
                break;
            }
            used += record;
            fit.add(e);
        }
        return fit;
    }

    private static long align8(long n) {
        return (n + 7) & ~7L;
    }

    /** An entry to add: its name, the kernel's entry (node id 0 for none) and the next cookie. */
    private record Listed(byte[] name, Entry entry, FileAttr attr, long nextCookie) {
    }

    private static List<Listed> plain(List<DirEntry> entries) {
        return entries.stream().map(e -> new Listed(e.name(), bare(e), null, e.nextCookie())).toList();
    }

    private static Entry bare(DirEntry e) {
        Attributes a = new Attributes(e.fid().flatten64(), e.type() << 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        return new Entry(0, 0, a, 0, 0);
    }

    private CompletableFuture<List<Listed>> withAttributes(MdcCred cred, List<DirEntry> entries) {
        List<CompletableFuture<Listed>> stats = new ArrayList<>();
        for (DirEntry e : entries) {
            if (dotOrDotDot(e.name())) {
                stats.add(CompletableFuture.completedFuture(new Listed(e.name(), bare(e), null, e.nextCookie())));
            } else {
                stats.add(client.stat(cred, e.fid()).handle((attr, failure) -> failure != null
                        ? new Listed(e.name(), bare(e), null, e.nextCookie())
                        : new Listed(e.name(), null, attr, e.nextCookie())));
            }
        }
        return CompletableFuture.allOf(stats.toArray(CompletableFuture[]::new))
                .thenApply(v -> stats.stream().map(CompletableFuture::join).toList());
    }

    private void reply(Request req, long size, boolean plus, List<Listed> entries) {
        DirectoryPage page = req.directoryPage(size, plus);
        for (Listed l : entries) {
            boolean added;
            if (!plus) {
                added = page.add(l.name(), l.entry().attributes().ino(), l.entry().attributes().mode(), l.nextCookie());
            } else if (l.attr() == null) {
                added = page.add(l.name(), l.entry(), l.nextCookie());
            } else {
                long id = nodes.reference(l.attr().fid());
                added = page.add(l.name(), new Entry(id, 0, Conversions.attributes(l.attr()), 0, 0), l.nextCookie());
                if (!added) {
                    nodes.forget(id, 1);
                }
            }
            if (!added) {
                break;
            }
        }
        req.replyDirectory(page);
    }

    private static boolean dotOrDotDot(byte[] name) {
        return name.length == 1 && name[0] == '.' || name.length == 2 && name[0] == '.' && name[1] == '.';
    }
}
