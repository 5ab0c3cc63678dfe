package org.jlustre.llog;

import java.lang.foreign.MemorySegment;
import org.jlustre.common.LustreException;
import org.jlustre.wire.llog.LlogFlags;

/**
 * {@code llog_backup} (lustre/obdclass/llog.c): copies the live records of a plain log into a
 * fresh plain log of another (or the same) context, which is erased first if it exists. The
 * MGC keeps its local copy of a config log this way ({@code mgc_llog_local_copy}); the source
 * may be a remote context, the destination must be local. The copy's records are renumbered
 * from 1, so cancelled records of the source leave no holes.
 */
public final class LlogBackup {

    private LlogBackup() {
    }

    /**
     * Copies {@code srcName} of {@code src} to {@code dstName} of {@code dst}.
     *
     * @return the number of records copied
     * @throws LustreException ENOENT when the source does not exist; the source's read errors;
     *     the destination's write errors (the destination may then be partial)
     */
    public static int backup(LlogContext src, String srcName, LlogContext dst, String dstName) throws LustreException {
        try (LlogHandle from = src.open(srcName, Llog.OpenMode.EXISTS)) {
            from.init(LlogFlags.IS_PLAIN, null);
            eraseIfPresent(dst, dstName);
            try (LlogHandle to = dst.openCreate(dstName)) {
                to.init(LlogFlags.IS_PLAIN, null); // as llog_backup: the copy names no target
                int[] copied = {0};
                int rc = from.process((h, rec) -> {
                    MemorySegment copy = MemorySegment.ofArray(rec.toArray());
                    to.append(copy);
                    copied[0]++;
                    return 0;
                });
                if (rc < 0) {
                    throw new LustreException(org.jlustre.common.Errno.of(-rc), "copying llog " + srcName + " of "
                            + src.name() + " to " + dstName + " of " + dst.name() + " failed: " + rc);
                }
                return copied[0];
            }
        }
    }

    /** Erases {@code name} of {@code ctx} if it exists. */
    public static void eraseIfPresent(LlogContext ctx, String name) throws LustreException {
        try (LlogHandle h = ctx.open(name, Llog.OpenMode.NEW)) {
            if (!h.exists()) {
                return;
            }
        }
        ctx.erase(name);
    }

    /**
     * The bytes of local log {@code name} as they stand on the OSD: what {@code llog_reader}
     * reads from a file ({@code lctl llog_dump} writes them).
     *
     * @throws LustreException ENOENT for a missing log, EOPNOTSUPP for a remote context
     */
    public static byte[] bytes(LlogContext ctx, String name) throws LustreException {
        if (ctx.isRemote()) {
            throw new LustreException(org.jlustre.common.Errno.EOPNOTSUPP, "can't dump llog " + name
                    + " through remote context " + ctx.name());
        }
        try (LlogHandle h = ctx.open(name, Llog.OpenMode.EXISTS)) {
            long size = h.size();
            if (size > Integer.MAX_VALUE - 8) {
                throw new LustreException(org.jlustre.common.Errno.EFBIG, "llog " + name + " is " + size + " bytes");
            }
            byte[] b = new byte[(int) size];
            int n = h.object().body().read(0, MemorySegment.ofArray(b));
            return n == b.length ? b : java.util.Arrays.copyOf(b, n);
        }
    }
}
