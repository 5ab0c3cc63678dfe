package org.jlustre.ptlrpc;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.jlustre.common.LustreException;
import org.jlustre.lnet.Lnet;
import org.jlustre.lnet.LnetEvent;
import org.jlustre.lnet.MdOptions;
import org.jlustre.lnet.MemoryDescriptor;
import org.jlustre.lnet.ProcessId;
import org.jlustre.wire.ptlrpc.LustreMsg;
import org.jlustre.wire.ptlrpc.MsgFlags;
import org.jlustre.wire.ptlrpc.ObdConnectData;
import org.jlustre.wire.ptlrpc.Opcodes;
import org.jlustre.wire.ptlrpc.PtlrpcBody;
import org.jlustre.wire.ptlrpc.Portals;

/**
 * A target played at the LNet level, so client tests can see every request attempt as it
 * arrived and answer it as a Lustre 2.15 server would, or otherwise: it takes requests on the
 * OST request portal, keeps a copy of each, and PUTs to the OSC reply portal whatever the
 * test's script answers (any offset, match bits and length), or nothing. A CONNECT is answered
 * by default as a 2.15 target does: the asked flags masked by {@link #grant}, export cookie
 * {@link #COOKIE}, the reply at offset 0 (a CONNECT never asks for early replies).
 */
final class ScriptedTarget implements AutoCloseable {

    /** The export cookie the CONNECT reply names. */
    static final long COOKIE = 0x5ca1ab1e0000a001L;
    /** {@code lustre_msg_early_size} of a 2.15 server: 40 + a 184-byte body. */
    static final int EARLY_SIZE_215 = 224;

    /** A request attempt as it arrived: its LNet match bits (the xid) and the message bytes. */
    record Seen(long xid, ProcessId from, byte[] bytes) {

        LustreMsg msg() {
            try {
                return LustreMsg.unpack(MemorySegment.ofArray(bytes));
            } catch (LustreException e) {
                throw new AssertionError("request x" + xid + " does not unpack", e);
            }
        }

        PtlrpcBody body() {
            try {
                return msg().body();
            } catch (LustreException e) {
                throw new AssertionError(e);
            }
        }

        int opc() {
            return body().opc();
        }
    }

    /** What to send back: a message PUT at {@code offset} with {@code matchBits}. */
    record Answer(byte[] message, long matchBits, int offset) {
    }

    private final Lnet lnet;
    private final LinkedBlockingQueue<Seen> seen = new LinkedBlockingQueue<>();
    private final List<Seen> all = java.util.Collections.synchronizedList(new ArrayList<>());
    private final MemoryDescriptor md;
    private volatile Function<Seen, Answer> script = s -> null;
    private volatile long grant = ~0L;
    private volatile long grant2 = ~0L;
    private volatile int replyTimeout = 1;

    ScriptedTarget(Lnet lnet) {
        this.lnet = lnet;
        this.md = lnet.attach(Portals.OST_REQUEST, ProcessId.ANY, 0, ~0L, Lnet.Position.AFTER,
                MemoryDescriptor.builder(MemorySegment.ofArray(new byte[1 << 22])).options(MdOptions.OP_PUT)
                        .maxSize(1 << 16).handler(this::requestIn));
    }

    /** The connect flags a CONNECT is granted (of those asked). */
    ScriptedTarget grant(long flags, long flags2) {
        grant = flags;
        grant2 = flags2;
        return this;
    }

    /** How non-CONNECT requests are answered (null: not at all). */
    ScriptedTarget script(Function<Seen, Answer> s) {
        script = s;
        return this;
    }

    /** The {@code pb_timeout} (service estimate) {@link #reply} puts in its replies. */
    ScriptedTarget replyTimeout(int seconds) {
        replyTimeout = seconds;
        return this;
    }

    private void requestIn(LnetEvent ev) {
        if (ev.type() != LnetEvent.Type.PUT || ev.status() != 0) {
            return;
        }
        Seen s = new Seen(ev.matchBits(), ev.initiator(), ev.data().toArray(ValueLayout.JAVA_BYTE));
        all.add(s);
        seen.add(s);
        Answer a = isConnect(s) ? connectReply(s) : script.apply(s);
        if (a == null) {
            return;
        }
        MemoryDescriptor out = lnet.bind(MemoryDescriptor.builder(MemorySegment.ofArray(a.message())).threshold(1));
        try {
            lnet.put(out, false, s.from(), Portals.OSC_REPLY, a.matchBits(), a.offset(), 0);
        } catch (LustreException e) {
            throw new IllegalStateException("cannot answer x" + s.xid(), e);
        }
    }

    private static boolean isConnect(Seen s) {
        return s.opc() == Opcodes.OST_CONNECT;
    }

    private Answer connectReply(Seen s) {
        ObdConnectData asked;
        try {
            asked = ObdConnectData.read(s.msg().buf(4, 8, "connect data"), 0, false);
        } catch (LustreException e) {
            throw new AssertionError(e);
        }
        byte[] m = new byte[LustreMsg.size(PtlrpcBody.SIZE_V3, ObdConnectData.SIZE)];
        LustreMsg r = LustreMsg.pack(MemorySegment.ofArray(m), PtlrpcBody.SIZE_V3, ObdConnectData.SIZE);
        fill(r, s, 0).handle(COOKIE);
        asked.withFlags(asked.connectFlags() & grant, asked.connectFlags2() & grant2).write(r.buf(1), 0);
        return new Answer(m, s.xid(), 0);
    }

    /**
     * A 2.15 reply to {@code s} with {@code status} and buffers of these lengths after the
     * body: at {@code lustre_msg_early_size} if the request takes early replies, to its
     * {@code pb_mbits} if it set them (REP_MBITS), else to its xid.
     */
    Answer reply(Seen s, int status, int... lens) {
        int[] all = new int[lens.length + 1];
        all[0] = PtlrpcBody.SIZE_V3;
        System.arraycopy(lens, 0, all, 1, lens.length);
        byte[] m = new byte[LustreMsg.size(all)];
        fill(LustreMsg.pack(MemorySegment.ofArray(m), all), s, status);
        LustreMsg req = s.msg();
        long mbits = s.body().mbits();
        return new Answer(m, mbits != 0 ? mbits : s.xid(),
                (req.flags() & LustreMsg.MSGHDR_AT_SUPPORT) != 0 ? EARLY_SIZE_215 : 0);
    }

    private PtlrpcBody fill(LustreMsg r, Seen s, int status) {
        try {
            return r.body().type(status == 0 ? MsgFlags.PTL_RPC_MSG_REPLY : MsgFlags.PTL_RPC_MSG_ERR)
                    .version(MsgFlags.PTLRPC_MSG_VERSION).opc(s.opc()).status(status).timeout(replyTimeout)
                    .serviceTime(1);
        } catch (LustreException e) {
            throw new AssertionError(e);
        }
    }

    /** The next request attempt to arrive, within {@code d}. */
    Seen next(Duration d) throws InterruptedException {
        Seen s = seen.poll(d.toMillis(), TimeUnit.MILLISECONDS);
        if (s == null) {
            throw new AssertionError("no request came in " + d.toMillis() + " ms");
        }
        return s;
    }

    /** Every attempt so far with opcode {@code opc}. */
    List<Seen> attempts(int opc) {
        synchronized (all) {
            return all.stream().filter(s -> s.opc() == opc).toList();
        }
    }

    @Override
    public void close() {
        lnet.unlink(md);
    }
}
