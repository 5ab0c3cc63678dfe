package org.jlustre.client;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;
import org.jlustre.osc.IoExtent;
import org.jlustre.osc.Osc;
import org.jlustre.wire.ost.ObdMd;
import org.jlustre.wire.ost.Obdo;

/**
 * The lov's data paths over a file's layout ({@code lov_io}, {@code lov_merge_lvb},
 * {@code lov_punch}): a file range becomes, per stripe, a list of object extents
 * ({@link Raid0}); every stripe's part goes to its OST as one request set, all stripes in
 * parallel, and the operation completes when all have (with the first error).
 */
final class LovIo {

    /**
     * What the stripe objects say about the file (a glimpse, as {@code lov_merge_lvb_kms} merges
     * the objects' LVBs): the size the largest stripe implies, blocks summed, latest times.
     */
    record Glimpse(long size, long blocks, long atime, long mtime, long ctime) {
    }

    private final Lov lov;

    LovIo(Lov lov) {
        this.lov = lov;
    }

    private static Raid0 geometry(Layout layout) throws LustreException {
        if (layout.objects().isEmpty()) {
            throw new LustreException(Errno.EIO, "the file has no OST objects (layout " + layout + ")");
        }
        return new Raid0(layout.stripeSize(), layout.objects().size());
    }

    /** Runs {@code op} on every stripe's object through its osc, in parallel. */
    private <T> CompletableFuture<List<T>> eachStripe(Layout layout, StripeOp<T> op) {
        List<CompletableFuture<T>> parts = new ArrayList<>();
        for (int s = 0; s < layout.objects().size(); s++) {
            int stripe = s;
            Layout.StripeObject o = layout.objects().get(s);
            parts.add(lov.ost(o.ostIndex()).thenCompose(osc -> op.run(osc, stripe, o)));
        }
        return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new))
                .thenApply(v -> parts.stream().map(CompletableFuture::join).toList());
    }

    /** One stripe's part of an operation. */
    @FunctionalInterface
    private interface StripeOp<T> {
        CompletableFuture<T> run(Osc osc, int stripe, Layout.StripeObject object);
    }

    /** The range {@code [off, off + seg size)} as each stripe's object extents, slices of {@code seg}. */
    private static List<List<IoExtent>> extents(Raid0 g, long off, MemorySegment seg) {
        List<List<IoExtent>> per = new ArrayList<>();
        for (int s = 0; s < g.stripeCount(); s++) {
            per.add(new ArrayList<>());
        }
        for (Raid0.Piece p : g.pieces(off, seg.byteSize())) {
            per.get(p.stripe()).add(new IoExtent(p.objectOffset(), seg.asSlice(p.rangeOffset(), p.length())));
        }
        return per;
    }

    /** Writes {@code src} at file offset {@code off}; completes with the offset past it. */
    CompletableFuture<Long> write(Layout layout, long off, MemorySegment src) {
        return withExtents(layout, off, src, per -> eachStripe(layout, (osc, s, o) -> per.get(s).isEmpty()
                ? CompletableFuture.completedFuture(0L) : osc.writeAsync(o.object(), per.get(s), null))
                .thenApply(v -> off + src.byteSize()));
    }

    /**
     * Reads into {@code dst} from file offset {@code off}: the bytes before the end of the file.
     * When every stripe had all it was asked for, the file reaches past the range; otherwise a
     * glimpse says where it ends.
     */
    CompletableFuture<Long> read(Layout layout, long off, MemorySegment dst) {
        long len = dst.byteSize();
        return withExtents(layout, off, dst, per -> eachStripe(layout, (osc, s, o) -> per.get(s).isEmpty()
                ? CompletableFuture.completedFuture(0L) : osc.readAsync(o.object(), per.get(s)))
                .thenCompose(had -> {
                    if (had.stream().mapToLong(Long::longValue).sum() == len) {
                        return CompletableFuture.completedFuture(len);
                    }
                    return glimpse(layout).thenApply(g -> Math.max(0, Math.min(len, g.size() - off)));
                }));
    }

    private static <T> CompletableFuture<T> withExtents(Layout layout, long off, MemorySegment seg,
            Function<List<List<IoExtent>>, CompletableFuture<T>> io) {
        try {
            return io.apply(extents(geometry(layout), off, seg));
        } catch (LustreException e) {
            return CompletableFuture.failedFuture(e);
        } catch (IllegalArgumentException e) {
            return Async.failed(Errno.EFBIG, "I/O of " + seg.byteSize() + " bytes at " + off + ": " + e.getMessage());
        }
    }

    /** The file's size, blocks and times from its stripe objects (OST_GETATTR on each, no locks). */
    CompletableFuture<Glimpse> glimpse(Layout layout) {
        Raid0 g;
        try {
            g = geometry(layout);
        } catch (LustreException e) {
            return CompletableFuture.failedFuture(e);
        }
        return eachStripe(layout, (osc, s, o) -> Async.on(lov.executor(), () -> osc.getattr(o.object())))
                .thenApply(attrs -> {
                    long size = 0;
                    long blocks = 0;
                    long atime = 0;
                    long mtime = 0;
                    long ctime = 0;
                    for (int s = 0; s < attrs.size(); s++) {
                        Obdo a = attrs.get(s);
                        size = Math.max(size, g.fileSize(a.size(), s));
                        blocks += a.blocks();
                        atime = Math.max(atime, a.atime());
                        mtime = Math.max(mtime, a.mtime());
                        ctime = Math.max(ctime, a.ctime());
                    }
                    return new Glimpse(size, blocks, atime, mtime, ctime);
                });
    }

    /** Truncates every stripe object to its size in a file of {@code size} bytes (OST_PUNCH each). */
    CompletableFuture<Void> punch(Layout layout, long size) {
        Raid0 g;
        try {
            g = geometry(layout);
        } catch (LustreException e) {
            return CompletableFuture.failedFuture(e);
        }
        return eachStripe(layout, (osc, s, o) -> Async.on(lov.executor(),
                () -> osc.punch(o.object(), g.objectSize(size, s)))).thenApply(v -> null);
    }

    /** OST_SYNC of every stripe object. */
    CompletableFuture<Void> sync(Layout layout) {
        return eachStripe(layout, (osc, s, o) -> Async.on(lov.executor(),
                () -> osc.sync(o.object(), 0, Obdo.OBJECT_EOF))).thenApply(v -> null);
    }

    /** OST_SETATTR of every stripe object: owner (for quota) and times, as {@code cl_setattr_ost}. */
    CompletableFuture<Void> setattr(Layout layout, int uid, int gid, long atime, long mtime, long ctime) {
        Obdo oa = new Obdo();
        long valid = 0;
        if (uid != -1) {
            oa.uid(uid);
            valid |= ObdMd.FLUID;
        }
        if (gid != -1) {
            oa.gid(gid);
            valid |= ObdMd.FLGID;
        }
        if (atime >= 0) {
            oa.atime(atime);
            valid |= ObdMd.FLATIME;
        }
        if (mtime >= 0) {
            oa.mtime(mtime);
            valid |= ObdMd.FLMTIME;
        }
        if (ctime >= 0) {
            oa.ctime(ctime);
            valid |= ObdMd.FLCTIME;
        }
        if (valid == 0 || layout.objects().isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        oa.valid(valid);
        return eachStripe(layout, (osc, s, o) -> Async.on(lov.executor(), () -> osc.setattr(o.object(), oa)))
                .thenApply(v -> null);
    }
}
