package org.jlustre.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;
import org.jlustre.common.Nid;
import org.jlustre.mgs.Mgs;
import org.jlustre.testing.Nodes;
import org.jlustre.wire.llog.CfgMarker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A marker's {@code cm_tgtname} and {@code cm_comment} are 64-byte fields: a section whose
 * parameter name needs 64 bytes or more is refused with E2BIG, as {@code record_marker} and
 * {@code mgs_modify} refuse it (lustre/mgs/mgs_llog.c), never written with the name cut short,
 * and never matched against the sections of another name sharing its first 63 bytes.
 */
class MgsMarkerNameTest {

    /** A parameter name ({@code osc.*.xxx...}) of exactly {@code bytes} bytes. */
    private static String name(int bytes) {
        String head = "osc.*.";
        return head + "x".repeat(bytes - head.length());
    }

    private Cluster cluster;
    private Mgs mgs;
    private List<Nid> mgsNids;

    @BeforeEach
    void start() throws Exception {
        cluster = new Cluster(Nodes.Driver.MEM);
        ServerNode mgsNode = cluster.node();
        mgsNode.libcfs().debug().setConsole(null);
        mgs = mgsNode.start(MountData.format("lustre", TargetType.MGT, 0, List.of(), "")).mgs();
        mgsNids = List.of(Cluster.nid(mgsNode));
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    private static void e2big(ThrowingCallable call, String name) {
        assertThatThrownBy(call).isInstanceOf(LustreException.class)
                .satisfies(e -> assertThat(((LustreException) e).errno()).isEqualTo(Errno.E2BIG))
                .hasMessageContaining(name).hasMessageContaining("is " + name.getBytes(StandardCharsets.UTF_8).length + " bytes");
    }

    @Test
    void aNameOf63BytesFitsAndIsKeptWhole() throws Exception {
        String n63 = name(CfgMarker.NAME_SIZE - 1);
        mgs.setParamPermanent(n63 + "=1");
        assertThat(Cluster.sections(mgs, Mgs.PARAMS_LOG)).containsExactly("general " + n63);
    }

    @Test
    void setParamPermanentWithA64ByteNameIsE2bigAndWritesNothing() throws Exception {
        String n64 = name(CfgMarker.NAME_SIZE);
        // an empty params log: record_marker refuses it
        e2big(() -> mgs.setParamPermanent(n64 + "=1"), n64);
        assertThat(mgs.listLogs()).doesNotContain(Mgs.PARAMS_LOG);
        mgs.setParamPermanent("timeout=40");
        int before = Cluster.records(mgs, Mgs.PARAMS_LOG).size();
        // a params log with records: mgs_modify refuses it first
        e2big(() -> mgs.setParamPermanent(n64 + "=1"), n64);
        e2big(() -> mgs.setParamPermanent(n64), n64); // set_param -P -d
        assertThat(Cluster.records(mgs, Mgs.PARAMS_LOG)).hasSize(before);
        assertThat(Cluster.sections(mgs, Mgs.PARAMS_LOG)).containsExactly("general timeout");
    }

    @Test
    void aLongNameNeverCancelsTheSectionOfTheNameItsFirst63BytesSpell() throws Exception {
        String n63 = name(CfgMarker.NAME_SIZE - 1);
        mgs.setParamPermanent(n63 + "=1");
        String longer = n63 + "yyyyyyy";
        e2big(() -> mgs.setParamPermanent(longer + "=2"), longer);
        e2big(() -> mgs.setParamPermanent(longer), longer);
        assertThat(Cluster.sections(mgs, Mgs.PARAMS_LOG)).containsExactly("general " + n63);
    }

    @Test
    void aRegistrationWithATooLongParameterIsRefusedWholeAndLeavesNothing() throws Exception {
        String key = "ost." + "x".repeat(CfgMarker.NAME_SIZE);
        assertThatThrownBy(() -> cluster.node().start(MountData.format("lustre", TargetType.OST, 3, mgsNids,
                key + "=1"))).isInstanceOf(LustreException.class)
                .satisfies(e -> assertThat(((LustreException) e).errno()).isEqualTo(Errno.E2BIG));
        assertThat(mgs.listLogs()).doesNotContain("lustre-OST0003");
        // the index stayed free: the same target registers without the parameter
        ServerTarget ost = cluster.node().start(MountData.format("lustre", TargetType.OST, 3, mgsNids, ""));
        assertThat(ost.mountData().index()).isEqualTo(3);
    }

    @Test
    void confParamWithATooLongNameIsE2big() throws Exception {
        cluster.node().start(MountData.format("lustre", TargetType.OST, 0, mgsNids, ""));
        String key = "ost." + "x".repeat(CfgMarker.NAME_SIZE);
        int before = Cluster.records(mgs, "lustre-OST0000").size();
        e2big(() -> mgs.confParam("lustre-OST0000." + key + "=1"), key);
        assertThat(Cluster.records(mgs, "lustre-OST0000")).hasSize(before);
    }
}
