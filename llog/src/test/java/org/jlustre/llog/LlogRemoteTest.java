package org.jlustre.llog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import org.jlustre.common.Errno;
import org.jlustre.common.Libcfs;
import org.jlustre.common.LustreException;
import org.jlustre.osd.OsdDevice;
import org.jlustre.osd.mem.MemOsdConfig;
import org.jlustre.osd.mem.OsdMem;
import org.jlustre.wire.llog.GenRecord;
import org.jlustre.wire.llog.LlogFlags;
import org.jlustre.wire.llog.LlogLogid;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Reading logs through an {@link LlogService}: read-only handles that process like local ones. */
class LlogRemoteTest {

    private Libcfs libcfs;
    private OsdDevice dev;
    private LlogContext server;
    private LlogContext client;

    @BeforeEach
    void setUp() throws Exception {
        libcfs = Libcfs.create();
        libcfs.debug().setConsole(null);
        dev = OsdMem.create(MemOsdConfig.defaults("lustre-MGS0000").withLibcfs(libcfs));
        server = LlogContext.of(dev, libcfs, null);
        client = LlogContext.remote(new LocalLlogService(server), libcfs, "MGC");
    }

    @AfterEach
    void tearDown() {
        dev.close();
    }

    private LlogLogid writeNamed(String name, int records) throws LustreException {
        try (LlogHandle h = server.openCreate(name)) {
            h.init(LlogFlags.IS_PLAIN, "uuid");
            for (int i = 1; i <= records; i++) {
                h.append(MemorySegment.ofArray(new GenRecord(0, i, i * 10L).encode(0)));
            }
            if (records >= 3) {
                h.cancel(3);
            }
            return h.logid();
        }
    }

    @Test
    void processesForwardAndBackwardLikeALocalHandle() throws LustreException {
        LlogLogid id = writeNamed("lustre-client", 700);
        try (LlogHandle h = client.open("lustre-client", Llog.OpenMode.EXISTS)) {
            assertThat(h.isRemote()).isTrue();
            assertThat(h.logid()).isEqualTo(id);
            assertThat(h.object()).isNull();
            h.init(LlogFlags.IS_PLAIN, null);
            assertThat(h.count()).isEqualTo(700);
            assertThat(h.lastIndex()).isEqualTo(700);
            List<Long> forward = new ArrayList<>();
            assertThat(h.process((x, rec) -> {
                forward.add(rec.bytes().get(org.jlustre.wire.Le.U64, GenRecord.OFF_MNT_CNT));
                return 0;
            })).isZero();
            assertThat(forward).hasSize(699).doesNotContain(3L).startsWith(1L, 2L, 4L).endsWith(700L);
            List<Integer> reverse = new ArrayList<>();
            assertThat(h.reverseProcess((x, rec) -> {
                reverse.add(rec.index());
                return 0;
            })).isZero();
            assertThat(reverse).hasSize(699).startsWith(700, 699).endsWith(4, 2, 1);
            // from index 600 on, as lpcd_first_idx does
            List<Integer> tail = new ArrayList<>();
            assertThat(h.process((x, rec) -> {
                tail.add(rec.index());
                return 0;
            }, 599, 0)).isZero();
            assertThat(tail).hasSize(101).startsWith(600);
        }
        try (LlogHandle h = client.open(id)) {
            h.init(0, null);
            assertThat(h.header().flags() & LlogFlags.IS_PLAIN).isNotZero();
        }
    }

    @Test
    void aRemoteHandleIsReadOnly() throws LustreException {
        writeNamed("ro", 5);
        try (LlogHandle h = client.open("ro", Llog.OpenMode.EXISTS)) {
            h.init(LlogFlags.IS_PLAIN, null);
            MemorySegment rec = MemorySegment.ofArray(new GenRecord(0, 1, 1).encode(0));
            for (ThrowingRunnable op : List.<ThrowingRunnable>of(() -> h.append(rec), () -> h.cancel(1), h::destroy,
                    h::writeHeader, h::create, () -> h.modify(rec, 1))) {
                assertThatThrownBy(op::run).isInstanceOfSatisfying(LustreException.class,
                        e -> assertThat(e.errno()).isEqualTo(Errno.EOPNOTSUPP)).hasMessageContaining("read-only");
            }
            // a callback asking to cancel through a remote handle gets the same error
            assertThatThrownBy(() -> h.process((x, r) -> Llog.DEL_RECORD)).isInstanceOfSatisfying(LustreException.class,
                    e -> assertThat(e.errno()).isEqualTo(Errno.EOPNOTSUPP));
        }
        for (ThrowingRunnable op : List.<ThrowingRunnable>of(client::openNew, () -> client.openCreate("x"),
                () -> client.erase("ro"), () -> client.open("new", Llog.OpenMode.NEW))) {
            assertThatThrownBy(op::run).isInstanceOfSatisfying(LustreException.class,
                    e -> assertThat(e.errno()).isEqualTo(Errno.EOPNOTSUPP));
        }
    }

    @Test
    void missingLogsAndWrongTypesAreErrors() throws LustreException {
        writeNamed("plain", 2);
        assertThatThrownBy(() -> client.open("nosuch", Llog.OpenMode.EXISTS)).isInstanceOfSatisfying(
                LustreException.class, e -> assertThat(e.errno()).isEqualTo(Errno.ENOENT)).hasMessageContaining("nosuch");
        try (LlogHandle h = client.open("plain", Llog.OpenMode.EXISTS)) {
            assertThatThrownBy(() -> h.init(LlogFlags.IS_CAT, null)).isInstanceOfSatisfying(LustreException.class,
                    e -> assertThat(e.errno()).isEqualTo(Errno.EINVAL));
        }
    }

    @FunctionalInterface
    private interface ThrowingRunnable {
        void run() throws Exception;
    }
}
