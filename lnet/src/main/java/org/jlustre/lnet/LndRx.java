package org.jlustre.lnet;

/**
 * What LNet wants done with the payload of a message a driver received
 * ({@code lnd_recv}): copy the first {@link #sinkLength} bytes into {@link #sink} (one or
 * several fragments of the matching MD, filled in order), drop the rest, then call
 * {@link #finish}. A message LNet drops has an empty sink: all of its payload is dropped.
 */
public final class LndRx {

    static final LndRx DROP = new LndRx(Kiov.EMPTY, null);

    private final Kiov sink;
    private final Lnet.Delivery delivery;

    LndRx(Kiov sink, Lnet.Delivery delivery) {
        this.sink = sink;
        this.delivery = delivery;
    }

    /** Where the payload's first bytes go; empty to drop it all. */
    public Kiov sink() {
        return sink;
    }

    /** How many payload bytes go to the sink. */
    public long sinkLength() {
        return sink.length();
    }

    /** Reports that the payload was received (0) or lost (a negative errno). */
    public void finish(int status) {
        if (delivery != null) {
            delivery.finish(status);
        }
    }
}
