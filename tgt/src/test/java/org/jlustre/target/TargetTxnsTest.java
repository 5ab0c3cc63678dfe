package org.jlustre.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.jlustre.common.Errno;
import org.jlustre.common.FileMode;
import org.jlustre.common.Fid;
import org.jlustre.common.Libcfs;
import org.jlustre.common.LustreException;
import org.jlustre.osd.AllocationHint;
import org.jlustre.osd.LuAttr;
import org.jlustre.osd.ObjectFormat;
import org.jlustre.osd.OsdDevice;
import org.jlustre.osd.OsdObject;
import org.jlustre.osd.Transaction;
import org.jlustre.osd.TxnHooks;
import org.jlustre.osd.mem.MemOsdConfig;
import org.jlustre.osd.mem.OsdMem;
import org.jlustre.testdata.TestData;
import org.jlustre.wire.ptlrpc.ConnectFlags;
import org.jlustre.wire.ptlrpc.MsgFlags;
import org.jlustre.wire.ptlrpc.Opcodes;
import org.jlustre.wire.target.LrServerData;
import org.jlustre.wire.target.LsdClientData;
import org.jlustre.wire.target.ReplyData;
import org.jlustre.wire.target.ReplyDataHeader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Transnos from the OSD's transaction hooks ({@code tgt_txn_start_cb}/{@code tgt_txn_stop_cb}):
 * one per client update, written in the update's own transaction into last_rcvd and, for a
 * MULTIMODRPCS client, reply_data; the saved replies a resend is answered from; slots released
 * as the client acknowledges replies and reused; the last transno found again at remount; and
 * the files as Lustre's lr_reader prints them.
 */
class TargetTxnsTest {

    private static final String MDT = "lustre-MDT0000_UUID";
    private static final long MULTI = ConnectFlags.OBD_CONNECT_MULTIMODRPCS;

    OsdDevice dev;
    private final AtomicInteger oids = new AtomicInteger(1);

    /** The device under test; a subclass runs every case on a wrapper. */
    OsdDevice newDevice() throws LustreException {
        return OsdMem.create(MemOsdConfig.defaults("target-txns-test").withLibcfs(Libcfs.create()));
    }

    @BeforeEach
    void setUp() throws LustreException {
        dev = newDevice();
    }

    @AfterEach
    void tearDown() {
        dev.close();
    }

    /** One client update: creates an object in a transaction of its own, as an MDD operation would. */
    private Fid update(int result) throws LustreException {
        Fid fid = Fid.of(0x200000400L, oids.getAndIncrement(), 0);
        try (OsdObject o = dev.find(fid); Transaction th = dev.transCreate()) {
            LuAttr attr = new LuAttr().mode(FileMode.S_IFREG | 0644);
            o.declareCreate(attr, AllocationHint.parent(dev.rootFid()), ObjectFormat.REGULAR, th);
            th.start();
            o.create(attr, AllocationHint.parent(dev.rootFid()), ObjectFormat.REGULAR, th);
            if (result != 0) {
                th.setResult(result);
            }
        }
        return fid;
    }

    /** Runs {@link #update} as request {@code ctx} and returns its transno. */
    private long request(ReqContext ctx) throws LustreException {
        return TargetTxns.run(ctx, () -> {
            update(0);
            return ctx.transno();
        });
    }

    private static ReqContext req(ClientSlot slot, long xid, int tag, long flags) {
        return new ReqContext(slot, xid, Opcodes.MDS_REINT, tag, 0, flags);
    }

    private byte[] bytes(String name) throws LustreException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ObjectDump.dump(dev, TargetObjects.standard(), name, out);
        return out.toByteArray();
    }

    private ReplyData replySlot(int i) throws LustreException {
        return ReplyData.decode(MemorySegment.ofArray(bytes("reply_data")), ReplyData.offsetOf(i));
    }

    @Test
    void everyUpdateGetsTheNextTransnoWrittenInItsOwnTransaction() throws LustreException {
        try (LastRcvd lr = LastRcvd.open(dev, MDT, 0, TargetKind.MDT); TargetTxns txns = TargetTxns.open(dev, lr)) {
            ClientSlot a = lr.connect("client-a", 0, 0);
            ReqContext first = req(a, 100, 0, 0);
            assertThat(request(first)).isEqualTo(1);
            assertThat(first.transno()).isEqualTo(1);
            ReqContext second = req(a, 101, 0, 0);
            second.opData(0x5);
            assertThat(request(second)).isEqualTo(2);
            LsdClientData onDisk = LsdClientData.decode(MemorySegment.ofArray(bytes("last_rcvd")), a.offset());
            assertThat(onDisk.lastTransno()).isEqualTo(2);
            assertThat(onDisk.lastXid()).isEqualTo(101);
            assertThat(onDisk.lastData()).isEqualTo(5);
            assertThat(lr.lastTransno()).isEqualTo(2);
            assertThat(lr.lastCommitted()).isEqualTo(2);
            // a non-MULTIMODRPCS client's replies are its last_rcvd slot: nothing in reply_data
            assertThat(bytes("reply_data")).hasSize(ReplyDataHeader.SIZE);
        }
    }

    @Test
    void transactionsOutsideARequestOrLocalGetNoTransno() throws LustreException {
        try (LastRcvd lr = LastRcvd.open(dev, MDT, 0, TargetKind.MDT); TargetTxns txns = TargetTxns.open(dev, lr)) {
            ClientSlot a = lr.connect("client-a", MULTI, 0);
            byte[] before = bytes("last_rcvd");
            update(0);
            ReqContext ctx = req(a, 7, 1, MULTI);
            TargetTxns.run(ctx, () -> {
                Fid fid = Fid.of(0x200000400L, 999, 0);
                try (OsdObject o = dev.find(fid); Transaction th = dev.transCreate()) {
                    LuAttr attr = new LuAttr().mode(FileMode.S_IFREG | 0644);
                    o.declareCreate(attr, AllocationHint.parent(dev.rootFid()), ObjectFormat.REGULAR, th);
                    th.startLocal();
                    o.create(attr, AllocationHint.parent(dev.rootFid()), ObjectFormat.REGULAR, th);
                }
                return null;
            });
            assertThat(ctx.transno()).isZero();
            assertThat(lr.lastTransno()).isZero();
            assertThat(bytes("last_rcvd")).isEqualTo(before);
            assertThat(bytes("reply_data")).hasSize(ReplyDataHeader.SIZE);
            assertThat(txns.replies().slotsInUse()).isZero();
            assertThat(TargetTxns.current()).isEmpty();
        }
    }

    @Test
    void onlyTheRequestsFirstTransactionGetsATransno() throws LustreException {
        try (LastRcvd lr = LastRcvd.open(dev, MDT, 0, TargetKind.MDT); TargetTxns txns = TargetTxns.open(dev, lr)) {
            ClientSlot a = lr.connect("client-a", MULTI, 0);
            ReqContext ctx = req(a, 7, 1, MULTI);
            TargetTxns.run(ctx, () -> {
                assertThat(TargetTxns.current()).containsSame(ctx);
                update(0);
                update(0);
                return null;
            });
            assertThat(ctx.transno()).isEqualTo(1);
            assertThat(lr.lastTransno()).isEqualTo(1);
            assertThat(txns.replies().saved(a)).containsExactly(new ReplyData(1, 7, 0, 0, a.generation()));
            assertThat(txns.replies().slotsInUse()).isEqualTo(1);
        }
    }

    @Test
    void aTransactionThatFailsToStartWritesNothing() throws LustreException {
        try (LastRcvd lr = LastRcvd.open(dev, MDT, 0, TargetKind.MDT); TargetTxns txns = TargetTxns.open(dev, lr);
                TxnHooks.Registration failing = dev.addTxnHooks(new TxnHooks() {
                    @Override
                    public void txnStart(Transaction th) throws LustreException {
                        throw new LustreException(Errno.ENOSPC, "no room for the test");
                    }

                    @Override
                    public void txnStop(Transaction th) {
                    }
                })) {
            ClientSlot a = lr.connect("client-a", MULTI, 0);
            byte[] lastRcvd = bytes("last_rcvd");
            ReqContext ctx = req(a, 7, 1, MULTI);
            assertThatThrownBy(() -> request(ctx)).isInstanceOf(LustreException.class).hasMessageContaining("no room");
            assertThat(ctx.transno()).isZero();
            assertThat(lr.lastTransno()).isZero();
            assertThat(bytes("last_rcvd")).isEqualTo(lastRcvd);
            assertThat(bytes("reply_data")).hasSize(ReplyDataHeader.SIZE);
            assertThat(txns.replies().slotsInUse()).as("the reserved slot given back").isZero();
            assertThat(txns.replies().lookup(a, 7, false)).isEmpty();
        }
    }

    @Test
    void aFailedUpdateGetsNoTransnoButItsResultIsSavedForAResend() throws LustreException {
        try (LastRcvd lr = LastRcvd.open(dev, MDT, 0, TargetKind.MDT); TargetTxns txns = TargetTxns.open(dev, lr)) {
            ClientSlot a = lr.connect("client-a", MULTI, 0);
            ReqContext ctx = req(a, 7, 1, MULTI);
            TargetTxns.run(ctx, () -> update(Errno.EEXIST.rc()));
            assertThat(ctx.transno()).isZero();
            assertThat(lr.lastTransno()).isZero();
            assertThat(replySlot(0)).isEqualTo(new ReplyData(0, 7, 0, -17, a.generation()));
            assertThat(txns.replies().lookup(a, 7, false)).contains(new ReplyData(0, 7, 0, -17, a.generation()));
            // the next request still gets transno 1
            assertThat(request(req(a, 8, 2, MULTI))).isEqualTo(1);
        }
    }

    @Test
    void multiModRpcsRepliesLandInReplyDataAndAResendFindsThem() throws LustreException {
        try (LastRcvd lr = LastRcvd.open(dev, MDT, 0, TargetKind.MDT); TargetTxns txns = TargetTxns.open(dev, lr)) {
            ClientSlot a = lr.connect("client-a", MULTI, 0);
            ClientSlot b = lr.connect("client-b", MULTI, 0);
            assertThat(a.generation()).isEqualTo(1);
            assertThat(b.generation()).isEqualTo(2);
            ReqContext open = req(a, 1000, 1, MULTI);
            open.opData(3);
            assertThat(request(open)).isEqualTo(1);
            assertThat(request(req(b, 2000, 1, MULTI))).isEqualTo(2);
            assertThat(request(req(a, 1001, 2, MULTI))).isEqualTo(3);
            assertThat(replySlot(0)).isEqualTo(new ReplyData(1, 1000, 3, 0, 1));
            assertThat(replySlot(1)).isEqualTo(new ReplyData(2, 2000, 0, 0, 2));
            assertThat(replySlot(2)).isEqualTo(new ReplyData(3, 1001, 0, 0, 1));
            assertThat(txns.replies().lookup(a, 1000, false)).contains(new ReplyData(1, 1000, 3, 0, 1));
            assertThat(txns.replies().lookup(a, 1001, false)).contains(new ReplyData(3, 1001, 0, 0, 1));
            assertThat(txns.replies().lookup(a, 2000, false)).as("another client's xid").isEmpty();
            assertThat(txns.replies().lookup(b, 2000, false)).contains(new ReplyData(2, 2000, 0, 0, 2));
            assertThat(txns.replies().lookup(a, 999, false)).isEmpty();
        }
    }

    @Test
    void aNonMultiClientsResendIsAnsweredFromItsLastRcvdSlot() throws LustreException {
        try (LastRcvd lr = LastRcvd.open(dev, MDT, 0, TargetKind.MDT); TargetTxns txns = TargetTxns.open(dev, lr)) {
            ClientSlot a = lr.connect("client-a", 0, 0);
            ReqContext ctx = req(a, 55, 0, 0);
            ctx.opData(9);
            request(ctx);
            assertThat(txns.replies().lookup(a, 55, false)).contains(new ReplyData(1, 55, 9, 0, 0));
            assertThat(txns.replies().lookup(a, 54, false)).isEmpty();
            assertThat(txns.replies().lookup(a, 0, false)).isEmpty();
        }
    }

    @Test
    void acknowledgedRepliesFreeTheirSlotsForReuseButTheLastTransnoIsKept() throws LustreException {
        try (LastRcvd lr = LastRcvd.open(dev, MDT, 0, TargetKind.MDT); TargetTxns txns = TargetTxns.open(dev, lr)) {
            ClientSlot a = lr.connect("client-a", MULTI, 0);
            ReplyRecords rr = txns.replies();
            request(req(a, 10, 1, MULTI)); // slot 0, transno 1
            request(req(a, 11, 2, MULTI)); // slot 1, transno 2
            assertThat(rr.slotsInUse()).isEqualTo(2);
            // a new request on tag 1 shows the reply of xid 10 was received: slot 0 is free again
            request(req(a, 12, 1, MULTI)); // slot 2 (0 is released only after the write is declared)
            assertThat(rr.lookup(a, 10, false)).isEmpty();
            assertThat(rr.slotsInUse()).isEqualTo(2);
            request(req(a, 13, 3, MULTI)); // reuses slot 0, transno 4
            assertThat(replySlot(0)).isEqualTo(new ReplyData(4, 13, 0, 0, 1));
            // a resent request on a tag releases nothing
            ReqContext resent = new ReqContext(a, 14, Opcodes.MDS_REINT, 2, MsgFlags.MSG_RESENT, MULTI);
            request(resent);
            assertThat(rr.lookup(a, 11, false)).isPresent();
            // pb_last_xid 14: everything received; the reply with the client's last transno (5) stays on disk
            rr.received(a, 14);
            assertThat(rr.saved(a)).isEmpty();
            assertThat(rr.slotsInUse()).isEqualTo(1);
            int size = bytes("reply_data").length;
            request(req(a, 15, 1, MULTI));
            request(req(a, 16, 2, MULTI));
            assertThat(bytes("reply_data")).as("freed slots reused, the file did not grow").hasSize(size);
            assertThat(rr.slotsInUse()).isEqualTo(3);
            txns.disconnect(a);
            assertThat(rr.slotsInUse()).isZero();
            assertThat(lr.slot("client-a")).isEmpty();
        }
    }

    @Test
    void aRemountFindsTheLastTransnoInReplyDataAndTheUnacknowledgedReplies() throws LustreException {
        try (LastRcvd lr = LastRcvd.open(dev, MDT, 0, TargetKind.MDT); TargetTxns txns = TargetTxns.open(dev, lr)) {
            ClientSlot a = lr.connect("client-a", MULTI, 0);
            ClientSlot b = lr.connect("client-b", MULTI, 0);
            request(req(b, 20, 1, MULTI)); // transno 1, slot 0
            txns.disconnect(b); // the header gets transno 1
            request(req(a, 10, 1, MULTI)); // 2, slot 0 again
            request(req(a, 11, 2, MULTI)); // 3, slot 1
            txns.replies().received(a, 10);
            // neither last_rcvd's header nor client-a's slot knows transno 3: only reply_data does
            assertThat(LrServerData.decode(MemorySegment.ofArray(bytes("last_rcvd")), 0).lastTransno()).isEqualTo(1);
            assertThat(LsdClientData.decode(MemorySegment.ofArray(bytes("last_rcvd")), a.offset()).lastTransno())
                    .isZero();
        }
        try (LastRcvd lr = LastRcvd.open(dev, MDT, 0, TargetKind.MDT)) {
            assertThat(lr.lastTransno()).as("last_rcvd alone").isEqualTo(1);
            try (TargetTxns txns = TargetTxns.open(dev, lr)) {
                assertThat(lr.lastTransno()).isEqualTo(3);
                assertThat(lr.lastCommitted()).isEqualTo(3);
                assertThat(txns.replies().recoveredTransno()).isEqualTo(3);
                ClientSlot a = lr.slot("client-a").orElseThrow();
                assertThat(a.lastTransno()).isEqualTo(3);
                // every slot of a live client comes back (acknowledged ones cannot be told apart on disk)
                assertThat(txns.replies().lookup(a, 11, false)).contains(new ReplyData(3, 11, 0, 0, 1));
                assertThat(txns.replies().lookup(a, 10, false)).contains(new ReplyData(2, 10, 0, 0, 1));
                assertThat(txns.replies().slotsInUse()).isEqualTo(2);
                ClientSlot c = lr.connect("client-c", MULTI, 0);
                assertThat(c.generation()).isEqualTo(2);
                assertThat(request(req(c, 30, 1, MULTI))).isEqualTo(4);
                assertThat(replySlot(2)).isEqualTo(new ReplyData(4, 30, 0, 0, 2));
            }
        }
    }

    @Test
    void aNonMultiClientsFailedUpdateAndCloseAreKeptInItsSlot() throws LustreException {
        try (LastRcvd lr = LastRcvd.open(dev, MDT, 0, TargetKind.MDT); TargetTxns txns = TargetTxns.open(dev, lr)) {
            ClientSlot a = lr.connect("client-a", 0, 0);
            request(req(a, 40, 0, 0));
            ReqContext failed = req(a, 41, 0, 0);
            TargetTxns.run(failed, () -> update(Errno.ENOSPC.rc()));
            assertThat(failed.transno()).isZero();
            LsdClientData onDisk = LsdClientData.decode(MemorySegment.ofArray(bytes("last_rcvd")), a.offset());
            assertThat(onDisk.lastTransno()).as("the transno stays the last successful one's").isEqualTo(1);
            assertThat(onDisk.lastXid()).isEqualTo(41);
            assertThat(onDisk.lastResult()).isEqualTo(-28);
            assertThat(txns.replies().lookup(a, 41, false)).contains(new ReplyData(1, 41, 0, -28, 0));
            assertThat(txns.replies().lookup(a, 40, false)).as("only the last request is kept").isEmpty();
            ReqContext close = new ReqContext(a, 42, Opcodes.MDS_CLOSE, 0, 0, 0);
            TargetTxns.run(close, () -> update(0));
            assertThat(close.transno()).isEqualTo(2);
            onDisk = LsdClientData.decode(MemorySegment.ofArray(bytes("last_rcvd")), a.offset());
            assertThat(onDisk.lastCloseTransno()).isEqualTo(2);
            assertThat(onDisk.lastCloseXid()).isEqualTo(42);
            assertThat(onDisk.lastXid()).isEqualTo(41);
            assertThat(txns.replies().lookup(a, 42, true)).contains(new ReplyData(2, 42, 0, 0, 0));
            assertThat(txns.replies().lookup(a, 41, false)).contains(new ReplyData(1, 41, 0, -28, 0));
        }
    }

    @Test
    void lrReaderPrintsOurFilesAsLustresPrintsTheRealOnes(@TempDir Path tmp) throws LustreException, IOException {
        try (LastRcvd lr = LastRcvd.open(dev, "t32fs-MDT0000_UUID", 0, TargetKind.MDT);
                TargetTxns txns = TargetTxns.open(dev, lr)) {
            ClientSlot a = lr.connect("5a4c1b1e-2b2a-4c1e-9d1c-0123456789ab", MULTI, 0);
            ReqContext open = req(a, 1563323683324112L, 1, MULTI);
            open.opData(3);
            request(open);
            request(req(a, 1563323683324160L, 2, MULTI));
            Path lastRcvd = Files.write(tmp.resolve("last_rcvd"), bytes("last_rcvd"));
            Path replyData = Files.write(tmp.resolve("reply_data"), bytes("reply_data"));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            assertThat(new LrReader(out, err).run(lastRcvd, true, replyData, true)).isZero();
            assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
            LrServerData lsd = lr.serverData();
            // the layout of test-data's disk2_9-ldiskfs-mdt/last_rcvd.lr_reader.txt, with our values
            assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("""
                    last_rcvd:
                      uuid: t32fs-MDT0000_UUID
                      feature_compat: 0x8
                      feature_incompat: 0x61c
                      feature_rocompat: 0x1
                      last_transaction: 0
                      target_index: 0
                      mount_count: 1
                      client_area_start: 8192
                      client_area_size: 128

                      5a4c1b1e-2b2a-4c1e-9d1c-0123456789ab:
                        generation: 1
                        last_transaction: 0
                        last_xid: 0
                        last_result: 0
                        last_data: 0

                    reply_data:
                      0:
                        client_generation: 1
                        last_transaction: 1
                        last_xid: 1563323683324112
                        last_result: 0
                        last_data: 3

                      1:
                        client_generation: 1
                        last_transaction: 2
                        last_xid: 1563323683324160
                        last_result: 0
                        last_data: 0

                    """);
            // a MULTIMODRPCS client's slot is not written per request (tgt_last_rcvd_update), nor the header
            assertThat(lsd.featureIncompat()).isEqualTo(0x61c);
            assertThat(lr.lastTransno()).isEqualTo(2);
        }
    }

    /** Puts {@code bytes} into the local file {@code fid} named {@code name}, replacing what it held. */
    private void writeFile(Fid fid, String name, byte[] bytes) throws LustreException {
        try (OsdObject o = LocalObjects.findOrCreate(dev, fid, name); Transaction th = dev.transCreate()) {
            o.body().declareWrite(0, bytes.length, th);
            th.startLocal();
            o.body().write(0, MemorySegment.ofArray(bytes), th);
        }
    }

    @Test
    void aRealMdtsLastRcvdAndReplyDataAreMountedAndContinued(@TempDir Path tmp) throws LustreException, IOException {
        Path real = TestData.lustreReal("disk2_9-ldiskfs-mdt/last_rcvd");
        writeFile(LastRcvd.FID, LastRcvd.NAME, Files.readAllBytes(real));
        writeFile(TargetObjects.REPLY_DATA_FID, TargetObjects.REPLY_DATA,
                Files.readAllBytes(real.resolveSibling("reply_data")));
        try (LastRcvd lr = LastRcvd.open(dev, "t32fs-MDT0000_UUID", 0, TargetKind.MDT);
                TargetTxns txns = TargetTxns.open(dev, lr)) {
            // its client disconnected: the header has the last transno, its two reply_data slots are free
            assertThat(lr.lastTransno()).isEqualTo(8589934644L);
            assertThat(txns.replies().recoveredTransno()).isZero();
            assertThat(txns.replies().slotsInUse()).isZero();
            ClientSlot c = lr.connect("5a4c1b1e-new-client", MULTI, 0);
            assertThat(c.generation()).isEqualTo(1);
            ReqContext create = req(c, 1563323683325000L, 1, MULTI);
            create.opData(3);
            assertThat(request(create)).isEqualTo(8589934645L);
            assertThat(replySlot(0)).isEqualTo(new ReplyData(8589934645L, 1563323683325000L, 3, 0, 1));
            assertThat(replySlot(1)).as("the real file's second slot, untouched")
                    .isEqualTo(new ReplyData(8589934644L, 1563323683324160L, 0, 0, 1));
            assertThat(txns.replies().lookup(c, 1563323683324160L, false)).as("the old client's reply").isEmpty();
            Path lastRcvd = Files.write(tmp.resolve("last_rcvd"), bytes("last_rcvd"));
            Path replyData = Files.write(tmp.resolve("reply_data"), bytes("reply_data"));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            assertThat(new LrReader(out, err).run(lastRcvd, true, replyData, true)).isZero();
            String expected = Files.readString(real.resolveSibling("last_rcvd.lr_reader.txt"))
                    .replace("  mount_count: 2\n", "  mount_count: 3\n")
                    .replace("  client_area_size: 128\n", "  client_area_size: 128\n\n  5a4c1b1e-new-client:\n"
                            + "    generation: 1\n    last_transaction: 0\n    last_xid: 0\n    last_result: 0\n"
                            + "    last_data: 0\n")
                    .replace("    last_transaction: 8589934643\n    last_xid: 1563323683324112\n",
                            "    last_transaction: 8589934645\n    last_xid: 1563323683325000\n");
            assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(expected);
        }
    }
}
