package org.jlustre.osc;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.MemorySegment;
import java.util.List;
import org.jlustre.wire.ost.ObdMd;
import org.jlustre.wire.ost.Obdo;
import org.jlustre.wire.ptlrpc.ConnectFlags;
import org.jlustre.wire.ptlrpc.ObdConnectData;
import org.junit.jupiter.api.Test;

/** The client side of grant (osc_request.c {@code osc_announce_cached}, {@code osc_update_grant}). */
class OscGrantTest {

    private static final int MIB = 1 << 20;

    private static ObdConnectData granted(long flags, int grant, int blkbits, int taxKb, int maxBlks) {
        return new ObdConnectData(flags, ObdConnectData.JLUSTRE_OCD_VERSION, grant, 0, 4 * MIB, 0, blkbits, 0, taxKb,
                maxBlks, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    private static BrwPlan.Rpc rpc(long off, int len) {
        return BrwPlan.of(List.of(new IoExtent(off, MemorySegment.ofArray(new byte[len]))), 4 * MIB).rpcs().getFirst();
    }

    @Test
    void writesTakeWholeChunksAndTheAnnouncementSaysWhatIsHeld() {
        OscGrant g = new OscGrant();
        g.connected(granted(ConnectFlags.OBD_CONNECT_GRANT | ConnectFlags.OBD_CONNECT_GRANT_PARAM, 8 * MIB, 12, 0, 0),
                4 * MIB, 8);
        assertThat(g.available()).isEqualTo(8L * MIB);
        BrwPlan.Rpc r = rpc(1000, 10000);
        assertThat(g.needed(r)).isEqualTo(12288);
        assertThat(g.take(12288)).isEqualTo(12288);
        assertThat(g.available()).isEqualTo(8L * MIB - 12288);
        Obdo oa = new Obdo();
        g.announce(oa);
        assertThat(oa.valid()).isEqualTo(ObdMd.FLBLOCKS | ObdMd.FLGRANT);
        assertThat(oa.dirty()).isEqualTo(12288);
        assertThat(oa.grant()).isEqualTo(8L * MIB - 12288);
        assertThat(oa.undirty()).isEqualTo(36 * MIB); // (8 + 1) RPCs of 4 MiB
        assertThat(oa.dropped()).isZero();
        g.release(12288, false);
        assertThat(g.dirty()).isZero();
        // the reply's o_grant is added
        g.update(new Obdo().grant(4096).valid(ObdMd.FLGRANT));
        assertThat(g.available()).isEqualTo(8L * MIB - 8192);
        g.update(new Obdo().grant(1 << 20)); // no FLGRANT: ignored
        assertThat(g.available()).isEqualTo(8L * MIB - 8192);
    }

    @Test
    void largeBlocksAndExtentTaxAreCharged() {
        OscGrant g = new OscGrant();
        g.connected(granted(ConnectFlags.OBD_CONNECT_GRANT | ConnectFlags.OBD_CONNECT_GRANT_PARAM, 64 * MIB, 16, 4,
                256), 4 * MIB, 8);
        // one 64 KiB chunk and one extent's 4 KiB tax
        assertThat(g.needed(rpc(1000, 10000))).isEqualTo(65536 + 4096);
        Obdo oa = new Obdo();
        g.announce(oa);
        // 9216 pages want, extents of 256 blocks of 64 KiB = 4096 pages: 3 extents taxed
        assertThat(oa.undirty()).isEqualTo(36 * MIB + 3 * 4096);
    }

    @Test
    void withoutEnoughGrantAWriteGoesWithoutAndAFailedOneIsReportedDropped() {
        OscGrant g = new OscGrant();
        g.connected(granted(ConnectFlags.OBD_CONNECT_GRANT | ConnectFlags.OBD_CONNECT_GRANT_PARAM, 8192, 12, 0, 0),
                4 * MIB, 8);
        assertThat(g.take(12288)).isZero();
        assertThat(g.available()).isEqualTo(8192);
        assertThat(g.take(8192)).isEqualTo(8192);
        g.release(8192, true);
        Obdo oa = new Obdo();
        g.announce(oa);
        assertThat(oa.dropped()).isEqualTo(8192);
        assertThat(g.lost()).isZero();
        Obdo again = new Obdo();
        g.announce(again);
        assertThat(again.dropped()).isZero();
    }

    @Test
    void anOstThatGivesNoGrantGetsSyncWrites() {
        OscGrant g = new OscGrant();
        g.connected(granted(ConnectFlags.OBD_CONNECT_GRANT_PARAM, 8 * MIB, 12, 0, 0), 4 * MIB, 8);
        assertThat(g.available()).isZero();
        assertThat(g.take(4096)).isZero();
        g.connected(granted(ConnectFlags.OBD_CONNECT_GRANT, 0, 12, 0, 0), 4 * MIB, 8);
        assertThat(g.take(4096)).isZero();
        g.update(new Obdo().grant(1 << 20).valid(ObdMd.FLGRANT));
        assertThat(g.available()).isZero();
    }
}
