package org.jlustre.ost.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import java.util.SplittableRandom;
import org.jlustre.common.Errno;
import org.jlustre.common.Fid;
import org.jlustre.common.LustreException;
import org.jlustre.osc.IoExtent;
import org.jlustre.osc.Osc;
import org.jlustre.osc.OscConfig;
import org.jlustre.ptlrpc.ClientRequest;
import org.jlustre.ptlrpc.Import;
import org.jlustre.testing.Nodes;
import org.jlustre.wire.ost.NiobufRemote;
import org.jlustre.wire.ost.ObdBrw;
import org.jlustre.wire.ost.ObdIoobj;
import org.jlustre.wire.ost.ObdMd;
import org.jlustre.wire.ost.Obdo;
import org.jlustre.wire.ost.OstId;
import org.jlustre.wire.ptlrpc.MsgFlags;
import org.jlustre.wire.ptlrpc.Opcodes;
import org.jlustre.wire.ptlrpc.Portals;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Bad input reaching the OST through the OSC's import, over both drivers: a write past the
 * largest object, a read of an object that does not exist, niobufs that overlap or are out of
 * order, a bulk that breaks off in the middle, obdos whose valid bits lie. Each gets a clear
 * error, leaves no partial data, and the OST keeps serving the other client.
 */
class OstOverOscBadInputTest {

    private static final int MIB = 1 << 20;
    private static final Fid OBJ = Fid.idif(1, 0);

    private static MemorySegment bytes(int n, int seed) {
        byte[] b = new byte[n];
        new SplittableRandom(seed).nextBytes(b);
        MemorySegment s = Arena.ofAuto().allocate(n);
        MemorySegment.copy(b, 0, s, ValueLayout.JAVA_BYTE, 0, n);
        return s;
    }

    /** The other client still writes and reads its own object. */
    private static void stillServes(Osc other, int seed) throws LustreException {
        Fid mine = Fid.idif(2, 0);
        MemorySegment data = bytes(300_000, seed);
        assertThat(other.write(mine, 4096 * seed + 1, data)).isEqualTo(300_000);
        MemorySegment back = Arena.ofAuto().allocate(300_000);
        other.read(mine, 4096 * seed + 1, back);
        assertThat(back.mismatch(data)).isEqualTo(-1);
    }

    private static void assertErrno(ThrowingCall call, Errno... allowed) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(LustreException.class,
                e -> assertThat(e.errno()).isIn((Object[]) allowed));
    }

    @FunctionalInterface
    private interface ThrowingCall {
        void run() throws Exception;
    }

    @ParameterizedTest
    @EnumSource(Nodes.Driver.class)
    void aWritePastTheLargestObjectIsRefusedWholly(Nodes.Driver driver) throws Exception {
        try (OstOverOscCluster c = new OstOverOscCluster(driver, 64L * MIB)) {
            Osc osc = c.client("bad");
            Osc other = c.client("good");
            osc.precreate(Fid.idif(2, 0));
            long max = osc.maxBytes();
            assertThat(max).isPositive();
            // through the OSC: a range past the largest offset is refused before it is sent
            assertThatThrownBy(() -> osc.write(OBJ, max - 100, bytes(8192, 1)))
                    .isInstanceOfSatisfying(LustreException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EFBIG))
                    .hasMessageContaining(OBJ.toString());
            // a niobuf that says so anyway: the OST refuses it whole
            Import imp = osc.imp();
            assertErrno(() -> imp.call(rawWrite(imp, new long[] {max - 100}, new int[] {8192}, 8192)), Errno.EFBIG,
                    Errno.EINVAL);
            assertErrno(() -> imp.call(rawWrite(imp, new long[] {-4096}, new int[] {4096}, 4096)), Errno.EFBIG,
                    Errno.EINVAL);
            assertThat(osc.getattr(OBJ).size()).isZero();
            stillServes(other, 1);
        }
    }

    @ParameterizedTest
    @EnumSource(Nodes.Driver.class)
    void aMissingObjectIsEnoent(Nodes.Driver driver) throws Exception {
        try (OstOverOscCluster c = new OstOverOscCluster(driver, 64L * MIB)) {
            Osc osc = c.client("bad");
            Osc other = c.client("good");
            osc.precreate(Fid.idif(2, 0));
            Fid missing = Fid.idif(4242, 0);
            assertErrno(() -> osc.read(missing, 0, Arena.ofAuto().allocate(8192)), Errno.ENOENT);
            assertErrno(() -> osc.getattr(missing), Errno.ENOENT);
            assertErrno(() -> osc.write(missing, 0, bytes(10, 2)), Errno.ENOENT);
            stillServes(other, 2);
        }
    }

    /** An OST_WRITE with these niobufs and a bulk of {@code bulk} bytes, sent raw. */
    private static ClientRequest rawWrite(Import imp, long[] offs, int[] lens, int bulk) {
        int n = offs.length;
        ClientRequest req = imp.request(Opcodes.OST_WRITE, MsgFlags.LUSTRE_OST_VERSION, Obdo.SIZE, ObdIoobj.SIZE,
                n * NiobufRemote.SIZE, 0, 0);
        req.requestPortal(Portals.OST_IO);
        new Obdo().oi(OstId.of(OBJ)).valid(ObdMd.FLID | ObdMd.FLGROUP).write(req.buf(1), 0);
        ObdIoobj.withMdCount(OstId.of(OBJ), 4, n).write(req.buf(2), 0);
        for (int i = 0; i < n; i++) {
            new NiobufRemote(offs[i], lens[i], ObdBrw.WRITE).write(req.buf(3), (long) i * NiobufRemote.SIZE);
        }
        req.bulk(ClientRequest.BulkType.GET_SOURCE, List.of(bytes(bulk, 3)));
        return req;
    }

    @ParameterizedTest
    @EnumSource(Nodes.Driver.class)
    void overlappingOrUnorderedNiobufsAreRefused(Nodes.Driver driver) throws Exception {
        try (OstOverOscCluster c = new OstOverOscCluster(driver, 64L * MIB)) {
            Osc osc = c.client("bad");
            Osc other = c.client("good");
            osc.precreate(Fid.idif(2, 0));
            Import imp = osc.imp();
            assertErrno(() -> imp.call(rawWrite(imp, new long[] {0, 4096}, new int[] {8192, 8192}, 16384)),
                    Errno.EINVAL, Errno.EPROTO);
            assertErrno(() -> imp.call(rawWrite(imp, new long[] {8192, 0}, new int[] {4096, 4096}, 8192)),
                    Errno.EINVAL, Errno.EPROTO);
            // niobufs that add up to more than the bulk the client offered
            assertErrno(() -> imp.call(rawWrite(imp, new long[] {0}, new int[] {2 * MIB}, MIB)), Errno.EINVAL,
                    Errno.EPROTO);
            assertThat(osc.getattr(OBJ).size()).isZero();
            stillServes(other, 3);
        }
    }

    @ParameterizedTest
    @EnumSource(Nodes.Driver.class)
    void aBulkThatBreaksOffLeavesNothing(Nodes.Driver driver) throws Exception {
        try (OstOverOscCluster c = new OstOverOscCluster(driver, 64L * MIB)) {
            Osc osc = c.client(OscConfig.client("lustre", 0, List.of(c.nid()), "bad", OstOverOscCluster.TIMEOUT)
                    .withChecksums(false));
            Osc other = c.client("good");
            osc.precreate(Fid.idif(2, 0));
            // one 4 MiB RPC whose third MiB lives in memory that is gone by the time the OST
            // asks for it: LNet cannot send it, the OST's GET of that MD never completes
            MemorySegment m0 = bytes(MIB, 4);
            MemorySegment m1 = bytes(MIB, 5);
            Arena gone = Arena.ofShared();
            MemorySegment m2 = gone.allocate(MIB);
            MemorySegment m3 = bytes(MIB, 6);
            gone.close();
            assertThatThrownBy(() -> osc.write(OBJ, List.of(new IoExtent(0, m0), new IoExtent(MIB, m1),
                    new IoExtent(2 * MIB, m2), new IoExtent(3 * MIB, m3)), null))
                    .isInstanceOf(LustreException.class);
            assertThat(osc.getattr(OBJ).size()).isZero();
            MemorySegment back = Arena.ofAuto().allocate(4 * MIB);
            assertThat(osc.read(OBJ, 0, back)).isZero();
            stillServes(other, 4);
        }
    }

    @ParameterizedTest
    @EnumSource(Nodes.Driver.class)
    void obdosWhoseValidBitsLieAreRefused(Nodes.Driver driver) throws Exception {
        try (OstOverOscCluster c = new OstOverOscCluster(driver, 64L * MIB)) {
            Osc osc = c.client("bad");
            Osc other = c.client("good");
            osc.precreate(Fid.idif(2, 0));
            Import imp = osc.imp();
            // an object in o_oi but no FLID: it names no object
            ClientRequest get = imp.request(Opcodes.OST_GETATTR, MsgFlags.LUSTRE_OST_VERSION, Obdo.SIZE, 0);
            new Obdo().oi(OstId.of(OBJ)).valid(ObdMd.FLSIZE).write(get.buf(1), 0);
            assertErrno(() -> imp.call(get), Errno.EPROTO, Errno.EINVAL);
            // a punch range with FLSIZE but no FLBLOCKS
            ClientRequest punch = imp.request(Opcodes.OST_PUNCH, MsgFlags.LUSTRE_OST_VERSION, Obdo.SIZE, 0);
            punch.requestPortal(Portals.OST_IO);
            new Obdo().oi(OstId.of(OBJ)).valid(ObdMd.FLID | ObdMd.FLGROUP | ObdMd.FLSIZE).size(0)
                    .blocks(Obdo.OBJECT_EOF).write(punch.buf(1), 0);
            assertErrno(() -> imp.call(punch), Errno.EPROTO, Errno.EINVAL);
            // a precreate without FLGROUP
            ClientRequest create = imp.request(Opcodes.OST_CREATE, MsgFlags.LUSTRE_OST_VERSION, Obdo.SIZE);
            create.requestPortal(Portals.OST_CREATE);
            new Obdo().oi(OstId.legacy(100, 0)).valid(ObdMd.FLID).write(create.buf(1), 0);
            assertErrno(() -> imp.call(create), Errno.EPROTO, Errno.EINVAL);
            // a setattr claiming a size: truncate is PUNCH's
            Obdo sized = new Obdo().size(12345).valid(ObdMd.FLSIZE);
            assertErrno(() -> osc.setattr(OBJ, sized), Errno.EPERM);
            assertThat(osc.getattr(OBJ).size()).isZero();
            assertThat(osc.lastId()).isLessThan(100);
            stillServes(other, 5);
        }
    }
}
