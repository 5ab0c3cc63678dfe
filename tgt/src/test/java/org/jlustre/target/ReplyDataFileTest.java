package org.jlustre.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import org.jlustre.common.Errno;
import org.jlustre.common.Libcfs;
import org.jlustre.common.LustreException;
import org.jlustre.osd.OsdDevice;
import org.jlustre.osd.OsdObject;
import org.jlustre.osd.Transaction;
import org.jlustre.osd.mem.MemOsdConfig;
import org.jlustre.osd.mem.OsdMem;
import org.jlustre.testdata.TestData;
import org.jlustre.wire.target.ReplyData;
import org.jlustre.wire.target.ReplyDataHeader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** reply_data at mount ({@code tgt_reply_data_init}) on osd-mem: new, real, and damaged. */
class ReplyDataFileTest {

    private OsdDevice dev;

    @BeforeEach
    void setUp() throws LustreException {
        dev = OsdMem.create(MemOsdConfig.defaults("reply-data-test").withLibcfs(Libcfs.create()));
    }

    @AfterEach
    void tearDown() {
        dev.close();
    }

    private void write(byte[] b) throws LustreException {
        try (OsdObject o = LocalObjects.findOrCreate(dev, TargetObjects.REPLY_DATA_FID, TargetObjects.REPLY_DATA);
                Transaction th = dev.transCreate()) {
            o.body().declareWrite(0, b.length, th);
            th.startLocal();
            o.body().write(0, MemorySegment.ofArray(b), th);
        }
    }

    @Test
    void aNewFileGetsTheHeader() throws Exception {
        ReplyDataFile f = ReplyDataFile.open(dev);
        assertThat(f.header()).isEqualTo(ReplyDataHeader.current());
        assertThat(f.slots()).isEmpty();
        assertThat(TargetObjects.standard().resolve(dev, "reply_data")).isEqualTo(TargetObjects.REPLY_DATA_FID);
        try (OsdObject o = dev.find(TargetObjects.REPLY_DATA_FID)) {
            byte[] b = new byte[32];
            o.body().readRecord(0, MemorySegment.ofArray(b));
            assertThat(b).isEqualTo(ReplyDataHeader.current().encode());
            assertThat(o.attrGet().size()).isEqualTo(32);
        }
        assertThat(ReplyDataFile.open(dev).slots()).isEmpty();
    }

    @Test
    void aRealMdtsSlots() throws Exception {
        write(Files.readAllBytes(TestData.lustreReal("disk2_9-ldiskfs-mdt/reply_data")));
        ReplyDataFile f = ReplyDataFile.open(dev);
        assertThat(f.slots()).containsExactly(new ReplyData(8589934643L, 1563323683324112L, 3, 0, 1),
                new ReplyData(8589934644L, 1563323683324160L, 0, 0, 1));
        assertThat(f.slotsOf(1)).hasSize(2);
        assertThat(f.slotsOf(2)).isEmpty();
    }

    @Test
    void aBadHeaderIsRefusedNamingIt() throws Exception {
        write(new ReplyDataHeader(0xbdabda02, 32, 64).encode());
        assertThatThrownBy(() -> ReplyDataFile.open(dev)).isInstanceOf(LustreException.class)
                .hasMessageContaining("lrh_magic=0xbdabda02 lrh_header_size=32 lrh_reply_size=64")
                .satisfies(e -> assertThat(((LustreException) e).errno()).isEqualTo(Errno.EINVAL));
    }

    @Test
    void aShortFileIsDamaged() throws Exception {
        write(new byte[] {1, 2, 3});
        assertThatThrownBy(() -> ReplyDataFile.open(dev)).isInstanceOf(LustreException.class)
                .hasMessageContaining("damaged: 3 bytes");
    }
}
