package org.jlustre.mdt.lod;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jlustre.common.Fid;
import org.jlustre.mdt.mdd.CreateSpec;
import org.jlustre.mdt.mdd.MdAttr;
import org.jlustre.mdt.mdd.Mdd;
import org.jlustre.mdt.mdd.MddConfig;
import org.jlustre.mdt.osp.OstRig;
import org.jlustre.mdt.perm.Cred;
import org.jlustre.osd.XattrMode;
import org.jlustre.testing.Nodes;
import org.jlustre.wire.mdt.LovMdsMd;
import org.jlustre.wire.mdt.LovOstData;
import org.jlustre.wire.mdt.LovUserMd;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** MDD over the LOD over real OSTs: a file's objects made at create and destroyed after its unlink. */
class MddOverLodTest {

    private static final long MIB = 1L << 20;

    private static byte[] name(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @EnumSource(Nodes.Driver.class)
    void filesGetObjectsOnTheOstsAndUnlinkDestroysThem(Nodes.Driver driver) throws Exception {
        long seed = System.nanoTime();
        System.out.println("MddOverLodTest seed " + seed);
        try (OstRig rig = new OstRig(driver, 2, 64 * MIB, 1 << 20)) {
            Lod lod = rig.lod(LodConfig.defaults("lustre", 0), seed);
            try (Mdd mdd = Mdd.mount(rig.mdtDisk, MddConfig.defaults("lustre-MDT0000"), lod)) {
                // a directory whose default stripes over both OSTs
                Fid dir = Fid.of(Fid.SEQ_NORMAL, 1);
                mdd.create(Cred.ROOT, mdd.root(), name("d"), dir, CreateSpec.dir(0755));
                mdd.setxattr(Cred.ROOT, dir, LovMdsMd.XATTR_NAME, LovUserMd.of(0, 2, 0xffff, "").toBytes(),
                        XattrMode.SET);
                List<Fid> objects = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    Fid f = Fid.of(Fid.SEQ_NORMAL, 10 + i);
                    mdd.create(Cred.ROOT, dir, name("f" + i), f, CreateSpec.file(0644));
                    MdAttr a = mdd.getattr(f, true);
                    LovMdsMd m = LovMdsMd.parse(a.layout());
                    assertThat(m.oi()).isEqualTo(f);
                    assertThat(m.stripeCount()).isEqualTo(2);
                    for (LovOstData d : m.objects()) {
                        Fid o = d.oi().toFid(d.ostIndex());
                        assertThat(rig.osts.get(d.ostIndex()).has(o)).isTrue();
                        objects.add(o);
                    }
                }
                // a request of one stripe on OST 1 overrides the directory's default
                Fid one = Fid.of(Fid.SEQ_NORMAL, 20);
                mdd.create(Cred.ROOT, dir, name("one"), one, CreateSpec.file(0644)
                        .withLayout(LovUserMd.of(0, 1, 1, "").toBytes()));
                LovMdsMd m = LovMdsMd.parse(mdd.getattr(one, true).layout());
                assertThat(m.objects()).extracting(LovOstData::ostIndex).containsExactly(1);
                for (int i = 0; i < 3; i++) {
                    mdd.unlink(Cred.ROOT, dir, name("f" + i), false);
                }
                OstRig.await("unlink records processed", () -> lod.osts().stream().allMatch(o -> o.syncChanges() == 0));
                for (Fid o : objects) {
                    assertThat(rig.osts.get(o.idifOstIndex()).has(o)).as("%s destroyed", o).isFalse();
                }
                Fid kept = m.objects().get(0).oi().toFid(1);
                assertThat(rig.osts.get(1).has(kept)).isTrue();
            }
        }
    }
}
