package org.jlustre.osc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.CRC32C;
import org.jlustre.common.Errno;
import org.jlustre.common.Fid;
import org.jlustre.common.LustreException;
import org.jlustre.testing.Nodes;
import org.jlustre.wire.Le;
import org.jlustre.wire.ObdStatfs;
import org.jlustre.wire.ost.NiobufRemote;
import org.jlustre.wire.ost.ObdBrw;
import org.jlustre.wire.ost.ObdFlags;
import org.jlustre.wire.ost.ObdIoobj;
import org.jlustre.wire.ost.ObdMd;
import org.jlustre.wire.ost.Obdo;
import org.jlustre.wire.ost.OstId;
import org.jlustre.wire.ost.OstLayout;
import org.jlustre.wire.ptlrpc.ConnectFlags;
import org.jlustre.wire.ptlrpc.ObdConnectData;
import org.jlustre.wire.ptlrpc.Opcodes;
import org.jlustre.wire.ptlrpc.Portals;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the OSC puts on the wire, checked against a scripted OST ({@link FakeOst}): the connect
 * data of a 2.15 client's OSC, each RPC's portal and buffers as reference 1.6 lists them
 * (lustre/ptlrpc/layout.c RQF_OST_*), the obdo's valid bits, the BRW's ioobj, niobufs, grant and
 * checksum, and how it treats replies that are wrong.
 */
class OscWireTest {

    private static final Fid OBJ = Fid.idif(0x1234, 0);
    private Nodes nodes;
    private FakeOst ost;

    @BeforeEach
    void start() throws LustreException {
        nodes = new Nodes(Nodes.Driver.MEM);
        ost = new FakeOst(nodes);
    }

    @AfterEach
    void stop() {
        ost.close();
        nodes.close();
    }

    private static Obdo body(FakeOst.Seen s) {
        return Obdo.read(s.buf(1), 0, false);
    }

    /** Replies with an ost_body that has these valid bits and a size. */
    private void replyBody(int opc, long valid) {
        ost.handlers.put(opc, req -> {
            req.packReply(Obdo.SIZE);
            Obdo in = Obdo.read(req.buf(1, Obdo.SIZE, "body"), 0, false);
            new Obdo().oi(in.oi()).valid(valid).size(777).write(req.replyBuf(1), 0);
        });
    }

    @Test
    void connectAsksWhatA215ClientsOscAsks() throws LustreException {
        try (Osc osc = ost.client("c1", true)) {
            ObdConnectData asked = ost.lastAsked;
            assertThat(asked.connectFlags()).isEqualTo(Osc.CONNECT_FLAGS);
            assertThat(asked.connectFlags2()).isEqualTo(Osc.CONNECT_FLAGS2);
            assertThat(asked.brwSize()).isEqualTo(64 << 20);
            assertThat(asked.grant()).isEqualTo(128 << 20);
            assertThat(asked.grantBlkbits()).isEqualTo(12);
            assertThat(asked.cksumTypes()).isEqualTo(ObdFlags.OBD_CKSUM_ADLER | ObdFlags.OBD_CKSUM_CRC32C);
            assertThat(asked.version()).isEqualTo(0x020F0000);
            // the terms taken from the answer
            assertThat(osc.brwSize()).isEqualTo(4 << 20);
            assertThat(osc.checksumType()).isEqualTo(ObdFlags.OBD_CKSUM_CRC32C);
            assertThat(osc.grantAvailable()).isEqualTo(8L << 20);
            assertThat(osc.maxBytes()).isEqualTo(1L << 44);
            assertThat(Osc.CONNECT_FLAGS & ConnectFlags.OBD_CONNECT_IBITS).isZero();
        }
    }

    @Test
    void eachRpcGoesToItsPortalWithItsBuffers() throws LustreException {
        replyBody(Opcodes.OST_GETATTR, ObdMd.FLID | ObdMd.FLGROUP | ObdMd.FLSIZE);
        replyBody(Opcodes.OST_SETATTR, ObdMd.FLID | ObdMd.FLGROUP);
        replyBody(Opcodes.OST_PUNCH, ObdMd.FLID | ObdMd.FLGROUP);
        replyBody(Opcodes.OST_DESTROY, ObdMd.FLID | ObdMd.FLGROUP);
        replyBody(Opcodes.OST_SYNC, ObdMd.FLID | ObdMd.FLGROUP);
        ost.handlers.put(Opcodes.OST_CREATE, req -> {
            req.packReply(Obdo.SIZE);
            new Obdo().oi(OstId.legacy(40, 0)).valid(ObdMd.FLID | ObdMd.FLGROUP).write(req.replyBuf(1), 0);
        });
        ost.handlers.put(Opcodes.OST_STATFS, req -> {
            req.packReply(ObdStatfs.SIZE);
            new ObdStatfs(0xbd00bd0L, 1000, 900, 800, 100, 90, "fsid", 4096, 255, 1L << 40, 0, 0, 0)
                    .write(req.replyBuf(1), 0);
        });
        ost.handlers.put(Opcodes.OST_GET_INFO, req -> {
            String key = new String(req.buf(1, 1, "key").toArray(ValueLayout.JAVA_BYTE), StandardCharsets.US_ASCII);
            if (key.startsWith(Osc.KEY_LAST_ID)) {
                req.packReply(8);
                req.replyBuf(1).set(Le.U64, 0, 41);
            } else {
                req.packReply(Fid.SIZE);
                new Fid(0x2c0000400L, 99, 0).writeLE(req.replyBuf(1), 0);
            }
        });
        try (Osc osc = ost.client("c2", true)) {
            assertThat(osc.getattr(OBJ).size()).isEqualTo(777);
            osc.setParent(OBJ, Fid.of(0x200000401L, 7), 2, new OstLayout(1 << 20, 4, 0, -1L, 1));
            osc.punch(OBJ, 4096);
            osc.destroy(OBJ);
            osc.sync(OBJ, 0, Obdo.OBJECT_EOF);
            assertThat(osc.precreate(Fid.idif(64, 0))).isEqualTo(Fid.idif(40, 0));
            assertThat(osc.statfs().bfree()).isEqualTo(900);
            assertThat(osc.lastId()).isEqualTo(41);
            assertThat(osc.lastFid(new Fid(0x2c0000400L, 0, 0))).isEqualTo(new Fid(0x2c0000400L, 99, 0));
        }
        FakeOst.Seen get = ost.seen(Opcodes.OST_GETATTR).getFirst();
        assertThat(get.portal()).isEqualTo(Portals.OST_REQUEST);
        assertThat(get.lens()).containsExactly(Obdo.SIZE, 0);
        assertThat(body(get).valid()).isEqualTo(ObdMd.FLID | ObdMd.FLGROUP);
        assertThat(body(get).oi()).isEqualTo(OstId.legacy(0x1234, 0));

        FakeOst.Seen set = ost.seen(Opcodes.OST_SETATTR).getFirst();
        assertThat(set.portal()).isEqualTo(Portals.OST_REQUEST);
        assertThat(set.lens()).containsExactly(Obdo.SIZE, 0);
        Obdo sb = body(set);
        assertThat(sb.valid()).isEqualTo(ObdMd.FLID | ObdMd.FLGROUP | ObdMd.FLFID | ObdMd.FLOSTLAYOUT);
        assertThat(sb.parentSeq()).isEqualTo(0x200000401L);
        assertThat(sb.parentOid()).isEqualTo(7);
        assertThat(sb.stripeIdx()).isEqualTo(2);
        assertThat(sb.layout()).isEqualTo(new OstLayout(1 << 20, 4, 0, -1L, 1));

        FakeOst.Seen punch = ost.seen(Opcodes.OST_PUNCH).getFirst();
        assertThat(punch.portal()).isEqualTo(Portals.OST_IO);
        assertThat(punch.lens()).containsExactly(Obdo.SIZE, 0);
        assertThat(body(punch).valid()).isEqualTo(ObdMd.FLID | ObdMd.FLGROUP | ObdMd.FLSIZE | ObdMd.FLBLOCKS);
        assertThat(body(punch).size()).isEqualTo(4096);
        assertThat(body(punch).blocks()).isEqualTo(-1L);

        FakeOst.Seen destroy = ost.seen(Opcodes.OST_DESTROY).getFirst();
        assertThat(destroy.portal()).isEqualTo(Portals.OST_IO);
        assertThat(destroy.lens()).containsExactly(Obdo.SIZE, 104, 0);
        assertThat(destroy.bufs().get(2)).containsOnly(0);

        FakeOst.Seen sync = ost.seen(Opcodes.OST_SYNC).getFirst();
        assertThat(sync.portal()).isEqualTo(Portals.OST_REQUEST);
        assertThat(body(sync).blocks()).isEqualTo(-1L);

        FakeOst.Seen create = ost.seen(Opcodes.OST_CREATE).getFirst();
        assertThat(create.portal()).isEqualTo(Portals.OST_CREATE);
        assertThat(create.lens()).containsExactly(Obdo.SIZE);
        assertThat(body(create).valid()).isEqualTo(ObdMd.FLGROUP);
        assertThat(body(create).oi()).isEqualTo(OstId.legacy(64, 0));

        FakeOst.Seen statfs = ost.seen(Opcodes.OST_STATFS).getFirst();
        assertThat(statfs.portal()).isEqualTo(Portals.OST_CREATE);
        assertThat(statfs.lens()).isEmpty();

        List<FakeOst.Seen> info = ost.seen(Opcodes.OST_GET_INFO);
        assertThat(info.get(0).portal()).isEqualTo(Portals.OST_REQUEST);
        assertThat(info.get(0).lens()).containsExactly(8);
        assertThat(info.get(0).bufs().get(1)).isEqualTo("last_id\0".getBytes(StandardCharsets.US_ASCII));
        assertThat(info.get(1).lens()).containsExactly(9, 16);
        assertThat(info.get(1).bufs().get(1)).isEqualTo("last_fid\0".getBytes(StandardCharsets.US_ASCII));
        assertThat(Fid.readLE(info.get(1).buf(2), 0)).isEqualTo(new Fid(0x2c0000400L, 0, 0));
    }

    /** An OST_WRITE handler that takes the bulk and answers with these rcs and checksum. */
    private void acceptWrites(MemorySegment into, int rc, boolean lieAboutChecksum) {
        ost.handlers.put(Opcodes.OST_WRITE, req -> {
            Obdo in = Obdo.read(req.buf(1, Obdo.SIZE, "body"), 0, false);
            ObdIoobj io = ObdIoobj.read(req.buf(2, ObdIoobj.SIZE, "ioobj"), 0, false);
            long total = 0;
            for (int i = 0; i < io.bufcnt(); i++) {
                total += NiobufRemote.read(req.buf(3, 16 * io.bufcnt(), "nb"), 16L * i, false).length();
            }
            MemorySegment got = into.asSlice(0, total);
            req.bulkGet(List.of(got));
            CRC32C crc = new CRC32C();
            crc.update(got.asByteBuffer());
            int server = (int) crc.getValue() ^ (lieAboutChecksum ? 1 : 0);
            req.packReply(Obdo.SIZE, 4 * io.bufcnt());
            new Obdo().oi(in.oi()).valid(ObdMd.FLID | ObdMd.FLGROUP | ObdMd.FLCKSUM | ObdMd.FLFLAGS | ObdMd.FLGRANT)
                    .flags(ObdFlags.CKSUM_CRC32C).cksum(server).grant(4096).write(req.replyBuf(1), 0);
            for (int i = 0; i < io.bufcnt(); i++) {
                req.replyBuf(2).set(Le.U32, 4L * i, i == 0 ? rc : 0);
            }
        });
    }

    private static MemorySegment pattern(int n, int seed) {
        MemorySegment s = Arena.ofAuto().allocate(n);
        java.util.Random r = new java.util.Random(seed);
        for (int i = 0; i < n; i++) {
            s.set(ValueLayout.JAVA_BYTE, i, (byte) r.nextInt());
        }
        return s;
    }

    @Test
    void aWriteCarriesIoobjNiobufsGrantAndChecksumAndTheBytes() throws LustreException {
        MemorySegment server = Arena.ofAuto().allocate(1 << 20);
        acceptWrites(server, 0, false);
        MemorySegment data = pattern(8192, 1);
        try (Osc osc = ost.client("c3", true)) {
            assertThat(osc.write(OBJ, 4096, data)).isEqualTo(8192);
            // 8 KiB of 4 KiB chunks taken, the reply's 4 KiB given back
            assertThat(osc.grantAvailable()).isEqualTo((8L << 20) - 8192 + 4096);
            assertThat(osc.grantDirty()).isZero();
        }
        assertThat(server.asSlice(0, 8192).mismatch(data)).isEqualTo(-1);
        FakeOst.Seen w = ost.seen(Opcodes.OST_WRITE).getFirst();
        assertThat(w.portal()).isEqualTo(Portals.OST_IO);
        assertThat(w.lens()).containsExactly(Obdo.SIZE, ObdIoobj.SIZE, NiobufRemote.SIZE, 0, 0);
        Obdo b = body(w);
        assertThat(b.valid()).isEqualTo(ObdMd.FLID | ObdMd.FLGROUP | ObdMd.FLBLOCKS | ObdMd.FLGRANT | ObdMd.FLCKSUM
                | ObdMd.FLFLAGS);
        assertThat(b.flags()).isEqualTo(ObdFlags.CKSUM_CRC32C);
        CRC32C crc = new CRC32C();
        crc.update(data.asByteBuffer());
        assertThat(b.cksum()).isEqualTo((int) crc.getValue());
        assertThat(b.dirty()).isEqualTo(8192);
        assertThat(b.grant()).isEqualTo((8L << 20) - 8192);
        assertThat(b.undirty()).isEqualTo(36 << 20);
        ObdIoobj io = ObdIoobj.read(w.buf(2), 0, false);
        assertThat(io.oid()).isEqualTo(OstId.legacy(0x1234, 0));
        assertThat(io.maxBrw()).isEqualTo(3 << 16);
        assertThat(io.bufcnt()).isEqualTo(1);
        assertThat(NiobufRemote.read(w.buf(3), 0, false))
                .isEqualTo(new NiobufRemote(4096, 8192, ObdBrw.WRITE | ObdBrw.FROM_GRANT));
    }

    @Test
    void aLargeWriteIsSeveralRpcsOfBrwSize() throws LustreException {
        MemorySegment server = Arena.ofAuto().allocate(4 << 20);
        acceptWrites(server, 0, false);
        try (Osc osc = ost.client("c4", false)) {
            assertThat(osc.write(OBJ, 0, pattern((10 << 20) + 5, 2))).isEqualTo((10 << 20) + 5);
        }
        List<FakeOst.Seen> w = ost.seen(Opcodes.OST_WRITE);
        assertThat(w).hasSize(3);
        assertThat(w.stream().map(s -> NiobufRemote.read(s.buf(3), 0, false).offset()).sorted().toList())
                .containsExactly(0L, 4L << 20, 8L << 20);
        // checksums off: no FLCKSUM
        assertThat(body(w.getFirst()).has(ObdMd.FLCKSUM)).isFalse();
    }

    @Test
    void aWriteChecksumMismatchIsAnErrorNamingBothValues() throws LustreException {
        acceptWrites(Arena.ofAuto().allocate(1 << 20), 0, true);
        MemorySegment data = pattern(4096, 3);
        CRC32C crc = new CRC32C();
        crc.update(data.asByteBuffer());
        String mine = Integer.toHexString((int) crc.getValue());
        String theirs = Integer.toHexString((int) crc.getValue() ^ 1);
        try (Osc osc = ost.client("c5", true)) {
            assertThatThrownBy(() -> osc.write(OBJ, 0, data)).isInstanceOfSatisfying(LustreException.class,
                    e -> assertThat(e.errno()).isEqualTo(Errno.EIO)).hasMessageContaining("BAD WRITE CHECKSUM")
                    .hasMessageContaining(mine).hasMessageContaining(theirs);
            // the grant the failed write held is reported as dropped, not kept
            assertThat(osc.grantDirty()).isZero();
        }
    }

    @Test
    void aNiobufErrorFailsTheWriteWithIt() throws LustreException {
        acceptWrites(Arena.ofAuto().allocate(1 << 20), -Errno.ENOSPC.value(), false);
        try (Osc osc = ost.client("c6", false)) {
            assertThatThrownBy(() -> osc.write(OBJ, 100, pattern(50, 4))).isInstanceOfSatisfying(
                    LustreException.class, e -> assertThat(e.errno()).isEqualTo(Errno.ENOSPC))
                    .hasMessageContaining("niobuf 0 [100, +50)");
        }
    }

    @Test
    void theOscsParametersShowAndChangeItsTerms() throws LustreException {
        MemorySegment server = Arena.ofAuto().allocate(1 << 20);
        acceptWrites(server, 0, false);
        try (Osc osc = ost.client("c8", true)) {
            var params = ost.lastClientNode.libcfs().params();
            String p = "osc." + osc.name() + ".";
            assertThat(params.get(p + "checksum_type").getFirst().value()).isEqualTo("adler [crc32c]\n");
            assertThat(params.get(p + "max_pages_per_rpc").getFirst().value().trim()).isEqualTo("1024");
            assertThat(params.get(p + "cur_grant_bytes").getFirst().value().trim()).isEqualTo(String.valueOf(8 << 20));
            params.set(p + "max_rpcs_in_flight", "3");
            assertThat(params.get(p + "max_rpcs_in_flight").getFirst().value().trim()).isEqualTo("3");
            assertThatThrownBy(() -> params.set(p + "max_rpcs_in_flight", "0")).isInstanceOf(LustreException.class);
            params.set(p + "checksums", "0");
            assertThat(osc.checksumType()).isZero();
            osc.write(OBJ, 0, pattern(100, 9));
            assertThat(body(ost.seen(Opcodes.OST_WRITE).getLast()).has(ObdMd.FLCKSUM)).isFalse();
        }
        // closing the OSC removes them
        assertThat(ost.lastClientNode.libcfs().params().exists("osc.*.checksums")).isFalse();
    }

    /**
     * An OST_READ handler that has {@code have} bytes of {@code data} for the object, PUTs what
     * of it the niobufs reach (a short read stops at the end), says it read {@code claim} bytes
     * (the true count when negative) and sends a CRC-32C, wrong when {@code lie}.
     */
    private void serveReads(MemorySegment data, long have, long claim, boolean lie) {
        serveReads(data, have, claim, lie, ObdFlags.CKSUM_CRC32C);
    }

    /** The same, naming the checksum type by this o_flags code (a CRC-32C is sent whatever it says). */
    private void serveReads(MemorySegment data, long have, long claim, boolean lie, int cksumFlags) {
        ost.handlers.put(Opcodes.OST_READ, req -> {
            Obdo in = Obdo.read(req.buf(1, Obdo.SIZE, "body"), 0, false);
            ObdIoobj io = ObdIoobj.read(req.buf(2, ObdIoobj.SIZE, "ioobj"), 0, false);
            long[] offs = new long[io.bufcnt()];
            int[] lens = new int[io.bufcnt()];
            for (int i = 0; i < offs.length; i++) {
                NiobufRemote nb = NiobufRemote.read(req.buf(3, 16 * offs.length, "nb"), 16L * i, false);
                offs[i] = nb.offset();
                lens[i] = nb.len();
            }
            long nob = 0;
            java.util.List<MemorySegment> frags = new java.util.ArrayList<>();
            for (int i = 0; i < offs.length && offs[i] < have; i++) {
                long n = Math.min(lens[i], have - offs[i]);
                frags.add(data.asSlice(offs[i], n));
                nob += n;
                if (n < lens[i]) {
                    break;
                }
            }
            org.jlustre.ptlrpc.BulkLayout layout = org.jlustre.ptlrpc.BulkLayout.of(offs, lens).truncate(nob);
            req.bulkPut(frags, layout);
            CRC32C crc = new CRC32C();
            for (MemorySegment f : frags) {
                crc.update(f.asByteBuffer());
            }
            req.packReply(Obdo.SIZE, 0);
            new Obdo().oi(in.oi()).valid(ObdMd.FLID | ObdMd.FLGROUP | ObdMd.FLCKSUM | ObdMd.FLFLAGS)
                    .flags(cksumFlags).cksum((int) crc.getValue() ^ (lie ? 0x100 : 0))
                    .write(req.replyBuf(1), 0);
            req.status((int) (claim < 0 ? nob : claim));
        });
    }

    @Test
    void aShortReadSaysHowMuchAndZeroesTheRest() throws LustreException {
        MemorySegment data = pattern(10000, 10);
        serveReads(data, 10000, -1, false);
        try (Osc osc = ost.client("r1", true)) {
            MemorySegment into = Arena.ofAuto().allocate(20000);
            into.fill((byte) 0x77);
            assertThat(osc.read(OBJ, 1000, into)).isEqualTo(9000);
            assertThat(into.asSlice(0, 9000).mismatch(data.asSlice(1000))).isEqualTo(-1);
            assertThat(into.asSlice(9000).mismatch(Arena.ofAuto().allocate(11000))).isEqualTo(-1);
            // past the end: nothing, all zeros
            into.fill((byte) 0x77);
            assertThat(osc.read(OBJ, 50000, into)).isZero();
            assertThat(into.mismatch(Arena.ofAuto().allocate(20000))).isEqualTo(-1);
        }
        FakeOst.Seen r = ost.seen(Opcodes.OST_READ).getFirst();
        assertThat(r.portal()).isEqualTo(Portals.OST_IO);
        assertThat(r.lens()).containsExactly(Obdo.SIZE, ObdIoobj.SIZE, NiobufRemote.SIZE, 0, 0);
        Obdo b = body(r);
        assertThat(b.valid()).isEqualTo(ObdMd.FLID | ObdMd.FLGROUP | ObdMd.FLBLOCKS | ObdMd.FLGRANT | ObdMd.FLCKSUM
                | ObdMd.FLFLAGS);
        assertThat(b.flags()).isEqualTo(ObdFlags.CKSUM_CRC32C);
        assertThat(NiobufRemote.read(r.buf(3), 0, false)).isEqualTo(new NiobufRemote(1000, 20000, ObdBrw.READ));
    }

    @Test
    void aReadChecksumMismatchIsAnErrorNamingBothValues() throws LustreException {
        MemorySegment data = pattern(8192, 11);
        serveReads(data, 8192, -1, true);
        CRC32C crc = new CRC32C();
        crc.update(data.asByteBuffer());
        try (Osc osc = ost.client("r2", true)) {
            assertThatThrownBy(() -> osc.read(OBJ, 0, Arena.ofAuto().allocate(8192)))
                    .isInstanceOfSatisfying(LustreException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EIO))
                    .hasMessageContaining("BAD READ CHECKSUM")
                    .hasMessageContaining(Integer.toHexString((int) crc.getValue()))
                    .hasMessageContaining(Integer.toHexString((int) crc.getValue() ^ 0x100));
        }
    }

    @Test
    void aReadChecksumOfATypeNeverOfferedIsEproto() throws LustreException {
        serveReads(pattern(8192, 13), 8192, -1, false, ObdFlags.CKSUM_T10IP4K);
        try (Osc osc = ost.client("r4", true)) {
            assertThatThrownBy(() -> osc.read(OBJ, 0, Arena.ofAuto().allocate(8192)))
                    .isInstanceOfSatisfying(LustreException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EPROTO))
                    .hasMessageContaining("the OST checksummed with").hasMessageContaining("t10ip4K");
        }
    }

    @Test
    void aReadLengthThatDisagreesWithTheBulkIsEproto() throws LustreException {
        MemorySegment data = pattern(8192, 12);
        try (Osc osc = ost.client("r3", false)) {
            // more than asked
            serveReads(data, 8192, 9000, false);
            assertThatThrownBy(() -> osc.read(OBJ, 0, Arena.ofAuto().allocate(8192)))
                    .isInstanceOfSatisfying(LustreException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EPROTO))
                    .hasMessageContaining("9000 bytes of the 8192");
            // less than the bulk moved
            serveReads(data, 8192, 100, false);
            assertThatThrownBy(() -> osc.read(OBJ, 0, Arena.ofAuto().allocate(8192)))
                    .isInstanceOfSatisfying(LustreException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EPROTO))
                    .hasMessageContaining("bulk moved 8192");
        }
    }

    @Test
    void smallIoGoesInTheMessagesWhenTheOstGrantsShortIo() throws LustreException {
        ost.shortIo = true;
        MemorySegment kept = Arena.ofAuto().allocate(1 << 20);
        ost.handlers.put(Opcodes.OST_WRITE, req -> {
            NiobufRemote nb = NiobufRemote.read(req.buf(3, 16, "nb"), 0, false);
            MemorySegment data = req.buf(5, nb.len(), "short_io");
            MemorySegment.copy(data, 0, kept, nb.offset(), nb.len());
            CRC32C crc = new CRC32C();
            crc.update(data.asByteBuffer());
            req.packReply(Obdo.SIZE, 4);
            new Obdo().valid(ObdMd.FLCKSUM | ObdMd.FLFLAGS).flags(ObdFlags.CKSUM_CRC32C).cksum((int) crc.getValue())
                    .write(req.replyBuf(1), 0);
        });
        ost.handlers.put(Opcodes.OST_READ, req -> {
            NiobufRemote nb = NiobufRemote.read(req.buf(3, 16, "nb"), 0, false);
            int n = (int) Math.min(nb.len(), 5000 - nb.offset());
            MemorySegment data = kept.asSlice(nb.offset(), n);
            CRC32C crc = new CRC32C();
            crc.update(data.asByteBuffer());
            req.packReply(Obdo.SIZE, n);
            new Obdo().valid(ObdMd.FLCKSUM | ObdMd.FLFLAGS).flags(ObdFlags.CKSUM_CRC32C).cksum((int) crc.getValue())
                    .write(req.replyBuf(1), 0);
            req.replyBuf(2).copyFrom(data);
            req.status(n);
        });
        MemorySegment data = pattern(4000, 13);
        try (Osc osc = ost.client("s1", true)) {
            assertThat(osc.write(OBJ, 1000, data)).isEqualTo(4000);
            MemorySegment back = Arena.ofAuto().allocate(6000);
            back.fill((byte) 1);
            assertThat(osc.read(OBJ, 1000, back)).isEqualTo(4000);
            assertThat(back.asSlice(0, 4000).mismatch(data)).isEqualTo(-1);
            assertThat(back.asSlice(4000).mismatch(Arena.ofAuto().allocate(2000))).isEqualTo(-1);
        }
        FakeOst.Seen w = ost.seen(Opcodes.OST_WRITE).getFirst();
        assertThat(w.lens()).containsExactly(Obdo.SIZE, ObdIoobj.SIZE, NiobufRemote.SIZE, 0, 4000);
        assertThat(body(w).flags()).isEqualTo(ObdFlags.SHORT_IO | ObdFlags.CKSUM_CRC32C);
        assertThat(ObdIoobj.read(w.buf(2), 0, false).maxBrw()).isZero();
        assertThat(w.buf(5).mismatch(data)).isEqualTo(-1);
        FakeOst.Seen r = ost.seen(Opcodes.OST_READ).getFirst();
        assertThat(r.lens()).containsExactly(Obdo.SIZE, ObdIoobj.SIZE, NiobufRemote.SIZE, 0, 0);
        assertThat(body(r).flags()).isEqualTo(ObdFlags.SHORT_IO | ObdFlags.CKSUM_CRC32C);
        assertThat(ObdIoobj.read(r.buf(2), 0, false).maxBrw()).isZero();
    }

    @Test
    void anOstErrorNamesTheObjectAndOperation() throws LustreException {
        ost.handlers.put(Opcodes.OST_GETATTR, req -> {
            throw new LustreException(Errno.ENOENT, "no such object");
        });
        try (Osc osc = ost.client("c7", true)) {
            assertThatThrownBy(() -> osc.getattr(OBJ)).isInstanceOfSatisfying(LustreException.class,
                    e -> assertThat(e.errno()).isEqualTo(Errno.ENOENT)).hasMessageContaining("getattr of " + OBJ);
        }
    }
}
