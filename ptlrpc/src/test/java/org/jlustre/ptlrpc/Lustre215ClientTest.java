package org.jlustre.ptlrpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;
import org.jlustre.common.Nid;
import org.jlustre.lnet.Lnet;
import org.jlustre.lnet.MemoryDescriptor;
import org.jlustre.ptlrpc.ScriptedTarget.Seen;
import org.jlustre.ptlrpc.echo.EchoService;
import org.jlustre.testing.Nodes;
import org.jlustre.wire.ptlrpc.ConnectFlags;
import org.jlustre.wire.ptlrpc.LustreMsg;
import org.jlustre.wire.ptlrpc.MsgFlags;
import org.jlustre.wire.ptlrpc.ObdConnectData;
import org.jlustre.wire.ptlrpc.Opcodes;
import org.jlustre.wire.ptlrpc.Portals;
import org.jlustre.wire.ptlrpc.PtlrpcBody;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An import against a target that answers as a Lustre 2.15 server does (a {@link ScriptedTarget}
 * on the in-JVM network): where replies land and what happens when one does not fit, and every
 * header field of the requests (the values of /work/research/capture-2.15.5.md, sections 4 and
 * 5: xids, {@code pb_status}, {@code pb_last_xid}, {@code pb_mbits}, {@code lm_secflvr},
 * {@code lm_flags}, {@code pb_timeout}, the CONNECT's buffers and flags).
 */
class Lustre215ClientTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final long AT = ConnectFlags.OBD_CONNECT_AT;
    private static final long FLAGS2 = ConnectFlags.OBD_CONNECT_FLAGS2;
    private static final long REP_MBITS = ConnectFlags.OBD_CONNECT2_REP_MBITS;

    private Nodes nodes;
    private Lnet server;
    private ScriptedTarget target;
    private Nid targetNid;
    private Ptlrpc client;

    @BeforeEach
    void start() throws LustreException {
        nodes = new Nodes(Nodes.Driver.MEM);
        server = nodes.node();
        targetNid = Nid.fromLnetNid(nodes.nid(server));
        target = new ScriptedTarget(server);
        client = Ptlrpc.start(nodes.node());
    }

    @AfterEach
    void stop() {
        client.close();
        target.close();
        nodes.close();
    }

    /** An import to the scripted target asking for {@code flags} and {@code flags2}, with our sec part {@code sp}. */
    private Import connect(long flags, long flags2, int sp, Duration timeout) throws LustreException {
        ImportConfig echo = EchoService.importConfig("scripted", List.of(targetNid), timeout);
        Import imp = new Import(client, new ImportConfig(echo.name(), echo.paramPrefix(), echo.clientUuid(),
                echo.targetUuid(), echo.targetNids(), echo.requestPortal(), echo.replyPortal(), echo.bulkPortal(),
                echo.connectOpcode(), echo.disconnectOpcode(), ObdConnectData.ofFlags(flags).withFlags(flags, flags2),
                timeout, Duration.ZERO, Duration.ofMillis(50), sp));
        imp.connectSync();
        return imp;
    }

    private Import connect(long flags) throws LustreException {
        return connect(flags, 0, LustreMsg.SP_CLI, WAIT);
    }

    /** Sends and waits at most {@link #WAIT}: a client that loops fails the test instead of hanging it. */
    private static Reply call(Import imp, ClientRequest req) throws Exception {
        Reply r = imp.send(req).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(r.status()).as("status of %s", req).isZero();
        return r;
    }

    /** An OBD_PING, no-resend and no-delay as the pinger's, waited for at most {@link #WAIT}. */
    private static Reply ping(Import imp) throws Exception {
        return call(imp, imp.request(Opcodes.OBD_PING, MsgFlags.LUSTRE_OBD_VERSION).noResend().noDelay());
    }

    private ClientRequest echo(Import imp, int replyCapacity) {
        return imp.request(EchoService.ECHO, MsgFlags.LUSTRE_OST_VERSION, 8).replyCapacity(replyCapacity);
    }

    // ------------------------------------------------------------------ where replies land

    @Test
    void aReplyAtTheEarlyReplyOffsetOf224FitsInOneAttempt() throws Exception {
        // a 2.15 server PUTs the reply at lustre_msg_early_size = 224 and fills what lm_repsize asked
        target.script(s -> target.reply(s, 0, s.msg().repSize() - LustreMsg.size(PtlrpcBody.SIZE_V3)));
        Import imp = connect(AT);
        Reply r = call(imp, echo(imp, 1248));
        assertThat(r.message().size()).isEqualTo(1248);
        assertThat(target.attempts(EchoService.ECHO)).as("attempts of the echo").hasSize(1);
        Seen s = target.attempts(EchoService.ECHO).getFirst();
        assertThat(s.msg().flags()).isEqualTo(LustreMsg.MSGHDR_AT_SUPPORT | LustreMsg.MSGHDR_CKSUM_INCOMPAT18);
        assertThat(InFlightRequests.replyBufferSize(1248)).as("roundup_pow2(1248 + 224)").isEqualTo(2048);
        assertThat(InFlightRequests.replyBufferSize(LustreMsg.size(PtlrpcBody.SIZE_V3, 8192))).isEqualTo(16384);
    }

    @Test
    void aReplyLargerThanTheBufferIsFetchedByOneResendOfTheSameXid() throws Exception {
        target.script(s -> target.reply(s, 0, 3000));
        Import imp = connect(AT);
        Reply r = call(imp, echo(imp, 1000));
        assertThat(r.message().bufLen(1)).isEqualTo(3000);
        List<Seen> tries = target.attempts(EchoService.ECHO);
        assertThat(tries).as("the first attempt and one resend").hasSize(2);
        assertThat(tries.get(1).xid()).as("same xid").isEqualTo(tries.get(0).xid());
        assertThat(tries.get(0).body().flags()).isZero();
        assertThat(tries.get(1).body().flags()).isEqualTo(MsgFlags.MSG_RESENT);
    }

    @Test
    void aReplyThatDoesNotFitTheResendEitherFailsWithEoverflow() throws Exception {
        // each attempt's reply is larger than any buffer the attempt could have posted
        target.script(s -> s.opc() != EchoService.ECHO ? target.reply(s, 0)
                : target.reply(s, 0, (s.body().flags() & MsgFlags.MSG_RESENT) == 0 ? 64 << 10 : 256 << 10));
        Import imp = connect(AT);
        CompletableFuture<Reply> f = imp.send(echo(imp, 1000));
        assertThatThrownBy(() -> f.get(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOfSatisfying(LustreException.class, e -> {
                    assertThat(e.errno()).isEqualTo(Errno.EOVERFLOW);
                    assertThat(e.getMessage()).contains("reply of " + (LustreMsg.size(PtlrpcBody.SIZE_V3, 256 << 10)) + " bytes");
                });
        assertThat(target.attempts(EchoService.ECHO)).as("never a loop: one resend").hasSize(2);
        assertThat(ping(imp).status()).as("the import is fine").isZero();
    }

    @Test
    void aNoResendRequestWhoseReplyDoesNotFitFailsWithEoverflow() throws Exception {
        target.script(s -> target.reply(s, 0, 4096));
        Import imp = connect(AT);
        assertThatThrownBy(() -> ping(imp)).isInstanceOf(ExecutionException.class).cause()
                .isInstanceOfSatisfying(LustreException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EOVERFLOW));
        assertThat(target.attempts(Opcodes.OBD_PING)).hasSize(1);
    }

    // ------------------------------------------------------------------ request headers

    @Test
    void xidsStepBy64AndPbStatusIsTheSendingThread() throws Exception {
        target.script(s -> target.reply(s, 0));
        Import imp = connect(AT);
        long[] tids = new long[2];
        for (int i = 0; i < 2; i++) {
            int k = i;
            Thread t = Thread.ofPlatform().name("sender-" + i).start(() -> {
                tids[k] = Thread.currentThread().threadId();
                try {
                    call(imp, imp.request(EchoService.ECHO, MsgFlags.LUSTRE_OST_VERSION, 8));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            t.join(WAIT.toMillis());
        }
        List<Seen> echoes = target.attempts(EchoService.ECHO);
        assertThat(echoes).hasSize(2);
        Seen connect = target.attempts(Opcodes.OST_CONNECT).getFirst();
        assertThat(connect.xid() % 64).as("xids are multiples of 64").isZero();
        assertThat(echoes.get(0).xid() - connect.xid()).as("PTLRPC_BULK_OPS_COUNT").isEqualTo(64);
        assertThat(echoes.get(1).xid() - echoes.get(0).xid()).isEqualTo(64);
        assertThat(echoes.get(0).body().status()).as("pb_status: the sender").isEqualTo((int) tids[0]);
        assertThat(echoes.get(1).body().status()).isEqualTo((int) tids[1]);
    }

    @Test
    void pbLastXidIsTheOldestUnansweredXidLessOne() throws Exception {
        // the first echo is held unanswered until the third has been seen
        CompletableFuture<Seen> held = new CompletableFuture<>();
        target.script(s -> {
            if (s.opc() == EchoService.ECHO && !held.isDone()) {
                held.complete(s);
                return null;
            }
            return target.reply(s, 0);
        });
        Import imp = connect(AT);
        CompletableFuture<Reply> first = imp.send(echo(imp, 1024));
        Seen a = held.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        call(imp, echo(imp, 1024));
        call(imp, echo(imp, 1024));
        List<Seen> echoes = target.attempts(EchoService.ECHO);
        assertThat(echoes).hasSize(3);
        assertThat(echoes.get(1).body().lastXid()).as("the first is still unanswered").isEqualTo(a.xid() - 1);
        assertThat(echoes.get(2).body().lastXid()).isEqualTo(a.xid() - 1);
        ScriptedTarget.Answer late = target.reply(a, 0);
        lateReply(a, late);
        assertThat(first.get(WAIT.toMillis(), TimeUnit.MILLISECONDS).status()).isZero();
        call(imp, echo(imp, 1024));
        Seen d = target.attempts(EchoService.ECHO).get(3);
        assertThat(d.body().lastXid()).as("all answered: the request itself less one").isEqualTo(d.xid() - 1);
        Seen connect = target.attempts(Opcodes.OST_CONNECT).getFirst();
        assertThat(connect.body().lastXid()).as("CONNECT: process_req_last_xid must not count it").isZero();
        imp.close();
        Seen disconnect = target.attempts(Opcodes.OST_DISCONNECT).getFirst();
        assertThat(disconnect.body().lastXid()).as("DISCONNECT").isZero();
    }

    /** Sends an answer the script held back. */
    private void lateReply(Seen s, ScriptedTarget.Answer a) throws LustreException {
        MemoryDescriptor md = server.bind(MemoryDescriptor.builder(MemorySegment.ofArray(a.message())).threshold(1));
        server.put(md, false, s.from(), Portals.OSC_REPLY, a.matchBits(), a.offset(), 0);
    }

    @Test
    void lmSecflvrCarriesTheImportsSecPart() throws Exception {
        target.script(s -> target.reply(s, 0));
        Import mgcLike = connect(AT, 0, LustreMsg.SP_MGC, WAIT);
        ping(mgcLike);
        for (Seen s : List.of(target.attempts(Opcodes.OST_CONNECT).getFirst(),
                target.attempts(Opcodes.OBD_PING).getFirst())) {
            assertThat(s.msg().secFlavor()).as("null flavour from an MGC").isEqualTo(0x03000000);
        }
        mgcLike.close();
        Import cli = connect(AT);
        ping(cli);
        assertThat(target.attempts(Opcodes.OBD_PING).getLast().msg().secFlavor()).as("from a client").isZero();
    }

    @Test
    void withRepMbitsReplyMatchBitsAreTheXidThenFreshOnesOnAResend() throws Exception {
        // the first attempt of the echo goes unanswered: it times out, the import reconnects and resends
        target.script(s -> s.opc() == EchoService.ECHO && (s.body().flags() & MsgFlags.MSG_RESENT) == 0 ? null
                : target.reply(s, 0));
        Import imp = connect(AT | FLAGS2, REP_MBITS, LustreMsg.SP_CLI, Duration.ofSeconds(1));
        // a delay limit past the first timeout, so the timed-out attempt is resent (rq_delay_limit)
        Reply r = call(imp, echo(imp, 1024).timeout(Duration.ofSeconds(1)).delayLimit(Duration.ofSeconds(8)));
        assertThat(r.status()).isZero();
        List<Seen> tries = target.attempts(EchoService.ECHO);
        assertThat(tries).hasSize(2);
        long xid = tries.get(0).xid();
        assertThat(tries.get(0).body().mbits()).as("pb_mbits = xid").isEqualTo(xid);
        long resent = tries.get(1).body().mbits();
        assertThat(tries.get(1).xid()).isEqualTo(xid);
        assertThat(resent).as("fresh match bits for the resend (ptlrpc_set_mbits)").isGreaterThan(xid);
        assertThat(resent % 64).isZero();
        assertThat(r.xid()).isEqualTo(xid);
        Seen connect = target.attempts(Opcodes.OST_CONNECT).getFirst();
        assertThat(connect.body().mbits()).as("no reply match bits for CONNECT").isZero();
    }

    @Test
    void withoutRepMbitsARequestWithoutBulkSendsNoMatchBits() throws Exception {
        target.script(s -> target.reply(s, 0));
        Import imp = connect(AT | FLAGS2, REP_MBITS, LustreMsg.SP_CLI, WAIT);
        imp.close();
        target.grant(~0L, 0);
        Import plain = connect(AT | FLAGS2, REP_MBITS, LustreMsg.SP_CLI, WAIT);
        ping(plain);
        assertThat(target.attempts(Opcodes.OBD_PING).getLast().body().mbits()).isZero();
    }

    @Test
    void theConnectIsA215Connect() throws Exception {
        target.script(s -> target.reply(s, 0)).replyTimeout(20);
        Import imp = connect(AT, 0, LustreMsg.SP_CLI, Duration.ofSeconds(100));
        Seen c = target.attempts(Opcodes.OST_CONNECT).getFirst();
        LustreMsg m = c.msg();
        assertThat(m.bufCount()).as("obd_connect_client: six buffers").isEqualTo(6);
        assertThat(List.of(m.bufLen(0), m.bufLen(1), m.bufLen(2), m.bufLen(3), m.bufLen(4), m.bufLen(5)))
                .containsExactly(184, 39, 39, 8, 192, 0);
        assertThat(m.repSize()).as("room for a 320-byte connect data").isEqualTo(544);
        assertThat(m.flags()).as("lm_flags of a CONNECT").isZero();
        PtlrpcBody b = c.body();
        assertThat(b.opFlags()).as("no remote handle yet: MSG_CONNECT_INITIAL only").isEqualTo(
                MsgFlags.MSG_CONNECT_INITIAL);
        assertThat(b.timeout()).as("INITIAL_CONNECT_TIMEOUT").isEqualTo(5);
        assertThat(b.serviceTime()).as("at_timeout2est(at_est2timeout(5))").isEqualTo(4);
        assertThat(b.connCnt()).isEqualTo(1);

        // the service estimate now is the connect reply's pb_timeout, 20: requests ask for 20 + 5 + 5
        ping(imp);
        PtlrpcBody ping = target.attempts(Opcodes.OBD_PING).getFirst().body();
        assertThat(ping.timeout()).as("at_est2timeout(20)").isEqualTo(30);
        assertThat(ping.serviceTime()).isZero();

        // a reconnect: the handle is known, lm_flags are renegotiated
        target.replyTimeout(1);
        imp.close();
        Import again = connect(AT, 0, LustreMsg.SP_CLI, Duration.ofSeconds(100));
        ping(again);
        assertThat(target.attempts(Opcodes.OBD_PING).getLast().body().timeout()).isEqualTo(6);
    }

    @Test
    void aReconnectHasNoInitialFlagAndNoMessageHeaderFlags() throws Exception {
        // the ping is not answered: the import times out, fails and connects again
        target.script(s -> s.opc() == Opcodes.OBD_PING ? null : target.reply(s, 0));
        Import imp = connect(AT, 0, LustreMsg.SP_CLI, Duration.ofSeconds(1));
        assertThatThrownBy(() -> ping(imp)).isInstanceOf(ExecutionException.class);
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (target.attempts(Opcodes.OST_CONNECT).size() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(target.attempts(Opcodes.OST_CONNECT)).as("the reconnect").hasSizeGreaterThanOrEqualTo(2);
        Seen reconnect = target.attempts(Opcodes.OST_CONNECT).get(1);
        assertThat(reconnect.body().connCnt()).isEqualTo(2);
        assertThat(reconnect.body().opFlags()).as("the target's handle is known").isZero();
        assertThat(reconnect.body().handle()).isEqualTo(ScriptedTarget.COOKIE);
        assertThat(reconnect.msg().flags()).as("AT_SUPPORT and CKSUM_INCOMPAT18 cleared for the CONNECT").isZero();
    }
}
