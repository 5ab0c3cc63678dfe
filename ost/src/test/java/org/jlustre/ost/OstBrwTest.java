package org.jlustre.ost;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;
import org.jlustre.common.Errno;
import org.jlustre.common.Fid;
import org.jlustre.common.LustreException;
import org.jlustre.common.debug.DebugLog;
import org.jlustre.common.debug.DebugMask;
import org.jlustre.osd.OsdDevice;
import org.jlustre.ptlrpc.BulkLayout;
import org.jlustre.ptlrpc.ClientRequest;
import org.jlustre.ptlrpc.Import;
import org.jlustre.ptlrpc.Reply;
import org.jlustre.testing.Nodes;
import org.jlustre.wire.Le;
import org.jlustre.wire.ost.BulkChecksum;
import org.jlustre.wire.ost.NiobufRemote;
import org.jlustre.wire.ost.ObdBrw;
import org.jlustre.wire.ost.ObdFlags;
import org.jlustre.wire.ost.ObdIoobj;
import org.jlustre.wire.ost.ObdMd;
import org.jlustre.wire.ost.Obdo;
import org.jlustre.wire.ost.OstId;
import org.jlustre.wire.ptlrpc.ConnectFlags;
import org.jlustre.wire.ptlrpc.MsgFlags;
import org.jlustre.wire.ptlrpc.Opcodes;
import org.jlustre.wire.ptlrpc.Portals;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * OST_WRITE and OST_READ over the network with requests built by hand (as an OSC builds them:
 * ost_body, one ioobj, the niobufs, the bulk laid out as Lustre splits it), on the in-JVM
 * network and over TCP: data, holes, short reads, checksums, grants, the refusals, ENOSPC.
 */
class OstBrwTest {

    private static final int V = MsgFlags.LUSTRE_OST_VERSION;
    private static final long SEQ = 0x200000400L;

    /** A BRW of {@code fid} over these niobufs with {@code frags} as the client's pages. */
    static ClientRequest brw(Import imp, int opc, Fid fid, long[] offs, int[] lens, int nbFlags,
            List<MemorySegment> frags, Obdo body) throws LustreException {
        int n = offs.length;
        ClientRequest r = imp.request(opc, V, Obdo.SIZE, ObdIoobj.SIZE, NiobufRemote.SIZE * n, 0)
                .requestPortal(Portals.OST_IO);
        body.write(r.buf(1), 0);
        BulkLayout layout = BulkLayout.of(offs, lens);
        ObdIoobj.withMdCount(OstId.of(fid), layout.mdCount(), n).write(r.buf(2), 0);
        for (int i = 0; i < n; i++) {
            new NiobufRemote(offs[i], lens[i], nbFlags).write(r.buf(3), (long) NiobufRemote.SIZE * i);
        }
        return r.bulk(opc == Opcodes.OST_WRITE ? ClientRequest.BulkType.GET_SOURCE : ClientRequest.BulkType.PUT_SINK,
                frags, layout);
    }

    private static Obdo body(Fid fid) {
        return new Obdo().oi(OstId.of(fid)).valid(ObdMd.FLID | ObdMd.FLGROUP);
    }

    private static Reply send(Import imp, ClientRequest r) throws Exception {
        return imp.send(r).get(60, TimeUnit.SECONDS);
    }

    private static int total(int[] lens) {
        return Arrays.stream(lens).sum();
    }

    private static Reply write(Import imp, Fid fid, long[] offs, int[] lens, byte[] data, Obdo b) throws Exception {
        return send(imp, brw(imp, Opcodes.OST_WRITE, fid, offs, lens, ObdBrw.WRITE,
                List.of(MemorySegment.ofArray(data)), b));
    }

    private static Reply read(Import imp, Fid fid, long[] offs, int[] lens, byte[] into, Obdo b) throws Exception {
        return send(imp, brw(imp, Opcodes.OST_READ, fid, offs, lens, ObdBrw.READ,
                List.of(MemorySegment.ofArray(into)), b));
    }

    private static Import connect(OstFixture f, String name, int index) throws Exception {
        Import imp = f.connect(f.clientNode(), name, index, OstFixture.oscConnectData(OstFixture.OSC_FLAGS
                | ConnectFlags.OBD_CONNECT_MDS | ConnectFlags.OBD_CONNECT_FLAGS2, index)
                .withFlags(OstFixture.OSC_FLAGS | ConnectFlags.OBD_CONNECT_MDS | ConnectFlags.OBD_CONNECT_FLAGS2,
                        ConnectFlags.OBD_CONNECT2_REP_MBITS));
        imp.connectSync();
        return imp;
    }

    private static void precreate(Import imp, long upTo) throws LustreException {
        ClientRequest c = imp.request(Opcodes.OST_CREATE, V, Obdo.SIZE).requestPortal(Portals.OST_CREATE);
        body(Fid.of(SEQ, upTo)).write(c.buf(1), 0);
        imp.call(c);
    }

    @ParameterizedTest
    @EnumSource(Nodes.Driver.class)
    void randomSparseUnalignedWritesReadBackWithChecksums(Nodes.Driver driver) throws Exception {
        try (OstFixture f = new OstFixture(driver)) {
            OsdDevice disk = f.disk("brw0", 512L << 20);
            Ost ost = f.serve(disk, 0);
            Import imp = connect(f, "osc-brw", 0);
            precreate(imp, 4);
            Fid fid = Fid.of(SEQ, 2);
            long seed = System.nanoTime();
            System.out.println("OstBrwTest random writes (" + driver + "): seed " + seed);
            SplittableRandom r = new SplittableRandom(seed);
            byte[] shadow = new byte[12 << 20];
            int end = 0;
            int[] types = {ObdFlags.OBD_CKSUM_CRC32C, ObdFlags.OBD_CKSUM_ADLER, ObdFlags.OBD_CKSUM_CRC32};
            for (int w = 0; w < 12; w++) {
                int n = 1 + r.nextInt(4);
                long[] offs = new long[n];
                int[] lens = new int[n];
                long at = r.nextInt(4 << 20);
                for (int i = 0; i < n; i++) {
                    offs[i] = at;
                    lens[i] = 1 + r.nextInt(600_000);
                    at += lens[i] + r.nextInt(2) * r.nextInt(50_000);
                }
                byte[] data = new byte[total(lens)];
                r.nextBytes(data);
                int type = types[w % types.length];
                int clientCksum = BulkChecksum.compute(type, List.of(MemorySegment.ofArray(data)));
                Obdo b = body(fid).flags(ObdFlags.flagsOfCksumType(type)).cksum(clientCksum)
                        .addValid(ObdMd.FLCKSUM | ObdMd.FLFLAGS);
                Reply rep = write(imp, fid, offs, lens, data, b);
                assertThat(rep.status()).isZero();
                assertThat(rep.body().transno()).as("recorded in last_rcvd").isEqualTo(ost.lastRcvd().lastTransno())
                        .isPositive();
                Obdo ro = Obdo.read(rep.buf(1, Obdo.SIZE, "body"), 0, false);
                assertThat(ro.has(ObdMd.FLCKSUM)).isTrue();
                assertThat(ro.cksum()).as("the OST's checksum of what it got").isEqualTo(clientCksum);
                assertThat(rep.message().bufLen(2)).as("one rc per niobuf").isEqualTo(4 * n);
                int p = 0;
                for (int i = 0; i < n; i++) {
                    System.arraycopy(data, p, shadow, (int) offs[i], lens[i]);
                    p += lens[i];
                    end = (int) Math.max(end, offs[i] + lens[i]);
                }
            }
            // a write whose client checksum is wrong: kept, logged, and the OST's own value replied
            byte[] small = new byte[4096];
            r.nextBytes(small);
            int good = BulkChecksum.compute(ObdFlags.OBD_CKSUM_CRC32C, List.of(MemorySegment.ofArray(small)));
            Obdo wrong = body(fid).flags(ObdFlags.CKSUM_CRC32C).cksum(good ^ 1).addValid(ObdMd.FLCKSUM | ObdMd.FLFLAGS);
            Reply mism = write(imp, fid, new long[] {0}, new int[] {4096}, small, wrong);
            assertThat(Obdo.read(mism.buf(1, Obdo.SIZE, "body"), 0, false).cksum()).isEqualTo(good);
            assertThat(f.server.libcfs().debug().snapshot()).anySatisfy(rec -> assertThat(rec.text())
                    .contains("BAD WRITE CHECKSUM").contains(Integer.toHexString(good)));
            System.arraycopy(small, 0, shadow, 0, 4096);
            end = Math.max(end, 4096);

            // one read of everything and 100 KiB past the end: pb_status is the bytes there were
            byte[] back = new byte[end + 100_000];
            Reply rr = read(imp, fid, new long[] {0}, new int[] {back.length}, back, body(fid));
            assertThat(rr.status()).isEqualTo(end);
            assertThat(Arrays.mismatch(Arrays.copyOf(back, end), Arrays.copyOf(shadow, end))).isEqualTo(-1);
            // a read with a checksum over three niobufs
            long[] offs = {100, 70_000, 2_000_000};
            int[] lens = {5000, 300_000, 1 << 20};
            byte[] three = new byte[total(lens)];
            Obdo rb = body(fid).flags(ObdFlags.CKSUM_CRC32C).addValid(ObdMd.FLCKSUM | ObdMd.FLFLAGS);
            Reply r3 = read(imp, fid, offs, lens, three, rb);
            assertThat(r3.status()).isEqualTo(three.length);
            CRC32C crc = new CRC32C();
            int p = 0;
            for (int i = 0; i < 3; i++) {
                assertThat(Arrays.mismatch(Arrays.copyOfRange(three, p, p + lens[i]),
                        Arrays.copyOfRange(shadow, (int) offs[i], (int) offs[i] + lens[i]))).as("niobuf %d", i)
                        .isEqualTo(-1);
                p += lens[i];
            }
            crc.update(three);
            assertThat(Obdo.read(r3.buf(1, Obdo.SIZE, "body"), 0, false).cksum()).isEqualTo((int) crc.getValue());
            String stats = f.server.libcfs().params().get("obdfilter.lustre-OST0000.stats").getFirst().value();
            assertThat(stats).contains("write_bytes").contains("read_bytes");
            assertThat(ost.ofd().getattr(fid).size()).isEqualTo(end);
        }
    }

    @ParameterizedTest
    @EnumSource(Nodes.Driver.class)
    void badBrwsAreRefusedWithNothingWrittenAndTheOstKeepsServing(Nodes.Driver driver) throws Exception {
        try (OstFixture f = new OstFixture(driver)) {
            OsdDevice disk = f.disk("brw1", 64L << 20);
            Ost ost = f.serve(disk, 0);
            Import imp = connect(f, "osc-bad", 0);
            precreate(imp, 2);
            Fid fid = Fid.of(SEQ, 1);
            byte[] data = new byte[8192];
            Arrays.fill(data, (byte) 5);
            List<Errno> got = new ArrayList<>();
            // overlapping niobufs, out of order, past the largest object, a missing object
            got.add(Errno.ofOrNull(-write(imp, fid, new long[] {0, 4096}, new int[] {5000, 3192}, data, body(fid))
                    .status()));
            got.add(Errno.ofOrNull(-write(imp, fid, new long[] {4096, 0}, new int[] {4096, 4096}, data, body(fid))
                    .status()));
            long max = disk.conf().maxBytes();
            ClientRequest tooFar = brw(imp, Opcodes.OST_WRITE, fid, new long[] {0}, new int[] {8192}, ObdBrw.WRITE,
                    List.of(MemorySegment.ofArray(data)), body(fid));
            tooFar.buf(3).set(Le.U64, NiobufRemote.OFF_OFFSET, max - 4096);
            got.add(Errno.ofOrNull(-send(imp, tooFar).status()));
            got.add(Errno.ofOrNull(-read(imp, Fid.of(SEQ, 9), new long[] {0}, new int[] {8192}, data,
                    body(Fid.of(SEQ, 9))).status()));
            // short I/O that was not granted, and a bulk on portal 28
            got.add(Errno.ofOrNull(-write(imp, fid, new long[] {0}, new int[] {8192}, data, body(fid)
                    .flags(ObdFlags.SHORT_IO).addValid(ObdMd.FLFLAGS)).status()));
            ClientRequest wrongPortal = brw(imp, Opcodes.OST_WRITE, fid, new long[] {0}, new int[] {8192},
                    ObdBrw.WRITE, List.of(MemorySegment.ofArray(data)), body(fid)).requestPortal(Portals.OST_REQUEST);
            got.add(Errno.ofOrNull(-send(imp, wrongPortal).status()));
            // an ioobj that says more niobufs than there are
            ClientRequest lying = brw(imp, Opcodes.OST_WRITE, fid, new long[] {0}, new int[] {8192}, ObdBrw.WRITE,
                    List.of(MemorySegment.ofArray(data)), body(fid));
            lying.buf(2).set(Le.U32, ObdIoobj.OFF_BUFCNT, 3);
            got.add(Errno.ofOrNull(-send(imp, lying).status()));
            assertThat(got).containsExactly(Errno.EINVAL, Errno.EINVAL, Errno.EFBIG, Errno.ENOENT, Errno.EPROTO,
                    Errno.EPROTO, Errno.EPROTO);
            assertThat(ost.ofd().getattr(fid).size()).as("nothing written").isZero();

            // and a good write and read still work
            assertThat(write(imp, fid, new long[] {0}, new int[] {8192}, data, body(fid)).status()).isZero();
            byte[] back = new byte[8192];
            assertThat(read(imp, fid, new long[] {0}, new int[] {8192}, back, body(fid)).status()).isEqualTo(8192);
            assertThat(back).isEqualTo(data);
        }
    }

    /** A short I/O BRW: the data in request buffer 5 (a write) or reply buffer 2 (a read), no bulk. */
    private static ClientRequest shortIo(Import imp, int opc, Fid fid, long[] offs, int[] lens, byte[] data) {
        int n = offs.length;
        boolean write = opc == Opcodes.OST_WRITE;
        ClientRequest r = imp.request(opc, V, Obdo.SIZE, ObdIoobj.SIZE, NiobufRemote.SIZE * n, 0,
                write ? data.length : 0).requestPortal(Portals.OST_IO);
        body(fid).flags(ObdFlags.SHORT_IO).addValid(ObdMd.FLFLAGS).write(r.buf(1), 0);
        new ObdIoobj(OstId.of(fid), 0, n).write(r.buf(2), 0);
        for (int i = 0; i < n; i++) {
            new NiobufRemote(offs[i], lens[i], write ? ObdBrw.WRITE : ObdBrw.READ).write(r.buf(3),
                    (long) NiobufRemote.SIZE * i);
        }
        if (write) {
            r.buf(5).copyFrom(MemorySegment.ofArray(data));
        }
        return r.replyCapacity(4096 + total(lens));
    }

    @ParameterizedTest
    @EnumSource(Nodes.Driver.class)
    void shortIoCarriesTheDataInTheMessagesWhenGranted(Nodes.Driver driver) throws Exception {
        try (OstFixture f = new OstFixture(driver)) {
            OsdDevice disk = f.disk("brw3", 64L << 20);
            Ost ost = f.serve(disk, 0);
            long flags = OstFixture.OSC_FLAGS | ConnectFlags.OBD_CONNECT_SHORTIO;
            Import imp = f.connect(f.clientNode(), "osc-short", 0, OstFixture.oscConnectData(flags, 0));
            imp.connectSync();
            assertThat(imp.connectData().connectFlags() & ConnectFlags.OBD_CONNECT_SHORTIO).isNotZero();
            precreate(imp, 1);
            Fid fid = Fid.of(SEQ, 1);
            byte[] data = new byte[10_000];
            new SplittableRandom(5).nextBytes(data);
            long[] offs = {3, 8000};
            int[] lens = {6000, 4000};
            assertThat(send(imp, shortIo(imp, Opcodes.OST_WRITE, fid, offs, lens, data)).status()).isZero();
            assertThat(ost.ofd().getattr(fid).size()).isEqualTo(12_000);
            // read it back past the end: the reply's short_io holds what there was, pb_status says how much
            Reply r = send(imp, shortIo(imp, Opcodes.OST_READ, fid, new long[] {3, 8000}, new int[] {6000, 8000},
                    null));
            assertThat(r.status()).isEqualTo(10_000);
            assertThat(r.message().bufLen(2)).isEqualTo(10_000);
            assertThat(r.buf(2, 10_000, "short_io").toArray(java.lang.foreign.ValueLayout.JAVA_BYTE)).isEqualTo(data);
            // a short write whose buffer disagrees with its niobufs, and one too large for a message
            ClientRequest lying = shortIo(imp, Opcodes.OST_WRITE, fid, new long[] {0}, new int[] {100},
                    new byte[99]);
            assertThat(send(imp, lying).status()).isEqualTo(-Errno.EPROTO.value());
            ClientRequest big = shortIo(imp, Opcodes.OST_WRITE, fid, new long[] {0}, new int[] {1 << 20},
                    new byte[16]);
            assertThat(send(imp, big).status()).isEqualTo(-Errno.EPROTO.value());
            assertThat(ost.ofd().getattr(fid).size()).isEqualTo(12_000);
        }
    }

    @ParameterizedTest
    @EnumSource(Nodes.Driver.class)
    void shortIoIsHandledWhereItArrivesABulkOnAnOstIoThread(Nodes.Driver driver) throws Exception {
        try (OstFixture f = new OstFixture(driver)) {
            Ost ost = f.serve(f.disk("brw4", 64L << 20), 0);
            long flags = OstFixture.OSC_FLAGS | ConnectFlags.OBD_CONNECT_SHORTIO;
            Import imp = f.connect(f.clientNode(), "osc-where", 0, OstFixture.oscConnectData(flags, 0));
            imp.connectSync();
            precreate(imp, 1);
            Fid fid = Fid.of(SEQ, 1);
            byte[] data = new byte[4096];
            new SplittableRandom(6).nextBytes(data);
            // the handler's thread is in every "Handling RPC req" line (pname)
            DebugLog log = f.server.libcfs().debug();
            log.setDebugMask(log.debugMask() | DebugMask.D_RPCTRACE);
            log.clear();
            assertThat(send(imp, shortIo(imp, Opcodes.OST_WRITE, fid, new long[] {0}, new int[] {4096}, data))
                    .status()).isZero();
            assertThat(handlerThreads(log, Opcodes.OST_WRITE)).as("the short write's handler thread").hasSize(1)
                    .noneMatch(t -> t.startsWith("ost_io_"));
            log.clear();
            assertThat(send(imp, shortIo(imp, Opcodes.OST_READ, fid, new long[] {0}, new int[] {4096}, null))
                    .status()).isEqualTo(4096);
            assertThat(handlerThreads(log, Opcodes.OST_READ)).as("the short read's handler thread").hasSize(1)
                    .noneMatch(t -> t.startsWith("ost_io_"));
            log.clear();
            assertThat(write(imp, fid, new long[] {4096}, new int[] {4096}, data, body(fid)).status()).isZero();
            assertThat(handlerThreads(log, Opcodes.OST_WRITE)).as("the bulk write's handler thread").hasSize(1)
                    .allMatch(t -> t.startsWith("ost_io_"));
            assertThat(ost.ofd().getattr(fid).size()).isEqualTo(8192);
        }
    }

    /** The thread names of the "Handling RPC req" lines of opcode {@code opc} in the log. */
    private static List<String> handlerThreads(DebugLog log, int opc) {
        List<String> out = new ArrayList<>();
        for (String line : log.dumpToString().split("\n")) {
            int at = line.indexOf("Handling RPC req");
            if (at >= 0 && line.endsWith(":" + opc)) {
                // "pname:cluuid+ref:pid:xid:nid:opc <pname>:..."
                String fields = line.substring(line.indexOf("opc ", at) + 4);
                out.add(fields.substring(0, fields.indexOf(':')));
            }
        }
        return out;
    }

    @ParameterizedTest
    @EnumSource(Nodes.Driver.class)
    void enospcAtCapacityAndGrantFromWrites(Nodes.Driver driver) throws Exception {
        try (OstFixture f = new OstFixture(driver)) {
            OsdDevice disk = f.disk("brw2", 16L << 20);
            Ost ost = f.serve(disk, 0);
            Import imp = connect(f, "osc-full", 0);
            precreate(imp, 2);
            Fid fid = Fid.of(SEQ, 1);
            long granted = imp.connectData().grant();
            assertThat(granted).isLessThanOrEqualTo(16L << 20);
            byte[] mb = new byte[1 << 20];
            new SplittableRandom(3).nextBytes(mb);
            long written = 0;
            int status = 0;
            for (int i = 0; i < 32 && status == 0; i++) {
                Obdo b = body(fid).blocks(0).undirty(4 << 20).grant(granted)
                        .addValid(ObdMd.FLBLOCKS | ObdMd.FLGRANT);
                Reply r = write(imp, fid, new long[] {written}, new int[] {mb.length}, mb, b);
                status = r.status();
                if (status == 0) {
                    written += mb.length;
                    Obdo ro = Obdo.read(r.buf(1, Obdo.SIZE, "body"), 0, false);
                    assertThat(ro.has(ObdMd.FLGRANT)).isTrue();
                    granted += ro.grant();
                }
            }
            assertThat(status).isEqualTo(-Errno.ENOSPC.value());
            assertThat(written).isPositive();
            assertThat(ost.ofd().getattr(fid).size()).isEqualTo(written);
            assertThat(ost.ofd().grants().totalGranted()).as("never more than the OSD has")
                    .isLessThanOrEqualTo(disk.statfs().bavail() * disk.statfs().bsize());
            byte[] back = new byte[mb.length];
            assertThat(read(imp, fid, new long[] {written - mb.length}, new int[] {mb.length}, back, body(fid))
                    .status()).isEqualTo(mb.length);
            assertThat(back).isEqualTo(mb);
        }
    }
}
