package org.jlustre.common;

import java.util.Locale;

/**
 * An LNet network identifier in the 64-bit {@code lnet_nid_t} form: the high 32 bits are the
 * network (LND type &lt;&lt; 16 | network number), the low 32 bits the address within it.
 * Text form as {@code libcfs_nid2str} prints it: {@code 192.168.1.5@tcp}, {@code 10.0.0.1@o2ib1},
 * {@code 0@lo}; network number 0 is not printed.
 *
 * <p>LND type numbers and names are LNet's (include/uapi/linux/lnet/nidstr.h,
 * lnet/utils/... nidstrings.c). IP-based networks print the address as a dotted quad, the
 * others as a decimal number.
 *
 * @param lnd the LND type ({@link #SOCKLND}, {@link #O2IBLND}, {@link #LOLND}, ...)
 * @param netNum the network number (0..65535)
 * @param address the address within the network (an IPv4 address for IP networks)
 */
public record Nid(int lnd, int netNum, int address) {

    /** TCP sockets, "tcp". */
    public static final int SOCKLND = 2;
    /** InfiniBand verbs, "o2ib". */
    public static final int O2IBLND = 5;
    /** Loopback, "lo". */
    public static final int LOLND = 9;
    /** Cray Gemini/Aries, "gni". */
    public static final int GNILND = 13;
    /** Cray Gemini/Aries over IP, "gip". */
    public static final int GNIIPLND = 14;
    /** Portals 4, "ptlf". */
    public static final int PTL4LND = 15;
    /** kfabric, "kfi". */
    public static final int KFILND = 16;

    /** {@code LNET_NID_ANY}, printed "&lt;?&gt;". */
    public static final long LNET_NID_ANY = -1L;

    /** The loopback NID {@code 0@lo} ({@code LNET_NID_LO_0}). */
    public static final Nid LO = new Nid(LOLND, 0, 0);

    private record Lnd(int type, String name, boolean ip) {
    }

    private static final Lnd[] LNDS = {
        new Lnd(SOCKLND, "tcp", true),
        new Lnd(O2IBLND, "o2ib", true),
        new Lnd(LOLND, "lo", false),
        new Lnd(GNILND, "gni", false),
        new Lnd(GNIIPLND, "gip", true),
        new Lnd(PTL4LND, "ptlf", false),
        new Lnd(KFILND, "kfi", false),
    };

    /** Validates the field ranges. */
    public Nid {
        if (lnd <= 0 || lnd > 0xffff) {
            throw new IllegalArgumentException("LND type " + lnd + " out of range 1..65535");
        }
        if (netNum < 0 || netNum > 0xffff) {
            throw new IllegalArgumentException("network number " + netNum + " out of range 0..65535");
        }
    }

    /** A TCP NID {@code a.b.c.d@tcp}. */
    public static Nid tcp(int ipv4) {
        return new Nid(SOCKLND, 0, ipv4);
    }

    /** The 64-bit {@code lnet_nid_t}. */
    public long toLnetNid() {
        return ((long) ((lnd << 16) | netNum) << 32) | Integer.toUnsignedLong(address);
    }

    /** The 32-bit network part ({@code LNET_NIDNET}). */
    public int net() {
        return (lnd << 16) | netNum;
    }

    /** The NID of a 64-bit {@code lnet_nid_t}. */
    public static Nid fromLnetNid(long nid) {
        if (nid == LNET_NID_ANY) {
            throw new IllegalArgumentException("LNET_NID_ANY is not a NID");
        }
        int net = (int) (nid >>> 32);
        return new Nid(net >>> 16, net & 0xffff, (int) nid);
    }

    /**
     * Prints a 64-bit NID like {@code libcfs_nid2str}, including {@code <?>} for LNET_NID_ANY and
     * {@code hexaddr@<lnd:num>} for an LND type it does not know (what arrives in garbage), so it
     * never fails.
     */
    public static String toString(long nid) {
        if (nid == LNET_NID_ANY) {
            return "<?>";
        }
        int net = (int) (nid >>> 32);
        int type = net >>> 16;
        if (lndOf(type) == null) {
            return Integer.toHexString((int) nid) + "@<" + type + ":" + (net & 0xffff) + ">";
        }
        return fromLnetNid(nid).toString();
    }

    /** The network name, e.g. {@code tcp}, {@code o2ib1}. */
    public String netName() {
        Lnd l = lndOf(lnd);
        String name = l != null ? l.name : "lnd" + lnd;
        return netNum == 0 ? name : name + netNum;
    }

    @Override
    public String toString() {
        Lnd l = lndOf(lnd);
        String addr = l != null && l.ip
                ? ((address >>> 24) & 0xff) + "." + ((address >>> 16) & 0xff) + "." + ((address >>> 8) & 0xff)
                        + "." + (address & 0xff)
                : Integer.toUnsignedString(address);
        return addr + "@" + netName();
    }

    /**
     * Parses {@code address@net} ({@code libcfs_str2nid}); without {@code @net} the network is
     * {@code tcp}. Host names are not resolved: IP networks need a dotted quad.
     *
     * @throws LustreException {@link Errno#EINVAL} naming the text when it is not a NID
     */
    public static Nid parse(String text) throws LustreException {
        if (text == null || text.isBlank()) {
            throw new LustreException(Errno.EINVAL, "invalid NID '" + text + "': empty");
        }
        String s = text.strip();
        int at = s.lastIndexOf('@');
        String addr = at < 0 ? s : s.substring(0, at);
        String net = at < 0 ? "tcp" : s.substring(at + 1).toLowerCase(Locale.ROOT);
        int digits = net.length();
        while (digits > 0 && Character.isDigit(net.charAt(digits - 1))) {
            digits--;
        }
        String name = net.substring(0, digits);
        int netNum = 0;
        if (digits < net.length()) {
            try {
                netNum = Integer.parseInt(net.substring(digits));
            } catch (NumberFormatException e) {
                netNum = -1;
            }
            if (netNum < 0 || netNum > 0xffff) {
                throw new LustreException(Errno.EINVAL, "invalid NID '" + text + "': bad network number");
            }
        }
        Lnd lnd = null;
        for (Lnd l : LNDS) {
            if (l.name.equals(name)) {
                lnd = l;
            }
        }
        if (lnd == null) {
            throw new LustreException(Errno.EINVAL, "invalid NID '" + text + "': unknown network type '" + name + "'");
        }
        int address = lnd.ip ? parseIpv4(text, addr) : parseDecimal(text, addr);
        return new Nid(lnd.type, netNum, address);
    }

    private static int parseIpv4(String text, String addr) throws LustreException {
        String[] parts = addr.split("\\.", -1);
        if (parts.length != 4) {
            throw new LustreException(Errno.EINVAL, "invalid NID '" + text + "': address '" + addr + "' is not a.b.c.d");
        }
        int ip = 0;
        for (String p : parts) {
            int v;
            try {
                v = p.isEmpty() || p.length() > 3 ? -1 : Integer.parseInt(p);
            } catch (NumberFormatException e) {
                v = -1;
            }
            if (v < 0 || v > 255) {
                throw new LustreException(Errno.EINVAL, "invalid NID '" + text + "': bad address byte '" + p + "'");
            }
            ip = (ip << 8) | v;
        }
        return ip;
    }

    private static int parseDecimal(String text, String addr) throws LustreException {
        try {
            long v = Long.parseLong(addr);
            if (v >= 0 && v <= 0xffffffffL) {
                return (int) v;
            }
        } catch (NumberFormatException e) {
            // fall through to the error below
        }
        throw new LustreException(Errno.EINVAL, "invalid NID '" + text + "': bad address '" + addr + "'");
    }

    private static Lnd lndOf(int type) {
        for (Lnd l : LNDS) {
            if (l.type == type) {
                return l;
            }
        }
        return null;
    }
}
