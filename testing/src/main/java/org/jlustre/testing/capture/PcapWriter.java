package org.jlustre.testing.capture;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Inet4Address;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeSet;
import org.jlustre.testing.capture.RecordingProxy.Chunk;
import org.jlustre.testing.capture.RecordingProxy.Direction;

/**
 * Writes one recorded TCP connection as a classic libpcap file (magic 0xa1b2c3d4, version 2.4,
 * LINKTYPE_ETHERNET) with synthesized Ethernet, IPv4 and TCP headers: SYN / SYN-ACK / ACK,
 * then the data with correct sequence and acknowledgement numbers, a pure ACK from the receiver
 * after each read chunk the other side does not answer straight away, FINs at the end, and
 * real IPv4 and TCP checksums.
 *
 * <p>Each recorded chunk (one read of the proxy) becomes one or more segments of at most
 * {@link #MAX_SEGMENT} payload bytes; a segment is also cut at every given stream offset
 * (message boundaries), so that every message starts a segment of its own. Wireshark's lnet
 * dissector can only start decoding at a segment that begins at a ksock_msg.
 */
public final class PcapWriter {

    /** The most payload per segment. */
    public static final int MAX_SEGMENT = 1400;
    public static final int LINKTYPE_ETHERNET = 1;
    public static final int TCP_FIN = 0x01;
    public static final int TCP_SYN = 0x02;
    public static final int TCP_PSH = 0x08;
    public static final int TCP_ACK = 0x10;
    private static final int WINDOW_SCALE = 7;

    /** An IPv4 endpoint in the capture. */
    public record Endpoint(Inet4Address ip, int port) {
    }

    /** A frame written: its number (from 1), direction, flags and the stream bytes it carries. */
    public record Frame(int number, Direction dir, int flags, long start, long end, long micros) {
    }

    private final OutputStream out;
    private final Map<Direction, Endpoint> from = new EnumMap<>(Direction.class);
    private final Map<Direction, Long> isn = new EnumMap<>(Direction.class);
    private final Map<Direction, Long> sent = new EnumMap<>(Direction.class);
    private final Map<Direction, Boolean> fin = new EnumMap<>(Direction.class);
    private final Map<Direction, Integer> ipId = new EnumMap<>(Direction.class);
    private final List<Frame> frames = new ArrayList<>();

    private PcapWriter(OutputStream out, Endpoint client, Endpoint server) {
        this.out = out;
        from.put(Direction.CLIENT_TO_SERVER, client);
        from.put(Direction.SERVER_TO_CLIENT, server);
        isn.put(Direction.CLIENT_TO_SERVER, 0x1000_0000L);
        isn.put(Direction.SERVER_TO_CLIENT, 0x2000_0000L);
        for (Direction d : Direction.values()) {
            sent.put(d, 0L);
            fin.put(d, false);
            ipId.put(d, d == Direction.CLIENT_TO_SERVER ? 0x100 : 0x200);
        }
    }

    /**
     * Writes {@code chunks} (in sequence order) as a connection from {@code client} to
     * {@code server} opened at {@code openedMicros}; {@code cuts} are the stream offsets, per
     * direction, where a segment must start.
     */
    public static List<Frame> write(Path file, List<Chunk> chunks, long openedMicros, Endpoint client, Endpoint server,
            Map<Direction, ? extends java.util.Collection<Long>> cuts) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            PcapWriter w = new PcapWriter(o, client, server);
            w.globalHeader();
            w.run(chunks, openedMicros, cuts);
            return List.copyOf(w.frames);
        }
    }

    private void run(List<Chunk> chunks, long openedMicros, Map<Direction, ? extends java.util.Collection<Long>> cuts)
            throws IOException {
        Direction c2s = Direction.CLIENT_TO_SERVER;
        Direction s2c = Direction.SERVER_TO_CLIENT;
        Map<Direction, NavigableSet<Long>> at = new EnumMap<>(Direction.class);
        for (Direction d : Direction.values()) {
            at.put(d, cuts.containsKey(d) ? new TreeSet<>(cuts.get(d)) : new TreeSet<>());
        }
        // the handshake: sequence numbers consumed by SYN are added to isn below
        segment(c2s, TCP_SYN, isn.get(c2s), 0, new byte[0], 0, 0, openedMicros, true);
        segment(s2c, TCP_SYN | TCP_ACK, isn.get(s2c), isn.get(c2s) + 1, new byte[0], 0, 0, openedMicros, true);
        segment(c2s, TCP_ACK, nextSeq(c2s), ackFor(c2s), new byte[0], 0, 0, openedMicros, false);
        long last = openedMicros;
        for (int i = 0; i < chunks.size(); i++) {
            Chunk c = chunks.get(i);
            Direction d = c.dir();
            last = Math.max(last, c.micros());
            if (c.eof()) {
                finish(d, last);
                continue;
            }
            if (fin.get(d)) {
                throw new IllegalStateException("data after FIN in " + d);
            }
            byte[] data = c.data();
            long base = sent.get(d);
            int p = 0;
            while (p < data.length) {
                long abs = base + p;
                int n = Math.min(MAX_SEGMENT, data.length - p);
                Long cut = at.get(d).higher(abs);
                if (cut != null && cut < abs + n) {
                    n = (int) (cut - abs);
                }
                int flags = TCP_ACK | (p + n == data.length ? TCP_PSH : 0);
                segment(d, flags, nextSeq(d), ackFor(d), data, p, n, c.micros(), false);
                p += n;
            }
            boolean answered = i + 1 < chunks.size() && chunks.get(i + 1).dir() == d.other()
                    && !chunks.get(i + 1).eof();
            if (!answered && !fin.get(d.other())) {
                segment(d.other(), TCP_ACK, nextSeq(d.other()), ackFor(d.other()), new byte[0], 0, 0, c.micros(),
                        false);
            }
        }
        // a direction whose end was not recorded (the test closed the proxy) closes here
        for (Direction d : List.of(c2s, s2c)) {
            if (!fin.get(d)) {
                finish(d, last);
            }
        }
    }

    /** FIN from {@code d}, and the other side's ACK of it if it has not sent its own FIN yet. */
    private void finish(Direction d, long micros) throws IOException {
        segment(d, TCP_FIN | TCP_ACK, nextSeq(d), ackFor(d), new byte[0], 0, 0, micros, false);
        fin.put(d, true);
        segment(d.other(), TCP_ACK, nextSeq(d.other()), ackFor(d.other()), new byte[0], 0, 0, micros, false);
    }

    private long nextSeq(Direction d) {
        return isn.get(d) + 1 + sent.get(d) + (fin.get(d) ? 1 : 0);
    }

    private long ackFor(Direction d) {
        return nextSeq(d.other());
    }

    private void globalHeader() throws IOException {
        ByteBuffer b = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0xa1b2c3d4); // written in our (little-endian) order, as libpcap does
        b.putShort((short) 2).putShort((short) 4);
        b.putInt(0); // thiszone
        b.putInt(0); // sigfigs
        b.putInt(65535); // snaplen
        b.putInt(LINKTYPE_ETHERNET);
        out.write(b.array());
    }

    private static byte[] mac(Inet4Address ip) {
        byte[] a = ip.getAddress();
        return new byte[] {0x02, 0x00, a[0], a[1], a[2], a[3]};
    }

    private void segment(Direction d, int flags, long seq, long ack, byte[] data, int off, int len, long micros,
            boolean syn) throws IOException {
        Endpoint src = from.get(d);
        Endpoint dst = from.get(d.other());
        int tcpHdr = syn ? 28 : 20;
        int ipLen = 20 + tcpHdr + len;
        ByteBuffer f = ByteBuffer.allocate(14 + ipLen).order(ByteOrder.BIG_ENDIAN);
        // Ethernet II
        f.put(mac(dst.ip())).put(mac(src.ip())).putShort((short) 0x0800);
        // IPv4
        int ip = f.position();
        int id = ipId.get(d);
        ipId.put(d, (id + 1) & 0xffff);
        f.put((byte) 0x45).put((byte) 0).putShort((short) ipLen).putShort((short) id).putShort((short) 0x4000)
                .put((byte) 64).put((byte) 6).putShort((short) 0).put(src.ip().getAddress())
                .put(dst.ip().getAddress());
        f.putShort(ip + 10, (short) checksum(f.array(), ip, 20, 0));
        // TCP
        int tcp = f.position();
        f.putShort((short) src.port()).putShort((short) dst.port()).putInt((int) seq)
                .putInt((flags & TCP_ACK) != 0 ? (int) ack : 0).put((byte) ((tcpHdr / 4) << 4)).put((byte) flags)
                .putShort((short) 65535).putShort((short) 0).putShort((short) 0);
        if (syn) {
            // MSS 1460, NOP, window scale
            f.put((byte) 2).put((byte) 4).putShort((short) 1460).put((byte) 1).put((byte) 3).put((byte) 3)
                    .put((byte) WINDOW_SCALE);
        }
        f.put(data, off, len);
        byte[] a = f.array();
        long pseudo = sum(src.ip().getAddress(), 0, 4) + sum(dst.ip().getAddress(), 0, 4) + 6 + tcpHdr + len;
        f.putShort(tcp + 16, (short) checksum(a, tcp, tcpHdr + len, pseudo));

        ByteBuffer rec = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        rec.putInt((int) (micros / 1_000_000)).putInt((int) (micros % 1_000_000)).putInt(a.length).putInt(a.length);
        out.write(rec.array());
        out.write(a);
        long start = sent.get(d);
        frames.add(new Frame(frames.size() + 1, d, flags, start, start + len, micros));
        sent.put(d, start + len);
    }

    private static long sum(byte[] a, int off, int len) {
        long s = 0;
        for (int i = 0; i + 1 < len; i += 2) {
            s += ((a[off + i] & 0xff) << 8) | (a[off + i + 1] & 0xff);
        }
        if ((len & 1) != 0) {
            s += (a[off + len - 1] & 0xff) << 8;
        }
        return s;
    }

    /** The Internet checksum of {@code len} bytes at {@code off} plus {@code initial}. */
    private static int checksum(byte[] a, int off, int len, long initial) {
        long s = initial + sum(a, off, len);
        while ((s >>> 16) != 0) {
            s = (s & 0xffff) + (s >>> 16);
        }
        return (int) (~s & 0xffff);
    }
}
