package org.jlustre.client;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.jlustre.common.Errno;
import org.jlustre.common.FileMode;
import org.jlustre.common.Fid;
import org.jlustre.common.LustreException;
import org.jlustre.mdc.Mdc;
import org.jlustre.mdc.MdcAttr;
import org.jlustre.mdc.MdcCred;
import org.jlustre.wire.mdt.MdsOpenFlags;

/**
 * {@code ll_atomic_open} / {@code ll_file_open}: the open flags turned into Lustre's
 * ({@code ll_fmode}: FMODE_READ/WRITE from the access mode; CREAT, EXCL, APPEND, DIRECTORY
 * as MDS_OPEN_*), the REINT_OPEN, then what the VFS does after it: O_DIRECTORY checked, and
 * O_TRUNC of an existing file done as a truncate (OST punches and the MDT's size).
 */
final class FileOpener {

    private FileOpener() {
    }

    /** MDS open flags of {@code flags} ({@code ll_fmode} plus the MDS_OPEN_* the MDT acts on). */
    static long mdsFlags(int flags) {
        long fmode = switch (flags & OpenFlags.O_ACCMODE) {
            case OpenFlags.O_WRONLY -> MdsOpenFlags.FMODE_WRITE;
            case OpenFlags.O_RDWR -> MdsOpenFlags.FMODE_READ | MdsOpenFlags.FMODE_WRITE;
            default -> MdsOpenFlags.FMODE_READ;
        };
        return fmode | (flags & (OpenFlags.O_CREAT | OpenFlags.O_EXCL | OpenFlags.O_APPEND | OpenFlags.O_DIRECTORY));
    }

    /** Opens (or creates) {@code name} in {@code parent}. */
    static CompletableFuture<OpenFile> openCreate(LustreClientImpl client, MdcCred cred, Fid parent, byte[] name,
            int flags, int mode, Striping striping) {
        Objects.requireNonNull(striping, "striping");
        long mds = mdsFlags(flags);
        byte[] lum = Layouts.userMd(striping);
        boolean creat = (flags & OpenFlags.O_CREAT) != 0;
        CompletableFuture<Opened> opened = client.onNameChecked(parent, name, n -> mdc -> new Opened(mdc, creat
                ? mdc.openCreate(cred, parent, n, mode & 07777, mds | (lum != null ? MdsOpenFlags.HAS_EA : 0), lum)
                : mdc.open(cred, parent, n, mds)));
        return opened.thenCompose(o -> finish(client, cred, o, flags));
    }

    /** Opens the existing file {@code fid} (MDS_OPEN_BY_FID). */
    static CompletableFuture<OpenFile> openFid(LustreClientImpl client, MdcCred cred, Fid fid, int flags) {
        long mds = mdsFlags(flags) & ~(MdsOpenFlags.CREAT | MdsOpenFlags.EXCL);
        return client.onMdt(fid, mdc -> new Opened(mdc, mdc.open(cred, fid, mds)))
                .thenCompose(o -> finish(client, cred, o, flags));
    }

    /** An MDT open reply and the mdc it came through. */
    private record Opened(Mdc mdc, MdcAttr attr) {
    }

    private static CompletableFuture<OpenFile> finish(LustreClientImpl client, MdcCred cred, Opened o, int flags) {
        MdcAttr a = o.attr();
        int type = a.mode() & FileMode.S_IFMT;
        Layout layout;
        try {
            layout = type == FileMode.S_IFREG && a.hasMd() ? Layouts.of(a.layout())
                    : new Layout(0, 0, 0, -1, 0, "", java.util.List.of());
        } catch (LustreException e) {
            return closeAfter(o, cred, e);
        }
        LustreOpenFile f = new LustreOpenFile(client, o.mdc(), cred, a.fid(), flags, layout, a.openHandle(), type);
        if ((flags & OpenFlags.O_DIRECTORY) != 0 && type != FileMode.S_IFDIR) {
            return closeAfter(o, cred, new LustreException(Errno.ENOTDIR, "open with O_DIRECTORY of " + a.fid()
                    + ", which is not a directory"));
        }
        if ((flags & OpenFlags.O_TRUNC) != 0 && OpenFlags.writable(flags) && type == FileMode.S_IFREG) {
            return f.truncate(0).handle((v, t) -> {
                if (t != null) {
                    f.close();
                    throw new java.util.concurrent.CompletionException(Async.cause(t));
                }
                return (OpenFile) f;
            });
        }
        return CompletableFuture.completedFuture(f);
    }

    /** Releases the open of a reply the client cannot use, then fails with {@code e}. */
    private static CompletableFuture<OpenFile> closeAfter(Opened o, MdcCred cred, LustreException e) {
        return o.mdc().closeAsync(cred, o.attr().fid(), o.attr().openHandle())
                .handle((v, t) -> {
                    throw new java.util.concurrent.CompletionException(e);
                });
    }
}
