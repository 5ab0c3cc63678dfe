package org.jlustre.mdt.mdd;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.jlustre.common.Fid;
import org.jlustre.common.FileMode;
import org.jlustre.osd.DirectoryIndex;
import org.jlustre.osd.IndexFeatures;
import org.jlustre.osd.LuAttr;
import org.jlustre.osd.OsdObject;
import org.jlustre.wire.mdt.Lma;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What a fresh MDT0's mdd leaves on its OSD (reference-targets 4.1), and that a remount keeps it. */
class MddFormatTest {

    private final MddFixture f;

    MddFormatTest() throws Exception {
        f = new MddFixture();
    }

    @AfterEach
    void close() {
        f.close();
    }

    private Fid inOsdRoot(String name) throws Exception {
        try (OsdObject root = f.osd.find(f.osd.rootFid())) {
            return root.indexTry(IndexFeatures.DIRECTORY).lookupFid(name);
        }
    }

    private LuAttr attrs(Fid fid) throws Exception {
        try (OsdObject o = f.osd.find(fid)) {
            return o.attrGet();
        }
    }

    @Test
    void freshOsdGetsRootDotLustreFidLostFoundPendingAndRemoteParentDir() throws Exception {
        assertThat(inOsdRoot("ROOT")).isEqualTo(new Fid(0x200000007L, 1, 0));
        assertThat(f.mdd.root()).isEqualTo(Fid.ROOT);
        LuAttr root = attrs(Fid.ROOT);
        assertThat(root.mode()).isEqualTo(FileMode.S_IFDIR | 0755);
        assertThat(root.nlink()).isEqualTo(3); // ".", its name in the OSD root, ".lustre"'s ".."

        try (OsdObject r = f.osd.find(Fid.ROOT)) {
            DirectoryIndex dir = r.indexTry(IndexFeatures.DIRECTORY);
            assertThat(dir.lookupFid(".lustre")).isEqualTo(new Fid(0x200000002L, 1, 0));
            assertThat(dir.lookupFid("..")).isEqualTo(f.osd.rootFid());
            // the default LMV of mdd_prepare: lmv_user_md {magic, count 1, offset -1, hash 0, inherit 0, rr 3}
            ByteBuffer lmv = ByteBuffer.wrap(r.xattrGet("trusted.dmv")).order(ByteOrder.LITTLE_ENDIAN);
            assertThat(lmv.capacity()).isEqualTo(48);
            assertThat(lmv.getInt(0)).isEqualTo(0x0CD30CD0);
            assertThat(lmv.getInt(4)).isEqualTo(1);
            assertThat(lmv.getInt(8)).isEqualTo(-1);
            assertThat(lmv.getInt(12)).isZero();
            assertThat(lmv.get(16)).isZero();
            assertThat(lmv.get(17)).isEqualTo((byte) 3);
            assertThat(Lma.parse(r.xattrGet("trusted.lma")).selfFid()).isEqualTo(Fid.ROOT);
        }
        assertThat(attrs(Fid.DOT_LUSTRE).mode()).isEqualTo(FileMode.S_IFDIR | 0755);
        try (OsdObject dl = f.osd.find(Fid.DOT_LUSTRE)) {
            DirectoryIndex dir = dl.indexTry(IndexFeatures.DIRECTORY);
            assertThat(dir.lookupFid("fid")).isEqualTo(new Fid(0x200000002L, 2, 0));
            assertThat(dir.lookupFid("lost+found")).isEqualTo(new Fid(0x200000002L, 3, 0));
        }
        assertThat(attrs(Fid.DOT_LUSTRE_FID).mode()).isEqualTo(FileMode.S_IFDIR | 0100);
        assertThat(attrs(Fid.DOT_LUSTRE_LPF).mode()).isEqualTo(FileMode.S_IFDIR | 0500);

        Fid pending = inOsdRoot("PENDING");
        assertThat(pending.seq()).isEqualTo(Fid.SEQ_LOCAL_NAME);
        assertThat(f.mdd.pending()).isEqualTo(pending);
        assertThat(attrs(pending).mode()).isEqualTo(FileMode.S_IFDIR | 0755);
        assertThat(inOsdRoot("REMOTE_PARENT_DIR")).isEqualTo(Fid.localFile(4123));
        assertThat(attrs(Fid.localFile(4123)).mode()).isEqualTo(FileMode.S_IFDIR | 0755);
    }

    @Test
    void statfsIsTheOsdsAndCountsNewObjects() throws Exception {
        long used = f.mdd.statfs().files() - f.mdd.statfs().ffree();
        f.mkfile(MddFixture.ROOT, Fid.ROOT, "one", 0644);
        assertThat(f.mdd.statfs().files() - f.mdd.statfs().ffree()).isEqualTo(used + 1);
        assertThat(f.mdd.statfs().ffree()).isEqualTo(f.osd.statfs().ffree());
    }

    @Test
    void remountFindsEverythingAndCreatesNothingTwice() throws Exception {
        Fid pending = f.mdd.pending();
        MdAttr file = f.mkfile(MddFixture.ROOT, Fid.ROOT, "kept", 0644);
        long objects = f.osd.statfs().files() - f.osd.statfs().ffree();
        f.remount();
        assertThat(f.mdd.pending()).isEqualTo(pending);
        assertThat(f.osd.statfs().files() - f.osd.statfs().ffree()).isEqualTo(objects);
        assertThat(f.mdd.lookup(MddFixture.ROOT, Fid.ROOT, MddFixture.b("kept")).fid()).isEqualTo(file.fid());
        assertThat(attrs(Fid.ROOT).nlink()).isEqualTo(3);
    }
}
