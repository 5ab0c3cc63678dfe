package org.jlustre.ptlrpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;
import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;
import org.jlustre.ptlrpc.echo.EchoService;
import org.jlustre.testing.Nodes;
import org.jlustre.wire.Le;
import org.jlustre.wire.ptlrpc.ConnectFlags;
import org.jlustre.wire.ptlrpc.LustreMsg;
import org.jlustre.wire.ptlrpc.MsgFlags;
import org.jlustre.wire.ptlrpc.Opcodes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Round trips over both drivers: connect, ping, disconnect, echo of 0 bytes to 1 MiB inline
 * and 4 MiB by bulk GET and PUT, 1,000 requests in flight at once.
 */
class RpcRoundTripTest {

    private EchoCluster cluster;

    @AfterEach
    void tearDown() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    static Reply echo(Import imp, byte[] payload) throws LustreException {
        ClientRequest r = imp.request(EchoService.ECHO, MsgFlags.LUSTRE_OST_VERSION, payload.length);
        MemorySegment.copy(MemorySegment.ofArray(payload), 0, r.buf(1), 0, payload.length);
        r.replyCapacity(payload.length + 512);
        return imp.call(r);
    }

    @ParameterizedTest
    @EnumSource(Nodes.Driver.class)
    void connectPingDisconnect(Nodes.Driver driver) throws Exception {
        cluster = new EchoCluster(driver, 4, 1 << 20);
        Import imp = cluster.client("echo-client", Duration.ofSeconds(10));
        assertThat(imp.state()).isEqualTo(ImportState.NEW);
        imp.connectSync();
        assertThat(imp.state()).isEqualTo(ImportState.FULL);
        assertThat(imp.remoteHandle()).isNotZero();
        assertThat(imp.connCnt()).isEqualTo(1);
        assertThat(imp.connectData().connectFlags()).isEqualTo(0x1000L | ConnectFlags.OBD_CONNECT_AT);
        assertThat(cluster.echo.target().exports()).hasSize(1);
        Export exp = cluster.echo.target().exports().getFirst();
        assertThat(exp.cookie()).isEqualTo(imp.remoteHandle());
        assertThat(exp.clientUuid().value()).isEqualTo("echo-client_UUID");

        Reply pong = imp.ping();
        assertThat(pong.status()).isZero();
        assertThat(pong.body().opc()).isEqualTo(Opcodes.OBD_PING);
        assertThat(pong.body().type()).isEqualTo(MsgFlags.PTL_RPC_MSG_REPLY);
        assertThat(pong.body().handle()).as("only a CONNECT reply names the export").isZero();
        assertThat(pong.body().version()).isEqualTo(MsgFlags.PTLRPC_MSG_VERSION);

        String stats = cluster.server.libcfs().params().get("echo.ECHO.echo.stats").getFirst().value();
        assertThat(stats).contains("obd_ping").contains("ost_connect").contains("req_waittime");
        assertThat(imp.stats().find("obd_ping").count()).isEqualTo(1);

        imp.close();
        assertThat(imp.state()).isEqualTo(ImportState.CLOSED);
        assertThat(cluster.echo.target().exports()).isEmpty();
        assertThatThrownBy(imp::ping).isInstanceOfSatisfying(LustreException.class,
                e -> assertThat(e.errno()).isEqualTo(Errno.ESHUTDOWN));
    }

    @ParameterizedTest
    @EnumSource(Nodes.Driver.class)
    void echoInlinePayloadsFromZeroToOneMegabyte(Nodes.Driver driver) throws Exception {
        cluster = new EchoCluster(driver, 4, (1 << 20) - 1024);
        Import imp = cluster.client("echo-client", Duration.ofSeconds(10));
        imp.connectSync();
        int[] sizes = {0, 1, 7, 8, 9, 100, 4095, 4096, 4097, 65536, 300_000, (1 << 20) - 1024 - 256};
        for (int i = 0; i < sizes.length; i++) {
            byte[] p = random(sizes[i], i);
            Reply r = echo(imp, p);
            assertThat(r.message().bufLen(1)).as("size %d", sizes[i]).isEqualTo(sizes[i]);
            if (sizes[i] > 0) {
                assertThat(r.buf(1, sizes[i], "echo").mismatch(MemorySegment.ofArray(p))).isEqualTo(-1);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Nodes.Driver.class)
    void truncatedReplyIsFetchedAgainWithALargerBuffer(Nodes.Driver driver) throws Exception {
        cluster = new EchoCluster(driver, 2, 1 << 16);
        Import imp = cluster.client("echo-client", Duration.ofSeconds(10));
        imp.connectSync();
        byte[] p = random(20_000, 3);
        ClientRequest r = imp.request(EchoService.ECHO, MsgFlags.LUSTRE_OST_VERSION, p.length);
        r.buf(1).copyFrom(MemorySegment.ofArray(p));
        r.replyCapacity(1024);
        Reply reply = imp.call(r);
        assertThat(reply.buf(1, p.length, "echo").mismatch(MemorySegment.ofArray(p))).isEqualTo(-1);
    }

    @ParameterizedTest
    @EnumSource(Nodes.Driver.class)
    void aTailBufferIsSentFromTheCallersMemoryPaddedAndAgainOnAResend(Nodes.Driver driver) throws Exception {
        cluster = new EchoCluster(driver, 2, 1 << 16);
        Import imp = cluster.client("echo-client", Duration.ofSeconds(10));
        imp.connectSync();
        // 20,001 bytes: padded to a multiple of 8 on the wire; a reply buffer of 1 KiB makes the
        // import resend it (from a copy of the message and the same tail) for the whole echo
        byte[] p = random(20_001, 5);
        MemorySegment tail = MemorySegment.ofArray(p);
        ClientRequest r = imp.request(EchoService.ECHO, MsgFlags.LUSTRE_OST_VERSION, tail);
        assertThat(r.buf(1).byteSize()).isZero();
        assertThat(r.message().segment().get(Le.U32, LustreMsg.OFF_BUFLENS + 4)).isEqualTo(p.length);
        r.replyCapacity(1024);
        Reply reply = imp.call(r);
        assertThat(reply.buf(1, p.length, "echo").mismatch(tail)).isEqualTo(-1);

        byte[] q = random(4096, 6);
        ClientRequest small = imp.request(EchoService.ECHO, MsgFlags.LUSTRE_OST_VERSION, MemorySegment.ofArray(q));
        small.replyCapacity(8192);
        assertThat(imp.call(small).buf(1, q.length, "echo").mismatch(MemorySegment.ofArray(q))).isEqualTo(-1);
    }

    @ParameterizedTest
    @EnumSource(Nodes.Driver.class)
    void bulkGetAndPutOfFourMegabytes(Nodes.Driver driver) throws Exception {
        cluster = new EchoCluster(driver, 4, 1 << 16);
        Import imp = cluster.client("echo-client", Duration.ofSeconds(20));
        imp.connectSync();
        try (Arena arena = Arena.ofShared()) {
            int len = 4 << 20;
            MemorySegment out = arena.allocate(len);
            out.copyFrom(MemorySegment.ofArray(random(len, 11)));
            ClientRequest w = imp.request(EchoService.ECHO_WRITE, MsgFlags.LUSTRE_OST_VERSION, 16);
            w.buf(1).set(Le.U64, 0, len);
            w.buf(1).set(Le.U64, 8, EchoService.WRITE_CRC);
            w.bulk(ClientRequest.BulkType.GET_SOURCE, List.of(out));
            Reply wr = imp.call(w);
            CRC32C crc = new CRC32C();
            crc.update(out.asByteBuffer());
            assertThat(wr.buf(1, 16, "write reply").get(Le.U64, 0)).isEqualTo(len);
            assertThat(wr.buf(1, 16, "write reply").get(Le.U64, 8)).isEqualTo(crc.getValue());
            // the first attempt went out from the request's own message: it carries that attempt's
            // header, the match bits of the last of the four 1 MiB MDs
            assertThat(w.message().body().mbits()).isEqualTo(w.xid() + 3);

            MemorySegment in = arena.allocate(len);
            ClientRequest rd = imp.request(EchoService.ECHO_READ, MsgFlags.LUSTRE_OST_VERSION);
            rd.bulk(ClientRequest.BulkType.PUT_SINK, List.of(in));
            Reply rr = imp.call(rd);
            assertThat(rr.buf(1, 8, "read reply").get(Le.U64, 0)).isEqualTo(len);
            assertThat(in.mismatch(out)).isEqualTo(-1);
        }
    }

    @ParameterizedTest
    @EnumSource(Nodes.Driver.class)
    void aThousandConcurrentRequests(Nodes.Driver driver) throws Exception {
        cluster = new EchoCluster(driver, 8, 1 << 14);
        Import imp = cluster.client("echo-client", Duration.ofSeconds(30));
        imp.connectSync();
        List<CompletableFuture<Reply>> futures = new ArrayList<>();
        List<byte[]> payloads = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            byte[] p = random(16 + i % 200, i);
            payloads.add(p);
            ClientRequest r = imp.request(EchoService.ECHO, MsgFlags.LUSTRE_OST_VERSION, p.length);
            r.buf(1).copyFrom(MemorySegment.ofArray(p));
            futures.add(imp.send(r));
        }
        java.util.Set<Long> xids = new java.util.HashSet<>();
        for (int i = 0; i < futures.size(); i++) {
            Reply r = futures.get(i).get(30, TimeUnit.SECONDS);
            assertThat(r.status()).isZero();
            assertThat(r.buf(1, payloads.get(i).length, "echo").mismatch(MemorySegment.ofArray(payloads.get(i))))
                    .isEqualTo(-1);
            xids.add(r.xid());
        }
        assertThat(xids).as("unique xids").hasSize(1000);
        assertThat(imp.timeouts()).isZero();
    }

    @ParameterizedTest
    @EnumSource(Nodes.Driver.class)
    void unknownOpcodeGetsEnotsupp(Nodes.Driver driver) throws Exception {
        cluster = new EchoCluster(driver, 2, 1 << 14);
        Import imp = cluster.client("echo-client", Duration.ofSeconds(10));
        imp.connectSync();
        Reply r = imp.send(imp.request(12345, MsgFlags.LUSTRE_OST_VERSION)).get(10, TimeUnit.SECONDS);
        // tgt_handler_find_check: -ENOTSUPP, the kernel-internal 524
        assertThat(r.status()).isEqualTo(-Errno.ENOTSUPP.value()).isEqualTo(-524);
        assertThat(r.errno()).isEqualTo(Errno.ENOTSUPP);
        assertThat(r.body().type()).isEqualTo(MsgFlags.PTL_RPC_MSG_ERR);
        assertThat(imp.ping().status()).isZero();
    }
}
