package org.jlustre.osd;

/**
 * A typed key for data an upper layer attaches to a transaction (what Lustre keeps in
 * per-thread env keys during a transaction, e.g. the transno the target layer assigned).
 *
 * @param <T> the type of the attached value
 * @param name a name for debugging
 */
public record TxnKey<T>(String name) {
}
