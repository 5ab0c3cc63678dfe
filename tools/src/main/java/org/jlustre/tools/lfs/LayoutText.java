package org.jlustre.tools.lfs;

import java.io.PrintWriter;
import java.util.Locale;
import org.jlustre.client.Layout;
import org.jlustre.common.Fid;

/**
 * {@code lfs getstripe}'s text for a plain layout, as Lustre 2.15 prints it
 * (lustre/utils/liblustreapi.c, {@code lov_dump_user_lmm_header} and
 * {@code lov_dump_user_lmm_v1v3}, default verbosity): a file's {@code lmm_*} lines and its
 * objects table, a directory's default on one line.
 */
final class LayoutText {

    /** {@code LOV_PATTERN_RAID0}. */
    static final int PATTERN_RAID0 = 0x001;
    /** {@code LOV_PATTERN_MDT} (Data-on-MDT). */
    static final int PATTERN_MDT = 0x100;
    /** {@code LOV_PATTERN_OVERSTRIPING}. */
    static final int PATTERN_OVERSTRIPING = 0x200;

    private LayoutText() {
    }

    /** {@code layout2name}: the pattern's name, or its hex value when not one lfs knows. */
    static String patternName(int pattern) {
        return switch (pattern) {
            case PATTERN_RAID0 -> "raid0";
            case PATTERN_MDT -> "mdt";
            case PATTERN_RAID0 | PATTERN_OVERSTRIPING -> "raid0,overstriped";
            default -> Integer.toHexString(pattern);
        };
    }

    /**
     * A file's layout: its path, the {@code lmm_} lines, the objects table and an empty line.
     * Only objects on OST {@code ostIndex} are listed, marked {@code *}, when it is not -1
     * ({@code --ost}).
     */
    static void file(PrintWriter out, String path, Layout l, int ostIndex) {
        out.println(path);
        out.println("lmm_stripe_count:  " + (short) l.stripeCount());
        out.println("lmm_stripe_size:   " + Integer.toUnsignedString(l.stripeSize()));
        out.println("lmm_pattern:       " + patternName(l.pattern()));
        out.println("lmm_layout_gen:    " + Integer.toUnsignedString(l.layoutGen()));
        out.println("lmm_stripe_offset: " + (l.objects().isEmpty() ? l.stripeOffset()
                : l.objects().getFirst().ostIndex()));
        if (!l.pool().isEmpty()) {
            out.println("lmm_pool:          " + l.pool());
        }
        if (l.pattern() != PATTERN_MDT) {
            out.println("\tobdidx\t\t objid\t\t objid\t\t group");
            for (Layout.StripeObject o : l.objects()) {
                if (ostIndex == -1 || ostIndex == o.ostIndex()) {
                    out.println(objectLine(o, ostIndex == o.ostIndex()));
                }
            }
        }
        out.println();
    }

    /**
     * One row of the objects table: {@code "\t%6u\t%14llu\t%#13llx\t"} then the group in decimal
     * for the reserved and MDT0 sequences, else {@code %#14llx}, of the object's {@code ost_id}.
     */
    static String objectLine(Layout.StripeObject o, boolean marked) {
        Fid f = o.object();
        // the ost_id of an IDIF object is (group 0, its object id); of any other FID, (its seq, its oid)
        long id = f.isIdif() ? f.idifObjectId() : f.oidUnsigned();
        long group = f.isIdif() ? 0 : f.seq();
        String groupText = group >= 0 && group <= Fid.SEQ_RSVD ? String.format(Locale.ROOT, "%14d", group)
                : String.format(Locale.ROOT, "%14s", alternateHex(group));
        return String.format(Locale.ROOT, "\t%6d\t%14d\t%13s\t%s%s", Integer.toUnsignedLong(o.ostIndex()), id,
                alternateHex(id), groupText, marked ? " *" : "");
    }

    /** C's {@code %#llx}: {@code 0x} and hex digits, but a plain {@code 0} for zero. */
    private static String alternateHex(long v) {
        return v == 0 ? "0" : "0x" + Long.toHexString(v);
    }

    /**
     * A directory's default layout on one line after its path, then an empty line. Zero count or
     * size fields are the filesystem's defaults ({@code sattr_cache_get_defaults}): given here as
     * {@code fsCount} and {@code fsSize}.
     */
    static void directory(PrintWriter out, String path, Layout l, int fsCount, int fsSize) {
        out.println(path);
        StringBuilder line = new StringBuilder();
        line.append("stripe_count:  ").append(l.stripeCount() == 0 ? fsCount : (short) l.stripeCount());
        line.append(" stripe_size:   ").append(Integer.toUnsignedString(l.stripeSize() == 0 ? fsSize : l.stripeSize()));
        line.append(" pattern:       ").append(patternName(l.pattern()));
        line.append(" stripe_offset: ").append(l.stripeOffset() == 0xffff ? -1 : l.stripeOffset());
        if (!l.pool().isEmpty()) {
            line.append(" pool:          ").append(l.pool());
        }
        out.println(line);
        out.println();
    }
}
