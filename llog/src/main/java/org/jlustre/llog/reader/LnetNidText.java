package org.jlustre.llog.reader;

/**
 * NIDs as text, as libcfs's userspace {@code libcfs_nid2str} and {@code libcfs_nidstr} print
 * them (libcfs/libcfs/util/nidstrings.c): the LNDs in {@code libcfs_netstrfns}, IP addresses
 * dotted, other addresses decimal, the network number appended when not 0, and unknown LNDs
 * as {@code "%x@<%u:%u>"}.
 */
final class LnetNidText {

    private LnetNidText() {
    }

    /** {@code LNET_NID_ANY}. */
    static final long LNET_NID_ANY = -1L;

    /** One {@code struct netstrfns}: the LND number, its name, and whether addresses are IPv4. */
    private record Lnd(int type, String name, boolean ip) {
    }

    /** {@code libcfs_netstrfns}, in Lustre's order. */
    private static final Lnd[] LNDS = {
        new Lnd(9, "lo", false),
        new Lnd(2, "tcp", true),
        new Lnd(5, "o2ib", true),
        new Lnd(13, "gni", false),
        new Lnd(14, "gip", true),
        new Lnd(15, "ptlf", false),
        new Lnd(16, "kfi", false),
    };

    /** {@code libcfs_lnd2netstrfns}. */
    private static Lnd lnd(int type) {
        for (Lnd l : LNDS) {
            if (l.type == type) {
                return l;
            }
        }
        return null;
    }

    /** {@code libcfs_ip_addr2str}. */
    private static String ipv4(int addr) {
        return (addr >>> 24) + "." + (addr >>> 16 & 0xff) + "." + (addr >>> 8 & 0xff) + "." + (addr & 0xff);
    }

    /** "@name", with the network number when it is not 0. */
    private static String net(Lnd l, int netNum) {
        return netNum == 0 ? "@" + l.name : "@" + l.name + Integer.toUnsignedString(netNum);
    }

    /** {@code libcfs_nid2str} of a 64-bit {@code lnet_nid_t}. */
    static String nid2str(long nid) {
        if (nid == LNET_NID_ANY) {
            return "<?>";
        }
        int addr = (int) nid;
        int net = (int) (nid >>> 32);
        int netNum = net & 0xffff;
        int type = net >>> 16;
        Lnd l = lnd(type);
        if (l == null) {
            return Integer.toHexString(addr) + "@<" + type + ":" + netNum + ">";
        }
        return (l.ip ? ipv4(addr) : Integer.toUnsignedString(addr)) + net(l, netNum);
    }

    /**
     * {@code libcfs_nidstr} of a {@code struct lnet_nid} at {@code addr} (u8 size, u8 type,
     * be16 network number, be32 address[4]), as a changelog record with {@code CLFE_NID_BE}
     * holds it. An IP LND prints a 4-byte address dotted and a 16-byte one as IPv6; for an
     * unknown LND the address words go through the {@code l = snprintf(buf + l, ...)} loop,
     * which keeps only each word's own length, so later words overwrite earlier ones.
     */
    static String nidstr(ReaderMemory mem, long addr) {
        int size = mem.u8(addr);
        int type = mem.u8(addr + 1);
        int netNum = Short.toUnsignedInt(Short.reverseBytes((short) mem.u16(addr + 2)));
        if (size == 0xff && type == 0xff && netNum == 0xffff && allOnes(mem, addr + 4)) {
            return "<?>";
        }
        int addrBytes = size + 4;
        Lnd l = lnd(type);
        if (l != null) {
            String a;
            if (!l.ip) {
                a = Integer.toUnsignedString(mem.be32(addr + 4));
            } else if (addrBytes == 4) {
                a = ipv4(mem.be32(addr + 4));
            } else if (addrBytes == 16) {
                a = ipv6(mem, addr + 4);
            } else {
                a = "";
            }
            return a + net(l, netNum);
        }
        StringBuilder buf = new StringBuilder();
        int l0 = 0;
        int words = Math.min((addrBytes + 3) / 4, 4);
        for (int i = 0; i < words; i++) {
            String piece = (i != 0 ? ":" : "") + Integer.toHexString(mem.be32(addr + 4 + 4L * i));
            buf.setLength(Math.min(buf.length(), l0));
            buf.append(piece);
            l0 = piece.length();
        }
        buf.setLength(Math.min(buf.length(), l0));
        return buf.append("@<").append(type).append(':').append(netNum).append('>').toString();
    }

    /** Whether the four address words are all ones, as in {@code LNET_ANY_NID}. */
    private static boolean allOnes(ReaderMemory mem, long addr) {
        for (int i = 0; i < 4; i++) {
            if (mem.u32(addr + 4L * i) != -1) {
                return false;
            }
        }
        return true;
    }

    /** {@code inet_ntop(AF_INET6)} (glibc's inet_ntop6): the first longest run of zero words as "::". */
    private static String ipv6(ReaderMemory mem, long addr) {
        int[] w = new int[8];
        for (int i = 0; i < 8; i++) {
            w[i] = mem.u8(addr + 2L * i) << 8 | mem.u8(addr + 2L * i + 1);
        }
        int best = -1;
        int bestLen = 0;
        int cur = -1;
        int curLen = 0;
        for (int i = 0; i <= 8; i++) {
            if (i < 8 && w[i] == 0) {
                if (cur == -1) {
                    cur = i;
                    curLen = 0;
                }
                curLen++;
            } else if (cur != -1) {
                if (best == -1 || curLen > bestLen) {
                    best = cur;
                    bestLen = curLen;
                }
                cur = -1;
            }
        }
        if (bestLen < 2) {
            best = -1;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (best != -1 && i >= best && i < best + bestLen) {
                if (i == best) {
                    sb.append(':');
                }
                continue;
            }
            if (i != 0) {
                sb.append(':');
            }
            if (i == 6 && best == 0 && (bestLen == 6 || (bestLen == 5 && w[5] == 0xffff))) {
                sb.append(w[6] >>> 8).append('.').append(w[6] & 0xff).append('.').append(w[7] >>> 8).append('.')
                        .append(w[7] & 0xff);
                return sb.toString();
            }
            sb.append(Integer.toHexString(w[i]));
        }
        if (best != -1 && best + bestLen == 8) {
            sb.append(':');
        }
        return sb.toString();
    }
}
