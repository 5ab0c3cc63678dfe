package org.jlustre.ost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.jlustre.common.Errno;
import org.jlustre.common.Fid;
import org.jlustre.common.LustreException;
import org.jlustre.osd.OsdDevice;
import org.jlustre.osd.OsdObject;
import org.jlustre.ptlrpc.ClientRequest;
import org.jlustre.ptlrpc.Import;
import org.jlustre.ptlrpc.Ptlrpc;
import org.jlustre.ptlrpc.Reply;
import org.jlustre.target.LastRcvd;
import org.jlustre.testing.Nodes;
import org.jlustre.wire.Le;
import org.jlustre.wire.ObdStatfs;
import org.jlustre.wire.ost.FilterFid;
import org.jlustre.wire.ost.ObdFlags;
import org.jlustre.wire.ost.ObdMd;
import org.jlustre.wire.ost.Obdo;
import org.jlustre.wire.ost.OstId;
import org.jlustre.wire.ost.OstLayout;
import org.jlustre.wire.ptlrpc.ConnectFlags;
import org.jlustre.wire.ptlrpc.MsgFlags;
import org.jlustre.wire.ptlrpc.ObdConnectData;
import org.jlustre.wire.ptlrpc.Opcodes;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The OST handlers over the network with requests built by hand (ptlrpc {@link Import}), on the
 * in-JVM network and over TCP: connect data processing, create and orphan cleanup, getattr,
 * setattr, punch, destroy, statfs, get_info, set_info and their refusals, and last_rcvd.
 */
class OstHandlersTest {

    private static final int V = MsgFlags.LUSTRE_OST_VERSION;
    private static final long SEQ = 0x200000400L;

    private static Obdo call(Import imp, int opc, Obdo body) throws LustreException {
        ClientRequest r = imp.request(opc, V, Obdo.SIZE, 0);
        body.write(r.buf(1), 0);
        Reply rep = imp.call(r);
        return Obdo.read(rep.buf(1, Obdo.SIZE, "ost_body"), 0, false);
    }

    private static Reply send(Import imp, ClientRequest r) throws Exception {
        return imp.send(r).get(30, TimeUnit.SECONDS);
    }

    private static Obdo objectBody(Fid fid) {
        return new Obdo().oi(OstId.of(fid)).valid(ObdMd.FLID | ObdMd.FLGROUP);
    }

    private static Errno errnoOf(Import imp, int opc, Obdo body) {
        try {
            call(imp, opc, body);
            return null;
        } catch (LustreException e) {
            return e.errno();
        }
    }

    @ParameterizedTest
    @EnumSource(Nodes.Driver.class)
    void connectMasksClampsGrantsAndChecks(Nodes.Driver driver) throws Exception {
        try (OstFixture f = new OstFixture(driver)) {
            OsdDevice disk = f.disk("ost0", 256L << 20);
            Ost ost = f.serve(disk, 2);
            Ptlrpc client = f.clientNode();
            long flags = OstFixture.OSC_FLAGS | ConnectFlags.OBD_CONNECT_SHORTIO | ConnectFlags.OBD_CONNECT_LVB_TYPE;
            ObdConnectData asked = OstFixture.oscConnectData(flags, 2);
            asked = new ObdConnectData(asked.connectFlags(), asked.version(), 32 << 20, 2, 64 << 20, 0, 12, 0, 0, 0, 0,
                    0, ObdFlags.OBD_CKSUM_CRC32C | ObdFlags.OBD_CKSUM_T10IP4K, 0, 0, 0, 0, 0);
            Import imp = f.connect(client, "osc-a", 2, asked);
            imp.connectSync();
            ObdConnectData got = imp.connectData();
            assertThat(got.connectFlags() & ConnectFlags.OBD_CONNECT_SHORTIO).as("short I/O granted").isNotZero();
            assertThat(got.connectFlags() & ConnectFlags.OBD_CONNECT_LVB_TYPE).as("no DLM: no LVB").isZero();
            assertThat(got.connectFlags() & ConnectFlags.OBD_CONNECT_GRANT).isNotZero();
            assertThat(got.brwSize()).as("clamped to the OST's 4 MiB").isEqualTo(4 << 20);
            assertThat(got.cksumTypes()).as("T10 masked off").isEqualTo(ObdFlags.OBD_CKSUM_CRC32C);
            assertThat(got.maxbytes()).isEqualTo(disk.conf().maxBytes());
            assertThat(got.grantBlkbits()).isEqualTo(12);
            assertThat(got.grant()).isPositive().isLessThanOrEqualTo(32 << 20);
            assertThat((long) got.grant()).isEqualTo(ost.ofd().grants().totalGranted());
            assertThat(got.instance()).as("the mount count").isEqualTo(1);

            // the wrong index, a zero brw size, no checksum type in common, SKIP_ORPHAN from a client
            assertThatThrownBy(() -> f.connect(client, "osc-b", 2, OstFixture.oscConnectData(OstFixture.OSC_FLAGS, 5))
                    .connectSync()).isInstanceOf(LustreException.class)
                    .satisfies(e -> assertThat(((LustreException) e).errno()).isEqualTo(Errno.EBADF));
            ObdConnectData zeroBrw = new ObdConnectData(OstFixture.OSC_FLAGS, 0, 0, 2, 0, 0, 12, 0, 0, 0, 0, 0, 4, 0,
                    0, 0, 0, 0);
            assertThatThrownBy(() -> f.connect(client, "osc-c", 2, zeroBrw).connectSync())
                    .isInstanceOf(LustreException.class)
                    .satisfies(e -> assertThat(((LustreException) e).errno()).isEqualTo(Errno.EPROTO));
            ObdConnectData noCksum = new ObdConnectData(OstFixture.OSC_FLAGS, 0, 0, 2, 1 << 20, 0, 12, 0, 0, 0, 0, 0,
                    ObdFlags.OBD_CKSUM_T10CRC4K, 0, 0, 0, 0, 0);
            assertThatThrownBy(() -> f.connect(client, "osc-d", 2, noCksum).connectSync())
                    .isInstanceOf(LustreException.class)
                    .satisfies(e -> assertThat(((LustreException) e).errno()).isEqualTo(Errno.EPROTO));
            assertThatThrownBy(() -> f.connect(client, "osc-e", 2, OstFixture.oscConnectData(OstFixture.OSC_FLAGS
                    | ConnectFlags.OBD_CONNECT_SKIP_ORPHAN, 2)).connectSync()).isInstanceOf(LustreException.class)
                    .satisfies(e -> assertThat(((LustreException) e).errno()).isEqualTo(Errno.EPROTO));
            assertThat(ost.target().exports()).hasSize(1);
            assertThat(f.server.libcfs().params().get("obdfilter.lustre-OST0002.num_exports").getFirst().value())
                    .isEqualTo("1\n");
            assertThat(f.server.libcfs().params().get("obdfilter.lustre-OST0002.exports.*.uuid").getFirst().value())
                    .isEqualTo("osc-a_UUID\n");
            // a clean disconnect returns the grant
            imp.close();
            assertThat(ost.ofd().grants().totalGranted()).isZero();
            assertThat(ost.target().exports()).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(Nodes.Driver.class)
    void createGetattrSetattrPunchDestroyStatfsAndInfo(Nodes.Driver driver) throws Exception {
        try (OstFixture f = new OstFixture(driver)) {
            OsdDevice disk = f.disk("ost1", 256L << 20);
            Ost ost = f.serve(disk, 1);
            Import mdt = f.connect(f.clientNode(), "lustre-MDT0000-osp-OST0001", 1, OstFixture.oscConnectData(
                    OstFixture.OSC_FLAGS | ConnectFlags.OBD_CONNECT_MDS, 1));
            mdt.connectSync();

            // precreate 40 objects of a normal sequence; the reply names the last
            Obdo created = call(mdt, Opcodes.OST_CREATE, objectBody(Fid.of(SEQ, 40)));
            assertThat(created.oi().id()).isEqualTo(40);
            assertThat(ost.ofd().lastId(SEQ)).isEqualTo(40);
            Fid f7 = Fid.of(SEQ, 7);

            Obdo attrs = call(mdt, Opcodes.OST_GETATTR, objectBody(f7));
            assertThat(attrs.mode()).isEqualTo(Ofd.UNSET_ATTRS_MODE);
            assertThat(attrs.has(ObdMd.FLSIZE | ObdMd.FLMODE | ObdMd.FLTYPE | ObdMd.FLUID)).isTrue();
            assertThat(attrs.size()).isZero();

            // setattr: owner and parent; the unset bits go
            Obdo set = objectBody(f7).uid(1000).gid(100).mtime(1234).parentSeq(0x200000007L).parentOid(9).stripeIdx(3)
                    .layout(new OstLayout(1 << 20, 4, 0, -1, 1));
            set.addValid(ObdMd.FLUID | ObdMd.FLGID | ObdMd.FLMTIME | ObdMd.FLFID | ObdMd.FLOSTLAYOUT);
            Obdo after = call(mdt, Opcodes.OST_SETATTR, set);
            assertThat(after.uid()).isEqualTo(1000);
            assertThat(after.mode() & 07777).isEqualTo(01666);
            try (OsdObject o = disk.find(f7)) {
                FilterFid ff = FilterFid.read(o.xattrGet("trusted.fid"));
                assertThat(ff.parent()).isEqualTo(new Fid(0x200000007L, 9, 3));
                assertThat(ff.stripeIndex()).isEqualTo(3);
                assertThat(ff.layout().stripeCount()).isEqualTo(4);
            }
            // fields whose bits are not set are not used: a uid without FLUID changes nothing
            Obdo lying = objectBody(f7).uid(4242).gid(4242).mtime(99_999);
            lying.addValid(ObdMd.FLMTIME);
            Obdo kept = call(mdt, Opcodes.OST_SETATTR, lying);
            assertThat(kept.uid()).isEqualTo(1000);
            assertThat(kept.gid()).isEqualTo(100);
            assertThat(kept.mtime()).isEqualTo(99_999);
            // required bits missing: a create without FLGROUP, a destroy of zero objects
            assertThat(errnoOf(mdt, Opcodes.OST_CREATE, new Obdo().oi(OstId.of(Fid.of(SEQ, 50)))
                    .valid(ObdMd.FLID))).isEqualTo(Errno.EPROTO);
            assertThat(errnoOf(mdt, Opcodes.OST_DESTROY, objectBody(f7).misc(0).addValid(ObdMd.FLOBJCOUNT)))
                    .isEqualTo(Errno.EINVAL);
            assertThat(disk.find(f7).exists()).isTrue();
            // a setattr that would truncate is refused: that is a punch
            assertThat(errnoOf(mdt, Opcodes.OST_SETATTR, objectBody(f7).size(0).addValid(ObdMd.FLSIZE)))
                    .isEqualTo(Errno.EPERM);
            // punch needs both range bits and an end at EOF
            assertThat(errnoOf(mdt, Opcodes.OST_PUNCH, objectBody(f7).size(10).addValid(ObdMd.FLSIZE)))
                    .isEqualTo(Errno.EPROTO);
            assertThat(errnoOf(mdt, Opcodes.OST_PUNCH, objectBody(f7).size(10).blocks(100)
                    .addValid(ObdMd.FLSIZE | ObdMd.FLBLOCKS))).isEqualTo(Errno.EPROTO);
            Obdo punched = call(mdt, Opcodes.OST_PUNCH, objectBody(f7).size(5000).blocks(Obdo.OBJECT_EOF)
                    .addValid(ObdMd.FLSIZE | ObdMd.FLBLOCKS));
            assertThat(punched.size()).as("truncate past the end extends").isEqualTo(5000);

            // a body naming no object, an object of a local sequence, an object that does not exist
            assertThat(errnoOf(mdt, Opcodes.OST_GETATTR, new Obdo())).isEqualTo(Errno.EPROTO);
            assertThat(errnoOf(mdt, Opcodes.OST_GETATTR, objectBody(LastRcvd.FID))).isEqualTo(Errno.EPROTO);
            assertThat(errnoOf(mdt, Opcodes.OST_GETATTR, new Obdo().oi(OstId.legacy(0, 0))
                    .valid(ObdMd.FLID | ObdMd.FLGROUP))).as("id 0 is a LAST_ID").isEqualTo(Errno.EPROTO);
            assertThat(errnoOf(mdt, Opcodes.OST_GETATTR, objectBody(Fid.of(SEQ, 41)))).isEqualTo(Errno.ENOENT);

            // destroy three at once; one of them gone already -> ENOENT, the others still destroyed
            call(mdt, Opcodes.OST_DESTROY, objectBody(Fid.of(SEQ, 21)));
            Obdo three = objectBody(Fid.of(SEQ, 20)).misc(3).addValid(ObdMd.FLOBJCOUNT);
            assertThat(errnoOf(mdt, Opcodes.OST_DESTROY, three)).isEqualTo(Errno.ENOENT);
            for (int id = 20; id <= 22; id++) {
                assertThat(disk.find(Fid.of(SEQ, id)).exists()).as("object %d", id).isFalse();
            }
            assertThat(disk.find(Fid.of(SEQ, 23)).exists()).isTrue();

            // orphan cleanup from the MDT: its last used id is 30
            Obdo orphans = objectBody(Fid.of(SEQ, 30)).flags(ObdFlags.DELORPHAN).addValid(ObdMd.FLFLAGS);
            assertThat(call(mdt, Opcodes.OST_CREATE, orphans).oi().id()).isEqualTo(30);
            assertThat(ost.ofd().lastId(SEQ)).isEqualTo(30);
            assertThat(disk.find(Fid.of(SEQ, 31)).exists()).isFalse();

            // statfs: an obd_statfs
            Reply sf = mdt.call(mdt.request(Opcodes.OST_STATFS, V));
            ObdStatfs st = ObdStatfs.read(sf.buf(1, ObdStatfs.SIZE, "statfs"), 0);
            assertThat(st.blocks() * st.bsize()).isEqualTo(256L << 20);
            assertThat(st.ffree()).isPositive();

            // get_info last_fid and last_id, and a key nobody knows
            ClientRequest lf = mdt.request(Opcodes.OST_GET_INFO, V, 9, Fid.SIZE);
            lf.buf(1).copyFrom(MemorySegment.ofArray("last_fid\0".getBytes(StandardCharsets.US_ASCII)));
            Fid.of(SEQ, 1).writeLE(lf.buf(2), 0);
            assertThat(Fid.readLE(mdt.call(lf).buf(1, Fid.SIZE, "fid"), 0)).isEqualTo(Fid.of(SEQ, 30));
            ClientRequest li = mdt.request(Opcodes.OST_GET_INFO, V, 8);
            li.buf(1).copyFrom(MemorySegment.ofArray("last_id\0".getBytes(StandardCharsets.US_ASCII)));
            assertThat(mdt.call(li).buf(1, 8, "id").get(Le.U64, 0)).as("group 0's").isZero();
            ClientRequest bad = mdt.request(Opcodes.OST_GET_INFO, V, 8);
            bad.buf(1).copyFrom(MemorySegment.ofArray("nosuch\0\0".getBytes(StandardCharsets.US_ASCII)));
            assertThat(send(mdt, bad).status()).isEqualTo(-Errno.EOPNOTSUPP.value());
            ClientRequest setBad = mdt.request(Opcodes.OST_SET_INFO, V, 8, 8);
            setBad.buf(1).copyFrom(MemorySegment.ofArray("evict\0\0\0".getBytes(StandardCharsets.US_ASCII)));
            assertThat(send(mdt, setBad).status()).isEqualTo(-Errno.EOPNOTSUPP.value());

            // stats count what was served
            String stats = f.server.libcfs().params().get("obdfilter.lustre-OST0001.stats").getFirst().value();
            assertThat(stats).contains("create").contains("getattr").contains("setattr").contains("punch")
                    .contains("destroy").contains("statfs").contains("get_info");
            assertThat(f.server.libcfs().params().get("obdfilter.lustre-OST0001.last_id").getFirst().value())
                    .contains("0x200000400:30");
            // and the server keeps serving after all this
            assertThat(call(mdt, Opcodes.OST_GETATTR, objectBody(Fid.of(SEQ, 2))).mode())
                    .isEqualTo(Ofd.UNSET_ATTRS_MODE);
        }
    }

    @ParameterizedTest
    @EnumSource(Nodes.Driver.class)
    void modifyingRequestsGetTransnosRecordedInLastRcvdAndReconnectReportsThem(Nodes.Driver driver)
            throws Exception {
        try (OstFixture f = new OstFixture(driver)) {
            OsdDevice disk = f.disk("ost2", 256L << 20);
            Ofd ofd = Ofd.mount(disk, f.server.libcfs(), "lustre-OST0000", 0);
            Ost ost = f.oss.serve(ofd);
            Ptlrpc client = f.clientNode();
            Import mdt = f.connect(client, "mdt0-osp", 0, OstFixture.oscConnectData(OstFixture.OSC_FLAGS
                    | ConnectFlags.OBD_CONNECT_MDS, 0));
            mdt.connectSync();
            ClientRequest create = mdt.request(Opcodes.OST_CREATE, V, Obdo.SIZE);
            objectBody(Fid.of(SEQ, 10)).write(create.buf(1), 0);
            long t1 = mdt.call(create).body().transno();
            ClientRequest setattr = mdt.request(Opcodes.OST_SETATTR, V, Obdo.SIZE, 0);
            objectBody(Fid.of(SEQ, 3)).uid(7).addValid(ObdMd.FLUID).write(setattr.buf(1), 0);
            long t2 = mdt.call(setattr).body().transno();
            ClientRequest getattr = mdt.request(Opcodes.OST_GETATTR, V, Obdo.SIZE, 0);
            objectBody(Fid.of(SEQ, 3)).write(getattr.buf(1), 0);
            long t3 = mdt.call(getattr).body().transno();
            assertThat(t1).isPositive();
            assertThat(t2).isGreaterThan(t1);
            assertThat(t3).as("a getattr changes nothing: no transno").isZero();
            assertThat(ost.lastRcvd().lastTransno()).isEqualTo(t2);
            assertThat(ost.lastRcvd().slot("mdt0-osp_UUID").orElseThrow().lastTransno()).isEqualTo(t2);
            assertThat(ost.lastRcvd().serverData().featureCompat() & 0x2).as("COMPAT_OST after INDEX").isNotZero();

            // the OST restarts on the same device; the MDT's import reconnects and learns its last transno
            ost.close();
            ofd.close();
            Ost again = f.serve(disk, 0);
            assertThat(again.lastRcvd().mountCount()).isEqualTo(2);
            // the next request finds its connection gone (ENOTCONN): the import reconnects and resends it
            ClientRequest after = mdt.request(Opcodes.OST_GETATTR, V, Obdo.SIZE, 0);
            objectBody(Fid.of(SEQ, 3)).write(after.buf(1), 0);
            assertThat(Obdo.read(mdt.call(after).buf(1, Obdo.SIZE, "body"), 0, false).uid()).isEqualTo(7);
            assertThat(again.target().exports()).hasSize(1);
            assertThat(again.target().exports().getFirst().connectData().transno()).isEqualTo(t2);
            assertThat(again.ofd().getattr(Fid.of(SEQ, 3)).uid()).isEqualTo(7);
        }
    }
}
