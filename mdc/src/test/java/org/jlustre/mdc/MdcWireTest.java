package org.jlustre.mdc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jlustre.common.Errno;
import org.jlustre.common.FileMode;
import org.jlustre.common.Fid;
import org.jlustre.common.LustreException;
import org.jlustre.ptlrpc.ServerRequest;
import org.jlustre.testing.Nodes;
import org.jlustre.wire.Le;
import org.jlustre.wire.LuDirent;
import org.jlustre.wire.MdtBody;
import org.jlustre.wire.ObdStatfs;
import org.jlustre.wire.mdt.LovMdsMd;
import org.jlustre.wire.mdt.LovOstData;
import org.jlustre.wire.mdt.LovUserMd;
import org.jlustre.wire.mdt.MdsAttr;
import org.jlustre.wire.mdt.MdsOpenFlags;
import org.jlustre.wire.mdt.MdtIoepoch;
import org.jlustre.wire.mdt.MdtRec;
import org.jlustre.wire.ost.ObdFlags;
import org.jlustre.wire.ost.ObdMd;
import org.jlustre.wire.ptlrpc.ObdConnectData;
import org.jlustre.wire.ptlrpc.Opcodes;
import org.jlustre.wire.ptlrpc.Portals;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the MDC puts on the wire, checked against a scripted MDT ({@link FakeMdt}): the connect
 * data of a 2.15 client's MDC, each RPC's portal and buffers as the {@code RQF_MDS_*} formats of
 * lustre/ptlrpc/layout.c list them, the REINT records as {@code mdc_*_pack} fills them, the
 * modifying RPCs' tags, and what it does with replies (attributes, layouts, handles) and with
 * errors.
 */
class MdcWireTest {

    private static final Fid DIR = Fid.of(0x200000401L, 5, 0);
    private static final MdcCred ALICE = new MdcCred(1000, 1000, 1001, 1002, new int[] {50, 60, 70}, 0x3, 022);
    private Nodes nodes;
    private FakeMdt mdt;

    /** The network the tests run over: the in-JVM one here, TCP loopback in {@link MdcWireTcpTest}. */
    Nodes.Driver driver() {
        return Nodes.Driver.MEM;
    }

    @BeforeEach
    void start() throws LustreException {
        nodes = new Nodes(driver());
        mdt = new FakeMdt(nodes);
    }

    @AfterEach
    void stop() {
        mdt.close();
        nodes.close();
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Replies with a body for {@code fid} (mode, nlink 1) and nothing else of the format. */
    private void replyBody(int opc, Fid fid, int mode, int... more) {
        mdt.handlers.put(opc, req -> {
            int[] lens = new int[more.length + 1];
            lens[0] = MdtBody.SIZE;
            System.arraycopy(more, 0, lens, 1, more.length);
            req.packReply(lens);
            new MdtBody().fid1(fid).mode(mode).nlink(1).valid(ObdMd.FLID | ObdMd.FLMODE | ObdMd.FLTYPE)
                    .write(req.replyBuf(1), 0);
        });
    }

    private static MdtBody body(FakeMdt.Seen s) {
        return MdtBody.read(s.buf(1), 0, false);
    }

    private static MdtRec rec(FakeMdt.Seen s, int buf) {
        return MdtRec.read(s.buf(buf), 0, false);
    }

    // ---------------------------------------------------------------- connect

    @Test
    void connectAsksWhatA215ClientsMdcAsks() throws LustreException {
        try (Mdc mdc = mdt.client("c1")) {
            ObdConnectData asked = mdt.lastAsked;
            assertThat(asked.connectFlags()).isEqualTo(Mdc.CONNECT_FLAGS);
            assertThat(asked.connectFlags2()).isEqualTo(Mdc.CONNECT_FLAGS2);
            assertThat(asked.brwSize()).isEqualTo(1 << 20);
            assertThat(asked.ibitsKnown()).isEqualTo(0x7f);
            assertThat(asked.grantBlkbits()).isEqualTo(12);
            assertThat(asked.version()).isEqualTo(0x020F0000);
            assertThat(asked.cksumTypes()).isEqualTo(ObdFlags.OBD_CKSUM_ADLER | ObdFlags.OBD_CKSUM_CRC32
                    | ObdFlags.OBD_CKSUM_CRC32C);
            // llite_lib.c: these in particular (64-bit readdir cookies, tags per modifying RPC)
            assertThat(asked.connectFlags() & 0x200000000000000L).isNotZero();
            assertThat(asked.connectFlags() & 0x4000000000L).isNotZero();
            assertThat(mdc.name()).isEqualTo("lustre-MDT0000-mdc-c1");
            // 7 by default, under the 8 the MDT allows
            assertThat(mdc.maxModRpcsInFlight()).isEqualTo(7);
        }
        mdt.maxModRpcs = 3;
        try (Mdc mdc = mdt.client("c2")) {
            assertThat(mdc.maxModRpcsInFlight()).isEqualTo(3);
        }
        mdt.multiModRpcs = false;
        try (Mdc mdc = mdt.client("c3")) {
            assertThat(mdc.maxModRpcsInFlight()).isEqualTo(1);
        }
    }

    // ---------------------------------------------------------------- bodies

    @Test
    void getRootIsABodyWithNoFid() throws LustreException {
        replyBody(Opcodes.MDS_GET_ROOT, Fid.ROOT, FileMode.S_IFDIR | 0755, 0);
        try (Mdc mdc = mdt.client("c1")) {
            assertThat(mdc.getRoot()).isEqualTo(Fid.ROOT);
            FakeMdt.Seen s = mdt.last(Opcodes.MDS_GET_ROOT);
            assertThat(s.portal()).isEqualTo(Portals.MDS_REQUEST);
            assertThat(s.lens()).containsExactly(216);
            MdtBody b = body(s);
            assertThat(b.fid1()).isEqualTo(Fid.ZERO);
            assertThat(b.valid()).isZero();
            assertThat(b.suppgid()).isEqualTo(-1);
            assertThat(b.capability()).isEqualTo(-1);
            assertThat(s.tag()).isZero();
            // a subtree mount's fileset is the name buffer, with its NUL
            assertThat(mdc.getRoot(ALICE, b("sub/dir"))).isEqualTo(Fid.ROOT);
            s = mdt.last(Opcodes.MDS_GET_ROOT);
            assertThat(s.lens()).containsExactly(216, 8);
            assertThat(s.bufs().get(2)).isEqualTo(b("sub/dir\0"));
            assertThat(body(s).fsuid()).isEqualTo(1001);
        }
    }

    @Test
    void getattrGoesToTheReadpagePortalAndReadsLayoutAndAcl() throws LustreException {
        Fid file = Fid.of(0x200000401L, 9, 0);
        byte[] layout = LovMdsMd.raid0(file, 1 << 20, 0, null, List.of(LovOstData.of(Fid.of(0x2c0000401L, 3, 0), 1)))
                .toBytes();
        byte[] acl = {2, 0, 0, 0, 1, 0, 6, 0, -1, -1, -1, -1};
        mdt.handlers.put(Opcodes.MDS_GETATTR, req -> {
            req.packReply(MdtBody.SIZE, layout.length, acl.length, 0, 0, 0);
            new MdtBody().fid1(file).mode(FileMode.S_IFREG | 0640).uid(7).gid(8).nlink(1)
                    .valid(ObdMd.FLID | ObdMd.FLMODE | ObdMd.FLEASIZE | ObdMd.FLACL).eadatasize(layout.length)
                    .aclsize(acl.length).write(req.replyBuf(1), 0);
            req.replyBuf(2).copyFrom(MemorySegment.ofArray(layout));
            req.replyBuf(3).copyFrom(MemorySegment.ofArray(acl));
        });
        try (Mdc mdc = mdt.client("c1")) {
            MdcAttr a = mdc.getattr(ALICE, file, Mdc.GETATTR_VALID);
            FakeMdt.Seen s = mdt.last(Opcodes.MDS_GETATTR);
            assertThat(s.portal()).isEqualTo(Portals.MDS_READPAGE);
            assertThat(s.lens()).containsExactly(216, 0);
            MdtBody b = body(s);
            assertThat(b.fid1()).isEqualTo(file);
            assertThat(b.valid()).isEqualTo(Mdc.GETATTR_VALID | ObdMd.FLID);
            assertThat(b.eadatasize()).as("cl_default_mds_easize: ocd_max_easize 8192 capped at a page")
                    .isEqualTo(4096);
            assertThat(b.uid()).isEqualTo(1000);
            assertThat(b.fsuid()).isEqualTo(1001);
            assertThat(b.fsgid()).isEqualTo(1002);
            assertThat(b.capability()).isEqualTo(3);
            assertThat(b.suppgid()).isEqualTo(-1);
            assertThat(a.fid()).isEqualTo(file);
            assertThat(a.mode()).isEqualTo(0100640);
            assertThat(a.layout().objects()).extracting(LovOstData::ostIndex).containsExactly(1);
            assertThat(a.acl()).isEqualTo(acl);
        }
    }

    @Test
    void getattrNameSendsTheNameBytesWithTheirNul() throws LustreException {
        byte[] name = {'a', (byte) 0xff, (byte) 0xfe, 'z'};
        replyBody(Opcodes.MDS_GETATTR_NAME, Fid.of(0x200000401L, 2, 0), FileMode.S_IFREG | 0644, 0, 0, 0, 0, 0);
        try (Mdc mdc = mdt.client("c1")) {
            MdcAttr a = mdc.getattrName(ALICE, DIR, name, Mdc.GETATTR_VALID);
            assertThat(a.fid()).isEqualTo(Fid.of(0x200000401L, 2, 0));
            FakeMdt.Seen s = mdt.last(Opcodes.MDS_GETATTR_NAME);
            assertThat(s.portal()).isEqualTo(Portals.MDS_REQUEST);
            assertThat(s.lens()).containsExactly(216, 0, 5);
            assertThat(s.bufs().get(3)).containsExactly('a', 0xff, 0xfe, 'z', 0);
            assertThat(body(s).fid1()).isEqualTo(DIR);
            assertThat(body(s).suppgid()).isEqualTo(50);
        }
    }

    @Test
    void statfsAndSyncFormats() throws LustreException {
        mdt.handlers.put(Opcodes.MDS_STATFS, req -> {
            req.packReply(ObdStatfs.SIZE);
            req.replyBuf(1).set(Le.U64, 8, 12345L);
        });
        replyBody(Opcodes.MDS_SYNC, DIR, FileMode.S_IFDIR | 0755);
        try (Mdc mdc = mdt.client("c1")) {
            assertThat(mdc.statfs().blocks()).isEqualTo(12345L);
            assertThat(mdt.last(Opcodes.MDS_STATFS).lens()).isEmpty();
            assertThat(mdc.statfsSum().blocks()).isEqualTo(12345L);
            FakeMdt.Seen sum = mdt.last(Opcodes.MDS_STATFS);
            assertThat(sum.lens()).containsExactly(216);
            assertThat(body(sum).valid()).isEqualTo(ObdMd.FLAGSTATFS);
            assertThat(body(sum).fsuid()).isZero();
            assertThat(sum.portal()).isEqualTo(Portals.MDS_REQUEST);
            mdc.sync(ALICE, DIR);
            FakeMdt.Seen s = mdt.last(Opcodes.MDS_SYNC);
            assertThat(s.lens()).containsExactly(216, 0);
            assertThat(body(s).fid1()).isEqualTo(DIR);
        }
    }

    // ---------------------------------------------------------------- REINT

    @Test
    void createsCarryTheRecordAndANewFidOfTheClientsSequence() throws LustreException {
        replyBody(Opcodes.MDS_REINT, Fid.ZERO, 0, 0);
        try (Mdc mdc = mdt.client("c1")) {
            mdc.mkdir(ALICE, DIR, b("sub"), 01777);
            FakeMdt.Seen s = mdt.last(Opcodes.MDS_REINT);
            assertThat(s.portal()).isEqualTo(Portals.MDS_REQUEST);
            assertThat(s.lens()).containsExactly(136, 0, 4, 0, 104, 0, 0, 0, 0);
            MdtRec r = rec(s, 1);
            assertThat(r.opcode()).isEqualTo(MdtRec.REINT_CREATE);
            assertThat(r.fsuid()).isEqualTo(1001);
            assertThat(r.fsgid()).isEqualTo(1002);
            assertThat(r.cap()).isEqualTo(3);
            assertThat(r.suppgid1()).isEqualTo(50);
            assertThat(r.suppgid2()).isEqualTo(60);
            assertThat(r.fid1()).isEqualTo(DIR);
            assertThat(r.fid2()).isEqualTo(Fid.of(FakeMdt.FIRST_SEQ, 1, 0));
            assertThat(r.crMode()).isEqualTo(041777);
            assertThat(r.crUmask()).isEqualTo(022);
            assertThat(r.crFlags()).isZero();
            assertThat(r.crTime()).isPositive();
            assertThat(s.bufs().get(3)).containsExactly('s', 'u', 'b', 0);
            assertThat(s.tag()).isBetween(1, 7);

            mdc.symlink(ALICE, DIR, b("ln"), b("../target"));
            s = mdt.last(Opcodes.MDS_REINT);
            assertThat(s.lens()).containsExactly(136, 0, 3, 10, 104, 0, 0, 0, 0);
            assertThat(new String(s.bufs().get(4), StandardCharsets.UTF_8)).isEqualTo("../target\0");
            assertThat(rec(s, 1).crMode()).isEqualTo(0120777);
            assertThat(rec(s, 1).fid2()).isEqualTo(Fid.of(FakeMdt.FIRST_SEQ, 2, 0));

            mdc.mknod(ALICE, DIR, b("dev"), FileMode.S_IFCHR | 0600, 0x0801);
            r = rec(mdt.last(Opcodes.MDS_REINT), 1);
            assertThat(r.crMode()).isEqualTo(020600);
            assertThat(r.crRdev()).isEqualTo(0x0801);

            // no eadata: null is an empty buffer
            mdc.reintCreate(ALICE, DIR, b("n"), Fid.of(FakeMdt.FIRST_SEQ, 0x100, 0), 0100600, 0, null);
            assertThat(mdt.last(Opcodes.MDS_REINT).lens()).containsExactly(136, 0, 2, 0, 104, 0, 0, 0, 0);
            mdc.reintCreateAsync(ALICE, DIR, b("n"), Fid.of(FakeMdt.FIRST_SEQ, 0x101, 0), 0100600, 0, null).join();

            mdc.create(ALICE, DIR, b("f"), 0644);
            assertThat(rec(mdt.last(Opcodes.MDS_REINT), 1).crMode()).isEqualTo(0100644);
            // the ELC buffer names no lock
            assertThat(mdt.last(Opcodes.MDS_REINT).bufs().get(5)).containsOnly(0);
        }
    }

    @Test
    void unlinkRmdirLinkRenameAreTheirFormats() throws LustreException {
        replyBody(Opcodes.MDS_REINT, Fid.ZERO, 0, 0, 0, 0, 0);
        Fid obj = Fid.of(0x200000401L, 77, 0);
        Fid other = Fid.of(0x200000401L, 78, 0);
        try (Mdc mdc = mdt.client("c1")) {
            mdc.unlink(ALICE, DIR, b("f"));
            FakeMdt.Seen s = mdt.last(Opcodes.MDS_REINT);
            assertThat(s.lens()).containsExactly(136, 0, 2, 104, 0);
            MdtRec r = rec(s, 1);
            assertThat(r.opcode()).isEqualTo(MdtRec.REINT_UNLINK);
            assertThat(r.fid1()).isEqualTo(DIR);
            assertThat(r.entryMode()).isZero();
            assertThat(r.suppgid1()).isEqualTo(50);
            assertThat(r.suppgid2()).isEqualTo(-1);

            mdc.rmdir(ALICE, DIR, b("d"));
            assertThat(rec(mdt.last(Opcodes.MDS_REINT), 1).entryMode()).isEqualTo(FileMode.S_IFDIR);

            mdc.link(ALICE, obj, DIR, b("hard"));
            s = mdt.last(Opcodes.MDS_REINT);
            assertThat(s.lens()).containsExactly(136, 0, 0, 5, 104, 0);
            r = rec(s, 1);
            assertThat(r.opcode()).isEqualTo(MdtRec.REINT_LINK);
            assertThat(r.fid1()).isEqualTo(obj);
            assertThat(r.fid2()).isEqualTo(DIR);
            assertThat(s.bufs().get(4)).containsExactly('h', 'a', 'r', 'd', 0);

            mdc.rename(ALICE, DIR, b("old"), other, b("newname"));
            s = mdt.last(Opcodes.MDS_REINT);
            assertThat(s.lens()).containsExactly(136, 0, 0, 4, 8, 104, 0);
            r = rec(s, 1);
            assertThat(r.opcode()).isEqualTo(MdtRec.REINT_RENAME);
            assertThat(r.fid1()).isEqualTo(DIR);
            assertThat(r.fid2()).isEqualTo(other);
            assertThat(s.bufs().get(4)).containsExactly('o', 'l', 'd', 0);
            assertThat(s.bufs().get(5)).containsExactly('n', 'e', 'w', 'n', 'a', 'm', 'e', 0);
        }
    }

    @Test
    void setattrAndXattrUpdates() throws LustreException {
        replyBody(Opcodes.MDS_REINT, DIR, 0, 0, 0, 0, 0);
        try (Mdc mdc = mdt.client("c1")) {
            mdc.setattr(ALICE, DIR, MdcSetattr.chown(-1, 60, 99));
            FakeMdt.Seen s = mdt.last(Opcodes.MDS_REINT);
            assertThat(s.lens()).containsExactly(136, 0, 0, 0, 0, 104);
            MdtRec r = rec(s, 1);
            assertThat(r.opcode()).isEqualTo(MdtRec.REINT_SETATTR);
            assertThat(r.fid1()).isEqualTo(DIR);
            assertThat(r.saValid()).isEqualTo(MdsAttr.GID | MdsAttr.CTIME);
            assertThat(r.saGid()).isEqualTo(60);
            assertThat(r.saCtime()).isEqualTo(99);
            // chgrp to a group the caller is in: that group goes as sa_suppgid
            assertThat(r.suppgid1()).isEqualTo(60);
            assertThat(r.suppgid2()).isZero();

            byte[] lum = LovUserMd.of(0, 2, 0xffff, null).toBytes();
            mdc.setattr(ALICE, DIR, MdcSetattr.NONE, lum);
            s = mdt.last(Opcodes.MDS_REINT);
            assertThat(s.lens()).containsExactly(136, 0, 0, 32, 0, 104);
            assertThat(s.bufs().get(4)).isEqualTo(lum);

            mdc.setxattr(ALICE, DIR, "user.color", b("blue"), 1);
            s = mdt.last(Opcodes.MDS_REINT);
            assertThat(s.lens()).containsExactly(136, 0, 11, 4, 104, 0);
            r = rec(s, 1);
            assertThat(r.opcode()).isEqualTo(MdtRec.REINT_SETXATTR);
            assertThat(r.sxValid()).isEqualTo(ObdMd.FLXATTR | ObdMd.FLCTIME);
            assertThat(r.sxFlags()).isEqualTo(1);
            assertThat(r.sxSize()).isZero();
            assertThat(new String(s.bufs().get(3), StandardCharsets.UTF_8)).isEqualTo("user.color\0");
            assertThat(s.bufs().get(4)).isEqualTo(b("blue"));

            mdc.removexattr(ALICE, DIR, "user.color");
            s = mdt.last(Opcodes.MDS_REINT);
            assertThat(s.lens()).containsExactly(136, 0, 11, 0, 104, 0);
            assertThat(rec(s, 1).sxValid()).isEqualTo(ObdMd.FLXATTRRM | ObdMd.FLCTIME);
        }
    }

    @Test
    void getxattrAndListxattr() throws LustreException {
        mdt.handlers.put(Opcodes.MDS_GETXATTR, req -> {
            MdtBody in = MdtBody.read(req.buf(1, MdtBody.SIZE, "body"), 0, false);
            byte[] v = in.has(ObdMd.FLXATTRLS) ? b("user.a\0trusted.lov\0") : b("blue");
            if (!in.has(ObdMd.FLXATTRLS) && req.request().bufLen(3) != "user.color".length() + 1) {
                throw new LustreException(Errno.ENODATA, "no such xattr");
            }
            req.packReply(MdtBody.SIZE, v.length);
            new MdtBody().eadatasize(v.length).valid(in.valid()).write(req.replyBuf(1), 0);
            req.replyBuf(2).copyFrom(MemorySegment.ofArray(v));
        });
        try (Mdc mdc = mdt.client("c1")) {
            assertThat(mdc.getxattr(ALICE, DIR, "user.color")).isEqualTo(b("blue"));
            FakeMdt.Seen s = mdt.last(Opcodes.MDS_GETXATTR);
            assertThat(s.portal()).isEqualTo(Portals.MDS_READPAGE);
            assertThat(s.lens()).containsExactly(216, 0, 11, 0, 0);
            assertThat(body(s).valid()).isEqualTo(ObdMd.FLXATTR | ObdMd.FLID);
            assertThat(body(s).eadatasize()).isEqualTo(65536);
            assertThat(mdc.listxattr(ALICE, DIR)).containsExactly("user.a", "trusted.lov");
            s = mdt.last(Opcodes.MDS_GETXATTR);
            assertThat(s.lens()).containsExactly(216, 0);
            assertThat(body(s).valid()).isEqualTo(ObdMd.FLXATTRLS | ObdMd.FLID);
            assertThatThrownBy(() -> mdc.getxattr(ALICE, DIR, "user.x"))
                    .isInstanceOfSatisfying(LustreException.class, e -> assertThat(e.errno()).isEqualTo(Errno.ENODATA));
        }
    }

    // ---------------------------------------------------------------- open, close

    @Test
    void openCreateReturnsTheHandleThatCloseSends() throws LustreException {
        Fid[] created = new Fid[1];
        mdt.handlers.put(Opcodes.MDS_REINT, req -> {
            MdtRec r = MdtRec.read(req.buf(1, MdtRec.SIZE, "rec"), 0, false);
            created[0] = r.fid2();
            req.packReply(MdtBody.SIZE, 0, 0, 0, 0);
            new MdtBody().fid1(r.fid2()).mode(r.crMode()).openHandle(0xfeedbeefL)
                    .valid(ObdMd.FLID | ObdMd.FLHANDLE | ObdMd.FLMODE).write(req.replyBuf(1), 0);
        });
        replyBody(Opcodes.MDS_CLOSE, Fid.ZERO, 0, 0, 0, 0, 0);
        byte[] lum = LovUserMd.of(1 << 20, 2, 0xffff, "flash").toBytes();
        try (Mdc mdc = mdt.client("c1")) {
            MdcAttr a = mdc.openCreate(ALICE, DIR, b("new"), 0640,
                    MdsOpenFlags.FMODE_READ | MdsOpenFlags.FMODE_WRITE | MdsOpenFlags.EXCL, lum);
            FakeMdt.Seen s = mdt.last(Opcodes.MDS_REINT);
            assertThat(s.lens()).containsExactly(136, 0, 0, 4, 48, 0, 0, 0, 0);
            MdtRec r = rec(s, 1);
            assertThat(r.opcode()).isEqualTo(MdtRec.REINT_OPEN);
            assertThat(r.fid1()).isEqualTo(DIR);
            assertThat(r.fid2()).isEqualTo(created[0]);
            assertThat(r.crMode()).isEqualTo(0100640);
            assertThat(r.crFlags()).isEqualTo(MdsOpenFlags.FMODE_READ | MdsOpenFlags.FMODE_WRITE | MdsOpenFlags.EXCL
                    | MdsOpenFlags.CREAT | MdsOpenFlags.HAS_EA);
            assertThat(s.bufs().get(5)).isEqualTo(lum);
            assertThat(a.openHandle()).isEqualTo(0xfeedbeefL);
            assertThat(a.fid()).isEqualTo(created[0]);

            mdc.close(ALICE, a.fid(), a.openHandle());
            s = mdt.last(Opcodes.MDS_CLOSE);
            assertThat(s.portal()).isEqualTo(Portals.MDS_READPAGE);
            assertThat(s.lens()).containsExactly(24, 136, 0);
            assertThat(MdtIoepoch.read(s.buf(1), 0).openHandle()).isEqualTo(0xfeedbeefL);
            MdtRec cr = rec(s, 2);
            assertThat(cr.opcode()).isEqualTo(MdtRec.REINT_SETATTR);
            assertThat(cr.fid1()).isEqualTo(created[0]);
            assertThat(cr.saValid()).isZero();
            assertThat(s.tag()).isPositive();

            // open of a known FID: no name, so the message ends after the capas
            mdc.open(ALICE, created[0], MdsOpenFlags.FMODE_READ);
            s = mdt.last(Opcodes.MDS_REINT);
            assertThat(s.lens()).containsExactly(136, 0, 0);
            assertThat(rec(s, 1).crFlags()).isEqualTo(MdsOpenFlags.FMODE_READ | MdsOpenFlags.BY_FID);
            assertThat(rec(s, 1).fid2()).isEqualTo(created[0]);
        }
    }

    // ---------------------------------------------------------------- readdir

    @Test
    void readdirAllWalksPagesTheMdtPutsIntoTheBulk() throws LustreException {
        List<org.jlustre.wire.mdt.LuDirpage.Entry> dir = new java.util.ArrayList<>();
        for (int i = 0; i < 500; i++) {
            dir.add(org.jlustre.wire.mdt.LuDirpage.Entry.of(Fid.of(0x200000401L, 100 + i, 0), 1000L * (i + 1),
                    b("name-" + i), FileMode.S_IFREG));
        }
        List<Long> starts = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<Long> sentEnds = new java.util.concurrent.CopyOnWriteArrayList<>();
        mdt.handlers.put(Opcodes.MDS_READPAGE, req -> {
            MdtBody in = MdtBody.read(req.buf(1, MdtBody.SIZE, "body"), 0, false);
            starts.add(in.size());
            // two pages per request, whatever was asked, to make the client resume often
            int bytes = Math.min(in.nlink(), 2 * 4096);
            MemorySegment pages = MemorySegment.ofArray(new byte[bytes]);
            long from = in.size();
            int filled = org.jlustre.wire.mdt.LuDirpage.build(pages, bytes, from, in.mode() | LuDirent.LUDA_64BITHASH,
                    dir.stream().filter(e -> Long.compareUnsigned(e.hash(), from) >= 0).iterator());
            sentEnds.add(org.jlustre.wire.mdt.LuDirpage.parse(pages, filled - 4096).hashEnd());
            req.bulkPut(List.of(pages.asSlice(0, filled)));
            req.packReply(MdtBody.SIZE);
            new MdtBody().fid1(in.fid1()).size(filled).write(req.replyBuf(1), 0);
        });
        try (Mdc mdc = mdt.client("c1")) {
            List<org.jlustre.wire.mdt.LuDirpage.Entry> all = mdc.readdirAll(ALICE, DIR);
            assertThat(all).hasSize(500);
            assertThat(all).extracting(e -> new String(e.name(), StandardCharsets.UTF_8)).startsWith("name-0",
                    "name-1").endsWith("name-499");
            assertThat(all.get(3).type()).isEqualTo(FileMode.S_IFREG);
            List<FakeMdt.Seen> rp = mdt.seen(Opcodes.MDS_READPAGE);
            assertThat(rp.size()).isGreaterThan(2);
            FakeMdt.Seen first = rp.get(0);
            assertThat(first.portal()).isEqualTo(Portals.MDS_READPAGE);
            assertThat(first.lens()).containsExactly(216, 0);
            MdtBody b = body(first);
            assertThat(b.fid1()).isEqualTo(DIR);
            assertThat(b.size()).isZero();
            assertThat(b.nlink()).isEqualTo(1 << 20);
            assertThat(b.mode()).isEqualTo(LuDirent.LUDA_FID | LuDirent.LUDA_TYPE);
            // each request starts at the hash_end of the last page the one before got
            assertThat(rp.stream().map(r -> body(r).size()).toList()).isEqualTo(starts.subList(0, rp.size()));
            assertThat(sentEnds.get(sentEnds.size() - 1)).isEqualTo(org.jlustre.wire.mdt.LuDirpage.MDS_DIR_END_OFF);
            for (int i = 1; i < rp.size(); i++) {
                assertThat(body(rp.get(i)).size()).isEqualTo(sentEnds.get(i - 1));
            }
        }
    }

    // ---------------------------------------------------------------- errors

    @Test
    void theMdtsErrnoIsTheException() throws LustreException {
        for (Errno errno : new Errno[] {Errno.ENOENT, Errno.EACCES, Errno.EEXIST, Errno.ENAMETOOLONG}) {
            mdt.handlers.put(Opcodes.MDS_REINT, req -> {
                throw new LustreException(errno, "scripted");
            });
            try (Mdc mdc = mdt.client("c-" + errno.name())) {
                assertThatThrownBy(() -> mdc.mkdir(ALICE, DIR, b("x"), 0755))
                        .isInstanceOfSatisfying(LustreException.class, e -> assertThat(e.errno()).isEqualTo(errno))
                        .hasMessageContaining("create of " + DIR + "/x");
                assertThatThrownBy(() -> mdc.unlinkAsync(ALICE, DIR, b("y")).join()).cause()
                        .isInstanceOfSatisfying(LustreException.class, e -> assertThat(e.errno()).isEqualTo(errno));
            }
        }
    }

    @Test
    void shortOrGarbledRepliesAreEproto() throws LustreException {
        try (Mdc mdc = mdt.client("c1")) {
            // a body of 100 bytes
            mdt.handlers.put(Opcodes.MDS_GETATTR, req -> req.packReply(100));
            assertThatThrownBy(() -> mdc.getattr(ALICE, DIR, Mdc.GETATTR_VALID))
                    .isInstanceOfSatisfying(LustreException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EPROTO));
            // a body claiming a layout the reply does not carry
            mdt.handlers.put(Opcodes.MDS_GETATTR, req -> {
                req.packReply(MdtBody.SIZE, 8);
                new MdtBody().valid(ObdMd.FLEASIZE).eadatasize(56).write(req.replyBuf(1), 0);
            });
            assertThatThrownBy(() -> mdc.getattr(ALICE, DIR, Mdc.GETATTR_VALID))
                    .isInstanceOfSatisfying(LustreException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EPROTO))
                    .hasMessageContaining("mdt_md");
            // an async reply as short
            mdt.handlers.put(Opcodes.MDS_GETATTR_NAME, req -> req.packReply(8));
            assertThatThrownBy(() -> mdc.getattrNameAsync(ALICE, DIR, b("a"), Mdc.GETATTR_VALID).join()).cause()
                    .isInstanceOfSatisfying(LustreException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EPROTO));
            // readdir: 100 bytes moved, not whole pages
            mdt.handlers.put(Opcodes.MDS_READPAGE, req -> {
                req.bulkPut(List.of(MemorySegment.ofArray(new byte[100])));
                req.packReply(MdtBody.SIZE);
            });
            assertThatThrownBy(() -> mdc.readdir(ALICE, DIR, 0, 4096))
                    .isInstanceOfSatisfying(LustreException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EPROTO))
                    .hasMessageContaining("100");
            // readdir: a page whose entry runs off the page
            mdt.handlers.put(Opcodes.MDS_READPAGE, req -> {
                MemorySegment page = MemorySegment.ofArray(new byte[4096]);
                page.set(Le.U16, 24 + 26, (short) 9000);
                req.bulkPut(List.of(page));
                req.packReply(MdtBody.SIZE);
            });
            assertThatThrownBy(() -> mdc.readdir(ALICE, DIR, 0, 4096))
                    .isInstanceOfSatisfying(LustreException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EPROTO))
                    .hasMessageContaining("9000");
            // the client keeps working
            replyBody(Opcodes.MDS_GETATTR, DIR, FileMode.S_IFDIR | 0755, 0, 0, 0, 0, 0);
            assertThat(mdc.getattr(ALICE, DIR, Mdc.GETATTR_VALID).fid()).isEqualTo(DIR);
        }
    }

    @Test
    void aClosedMdcFailsFastAndGivesItsSlotsBack() throws LustreException {
        replyBody(Opcodes.MDS_REINT, DIR, 0, 0);
        Mdc mdc = mdt.client(MdcConfig.client("lustre", 0, List.of(mdt.nid()), "c1", java.time.Duration.ofSeconds(5))
                .withMaxModRpcsInFlight(1));
        mdc.close();
        for (int i = 0; i < 3; i++) {
            // with one slot, a leaked slot would make the second call wait and time out instead
            assertThatThrownBy(() -> mdc.reintCreate(ALICE, DIR, b("x"), Fid.of(FakeMdt.FIRST_SEQ, 9, 0), 0100644, 0,
                    new byte[0])).isInstanceOfSatisfying(LustreException.class,
                            e -> assertThat(e.errno()).isIn(Errno.ESHUTDOWN, Errno.ENOTCONN, Errno.EIO));
            assertThatThrownBy(() -> mdc.unlinkAsync(ALICE, DIR, b("x")).join()).cause()
                    .isInstanceOfSatisfying(LustreException.class,
                            e -> assertThat(e.errno()).isIn(Errno.ESHUTDOWN, Errno.ENOTCONN, Errno.EIO));
        }
    }

    @Test
    void aReplyThatNeverComesIsResentWithTheSameXidAndTag() throws LustreException {
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        mdt.handlers.put(Opcodes.MDS_REINT, req -> {
            if (calls.incrementAndGet() == 1) {
                // the first attempt's answer comes only after the client gave up on it
                try {
                    release.await(60, java.util.concurrent.TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            req.packReply(MdtBody.SIZE, 0);
            new MdtBody().fid1(MdtRec.read(req.buf(1, MdtRec.SIZE, "rec"), 0, false).fid2()).write(req.replyBuf(1), 0);
        });
        MdcConfig cfg = MdcConfig.client("lustre", 0, List.of(mdt.nid()), "c1", java.time.Duration.ofSeconds(1))
                .withDelayLimit(java.time.Duration.ofSeconds(60));
        try (Mdc mdc = mdt.client(cfg)) {
            Fid child = Fid.of(FakeMdt.FIRST_SEQ, 0x200, 0);
            java.util.concurrent.CompletableFuture<MdcAttr> f = mdc.reintCreateAsync(ALICE, DIR, b("r"), child, 0100644,
                    0, null);
            assertThat(f.join().fid()).isEqualTo(child);
            release.countDown();
            List<FakeMdt.Seen> s = mdt.seen(Opcodes.MDS_REINT);
            assertThat(s.size()).isGreaterThanOrEqualTo(2);
            assertThat(s).extracting(FakeMdt.Seen::xid).containsOnly(s.get(0).xid());
            assertThat(s).extracting(FakeMdt.Seen::tag).containsOnly(s.get(0).tag());
            assertThat(s.get(0).resent()).isFalse();
            assertThat(s.get(s.size() - 1).resent()).isTrue();
        } finally {
            release.countDown();
        }
    }

    // ---------------------------------------------------------------- modifying RPC slots

    @Test
    void modifyingRpcsTakeDistinctTagsAndNeverExceedTheLimit() throws Exception {
        java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger most = new java.util.concurrent.atomic.AtomicInteger();
        java.util.Set<Integer> tagsNow = java.util.concurrent.ConcurrentHashMap.newKeySet();
        java.util.List<String> clashes = new java.util.concurrent.CopyOnWriteArrayList<>();
        mdt.handlers.put(Opcodes.MDS_REINT, (ServerRequest req) -> {
            int n = inFlight.incrementAndGet();
            most.accumulateAndGet(n, Math::max);
            int tag = req.body().tag();
            if (!tagsNow.add(tag)) {
                clashes.add("tag " + tag + " twice in flight");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            tagsNow.remove(tag);
            inFlight.decrementAndGet();
            req.packReply(MdtBody.SIZE, 0);
        });
        try (Mdc mdc = mdt.client(MdcConfig.client("lustre", 0, List.of(mdt.nid()), "c1",
                java.time.Duration.ofSeconds(10)).withMaxModRpcsInFlight(3))) {
            List<java.util.concurrent.CompletableFuture<MdcAttr>> all = new java.util.ArrayList<>();
            for (int i = 0; i < 12; i++) {
                all.add(mdc.createAsync(ALICE, DIR, b("f" + i), 0644));
            }
            for (var f : all) {
                f.get(30, java.util.concurrent.TimeUnit.SECONDS);
            }
            assertThat(clashes).isEmpty();
            assertThat(most.get()).isBetween(1, 3);
            assertThat(mdt.seen(Opcodes.MDS_REINT)).extracting(FakeMdt.Seen::tag).allMatch(t -> t >= 1 && t <= 3);
            // 12 distinct FIDs from one sequence
            assertThat(mdt.seen(Opcodes.MDS_REINT).stream().map(s -> rec(s, 1).fid2()).distinct().count())
                    .isEqualTo(12);
        }
    }
}
