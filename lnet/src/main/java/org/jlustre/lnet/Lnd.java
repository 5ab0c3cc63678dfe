package org.jlustre.lnet;

/**
 * A network driver ({@code struct lnet_lnd}) serving one network interface. LNet hands it
 * messages to send ({@link #send}); it hands LNet what it receives through
 * {@link Lnet#receive}. Drivers: {@code socklnd} over TCP and the in-JVM {@code MemNetwork}.
 */
public interface Lnd extends AutoCloseable {

    /** Starts a driver for an LNet instance. */
    @FunctionalInterface
    interface Factory {
        /**
         * Starts the driver; it reports received messages to {@code lnet}.
         *
         * @throws org.jlustre.common.LustreException when the interface cannot start (address in use, ...)
         */
        Lnd start(Lnet lnet) throws org.jlustre.common.LustreException;
    }

    /** The interface's NID. */
    long nid();

    /**
     * Sends a message, asynchronously; the driver calls {@link LndTx#complete} exactly once,
     * with 0 once the bytes are handed to the network, or a negative errno.
     */
    void send(LndTx tx);

    /** Stops the driver: closes its connections; messages not yet sent complete with an error. */
    @Override
    void close();
}
