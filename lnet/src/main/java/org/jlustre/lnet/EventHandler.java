package org.jlustre.lnet;

/**
 * Receives the events of the MDs it was given to ({@code lnet_eq_handler_t}). Called on an
 * LNet or driver thread with no LNet lock held; it must be quick and must not block (hand work
 * to another thread).
 */
@FunctionalInterface
public interface EventHandler {

    /** Handles one event. */
    void onEvent(LnetEvent event);
}
