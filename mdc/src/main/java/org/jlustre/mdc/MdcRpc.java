package org.jlustre.mdc;

import java.lang.foreign.ValueLayout;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;
import org.jlustre.ptlrpc.ClientRequest;
import org.jlustre.ptlrpc.Import;
import org.jlustre.ptlrpc.Reply;
import org.jlustre.wire.MdtBody;
import org.jlustre.wire.ost.ObdMd;
import org.jlustre.wire.ptlrpc.Opcodes;

/**
 * How the MDC sends one prepared RPC and decodes its reply, waiting ({@link #run}) or not
 * ({@link #submit}): a modifying RPC holds a slot and its {@code pb_tag} until the reply
 * ({@code ptlrpc_get_mod_rpc_slot}); an error reply is the MDT's errno, and anything a decoder
 * did not expect of a reply is EPROTO, with the device and operation named first. Thread-safe.
 */
final class MdcRpc {

    /** Decodes a reply whose status was 0. */
    @FunctionalInterface
    interface Decoder<T> {
        T decode(Reply r) throws LustreException;
    }

    /**
     * One prepared RPC.
     *
     * @param req the request
     * @param describe the operation and object, for errors: made only when one is reported
     * @param modifying whether it takes a modifying-RPC slot and tag
     * @param close whether it is a close (may take the extra slot)
     * @param decoder what the reply gives
     */
    record Op<T>(ClientRequest req, Supplier<String> describe, boolean modifying, boolean close, Decoder<T> decoder) {
        /** The operation and object, for an error. */
        String what() {
            return describe.get();
        }
    }

    /** The device name, first in every error. */
    private final String name;
    /** The import to the MDT. */
    private final Import imp;
    /** The modifying-RPC slots and tags. */
    private final ModRpcSlots slots;
    /** Each request's {@code rq_delay_limit}: how long it may be resent through reconnects. */
    private final Duration delayLimit;
    /** How long a call waits for a modifying slot: as long as the requests holding them may take. */
    private final long slotWaitNanos;

    MdcRpc(String name, Import imp, ModRpcSlots slots, Duration timeout, Duration delayLimit) {
        this.name = name;
        this.imp = imp;
        this.slots = slots;
        this.delayLimit = delayLimit;
        this.slotWaitNanos = delayLimit.toNanos() + timeout.toNanos() + Duration.ofSeconds(1).toNanos();
    }

    /** Sends and waits, holding a modifying slot when the operation modifies. */
    <T> T run(Op<T> op) throws LustreException {
        int tag = op.modifying() ? slots.acquire(op.close(), slotWaitNanos, () -> name + ": " + op.what()) : 0;
        op.req().delayLimit(delayLimit);
        try {
            if (tag != 0) {
                MdcRequests.tag(op.req(), tag);
            }
            Reply r;
            try {
                r = imp.call(op.req());
            } catch (LustreException e) {
                throw new LustreException(e.errno(), name + ": " + op.what() + ": " + e.getMessage(), e);
            }
            return decode(op, r);
        } finally {
            if (tag != 0) {
                slots.release(tag, op.close());
            }
        }
    }

    /** Sends without waiting; the slot (taken now, waiting if all are busy) is given back with the reply. */
    <T> CompletableFuture<T> submit(Op<T> op) {
        int tag;
        try {
            tag = op.modifying() ? slots.acquire(op.close(), slotWaitNanos, () -> name + ": " + op.what()) : 0;
        } catch (LustreException e) {
            return CompletableFuture.failedFuture(e);
        }
        if (tag != 0) {
            MdcRequests.tag(op.req(), tag);
        }
        op.req().delayLimit(delayLimit);
        CompletableFuture<T> out = new CompletableFuture<>();
        CompletableFuture<Reply> sent;
        try {
            sent = imp.send(op.req());
        } catch (RuntimeException e) {
            // never sent: the slot must not stay taken
            if (tag != 0) {
                slots.release(tag, op.close());
            }
            return CompletableFuture.failedFuture(new LustreException(Errno.EIO, name + ": " + op.what()
                    + ": not sent: " + e, e));
        }
        sent.whenComplete((r, failure) -> {
            if (tag != 0) {
                slots.release(tag, op.close());
            }
            if (failure != null) {
                Throwable c = failure.getCause() != null && !(failure instanceof LustreException) ? failure.getCause()
                        : failure;
                out.completeExceptionally(c instanceof LustreException le
                        ? new LustreException(le.errno(), name + ": " + op.what() + ": " + le.getMessage(), le)
                        : new LustreException(Errno.EIO, name + ": " + op.what() + ": " + c, c));
                return;
            }
            try {
                if (r.status() != 0) {
                    throw new LustreException(r.errno(), name + ": " + op.what() + ": " + Opcodes.nameOrNumber(
                            op.req().opcode()) + " x" + r.xid() + " failed: " + r.status());
                }
                out.complete(decode(op, r));
            } catch (LustreException e) {
                out.completeExceptionally(e);
            }
        });
        return out;
    }

    /** Decodes, with anything the decoder did not expect of the reply turned into EPROTO. */
    private <T> T decode(Op<T> op, Reply r) throws LustreException {
        try {
            return op.decoder().decode(r);
        } catch (LustreException e) {
            if (e.errno() == Errno.EPROTO && !e.getMessage().startsWith(name)) {
                throw new LustreException(Errno.EPROTO, name + ": " + op.what() + ": " + e.getMessage(), e);
            }
            throw e;
        } catch (RuntimeException e) {
            throw new LustreException(Errno.EPROTO, name + ": " + op.what() + ": garbled reply: " + e, e);
        }
    }

    /** The reply's {@code mdt_body} (buffer 1). */
    static MdtBody body(Reply r) throws LustreException {
        return MdtBody.read(r.buf(1, MdtBody.SIZE, "mdt_body"), 0, r.message().swabbed());
    }

    /**
     * The body and, as {@code mdc_get_lustre_md} takes them, {@code mbo_eadatasize} bytes of
     * RMF_MDT_MD (buffer 2) and {@code mbo_aclsize} bytes of RMF_ACL (buffer 3).
     */
    static MdcAttr attrs(Reply r) throws LustreException {
        MdtBody b = body(r);
        byte[] md = new byte[0];
        byte[] acl = new byte[0];
        if (b.eadatasize() != 0 && (b.valid() & (ObdMd.FLEASIZE | ObdMd.FLDIREA | ObdMd.LINKNAME)) != 0) {
            if (b.eadatasize() < 0) {
                throw new LustreException(Errno.EPROTO, "mbo_eadatasize " + b.eadatasize());
            }
            md = r.buf(2, b.eadatasize(), "mdt_md").asSlice(0, b.eadatasize()).toArray(ValueLayout.JAVA_BYTE);
        }
        if (b.aclsize() != 0 && (b.valid() & ObdMd.FLACL) != 0) {
            if (b.aclsize() < 0) {
                throw new LustreException(Errno.EPROTO, "mbo_aclsize " + b.aclsize());
            }
            acl = r.buf(3, b.aclsize(), "acl").asSlice(0, b.aclsize()).toArray(ValueLayout.JAVA_BYTE);
        }
        return new MdcAttr(b, md, acl);
    }

}
