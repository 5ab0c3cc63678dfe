package org.jlustre.mdt.perm;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;
import org.jlustre.common.Nid;

/**
 * A list of NID ranges as Lustre's parameters write them ({@code cfs_parse_nidlist},
 * lnet/lnet/nidstrings.c), for {@code nosquash_nids}: ranges separated by spaces, each
 * {@code ADDRESSES@NET}, where the addresses are {@code *} (the whole network), a dotted quad
 * whose parts are expressions, or for non-IP networks one expression. An expression is
 * {@code *}, {@code N}, {@code N-M}, {@code N-M/STEP}, or a bracketed comma list of those:
 * {@code 192.168.[1-10/2,20].*@tcp 0@lo}. {@code NONE} or an empty text is the empty list.
 */
public final class NidList {

    /** The empty list: matches nothing. */
    public static final NidList NONE = new NidList(List.of(), "NONE");

    /** One {@code ADDRESSES@NET}: the network and, per address part, the allowed values. */
    private record Range(int lnd, int netNum, List<List<int[]>> parts) {
        boolean matches(Nid nid) {
            if (nid.lnd() != lnd || nid.netNum() != netNum) {
                return false;
            }
            if (parts.isEmpty()) {
                return true; // "*@net"
            }
            int n = parts.size();
            for (int i = 0; i < n; i++) {
                int value = n == 1 ? nid.address() : (nid.address() >>> (8 * (n - 1 - i))) & 0xff;
                if (!inAny(parts.get(i), value)) {
                    return false;
                }
            }
            return true;
        }

        private static boolean inAny(List<int[]> exprs, int value) {
            long v = Integer.toUnsignedLong(value);
            for (int[] e : exprs) {
                long lo = Integer.toUnsignedLong(e[0]);
                long hi = Integer.toUnsignedLong(e[1]);
                if (v >= lo && v <= hi && (v - lo) % e[2] == 0) {
                    return true;
                }
            }
            return false;
        }
    }

    private final List<Range> ranges;
    private final String text;

    private NidList(List<Range> ranges, String text) {
        this.ranges = List.copyOf(ranges);
        this.text = text;
    }

    /**
     * Parses a NID list.
     *
     * @throws LustreException EINVAL naming the range that is not valid
     */
    public static NidList parse(String text) throws LustreException {
        String t = text == null ? "" : text.strip();
        if (t.isEmpty() || t.equals("NONE")) {
            return NONE;
        }
        List<Range> out = new ArrayList<>();
        for (String item : t.split("\\s+")) {
            out.add(range(item));
        }
        return new NidList(out, String.join(" ", t.split("\\s+")));
    }

    private static Range range(String item) throws LustreException {
        int at = item.lastIndexOf('@');
        if (at <= 0 || at == item.length() - 1) {
            throw new LustreException(Errno.EINVAL, "NID range '" + item + "' is not ADDRESSES@NET");
        }
        String addr = item.substring(0, at);
        String net = item.substring(at + 1).toLowerCase(Locale.ROOT);
        Nid sample;
        boolean ip = true;
        try {
            sample = Nid.parse("0.0.0.0@" + net);
        } catch (LustreException notIp) {
            try {
                sample = Nid.parse("0@" + net);
                ip = false;
            } catch (LustreException e) {
                throw new LustreException(Errno.EINVAL, "NID range '" + item + "': unknown network '" + net + "'");
            }
        }
        if (addr.equals("*")) {
            return new Range(sample.lnd(), sample.netNum(), List.of());
        }
        List<List<int[]>> parts = new ArrayList<>();
        if (ip) {
            String[] quads = splitQuads(addr);
            if (quads.length != 4) {
                throw new LustreException(Errno.EINVAL, "NID range '" + item + "': '" + addr + "' is not four parts");
            }
            for (String q : quads) {
                parts.add(exprList(item, q, 255));
            }
        } else {
            parts.add(exprList(item, addr, -1));
        }
        return new Range(sample.lnd(), sample.netNum(), parts);
    }

    /** Splits at the dots outside brackets. */
    private static String[] splitQuads(String addr) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < addr.length(); i++) {
            char c = addr.charAt(i);
            if (c == '[') {
                depth++;
            } else if (c == ']') {
                depth--;
            } else if (c == '.' && depth == 0) {
                out.add(addr.substring(start, i));
                start = i + 1;
            }
        }
        out.add(addr.substring(start));
        return out.toArray(String[]::new);
    }

    /** {@code cfs_expr_list_parse}: a bracketed list or one range; each as {lo, hi, step}. */
    private static List<int[]> exprList(String item, String s, int max) throws LustreException {
        List<int[]> out = new ArrayList<>();
        if (s.startsWith("[") && s.endsWith("]") && s.length() > 2) {
            for (String r : s.substring(1, s.length() - 1).split(",", -1)) {
                out.add(rangeExpr(item, r, max));
            }
        } else {
            out.add(rangeExpr(item, s, max));
        }
        return out;
    }

    /** {@code cfs_range_expr_parse}: {@code *}, {@code N}, {@code N-M} or {@code N-M/STEP}. */
    private static int[] rangeExpr(String item, String r, int max) throws LustreException {
        if (r.equals("*")) {
            return new int[] {0, max, 1};
        }
        try {
            int slash = r.indexOf('/');
            String span = slash < 0 ? r : r.substring(0, slash);
            int step = slash < 0 ? 1 : Integer.parseInt(r.substring(slash + 1));
            int dash = span.indexOf('-');
            long lo = Long.parseLong(dash < 0 ? span : span.substring(0, dash));
            long hi = dash < 0 ? lo : Long.parseLong(span.substring(dash + 1));
            long limit = max < 0 ? 0xffffffffL : max;
            if (lo < 0 || hi < lo || hi > limit || step < 1 || (slash >= 0 && dash < 0)) {
                throw new NumberFormatException(r);
            }
            return new int[] {(int) lo, (int) hi, step};
        } catch (NumberFormatException e) {
            throw new LustreException(Errno.EINVAL, "NID range '" + item + "': bad expression '" + r + "'");
        }
    }

    /** Whether {@code nid} is in one of the ranges ({@code cfs_match_nid}). */
    public boolean matches(Nid nid) {
        for (Range r : ranges) {
            if (r.matches(nid)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the list is empty. */
    public boolean isEmpty() {
        return ranges.isEmpty();
    }

    /** The list as given (ranges separated by single spaces), or NONE. */
    @Override
    public String toString() {
        return text;
    }
}
