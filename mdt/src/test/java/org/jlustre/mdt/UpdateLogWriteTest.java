package org.jlustre.mdt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.jlustre.common.Errno;
import org.jlustre.common.Fid;
import org.jlustre.common.LustreException;
import org.jlustre.common.Uuid;
import org.jlustre.llog.LlogCatalog;
import org.jlustre.llog.LlogCatalogList;
import org.jlustre.mdt.osp.OspMdt;
import org.jlustre.mdt.out.UpdateLogs;
import org.jlustre.mdt.out.UpdateRecords;
import org.jlustre.testing.Nodes;
import org.jlustre.wire.llog.LlogLogid;
import org.jlustre.wire.llog.LlogRecType;
import org.jlustre.wire.llog.UpdateRecord;
import org.jlustre.wire.out.ObjectUpdate;
import org.jlustre.wire.out.UpdateType;
import org.junit.jupiter.api.Test;

/**
 * An OSP of MDT1 appends update records to MDT0's update log by OUT_WRITE: the catalog for
 * writer 1 is made and listed in slot 1 of {@code [0x200000009:0x0:0x0]}, the records come back
 * from it in order; a position other than -1 is EINVAL, a sender that is no MDT EPERM, an
 * OUT_WRITE to another object EOPNOTSUPP, a bad record EPROTO, and nothing is appended then.
 */
class UpdateLogWriteTest {

    private static final Fid PARENT = Fid.of(0x200000007L, 1);

    private static byte[] pos(long p) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(p).array();
    }

    private static OspMdt osp(MdtFixture fx, String lodUuid) throws Exception {
        OspMdt osp = OspMdt.start(fx.clientNode(), "lustre-MDT0000-osp-MDT0001", new Uuid(lodUuid),
                new Uuid("lustre-MDT0000_UUID"), 0, List.of(fx.nid()), MdtFixture.TIMEOUT);
        osp.imp().connectSync();
        return osp;
    }

    private static UpdateRecord record(long transno, long batch) throws LustreException {
        return UpdateRecords.pack(transno, batch, List.of(ObjectUpdate.of(UpdateType.REF_ADD, batch, PARENT),
                ObjectUpdate.of(UpdateType.INDEX_DELETE, batch, PARENT, new byte[] {'a', 0})), UpdateLogs.CHUNK_SIZE);
    }

    private static ObjectUpdate write(Fid fid, byte[] rec, long p) {
        return ObjectUpdate.of(UpdateType.WRITE, 1, fid, rec, pos(p));
    }

    private static List<UpdateRecord> logged(MdtFixture fx, int writer) throws LustreException {
        LlogLogid id = LlogCatalogList.read(fx.disk, UpdateLogs.listFid(0), writer, 1).getFirst().logid();
        List<UpdateRecord> out = new ArrayList<>();
        if (id.fid().isZero()) {
            return out;
        }
        try (UpdateLogs logs = new UpdateLogs(fx.disk, fx.server.libcfs(), 0, "reader")) {
            LlogCatalog cat = logs.catalog(writer);
            cat.process((h, rec) -> {
                assertThat(rec.type()).isEqualTo(LlogRecType.UPDATE_REC);
                out.add(UpdateRecord.decode(rec.bytes()));
                return 0;
            });
        }
        return out;
    }

    @Test
    void recordsFromAnotherMdtAreAppendedToItsCatalog() throws Exception {
        try (MdtFixture fx = new MdtFixture(Nodes.Driver.MEM); OspMdt osp = osp(fx, "lustre-MDT0001-mdtlov_UUID")) {
            Fid list = UpdateLogs.listFid(0);
            assertThat(list).isEqualTo(new Fid(0x200000009L, 0, 0));
            osp.update(List.of(write(list, record(41, 5).encode(0), -1)));
            osp.update(List.of(write(list, record(42, 6).encode(0), -1)));
            List<UpdateRecord> recs = logged(fx, 1);
            assertThat(recs).extracting(UpdateRecord::masterTransno).containsExactly(41L, 42L);
            assertThat(recs).extracting(UpdateRecord::batchId).containsExactly(5L, 6L);
            assertThat(recs.getFirst().body()).isEqualTo(record(41, 5).body());
            assertThat(LlogCatalogList.read(fx.disk, list, 0, 1).getFirst().logid().fid().isZero())
                    .as("no catalog for writer 0").isTrue();

            assertRefused(() -> osp.update(List.of(write(list, record(43, 7).encode(0), 0))), Errno.EINVAL);
            assertRefused(() -> osp.update(List.of(write(PARENT, record(43, 7).encode(0), -1))), Errno.EOPNOTSUPP);
            assertRefused(() -> osp.update(List.of(write(list, new byte[40], -1))), Errno.EPROTO);
            assertThat(logged(fx, 1)).hasSize(2);
        }
        try (MdtFixture fx = new MdtFixture(Nodes.Driver.MEM); OspMdt notMdt = osp(fx, "some-client_UUID")) {
            assertRefused(() -> notMdt.update(List.of(write(UpdateLogs.listFid(0), record(1, 1).encode(0), -1))),
                    Errno.EPERM);
        }
    }

    @FunctionalInterface
    private interface Call {
        void run() throws Exception;
    }

    private static void assertRefused(Call c, Errno errno) {
        assertThatThrownBy(c::run).isInstanceOfSatisfying(LustreException.class,
                e -> assertThat(e.errno()).as(e.getMessage()).isEqualTo(errno));
    }
}
