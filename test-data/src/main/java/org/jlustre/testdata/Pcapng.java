package org.jlustre.testdata;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The TCP segments of a pcapng capture (the format of {@code captures/}), read far enough for
 * the tests that compare our wire bytes with Lustre's: section header, interface descriptions
 * (Ethernet only), enhanced and simple packet blocks, then Ethernet II, IPv4 and TCP headers.
 * Frames are numbered from 1 as Wireshark numbers them; frames that are not IPv4 TCP are
 * counted but not returned. Anything the reader cannot follow (a truncated block, another link
 * type, IP fragments) is an {@link IllegalArgumentException} naming the frame and the offset.
 */
public final class Pcapng {

    /** {@code Section Header Block}. */
    private static final int SHB = 0x0A0D0D0A;
    /** The byte-order magic of a section header, as the writer wrote it. */
    private static final int BYTE_ORDER_MAGIC = 0x1A2B3C4D;
    /** {@code Interface Description Block}. */
    private static final int IDB = 1;
    /** {@code Simple Packet Block}. */
    private static final int SPB = 3;
    /** {@code Enhanced Packet Block}. */
    private static final int EPB = 6;
    /** {@code LINKTYPE_ETHERNET}. */
    private static final int LINKTYPE_ETHERNET = 1;

    /** TCP flag FIN. */
    public static final int TCP_FIN = 0x01;
    /** TCP flag SYN. */
    public static final int TCP_SYN = 0x02;
    /** TCP flag PSH. */
    public static final int TCP_PSH = 0x08;
    /** TCP flag ACK. */
    public static final int TCP_ACK = 0x10;

    private Pcapng() {
    }

    /**
     * One IPv4 TCP segment.
     *
     * @param frame the frame number, from 1
     * @param src the source address and port, {@code a.b.c.d:port}
     * @param dst the destination address and port
     * @param seq the raw sequence number
     * @param ack the raw acknowledgement number
     * @param flags the TCP flags ({@link #TCP_SYN} ...)
     * @param payload the TCP payload
     */
    public record Segment(int frame, String src, String dst, long seq, long ack, int flags, byte[] payload) {

        /** The connection and direction, {@code src>dst}. */
        public String direction() {
            return src + ">" + dst;
        }

        /** The destination port. */
        public int dstPort() {
            return Integer.parseInt(dst.substring(dst.lastIndexOf(':') + 1));
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "frame %d %s flags 0x%02x seq %d ack %d, %d bytes", frame, direction(),
                    flags, seq, ack, payload.length);
        }
    }

    /** The TCP segments of the capture at {@code file}, in file order. */
    public static List<Segment> tcpSegments(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return tcpSegments(bytes);
    }

    /** The TCP segments of a pcapng file's bytes, in file order. */
    public static List<Segment> tcpSegments(byte[] file) {
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        List<Segment> out = new ArrayList<>();
        List<Integer> linkTypes = new ArrayList<>();
        int frame = 0;
        int at = 0;
        while (at < file.length) {
            if (file.length - at < 12) {
                throw new IllegalArgumentException("truncated block at offset " + at);
            }
            // the section header's type reads the same in either byte order; its magic sets the order
            int type = b.getInt(at);
            if (at == 0 && type != SHB) {
                throw new IllegalArgumentException(String.format(Locale.ROOT,
                        "not a pcapng file: it starts with 0x%08x, not a section header", type));
            }
            if (type == SHB) {
                b.order(ByteOrder.LITTLE_ENDIAN);
                if (b.getInt(at + 8) != BYTE_ORDER_MAGIC) {
                    b.order(ByteOrder.BIG_ENDIAN);
                }
                if (b.getInt(at + 8) != BYTE_ORDER_MAGIC) {
                    throw new IllegalArgumentException(String.format(Locale.ROOT,
                            "section header at offset %d has byte-order magic 0x%08x", at, b.getInt(at + 8)));
                }
                linkTypes.clear();
            }
            int len = b.getInt(at + 4);
            if (len < 12 || len % 4 != 0 || len > file.length - at || b.getInt(at + len - 4) != len) {
                throw new IllegalArgumentException("block of type " + type + " at offset " + at + " has length " + len);
            }
            switch (type) {
                case IDB -> linkTypes.add(Short.toUnsignedInt(b.getShort(at + 8)));
                case EPB -> {
                    frame++;
                    int iface = b.getInt(at + 8);
                    int captured = b.getInt(at + 20);
                    packet(out, frame, linkType(linkTypes, iface, frame), Arrays.copyOfRange(file, at + 28,
                            at + 28 + captured), at);
                }
                case SPB -> {
                    frame++;
                    int original = b.getInt(at + 8);
                    int captured = Math.min(original, len - 16);
                    packet(out, frame, linkType(linkTypes, 0, frame), Arrays.copyOfRange(file, at + 12,
                            at + 12 + captured), at);
                }
                default -> {
                    // name resolution, statistics and other blocks carry no packets
                }
            }
            at += len;
        }
        return List.copyOf(out);
    }

    private static int linkType(List<Integer> linkTypes, int iface, int frame) {
        if (iface < 0 || iface >= linkTypes.size()) {
            throw new IllegalArgumentException("frame " + frame + " names interface " + iface + " of "
                    + linkTypes.size());
        }
        return linkTypes.get(iface);
    }

    private static void packet(List<Segment> out, int frame, int linkType, byte[] p, int offset) {
        if (linkType != LINKTYPE_ETHERNET) {
            throw new IllegalArgumentException("frame " + frame + " (block at offset " + offset + ") has link type "
                    + linkType + "; only Ethernet is read");
        }
        ByteBuffer f = ByteBuffer.wrap(p).order(ByteOrder.BIG_ENDIAN);
        if (p.length < 14 || f.getShort(12) != 0x0800) {
            return;
        }
        int ip = 14;
        int ihl = (p[ip] & 0x0f) * 4;
        if ((p[ip] & 0xf0) != 0x40 || p.length < ip + ihl || p[ip + 9] != 6) {
            return;
        }
        int total = Short.toUnsignedInt(f.getShort(ip + 2));
        if ((f.getShort(ip + 6) & 0x3fff) != 0) {
            throw new IllegalArgumentException("frame " + frame + " is an IP fragment");
        }
        if (ip + total > p.length) {
            throw new IllegalArgumentException("frame " + frame + " holds " + (p.length - ip) + " of its " + total
                    + " IP bytes");
        }
        String src = address(p, ip + 12);
        String dst = address(p, ip + 16);
        int tcp = ip + ihl;
        int dataOff = ((p[tcp + 12] & 0xf0) >>> 4) * 4;
        byte[] payload = Arrays.copyOfRange(p, tcp + dataOff, ip + total);
        out.add(new Segment(frame, src + ":" + Short.toUnsignedInt(f.getShort(tcp)),
                dst + ":" + Short.toUnsignedInt(f.getShort(tcp + 2)), Integer.toUnsignedLong(f.getInt(tcp + 4)),
                Integer.toUnsignedLong(f.getInt(tcp + 8)), p[tcp + 13] & 0x3f, payload));
    }

    private static String address(byte[] p, int at) {
        return (p[at] & 0xff) + "." + (p[at + 1] & 0xff) + "." + (p[at + 2] & 0xff) + "." + (p[at + 3] & 0xff);
    }

    /**
     * The payload bytes of each direction ({@link Segment#direction}) in capture order, segment by
     * segment: one list entry per segment with data, so a test can also see where segments begin.
     * Retransmissions and reordering are not undone (the captures here have none).
     */
    public static Map<String, List<Segment>> byDirection(List<Segment> segments) {
        Map<String, List<Segment>> out = new LinkedHashMap<>();
        for (Segment s : segments) {
            if (s.payload().length > 0) {
                out.computeIfAbsent(s.direction(), k -> new ArrayList<>()).add(s);
            }
        }
        return out;
    }

    /** The payloads of {@code segments} joined into one stream. */
    public static byte[] stream(List<Segment> segments) {
        int n = 0;
        for (Segment s : segments) {
            n += s.payload().length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (Segment s : segments) {
            System.arraycopy(s.payload(), 0, out, at, s.payload().length);
            at += s.payload().length;
        }
        return out;
    }
}
