package org.jlustre.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jlustre.common.Errno;
import org.jlustre.common.Libcfs;
import org.jlustre.common.LustreException;
import org.jlustre.osd.Osd;
import org.jlustre.osd.OsdDevice;
import org.jlustre.osd.OsdObject;
import org.jlustre.osd.Transaction;
import org.jlustre.osd.TxnHooks;
import org.jlustre.osd.mem.MemOsdConfig;
import org.jlustre.osd.mem.OsdMem;
import org.jlustre.testdata.TestData;
import org.jlustre.wire.Le;
import org.jlustre.wire.ptlrpc.ConnectFlags;
import org.jlustre.wire.target.LrServerData;
import org.jlustre.wire.target.LsdClientData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * last_rcvd on osd-mem, as tgt_lastrcvd.c keeps it: the values of a fresh OST and MDT, remounts
 * that keep and count, slot allocation and reuse, transnos that rise by one and land in the
 * same transaction as the update (or not at all), and the damage a mount refuses.
 */
class LastRcvdTest {

    private static final String OST = "lustre-OST0000_UUID";
    private static final String MDT = "lustre-MDT0000_UUID";

    OsdDevice dev;

    /** The device under test; a subclass runs every case on a wrapper. */
    OsdDevice newDevice() throws LustreException {
        return OsdMem.create(MemOsdConfig.defaults("lastrcvd-test").withLibcfs(Libcfs.create()));
    }

    @BeforeEach
    void setUp() throws LustreException {
        dev = newDevice();
    }

    @AfterEach
    void tearDown() {
        dev.close();
    }

    @Test
    void freshOstHasLustresInitialValues() throws LustreException {
        try (LastRcvd lr = LastRcvd.open(dev, OST, 0, TargetKind.OST)) {
            LrServerData lsd = lr.serverData();
            assertThat(lsd.uuid()).isEqualTo(OST);
            assertThat(lsd.featureCompat()).isZero();
            assertThat(lsd.featureRocompat()).isEqualTo(0x2);
            assertThat(lsd.featureIncompat()).isEqualTo(0xa);
            assertThat(lsd.lastTransno()).isZero();
            assertThat(lsd.mountCount()).isEqualTo(1);
            assertThat(lsd.serverSize()).isEqualTo(512);
            assertThat(lsd.clientStart()).isEqualTo(8192);
            assertThat(lsd.clientSize()).isEqualTo(128);
            assertThat(lsd.subdirCount()).isEqualTo(32);
            assertThat(lr.mountCount()).isEqualTo(1);
            assertThat(lr.lastTransno()).isZero();
            assertThat(fileBytes()).isEqualTo(lsd.encode());
        }
        assertThat(TargetObjects.standard().resolve(dev, "last_rcvd")).isEqualTo(LastRcvd.FID);
    }

    @Test
    void freshMdtHasFidAndCompat20() throws LustreException {
        try (LastRcvd lr = LastRcvd.open(dev, MDT, 0, TargetKind.MDT)) {
            assertThat(lr.serverData().featureCompat()).isEqualTo(0x8);
            assertThat(lr.serverData().featureIncompat()).isEqualTo(0x21c);
            assertThat(lr.serverData().featureRocompat()).isEqualTo(0x1);
        }
    }

    @Test
    void remountKeepsTransnoAndSlotsAndCountsMounts() throws LustreException {
        try (LastRcvd lr = LastRcvd.open(dev, OST, 3, TargetKind.OST)) {
            ClientSlot a = lr.connect("client-a", 0, 0);
            for (int i = 0; i < 3; i++) {
                assertThat(recordOne(lr, a, 100 + i)).isEqualTo(i + 1);
            }
        }
        try (LastRcvd lr = LastRcvd.open(dev, OST, 3, TargetKind.OST)) {
            assertThat(lr.mountCount()).isEqualTo(2);
            assertThat(lr.lastTransno()).isEqualTo(3);
            assertThat(lr.lastCommitted()).isEqualTo(3);
            ClientSlot again = lr.slot("client-a").orElseThrow();
            assertThat(again.index()).isZero();
            assertThat(again.lastTransno()).isEqualTo(3);
            assertThat(again.data().lastXid()).isEqualTo(102);
            assertThat(lr.connect("client-a", 0, 0)).isSameAs(again);
            assertThat(recordOne(lr, again, 200)).isEqualTo(4);
        }
        try (LastRcvd lr = LastRcvd.open(dev, OST, 3, TargetKind.OST)) {
            assertThat(lr.mountCount()).isEqualTo(3);
            assertThat(lr.lastTransno()).isEqualTo(4);
        }
    }

    @Test
    void slotsAreAllocatedReusedAndFreedAsTgtClientDel() throws LustreException {
        try (LastRcvd lr = LastRcvd.open(dev, OST, 0, TargetKind.OST)) {
            ClientSlot a = lr.connect("client-a", 0, 0);
            ClientSlot b = lr.connect("client-b", 0, 0);
            ClientSlot c = lr.connect("client-c", 0, 0);
            assertThat(List.of(a.index(), b.index(), c.index())).containsExactly(0, 1, 2);
            assertThat(b.offset()).isEqualTo(8192 + 128);
            assertThat(lr.connect("client-b", 0, 0)).isSameAs(b);
            recordOne(lr, b, 77);
            lr.disconnect(b);
            LsdClientData onDisk = LsdClientData.decode(MemorySegment.ofArray(fileBytes()), 8192 + 128);
            assertThat(onDisk.isFree()).isTrue();
            assertThat(onDisk.lastTransno()).isEqualTo(1);
            assertThat(onDisk.lastXid()).isEqualTo(77);
            assertThat(lr.serverData().lastTransno()).isEqualTo(1);
            assertThat(lr.slot("client-b")).isEmpty();
            ClientSlot d = lr.connect("client-d", 0, 0);
            assertThat(d.index()).isEqualTo(1);
            assertThat(d.lastTransno()).isZero();
            assertThat(lr.clients()).extracting(ClientSlot::uuid).containsExactly("client-a", "client-d", "client-c");
            lr.disconnect(b); // already freed: nothing happens to d's slot
            assertThat(LsdClientData.decode(MemorySegment.ofArray(fileBytes()), 8192 + 128).uuid())
                    .isEqualTo("client-d");
        }
    }

    @Test
    void aRecordInFlightAtDisconnectLeavesTheSlotsNextOwnerAlone() throws Exception {
        try (LastRcvd lr = LastRcvd.open(dev, OST, 0, TargetKind.OST)) {
            ClientSlot b = lr.connect("client-b", 0, 0);
            try (Transaction th = dev.transCreate()) {
                lr.declareRecord(th, b);
                th.start();
                // the client disconnects and another takes its index while the request is in flight
                ExecutorService other = Executors.newSingleThreadExecutor();
                ClientSlot c = other.submit(() -> {
                    lr.disconnect(b);
                    return lr.connect("client-c", 0, 0);
                }).get(30, TimeUnit.SECONDS);
                other.shutdown();
                assertThat(c.index()).isEqualTo(b.index());
                assertThat(lr.record(th, b, 99, 0)).isEqualTo(1);
            }
            LsdClientData onDisk = LsdClientData.decode(MemorySegment.ofArray(fileBytes()), 8192);
            assertThat(onDisk.uuid()).isEqualTo("client-c");
            assertThat(onDisk.lastTransno()).isZero();
            assertThat(LrServerData.decode(MemorySegment.ofArray(fileBytes()), 0).lastTransno()).isEqualTo(1);
        }
    }

    @Test
    void noSlotForLightweightOrSelfAndBadUuidsRefused() throws LustreException {
        try (LastRcvd lr = LastRcvd.open(dev, OST, 0, TargetKind.OST)) {
            ClientSlot lw = lr.connect("lwp", ConnectFlags.OBD_CONNECT_LIGHTWEIGHT, 0);
            assertThat(lw.hasSlot()).isFalse();
            assertThat(lr.connect(OST, 0, 0).hasSlot()).isFalse();
            assertThat(recordOne(lr, lw, 5)).isEqualTo(1);
            assertThat(LrServerData.decode(MemorySegment.ofArray(fileBytes()), 0).lastTransno()).isEqualTo(1);
            assertThat(fileBytes()).hasSize(512);
            assertThatThrownBy(() -> lr.connect("", 0, 0)).isInstanceOf(LustreException.class)
                    .hasMessageContaining("client uuid ''");
            assertThatThrownBy(() -> lr.connect("u".repeat(40), 0, 0)).isInstanceOf(LustreException.class)
                    .satisfies(e -> assertThat(((LustreException) e).errno()).isEqualTo(Errno.EINVAL));
        }
    }

    @Test
    void ostGainsCompatOstAtTheFirstIndexConnectAndChecksTheIndex() throws LustreException {
        try (LastRcvd lr = LastRcvd.open(dev, "lustre-OST0002_UUID", 2, TargetKind.OST)) {
            lr.connect("no-index", 0, 0);
            assertThat(lr.serverData().featureCompat()).isZero();
            assertThatThrownBy(() -> lr.connect("wrong", ConnectFlags.OBD_CONNECT_INDEX, 5))
                    .isInstanceOf(LustreException.class).hasMessageContaining("index 5")
                    .satisfies(e -> assertThat(((LustreException) e).errno()).isEqualTo(Errno.EPROTO));
            lr.connect("mdt-osp", ConnectFlags.OBD_CONNECT_INDEX, 2);
            assertThat(lr.serverData().featureCompat()).isEqualTo(0x2);
            assertThat(MemorySegment.ofArray(fileBytes()).get(Le.U32, LrServerData.OFF_FEATURE_COMPAT)).isEqualTo(2);
        }
    }

    @Test
    void mdtMultiModRpcsClientsGetGenerations() throws LustreException {
        try (LastRcvd lr = LastRcvd.open(dev, MDT, 0, TargetKind.MDT)) {
            ClientSlot a = lr.connect("a", ConnectFlags.OBD_CONNECT_MULTIMODRPCS, 0);
            ClientSlot b = lr.connect("b", ConnectFlags.OBD_CONNECT_MULTIMODRPCS, 0);
            ClientSlot old = lr.connect("old", 0, 0);
            assertThat(List.of(a.generation(), b.generation(), old.generation())).containsExactly(1, 2, 0);
            assertThat(lr.serverData().featureIncompat()).isEqualTo(0x61c);
        }
        try (LastRcvd lr = LastRcvd.open(dev, MDT, 0, TargetKind.MDT)) {
            assertThat(lr.connect("c", ConnectFlags.OBD_CONNECT_MULTIMODRPCS, 0).generation()).isEqualTo(3);
        }
    }

    @Test
    void recordWritesTheSlotInTheCallersTransactionAndLeavesTheHeaderAlone() throws LustreException {
        try (LastRcvd lr = LastRcvd.open(dev, OST, 0, TargetKind.OST)) {
            ClientSlot a = lr.connect("client-a", 0, 0);
            long transno;
            try (Transaction th = dev.transCreate()) {
                lr.declareRecord(th, a);
                th.start();
                transno = lr.record(th, a, 0x1234, 9);
                // visible inside the transaction already, before stop
                LsdClientData lcd = LsdClientData.decode(MemorySegment.ofArray(fileBytes()), 8192);
                assertThat(lcd.lastTransno()).isEqualTo(transno);
                assertThat(lcd.lastXid()).isEqualTo(0x1234);
                assertThat(lcd.lastData()).isEqualTo(9);
                assertThat(lcd.lastResult()).isZero();
                // as tgt_last_rcvd_update: a client with a slot records there only
                assertThat(LrServerData.decode(MemorySegment.ofArray(fileBytes()), 0).lastTransno()).isZero();
                assertThat(lr.lastCommitted()).isZero();
            }
            assertThat(transno).isEqualTo(1);
            assertThat(lr.lastCommitted()).isEqualTo(1);
        }
    }

    @Test
    void failedTransactionsWriteNothingAndTakeNoTransno() throws LustreException {
        try (LastRcvd lr = LastRcvd.open(dev, OST, 0, TargetKind.OST)) {
            ClientSlot a = lr.connect("client-a", 0, 0);
            recordOne(lr, a, 1);
            byte[] before = fileBytes();
            // the operation failed after start: th_result set, no transno
            try (Transaction th = dev.transCreate()) {
                lr.declareRecord(th, a);
                th.start();
                th.setResult(Errno.ENOSPC.rc());
                assertThat(lr.record(th, a, 2, 0)).isZero();
            }
            assertThat(fileBytes()).isEqualTo(before);
            // the transaction never started (a start hook refused it)
            try (TxnHooks.Registration r = dev.addTxnHooks(new TxnHooks() {
                @Override
                public void txnStart(Transaction th) throws LustreException {
                    throw new LustreException(Errno.ENOSPC, "no credits");
                }

                @Override
                public void txnStop(Transaction th) {
                }
            })) {
                Transaction th = dev.transCreate();
                lr.declareRecord(th, a);
                assertThatThrownBy(th::start).isInstanceOf(LustreException.class);
                assertThatThrownBy(() -> lr.record(th, a, 3, 0)).isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("CREATED");
                th.stop();
            }
            assertThat(fileBytes()).isEqualTo(before);
            assertThat(lr.lastTransno()).isEqualTo(1);
            assertThat(recordOne(lr, a, 4)).isEqualTo(2);
        }
    }

    @Test
    void recordWithoutDeclareIsACallerBug() throws LustreException {
        try (LastRcvd lr = LastRcvd.open(dev, OST, 0, TargetKind.OST)) {
            ClientSlot a = lr.connect("client-a", 0, 0);
            try (Transaction th = dev.transCreate()) {
                th.start();
                assertThatThrownBy(() -> lr.record(th, a, 1, 0)).isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("declareRecord");
            }
            assertThat(lr.lastTransno()).isZero();
        }
    }

    @Test
    void concurrentRecordsGetEveryTransnoOnceAndSlotsKeepTheHighest() throws Exception {
        int threads = 8;
        int perThread = 200;
        try (LastRcvd lr = LastRcvd.open(dev, OST, 0, TargetKind.OST)) {
            List<ClientSlot> slots = new ArrayList<>();
            for (int c = 0; c < 4; c++) {
                slots.add(lr.connect("client-" + c, 0, 0));
            }
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<List<Long>>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                ClientSlot slot = slots.get(t % slots.size());
                futures.add(pool.submit(() -> {
                    List<Long> got = new ArrayList<>();
                    for (int i = 0; i < perThread; i++) {
                        got.add(recordOne(lr, slot, i));
                    }
                    return got;
                }));
            }
            Set<Long> all = new HashSet<>();
            long[] maxPerSlot = new long[slots.size()];
            for (int t = 0; t < threads; t++) {
                for (long n : futures.get(t).get(60, TimeUnit.SECONDS)) {
                    assertThat(all.add(n)).as("transno %d given twice", n).isTrue();
                    maxPerSlot[t % slots.size()] = Math.max(maxPerSlot[t % slots.size()], n);
                }
            }
            pool.shutdown();
            assertThat(all).hasSize(threads * perThread);
            assertThat(all.stream().mapToLong(Long::longValue).max().orElseThrow()).isEqualTo(threads * perThread);
            MemorySegment file = MemorySegment.ofArray(fileBytes());
            assertThat(LrServerData.decode(file, 0).lastTransno()).as("header untouched by records").isZero();
            for (int c = 0; c < slots.size(); c++) {
                assertThat(LsdClientData.decode(file, 8192 + 128L * c).lastTransno()).isEqualTo(maxPerSlot[c]);
            }
            assertThat(lr.lastCommitted()).isEqualTo(threads * perThread);
        }
        // the next mount finds the last transno in the slots (tgt_clients_data_init) and saves it
        try (LastRcvd lr = LastRcvd.open(dev, OST, 0, TargetKind.OST)) {
            assertThat(lr.lastTransno()).isEqualTo(threads * perThread);
            assertThat(LrServerData.decode(MemorySegment.ofArray(fileBytes()), 0).lastTransno())
                    .isEqualTo(threads * perThread);
        }
    }

    @Test
    void realLustreOstLastRcvdMountsAndGoesOn() throws LustreException, IOException {
        writeFile(Files.readAllBytes(TestData.lustreReal("disk2_9-ldiskfs-ost/last_rcvd")));
        try (LastRcvd lr = LastRcvd.open(dev, "t32fs-OST0000_UUID", 0, TargetKind.OST)) {
            assertThat(lr.mountCount()).isEqualTo(3);
            assertThat(lr.lastTransno()).isEqualTo(8589934602L);
            assertThat(lr.clients()).isEmpty();
            ClientSlot c = lr.connect("new-client", 0, 0);
            assertThat(c.index()).isZero();
            assertThat(recordOne(lr, c, 1)).isEqualTo(8589934603L);
        }
    }

    @Test
    void damagedOrForeignFilesAreRefusedNamingTheProblem() throws LustreException {
        byte[] good = LrServerData.fresh(OST, 0, 0x2, 0xa).withMountCount(4).encode();
        writeFile(Arrays.copyOf(good, 100));
        assertRefused(OST, 0, "damaged: 100 bytes");
        writeFile(good);
        assertRefused("lustre-OST0001_UUID", 1, "on the disk of " + OST);
        assertRefused(OST, 7, "index 0 in last_rcvd differs from index 7");
        byte[] som = good.clone();
        MemorySegment.ofArray(som).set(Le.U32, LrServerData.OFF_FEATURE_INCOMPAT, 0xa | 0x20 | 0x10000);
        writeFile(som);
        assertRefused(OST, 0, "unsupported incompat filesystem feature(s) 0x10020 (SOM|0x10000)");
        byte[] ro = good.clone();
        MemorySegment.ofArray(ro).set(Le.U32, LrServerData.OFF_FEATURE_ROCOMPAT, 0x3);
        writeFile(ro);
        assertRefused(OST, 0, "unsupported read-only filesystem feature(s) 0x1 (LOVOBJID)");
        byte[] zero = good.clone();
        MemorySegment.ofArray(zero).set(Le.U16, LrServerData.OFF_CLIENT_SIZE, (short) 0);
        writeFile(zero);
        assertRefused(OST, 0, "bad last_rcvd contents");
        byte[] odd = good.clone();
        MemorySegment.ofArray(odd).set(Le.U16, LrServerData.OFF_CLIENT_SIZE, (short) 64);
        writeFile(odd);
        assertRefused(OST, 0, "lsd_client_size 64");
        // an MDT's last_rcvd on an OST: MDT incompat bits are unknown to an OST
        writeFile(LrServerData.fresh(OST, 0, 0x1, 0x21c).encode());
        assertRefused(OST, 0, "MDT");
        writeFile(good);
        try (LastRcvd lr = LastRcvd.open(dev, OST, 0, TargetKind.OST)) {
            assertThat(lr.mountCount()).isEqualTo(5);
        }
    }

    @Test
    void aClientStartPastTwoGibIsUnsigned() throws LustreException {
        byte[] b = LrServerData.fresh(OST, 0, 0x2, 0xa).encode();
        MemorySegment.ofArray(b).set(Le.U32, LrServerData.OFF_CLIENT_START, 0x80000000);
        writeFile(b);
        try (LastRcvd lr = LastRcvd.open(dev, OST, 0, TargetKind.OST)) {
            assertThat(lr.clients()).isEmpty();
            assertThat(lr.serverData().clientStart()).isEqualTo(0x80000000);
        }
        assertThat(ClientSlot.offsetOf(LrServerData.decode(MemorySegment.ofArray(b), 0), 1)).isEqualTo(0x80000080L);
    }

    @Test
    void aTornLastSlotIsIgnored() throws LustreException {
        byte[] file = new byte[8192 + 128 + 60];
        LrServerData.fresh(OST, 0, 0x2, 0xa).encode(MemorySegment.ofArray(file), 0);
        LsdClientData.fresh("whole", 0).withLast(9, 10, 0, 0).encode(MemorySegment.ofArray(file), 8192);
        Arrays.fill(file, 8192 + 128, file.length, (byte) 'x');
        writeFile(file);
        try (LastRcvd lr = LastRcvd.open(dev, OST, 0, TargetKind.OST)) {
            assertThat(lr.clients()).extracting(ClientSlot::uuid).containsExactly("whole");
            assertThat(lr.lastTransno()).isEqualTo(9);
            assertThat(lr.connect("next", 0, 0).index()).isEqualTo(1);
        }
    }

    private void assertRefused(String uuid, int index, String message) {
        assertThatThrownBy(() -> LastRcvd.open(dev, uuid, index, TargetKind.OST)).isInstanceOf(LustreException.class)
                .hasMessageContaining(message)
                .satisfies(e -> assertThat(((LustreException) e).errno()).isEqualTo(Errno.EINVAL));
    }

    long recordOne(LastRcvd lr, ClientSlot slot, long xid) throws LustreException {
        try (Transaction th = dev.transCreate()) {
            lr.declareRecord(th, slot);
            th.start();
            return lr.record(th, slot, xid, 0);
        }
    }

    byte[] fileBytes() throws LustreException {
        try (OsdObject o = dev.find(LastRcvd.FID)) {
            byte[] b = new byte[(int) o.attrGet().size()];
            o.body().readRecord(0, MemorySegment.ofArray(b));
            return b;
        }
    }

    private void writeFile(byte[] bytes) throws LustreException {
        try (OsdObject o = LocalObjects.findOrCreate(dev, LastRcvd.FID, LastRcvd.NAME);
                Transaction th = dev.transCreate()) {
            o.body().declarePunch(0, Osd.OBJECT_EOF, th);
            o.body().declareWrite(0, bytes.length, th);
            th.startLocal();
            o.body().punch(0, Osd.OBJECT_EOF, th);
            o.body().write(0, MemorySegment.ofArray(bytes), th);
        }
    }
}
