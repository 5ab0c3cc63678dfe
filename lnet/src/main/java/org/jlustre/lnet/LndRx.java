package org.jlustre.lnet;

import java.lang.foreign.MemorySegment;

/**
 * What LNet wants done with the payload of a message a driver received
 * ({@code lnd_recv}): copy the first {@link #sinkLength} bytes into {@link #sink}, drop the
 * rest, then call {@link #finish}. A message LNet drops has no sink: all of its payload is
 * dropped.
 */
public final class LndRx {

    static final LndRx DROP = new LndRx(null, null);

    private final MemorySegment sink;
    private final Lnet.Delivery delivery;

    LndRx(MemorySegment sink, Lnet.Delivery delivery) {
        this.sink = sink;
        this.delivery = delivery;
    }

    /** Where the payload's first bytes go, or null to drop it all. */
    public MemorySegment sink() {
        return sink;
    }

    /** How many payload bytes go to the sink. */
    public long sinkLength() {
        return sink == null ? 0 : sink.byteSize();
    }

    /** Reports that the payload was received (0) or lost (a negative errno). */
    public void finish(int status) {
        if (delivery != null) {
            delivery.finish(status);
        }
    }
}
