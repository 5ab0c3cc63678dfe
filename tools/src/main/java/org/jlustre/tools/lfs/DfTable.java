package org.jlustre.tools.lfs;

import java.io.PrintWriter;
import java.util.Locale;
import org.jlustre.client.FsStat;
import org.jlustre.wire.ObdStatfs;

/**
 * {@code lfs df [-i]}'s table, as Lustre 2.15 prints it (lustre/utils/lfs.c, {@code mntdf} and
 * {@code showdf}): a header, a row per MDT then per OST ({@code UUID}, totals, used, available
 * or free inodes, the use ratio rounded up as df(1) does, the mount point with
 * {@code [MDT:i]}/{@code [OST:i]}), an empty line, the {@code filesystem_summary:} row, an
 * empty line. Space sums the OSTs only when there are some; inodes sum the MDTs, cut down to
 * what the OSTs can still hold, as {@code ll_statfs_internal} does.
 */
final class DfTable {

    private static final String ROW = "%-20s %11s %11s %11s %4s %s";

    private DfTable() {
    }

    /** Prints the table of {@code st} for the filesystem mounted at {@code mountpoint}. */
    static void print(PrintWriter out, FsStat st, String mountpoint, boolean inodes) {
        if (inodes) {
            out.println(String.format(Locale.ROOT, ROW, "UUID", "Inodes", "IUsed", "IFree", "IUse%", "Mounted on"));
        } else {
            out.println(String.format(Locale.ROOT, ROW, "UUID", "1K-blocks", "Used", "Available", "Use%", "Mounted on"));
        }
        // the summary in bytes (os_bsize 1), as mntdf adds up blocks * bsize
        long blocks = 0;
        long bfree = 0;
        long bavail = 0;
        long files = 0;
        long ffree = 0;
        long ostFiles = 0;
        long ostFfree = 0;
        boolean haveOst = false;
        for (boolean mdts : new boolean[] {true, false}) {
            for (FsStat.TargetStat t : st.targets()) {
                if (t.mdt() != mdts) {
                    continue;
                }
                ObdStatfs s = t.statfs();
                if (!mdts && !haveOst) {
                    // with OSTs, MDT space is not the filesystem's
                    haveOst = true;
                    blocks = 0;
                    bfree = 0;
                    bavail = 0;
                }
                out.println(row(t.name() + "_UUID", s, inodes, mountpoint + (mdts ? "[MDT:" : "[OST:") + t.index() + "]"));
                if (mdts) {
                    files += s.files();
                    ffree += s.ffree();
                } else {
                    ostFiles += s.files();
                    ostFfree += s.ffree();
                }
                blocks += s.blocks() * s.bsize();
                bfree += s.bfree() * s.bsize();
                bavail += s.bavail() * s.bsize();
            }
        }
        if (ostFiles != 0 && ostFfree < ffree) {
            files = files - ffree + ostFfree;
            ffree = ostFfree;
        }
        ObdStatfs sum = new ObdStatfs(0, blocks, bfree, bavail, files, ffree, "", 1, 0, 0, 0, 0, 0);
        out.println();
        out.println(row("filesystem_summary:", sum, inodes, mountpoint));
        out.println();
    }

    /** One row ({@code showdf}): totals in KiB for space, counts for inodes, and the ratio used. */
    static String row(String uuid, ObdStatfs s, boolean inodes, String mounted) {
        long total;
        long used;
        long avail;
        if (inodes) {
            total = s.files();
            used = s.files() - s.ffree();
            avail = s.ffree();
        } else {
            total = s.blocks() * s.bsize() >> 10;
            used = (s.blocks() - s.bfree()) * s.bsize() >> 10;
            avail = s.bavail() * s.bsize() >> 10;
        }
        String line = String.format(Locale.ROOT, ROW, uuid, Long.toUnsignedString(total), Long.toUnsignedString(used),
                Long.toUnsignedString(avail), String.format(Locale.ROOT, "%3d%%", ratio(s, inodes)), mounted);
        // showdf prints a space for any state, then the letters of the error states alone
        return s.state() == 0 ? line : line + " " + states(s.state());
    }

    /** {@code obd_statfs_ratio}: the percentage used, rounded up. */
    static int ratio(ObdStatfs s, boolean inodes) {
        double avail = inodes ? s.ffree() : s.bavail();
        double used = inodes ? s.files() - s.ffree() : s.blocks() - s.bfree();
        double ratio = avail + used > 0 ? used / (used + avail) * 100 : 0;
        return ratio - (int) ratio > 0 ? (int) (ratio + 1) : (int) ratio;
    }

    /** The state letters lfs shows without {@code -v} ({@code oss_names} with {@code osn_err}). */
    private static String states(int state) {
        StringBuilder sb = new StringBuilder();
        int[] bits = {ObdStatfs.OS_STATFS_DEGRADED, ObdStatfs.OS_STATFS_READONLY, ObdStatfs.OS_STATFS_NOCREATE,
            ObdStatfs.OS_STATFS_ENOSPC, ObdStatfs.OS_STATFS_ENOINO};
        char[] names = {'D', 'R', 'N', 'S', 'I'};
        for (int i = 0; i < bits.length; i++) {
            if ((state & bits[i]) != 0) {
                sb.append(names[i]);
            }
        }
        return sb.toString();
    }
}
