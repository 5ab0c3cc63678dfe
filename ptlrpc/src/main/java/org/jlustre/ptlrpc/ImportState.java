package org.jlustre.ptlrpc;

/**
 * {@code enum lustre_imp_state} with Lustre's numbers and the names
 * {@code ptlrpc_import_state_name} prints.
 */
public enum ImportState {
    /** Disconnected for good. */
    CLOSED(1, "CLOSED"),
    /** Never connected. */
    NEW(2, "NEW"),
    /** Lost its connection; will reconnect. */
    DISCON(3, "DISCONN"),
    /** A CONNECT is in flight. */
    CONNECTING(4, "CONNECTING"),
    /** Replaying requests to a recovering target. */
    REPLAY(5, "REPLAY"),
    /** Replaying locks. */
    REPLAY_LOCKS(6, "REPLAY_LOCKS"),
    /** Waiting for the end of recovery. */
    REPLAY_WAIT(7, "REPLAY_WAIT"),
    /** Resending. */
    RECOVER(8, "RECOVER"),
    /** Connected. */
    FULL(9, "FULL"),
    /** The target evicted us. */
    EVICTED(10, "EVICTED"),
    /** Idle: disconnected until used. */
    IDLE(11, "IDLE");

    private final int value;
    private final String label;

    ImportState(int value, String label) {
        this.value = value;
        this.label = label;
    }

    /** Lustre's number. */
    public int value() {
        return value;
    }

    /** Lustre's name. */
    public String label() {
        return label;
    }
}
