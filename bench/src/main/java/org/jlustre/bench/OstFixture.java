package org.jlustre.bench;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.jlustre.common.Fid;
import org.jlustre.common.Libcfs;
import org.jlustre.common.LustreException;
import org.jlustre.common.Nid;
import org.jlustre.common.TimeSource;
import org.jlustre.lnet.Lnet;
import org.jlustre.lnet.socklnd.AcceptPolicy;
import org.jlustre.lnet.socklnd.Socklnd;
import org.jlustre.lnet.socklnd.SocklndConfig;
import org.jlustre.osc.IoExtent;
import org.jlustre.osc.Osc;
import org.jlustre.osc.OscConfig;
import org.jlustre.osd.OsdDevice;
import org.jlustre.osd.mem.MemOsdConfig;
import org.jlustre.osd.mem.OsdMem;
import org.jlustre.ost.BulkTransfer;
import org.jlustre.ost.Ofd;
import org.jlustre.ost.OfdIo;
import org.jlustre.ost.Ost;
import org.jlustre.ost.OstServices;
import org.jlustre.ost.TxnRecord;
import org.jlustre.ptlrpc.Ptlrpc;

/**
 * An OST on osd-mem with objects to write, driven either in-process (the ofd's own read and
 * write paths, the bulk a plain copy from or to the client's buffer: obdfilter-survey's
 * {@code case=disk}) or by an {@link Osc} over TCP loopback ({@code case=network}, client
 * {@code 127.0.0.2@tcp}, server {@code 127.0.0.1@tcp}).
 */
final class OstFixture implements AutoCloseable {

    /** Where the I/O comes from. */
    enum Path {
        /** The ofd called directly, no network. */
        LOCAL,
        /** An OSC over socklnd on TCP loopback. */
        TCP
    }

    /** Bytes each object's writes and reads cycle through. */
    static final long SPAN = 64L << 20;

    private final Libcfs serverLibcfs;
    private final Lnet serverLnet;
    private final Ptlrpc server;
    private final OsdDevice disk;
    private final Ofd ofd;
    private final OstServices oss;
    private final Ost ost;
    private final Lnet clientLnet;
    private final Ptlrpc client;
    final Osc osc;
    final Arena arena = Arena.ofShared();

    OstFixture(Path path, int objects) throws LustreException {
        serverLibcfs = new Libcfs(TimeSource.system(), new SplittableRandom(1));
        serverLibcfs.debug().setConsole(null);
        serverLnet = Lnet.create(serverLibcfs);
        ConcurrentHashMap<Long, Integer> ports = new ConcurrentHashMap<>();
        if (path == Path.TCP) {
            Socklnd sl = (Socklnd) serverLnet.addNi(Socklnd.tcp(SocklndConfig.of(new Nid(Nid.SOCKLND, 0, 0x7f000001))
                    .withAcceptPort(0).withAcceptMode(AcceptPolicy.Mode.ALL)));
            ports.put(sl.nid(), sl.acceptPort());
        }
        server = Ptlrpc.start(serverLnet);
        // room for every object's span, written twice over
        disk = OsdMem.create(MemOsdConfig.defaults("bench-ost").withLibcfs(serverLibcfs)
                .withCapacity(Math.max(1L << 30, 3 * SPAN * objects)));
        ofd = Ofd.mount(disk, serverLibcfs, "lustre-OST0000", 0);
        ofd.precreate(Fid.SEQ_OST_MDT0, objects, TxnRecord.NONE);
        if (path == Path.TCP) {
            oss = OstServices.start(server);
            ost = oss.serve(ofd);
            Libcfs c = new Libcfs(TimeSource.system(), new SplittableRandom(2));
            c.debug().setConsole(null);
            clientLnet = Lnet.create(c);
            clientLnet.addNi(Socklnd.tcp(SocklndConfig.of(new Nid(Nid.SOCKLND, 0, 0x7f000002)).withListen(false)
                    .withPeerPort(n -> ports.getOrDefault(n, 988))));
            client = Ptlrpc.start(clientLnet);
            osc = new Osc(client, OscConfig.client("lustre", 0, List.of(Nid.fromLnetNid(serverLnet.nids().getFirst())),
                    "bench", Duration.ofSeconds(100)));
            osc.connect();
        } else {
            oss = null;
            ost = null;
            clientLnet = null;
            client = null;
            osc = null;
        }
    }

    /** Object {@code i} (0-based) of the precreated ones. */
    static Fid object(int i) {
        return Fid.idif(i + 1, 0);
    }

    /** A client buffer of {@code len} bytes, off-heap and touched. */
    MemorySegment buffer(int len) {
        MemorySegment m = arena.allocate(len, 4096);
        m.fill((byte) 0x5a);
        return m;
    }

    /** One in-process write of {@code data} at {@code off} of object {@code i}: the ofd's path, the bulk a copy. */
    long localWrite(int i, long off, MemorySegment data) throws LustreException {
        BulkTransfer from = frags -> copy(data, frags, true);
        return ofd.io().write(object(i), new long[] {off}, new int[] {(int) data.byteSize()}, from,
                OfdIo.WriteAttrs.NONE, TxnRecord.NONE);
    }

    /** One in-process read into {@code into} from {@code off} of object {@code i}. */
    long localRead(int i, long off, MemorySegment into) throws LustreException {
        BulkTransfer to = frags -> copy(into, frags, false);
        return ofd.io().read(object(i), new long[] {off}, new int[] {(int) into.byteSize()}, to);
    }

    private static long copy(MemorySegment client, List<MemorySegment> frags, boolean toOsd) {
        long at = 0;
        for (MemorySegment f : frags) {
            if (toOsd) {
                MemorySegment.copy(client, at, f, 0, f.byteSize());
            } else {
                MemorySegment.copy(f, 0, client, at, f.byteSize());
            }
            at += f.byteSize();
        }
        return at;
    }

    /** One write through the OSC. */
    CompletableFuture<Long> write(int i, long off, MemorySegment data) {
        return osc.writeAsync(object(i), List.of(new IoExtent(off, data)), null);
    }

    /** One read through the OSC. */
    CompletableFuture<Long> read(int i, long off, MemorySegment into) {
        return osc.readAsync(object(i), List.of(new IoExtent(off, into)));
    }

    @Override
    public void close() {
        if (osc != null) {
            osc.close();
            client.close();
            clientLnet.close();
            ost.close();
            oss.close();
        }
        ofd.close();
        disk.close();
        server.close();
        serverLnet.close();
        arena.close();
    }
}
