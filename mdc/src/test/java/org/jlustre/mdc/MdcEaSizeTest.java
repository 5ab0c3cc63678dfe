package org.jlustre.mdc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import org.jlustre.common.Errno;
import org.jlustre.common.Fid;
import org.jlustre.common.FileMode;
import org.jlustre.common.LustreException;
import org.jlustre.testing.Nodes;
import org.jlustre.wire.MdtBody;
import org.jlustre.wire.mdt.LovMdsMd;
import org.jlustre.wire.mdt.LovOstData;
import org.jlustre.wire.ost.ObdMd;
import org.jlustre.wire.ptlrpc.Opcodes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The EA room of replies ({@link MdcEaSize}): the default EA size, not the largest layout the
 * MDT may hold, and a layout larger than the room fetched by ptlrpc's resend of the truncated
 * reply; over the in-JVM network and TCP (where socklnd truncates).
 */
class MdcEaSizeTest {

    private static final Fid DIR = Fid.of(0x200000401L, 5, 0);
    private static final Fid FILE = Fid.of(0x200000401L, 9, 0);
    private Nodes nodes;
    private FakeMdt mdt;

    private void start(Nodes.Driver driver) throws LustreException {
        nodes = new Nodes(driver);
        mdt = new FakeMdt(nodes);
        mdt.maxEasize = 65536;
    }

    @AfterEach
    void stop() {
        if (mdt != null) {
            mdt.close();
        }
        if (nodes != null) {
            nodes.close();
        }
    }

    /** A layout of {@code stripes} objects: 32 + 24 per stripe bytes (lov_mds_md_v1). */
    private static byte[] layout(int stripes) {
        List<LovOstData> objects = new ArrayList<>();
        for (int i = 0; i < stripes; i++) {
            objects.add(LovOstData.of(Fid.of(0x2c0000401L, 3 + i, 0), i));
        }
        return LovMdsMd.raid0(FILE, 1 << 20, 0, null, objects).toBytes();
    }

    /** Answers GETATTR and GETATTR_NAME with {@code layout}, and FLMODEASIZE {@code maxMdsize} when > 0. */
    private void replyLayout(byte[] layout, int maxMdsize) {
        for (int opc : new int[] {Opcodes.MDS_GETATTR, Opcodes.MDS_GETATTR_NAME}) {
            mdt.handlers.put(opc, req -> {
                req.packReply(MdtBody.SIZE, layout.length, 0, 0, 0, 0);
                MdtBody b = new MdtBody().fid1(FILE).mode(FileMode.S_IFREG | 0644).nlink(1)
                        .valid(ObdMd.FLID | ObdMd.FLMODE | ObdMd.FLEASIZE).eadatasize(layout.length);
                if (maxMdsize > 0) {
                    b.maxMdsize(maxMdsize).valid(b.valid() | ObdMd.FLMODEASIZE);
                }
                b.write(req.replyBuf(1), 0);
                req.replyBuf(2).copyFrom(MemorySegment.ofArray(layout));
            });
        }
    }

    /** An MDC of an MDT that grants {@code ocd_max_easize} 64 KiB and answers getattrs with {@code layout}. */
    private Mdc connect(Nodes.Driver driver, byte[] layout, int maxMdsize) throws LustreException {
        start(driver);
        replyLayout(layout, maxMdsize);
        return mdt.client("c1");
    }

    /** {@code ocd_max_easize} of 64 KiB: replies reserve a page for the layout, not 64 KiB. */
    @ParameterizedTest
    @EnumSource(Nodes.Driver.class)
    void repliesReserveTheDefaultEaSizeNotTheLargest(Nodes.Driver driver) throws LustreException {
        try (Mdc mdc = connect(driver, layout(1), 0)) {
            assertThat(mdc.connectData().maxEasize()).isEqualTo(65536);
            assertThat(mdc.defaultEasize()).isEqualTo(MdcEaSize.MAX_DEFAULT);
            mdc.getattr(MdcCred.root(), FILE, ObdMd.FLGETATTR | ObdMd.FLEASIZE);
            FakeMdt.Seen s = mdt.last(Opcodes.MDS_GETATTR);
            assertThat(MdtBody.read(s.buf(1), 0, false).eadatasize()).isEqualTo(4096);
            assertThat(s.repSize()).isBetween(4096, 8192);
            mdt.handlers.put(Opcodes.MDS_REINT, req -> {
                req.packReply(MdtBody.SIZE, 0, 0, 0, 0);
                new MdtBody().valid(ObdMd.FLID).write(req.replyBuf(1), 0);
            });
            mdc.unlink(MdcCred.root(), DIR, "f".getBytes());
            assertThat(mdt.last(Opcodes.MDS_REINT).repSize()).isBetween(4096, 8192);
        }
    }

    /**
     * A layout larger than the default comes back whole: the reply is truncated, and ptlrpc
     * sends the request again (same xid, MSG_RESENT) with room for what the MDT sent.
     */
    @ParameterizedTest
    @EnumSource(Nodes.Driver.class)
    void aLayoutLargerThanTheDefaultIsFetchedByAResend(Nodes.Driver driver) throws LustreException {
        byte[] big = layout(400); // 9632 bytes: over the 8 KiB buffer a page of room rounds up to
        try (Mdc mdc = connect(driver, big, 0)) {
            MdcAttr a = mdc.getattr(MdcCred.root(), FILE, ObdMd.FLGETATTR | ObdMd.FLEASIZE);
            assertThat(a.md()).isEqualTo(big);
            assertThat(a.layout().objects()).hasSize(400);
            List<FakeMdt.Seen> s = mdt.seen(Opcodes.MDS_GETATTR);
            assertThat(s).hasSize(2);
            assertThat(s.get(1).xid()).isEqualTo(s.get(0).xid());
            assertThat(s.get(0).resent()).isFalse();
            assertThat(s.get(1).resent()).isTrue();
            assertThat(s.get(1).repSize()).isGreaterThan(big.length);

            byte[] mid = layout(40); // 992 bytes: fits the default page, not 32 bytes' 1 KiB buffer
            replyLayout(mid, 0);
            mdc.getattrName(MdcCred.root(), DIR, "f".getBytes(), ObdMd.FLGETATTR | ObdMd.FLEASIZE);
            assertThat(mdt.seen(Opcodes.MDS_GETATTR_NAME)).hasSize(1);
            mdc.defaultEasize(32);
            assertThat(mdc.getattrName(MdcCred.root(), DIR, "f".getBytes(), ObdMd.FLGETATTR | ObdMd.FLEASIZE).md())
                    .isEqualTo(mid);
            assertThat(mdt.seen(Opcodes.MDS_GETATTR_NAME)).hasSize(3);
        }
    }

    /** A reply body with FLMODEASIZE sets the default to its {@code mbo_max_mdsize}, at most a page. */
    @ParameterizedTest
    @EnumSource(Nodes.Driver.class)
    void flModeasizeSetsTheDefault(Nodes.Driver driver) throws LustreException {
        try (Mdc mdc = connect(driver, layout(1), 1000)) {
            mdc.getattr(MdcCred.root(), FILE, Mdc.GETATTR_VALID);
            assertThat(mdc.defaultEasize()).isEqualTo(1000);
            mdc.getattr(MdcCred.root(), FILE, Mdc.GETATTR_VALID);
            assertThat(MdtBody.read(mdt.last(Opcodes.MDS_GETATTR).buf(1), 0, false).eadatasize()).isEqualTo(1000);
            replyLayout(layout(1), 1 << 20);
            mdc.getattrName(MdcCred.root(), DIR, "f".getBytes(), Mdc.GETATTR_VALID);
            assertThat(mdc.defaultEasize()).isEqualTo(MdcEaSize.MAX_DEFAULT);
        }
    }

    /** {@code ll_set_default_mdsize}: EINVAL under sizeof(lov_mds_md) or over a page; the default stays. */
    @Test
    void aDefaultOutsideItsRangeIsEinval() throws LustreException {
        start(Nodes.Driver.MEM);
        try (Mdc mdc = mdt.client("c1")) {
            for (int bad : new int[] {31, 4097, 0, -1}) {
                assertThatThrownBy(() -> mdc.defaultEasize(bad)).isInstanceOfSatisfying(LustreException.class,
                        e -> assertThat(e.errno()).isEqualTo(Errno.EINVAL));
            }
            assertThat(mdc.defaultEasize()).isEqualTo(MdcEaSize.MAX_DEFAULT);
            mdc.defaultEasize(32);
            assertThat(mdc.defaultEasize()).isEqualTo(32);
        }
    }
}
