package org.jlustre.lnet;

import org.jlustre.common.Nid;
import org.jlustre.wire.lnet.LnetConstants;

/**
 * {@code struct lnet_process_id}: a NID and a process id. Lustre services and clients all use
 * {@link LnetConstants#PID_LUSTRE}; {@link #ANY} and its parts match anything in a match entry.
 *
 * @param nid the 64-bit NID ({@code lnet_nid_t}), or {@link Nid#LNET_NID_ANY}
 * @param pid the process id, or {@link LnetConstants#PID_ANY}
 */
public record ProcessId(long nid, int pid) {

    /** Matches any sender. */
    public static final ProcessId ANY = new ProcessId(Nid.LNET_NID_ANY, LnetConstants.PID_ANY);

    /** The Lustre process on {@code nid}. */
    public static ProcessId lustre(Nid nid) {
        return new ProcessId(nid.toLnetNid(), LnetConstants.PID_LUSTRE);
    }

    /** The Lustre process on a 64-bit NID. */
    public static ProcessId lustre(long nid) {
        return new ProcessId(nid, LnetConstants.PID_LUSTRE);
    }

    /** Whether this (a match entry's id) accepts {@code sender}. */
    boolean matches(long senderNid, int senderPid) {
        return (nid == Nid.LNET_NID_ANY || nid == senderNid) && (pid == LnetConstants.PID_ANY || pid == senderPid);
    }

    /** The NID as a value. */
    public Nid toNid() {
        return Nid.fromLnetNid(nid);
    }

    @Override
    public String toString() {
        // libcfs_id2str: "12345-192.168.1.5@tcp"
        return (pid == LnetConstants.PID_ANY ? "<?>" : Integer.toUnsignedString(pid)) + "-" + Nid.toString(nid);
    }
}
