package org.jlustre.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jlustre.common.Errno;
import org.jlustre.common.Fid;
import org.jlustre.common.LustreException;
import org.jlustre.common.Nid;
import org.jlustre.mgc.Mgc;
import org.jlustre.ptlrpc.ClientRequest;
import org.jlustre.ptlrpc.Import;
import org.jlustre.testing.Nodes;
import org.jlustre.wire.Le;
import org.jlustre.wire.llog.LlogLogid;
import org.jlustre.wire.mgs.LddFlags;
import org.jlustre.wire.mgs.LlogdBody;
import org.jlustre.wire.mgs.MgsSendParam;
import org.jlustre.wire.mgs.MgsTargetInfo;
import org.jlustre.wire.ptlrpc.MsgFlags;
import org.jlustre.wire.ptlrpc.Opcodes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Malformed MGS requests get an errno and one console line naming what was wrong, and the MGS
 * goes on serving: after every case a real target still registers.
 */
class MgsBadInputTest {

    private Cluster cluster;
    private ServerNode mgsNode;
    private final List<String> console = new CopyOnWriteArrayList<>();
    private List<Nid> mgsNids;
    private ServerNode client;
    private Mgc mgc;
    private Import imp;
    private int nextOst;

    @BeforeEach
    void start() throws Exception {
        cluster = new Cluster(Nodes.Driver.MEM);
        mgsNode = cluster.node();
        mgsNode.libcfs().debug().setConsole(console::add);
        mgsNode.start(MountData.format("lustre", TargetType.MGT, 0, List.of(), ""));
        mgsNids = List.of(Cluster.nid(mgsNode));
        client = cluster.node();
        client.start(MountData.format("lustre", TargetType.MDT, 0, mgsNids, ""));
        mgc = client.targets().getFirst().mgc();
        imp = mgc.mgsImport();
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    /** The MGS still registers a new OST. */
    private void stillServes() throws LustreException {
        ServerTarget t = cluster.node().start(MountData.format("lustre", TargetType.OST, nextOst, mgsNids, ""));
        assertThat(t.mountData().index()).isEqualTo(nextOst++);
    }

    private static MgsTargetInfo ost(String svname) {
        return new MgsTargetInfo(0, 0xffff, 0, LddFlags.SV_TYPE_OST | LddFlags.VIRGIN | LddFlags.NEED_INDEX
                | LddFlags.UPDATE, 1, "lustre", svname, "", new long[] {1}, "");
    }

    private void call(ClientRequest req, Errno expected) {
        assertThatThrownBy(() -> imp.call(req)).isInstanceOf(LustreException.class)
                .satisfies(e -> assertThat(((LustreException) e).errno()).isEqualTo(expected));
    }

    private ClientRequest targetReg(byte[] mti) {
        ClientRequest req = imp.request(Opcodes.MGS_TARGET_REG, MsgFlags.LUSTRE_MGS_VERSION, mti.length);
        MemorySegment.copy(MemorySegment.ofArray(mti), 0, req.buf(1), 0, mti.length);
        return req.replyCapacity(8192);
    }

    @Test
    void shortTargetInfo() throws Exception {
        call(targetReg(new byte[100]), Errno.EPROTO);
        stillServes();
    }

    @Test
    void nidCountOver32() throws Exception {
        byte[] b = ost("lustre:OSTffff").encode();
        MemorySegment.ofArray(b).set(Le.U32, MgsTargetInfo.OFF_NID_COUNT, 99);
        call(targetReg(b), Errno.EINVAL);
        assertThat(console).anyMatch(l -> l.contains("MGS_TARGET_REG") && l.contains("mti_nid_count 99"));
        stillServes();
    }

    @Test
    void nameOver64Bytes() throws Exception {
        byte[] b = ost("lustre:OSTffff").encode();
        MemorySegment.ofArray(b).asSlice(MgsTargetInfo.OFF_SVNAME, MgsTargetInfo.NAME_MAXLEN).fill((byte) 'x');
        call(targetReg(b), Errno.EINVAL);
        assertThat(console).anyMatch(l -> l.contains("mti_svname is not NUL-terminated"));
        stillServes();
    }

    @Test
    void badNamesAndFlags() throws Exception {
        assertThatThrownBy(() -> mgc.register(ost("lustre:XYZ0000"))).isInstanceOf(LustreException.class)
                .satisfies(e -> assertThat(((LustreException) e).errno()).isEqualTo(Errno.EINVAL))
                .hasMessageContaining("lustre:XYZ0000");
        MgsTargetInfo disagree = ost("lustre:OST0002").withFlags(LddFlags.SV_TYPE_OST | LddFlags.VIRGIN
                | LddFlags.UPDATE).withIndex(7, "lustre:OST0002");
        assertThatThrownBy(() -> mgc.register(disagree)).isInstanceOf(LustreException.class)
                .satisfies(e -> assertThat(((LustreException) e).errno()).isEqualTo(Errno.EINVAL));
        assertThat(console).anyMatch(l -> l.contains("target lustre:OST0002 has index 7, its name says 2"));
        MgsTargetInfo noType = ost("lustre:OST0000").withFlags(LddFlags.VIRGIN);
        assertThatThrownBy(() -> mgc.register(noType)).isInstanceOf(LustreException.class);
        assertThat(console).anyMatch(l -> l.contains("bad target name 'lustre:XYZ0000'"))
                .anyMatch(l -> l.contains("neither an MDT nor an OST"));
        MgsTargetInfo badFs = new MgsTargetInfo(0, 0, 0, LddFlags.SV_TYPE_OST | LddFlags.VIRGIN | LddFlags.UPDATE, 1,
                "waytoolongname", "waytoolongname:OST0000", "", new long[] {1}, "");
        assertThatThrownBy(() -> mgc.register(badFs)).isInstanceOf(LustreException.class);
        assertThat(console).anyMatch(l -> l.contains("bad filesystem name 'waytoolongname'"));
        stillServes();
    }

    @Test
    void namesFromTheRequestReachTheConsoleEscaped() throws Exception {
        // raw bytes in mti_svname: a newline forging a console line, ESC [ 2 J, a byte that is not UTF-8
        byte[] b = ost("lustre:OST0000").encode();
        byte[] svname = {'l', 'u', 's', 't', 'r', 'e', ':', '\n', 'L', 'u', 's', 't', 'r', 'e', ':', ' ', 'x', 0x1b,
            '[', '2', 'J', (byte) 0xff, 0};
        MemorySegment.copy(MemorySegment.ofArray(svname), 0, MemorySegment.ofArray(b), MgsTargetInfo.OFF_SVNAME,
                svname.length);
        call(targetReg(b), Errno.EINVAL);
        // an llog name with a terminal title escape and a bell
        call(llogOpen("a/\u001b]0;owned\u0007\r"), Errno.EINVAL);
        assertThat(console).isNotEmpty().allSatisfy(l -> assertThat(l.chars()).noneMatch(c -> c < 0x20 || c == 0x7f));
        assertThat(console).anyMatch(l -> l.contains("MGS_TARGET_REG") && l.contains(
                "lustre:\\x0aLustre: x\\x1b[2J\\xff"));
        assertThat(console).anyMatch(l -> l.contains("'a/\\x1b]0;owned\\x07\\x0d' is not a config log"));
        stillServes();
    }

    private ClientRequest llogOpen(String name) {
        byte[] n = (name + "\0").getBytes(StandardCharsets.UTF_8);
        ClientRequest req = imp.request(Opcodes.LLOG_ORIGIN_HANDLE_CREATE, MsgFlags.LUSTRE_LOG_VERSION,
                LlogdBody.SIZE, n.length);
        new LlogdBody(null, 0, 0, 0, 0, 0, 0).encode(req.buf(1), 0);
        MemorySegment.copy(MemorySegment.ofArray(n), 0, req.buf(2), 0, n.length);
        return req;
    }

    @Test
    void unknownFilesystemAndMissingLog() throws Exception {
        call(llogOpen("nofs-client"), Errno.ENOENT);
        call(llogOpen("lustre-OST0009"), Errno.ENOENT);
        // missing logs are routine (MGCs poll for the params log): the debug log has them, the console not
        String dk = mgsNode.libcfs().debug().dumpToString();
        assertThat(dk).contains("no config log nofs-client (no filesystem nofs registered)")
                .contains("no config log lustre-OST0009");
        assertThat(console).noneMatch(l -> l.contains("no config log"));
        assertThatThrownBy(() -> mgc.llogService().open(null, "lustre-OST0009")).isInstanceOf(LustreException.class)
                .hasMessageContaining("lustre-OST0009");
        stillServes();
    }

    @Test
    void badLlogIdsAndLengths() throws Exception {
        ClientRequest hdr = imp.request(Opcodes.LLOG_ORIGIN_HANDLE_READ_HEADER, MsgFlags.LUSTRE_LOG_VERSION,
                LlogdBody.SIZE);
        new LlogdBody(LlogLogid.of(Fid.of(0x200000007L, 1)), 0, 0, 0, 0, 0, 0).encode(hdr.buf(1), 0);
        call(hdr, Errno.EINVAL);
        assertThat(console).anyMatch(l -> l.contains("is not an llog of MGS"));

        var id = mgc.llogService().open(null, "lustre-MDT0000");
        ClientRequest next = imp.request(Opcodes.LLOG_ORIGIN_HANDLE_NEXT_BLOCK, MsgFlags.LUSTRE_LOG_VERSION,
                LlogdBody.SIZE);
        new LlogdBody(id, 0, 0, 1, 0, Integer.MIN_VALUE, 8192).encode(next.buf(1), 0);
        call(next, Errno.EINVAL);
        assertThat(console).anyMatch(l -> l.contains("llog block of 2147483648 bytes"));

        ClientRequest ctxt = imp.request(Opcodes.LLOG_ORIGIN_HANDLE_NEXT_BLOCK, MsgFlags.LUSTRE_LOG_VERSION,
                LlogdBody.SIZE);
        new LlogdBody(id, 7, 0, 1, 0, 8192, 8192).encode(ctxt.buf(1), 0);
        call(ctxt, Errno.EINVAL); // not ENODEV, which makes a client reconnect and resend

        ClientRequest shortBody = imp.request(Opcodes.LLOG_ORIGIN_HANDLE_READ_HEADER, MsgFlags.LUSTRE_LOG_VERSION, 8);
        call(shortBody, Errno.EPROTO);
        stillServes();
    }

    @Test
    void badPermanentParameters() throws Exception {
        assertThatThrownBy(() -> mgc.setInfo("nosuchfs.sys.timeout=40")).isInstanceOf(LustreException.class)
                .satisfies(e -> assertThat(((LustreException) e).errno()).isEqualTo(Errno.ENOENT));
        assertThatThrownBy(() -> mgc.setInfo("garbage")).isInstanceOf(LustreException.class)
                .satisfies(e -> assertThat(((LustreException) e).errno()).isEqualTo(Errno.EINVAL));
        byte[] noNul = new byte[MgsSendParam.SIZE];
        java.util.Arrays.fill(noNul, (byte) 'a');
        ClientRequest req = imp.request(Opcodes.MGS_SET_INFO, MsgFlags.LUSTRE_MGS_VERSION, noNul.length);
        MemorySegment.copy(MemorySegment.ofArray(noNul), 0, req.buf(1), 0, noNul.length);
        call(req, Errno.EINVAL);
        stillServes();
    }

    @Test
    void specialNamesAndBadCursors() throws Exception {
        for (String name : List.of(".", "..", "nodemap", "mountdata", "a/b")) {
            call(llogOpen(name), Errno.EINVAL);
        }
        assertThat(console).anyMatch(l -> l.contains("'..' is not a config log"));
        var id = mgc.llogService().open(null, "lustre-MDT0000");
        ClientRequest next = imp.request(Opcodes.LLOG_ORIGIN_HANDLE_NEXT_BLOCK, MsgFlags.LUSTRE_LOG_VERSION,
                LlogdBody.SIZE);
        new LlogdBody(id, 0, 0, 5, Integer.MIN_VALUE + 3, 8192, -8192).encode(next.buf(1), 0);
        call(next, Errno.EINVAL);
        assertThat(console).anyMatch(l -> l.contains("llog cursor index -2147483645 offset -8192"));
        stillServes();
    }

    @Test
    void unknownSysParametersAreRefused() throws Exception {
        assertThatThrownBy(() -> cluster.node().start(MountData.format("lustre", TargetType.OST, 7, mgsNids,
                "sys.no_such=1"))).isInstanceOf(LustreException.class)
                .satisfies(e -> assertThat(((LustreException) e).errno()).isEqualTo(Errno.EINVAL));
        assertThat(console).anyMatch(l -> l.contains("unknown sys parameter 'sys.no_such'"));
        stillServes();
    }
}
