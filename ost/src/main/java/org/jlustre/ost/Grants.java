package org.jlustre.ost;

import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;
import org.jlustre.osd.OsdDevice;
import org.jlustre.wire.ObdStatfs;

/**
 * Space granted to clients for cached writes (the role of lustre/target/tgt_grant.c, with a
 * simpler policy). A grant is a promise: a client holding grant may write that many bytes later
 * and the OST must have the room. The rule here is that the sum of everything granted never
 * exceeds the space the OSD reports available minus a reserve, so no promise is ever made of
 * space the OSD does not have:
 *
 * <ul>
 * <li>available = {@code os_bavail * os_bsize} from the OSD, minus a reserve of 1/64 of the
 *     device (at least 1 MiB) kept for LAST_ID, last_rcvd and objects;
 * <li>a client asking for {@code want} bytes more gets at most 1/8 of what is left unpromised
 *     (so one client cannot take it all), at most {@link #MAX_EXPORT_GRANT} in total, rounded
 *     down to {@link #GRANT_UNIT};
 * <li>a write of {@code n} bytes the client paid from its grant ({@code OBD_BRW_FROM_GRANT})
 *     lowers its grant by {@code n}: the space is now really used, no longer only promised;
 * <li>a write not paid from grant must fit in the unpromised space, else ENOSPC before any
 *     byte moves ({@code tgt_grant_check});
 * <li>grant given back (shrink) or held by a client that disconnects returns to the pool.
 * </ul>
 *
 * Thread-safe: every count is guarded by this object's monitor.
 */
public final class Grants {

    /** Grants are whole pages. */
    public static final long GRANT_UNIT = 4096;
    /** The most one export holds: 64 MiB, sixteen 4 MiB RPCs in flight. */
    public static final long MAX_EXPORT_GRANT = 64L << 20;

    /** One export's grant ({@code struct tg_export_data} {@code ted_grant}); guarded by the {@link Grants}. */
    public static final class ExportGrant {
        private long granted;

        /** The bytes this export holds. */
        public long granted() {
            return granted;
        }
    }

    private final OsdDevice osd;
    /** {@code tgd_tot_granted}; guarded by this. */
    private long totalGranted;

    Grants(OsdDevice osd) {
        this.osd = osd;
    }

    /** Everything granted to every export. */
    public synchronized long totalGranted() {
        return totalGranted;
    }

    /** Bytes the OSD has available, less the reserve. */
    private long available() throws LustreException {
        ObdStatfs sf = osd.statfs();
        long bsize = sf.bsize();
        long reserve = Math.max(1L << 20, sf.blocks() * bsize / 64);
        return Math.max(0, sf.bavail() * bsize - reserve);
    }

    /**
     * Grants {@code e} up to {@code want} more bytes under the policy above
     * ({@code tgt_grant_alloc}).
     *
     * @return the bytes added to its grant (0 when nothing is left to promise)
     */
    public long alloc(ExportGrant e, long want) throws LustreException {
        if (want <= 0) {
            return 0;
        }
        long avail = available();
        synchronized (this) {
            long left = Math.max(0, avail - totalGranted);
            long give = Math.min(Math.min(want, left / 8), MAX_EXPORT_GRANT - e.granted);
            give = Math.max(0, give) / GRANT_UNIT * GRANT_UNIT;
            e.granted += give;
            totalGranted += give;
            return give;
        }
    }

    /** A write of {@code bytes} paid from {@code e}'s grant is done: that much is no longer only promised. */
    public synchronized void consume(ExportGrant e, long bytes) {
        long n = Math.min(Math.max(0, bytes), e.granted);
        e.granted -= n;
        totalGranted -= n;
    }

    /**
     * Refuses a write of {@code bytes} not paid from grant that would eat into promised space
     * ({@code tgt_grant_check}).
     *
     * @throws LustreException ENOSPC naming the sizes
     */
    public void checkUngranted(long bytes) throws LustreException {
        long avail = available();
        synchronized (this) {
            if (bytes > avail - totalGranted) {
                throw new LustreException(Errno.ENOSPC, "write of " + bytes + " bytes without grant: only "
                        + Math.max(0, avail - totalGranted) + " bytes are neither used nor granted");
            }
        }
    }

    /** {@code e} gives back {@code bytes} (grant shrink). */
    public synchronized void shrink(ExportGrant e, long bytes) {
        long n = Math.min(Math.max(0, bytes), e.granted);
        e.granted -= n;
        totalGranted -= n;
    }

    /** {@code e}'s client is gone: all its grant returns ({@code tgt_grant_discard}). */
    public synchronized void discard(ExportGrant e) {
        totalGranted -= e.granted;
        e.granted = 0;
    }
}
