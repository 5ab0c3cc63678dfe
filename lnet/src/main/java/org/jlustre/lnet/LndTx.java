package org.jlustre.lnet;

import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntConsumer;

/**
 * One message for a driver to send ({@code struct lnet_msg} as the LND sees it): the
 * destination, the 72-byte LNet header already encoded, and the payload, which stays valid
 * until {@link #complete} is called (it is the MD's own memory, one or several fragments: no
 * copy is made to send it).
 */
public final class LndTx {

    private final long destNid;
    private final int destPid;
    private final MemorySegment header;
    private final Kiov payload;
    private final IntConsumer onComplete;
    private final AtomicBoolean done = new AtomicBoolean();

    LndTx(long destNid, int destPid, MemorySegment header, Kiov payload, IntConsumer onComplete) {
        this.destNid = destNid;
        this.destPid = destPid;
        this.header = header;
        this.payload = payload;
        this.onComplete = onComplete;
    }

    /** The NID to send to. */
    public long destNid() {
        return destNid;
    }

    /**
     * The process to send to: {@code LNET_PID_LUSTRE} for a Lustre node, or a user-space peer's
     * pid ({@code LNET_PID_USERFLAG} set), which a driver reaches only over the peer's own
     * connection.
     */
    public int destPid() {
        return destPid;
    }

    /** The encoded LNet header (72 bytes). */
    public MemorySegment header() {
        return header;
    }

    /** The payload (may be empty), as the MD's fragments. */
    public Kiov payload() {
        return payload;
    }

    /** Reports the send's outcome: 0 or a negative errno. Only the first call counts. */
    public void complete(int status) {
        if (done.compareAndSet(false, true)) {
            onComplete.accept(status);
        }
    }
}
