package org.jlustre.lnet.socklnd;

import java.net.Inet4Address;
import java.net.InetSocketAddress;
import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;
import org.jlustre.common.Nid;
import org.jlustre.lnet.ProcessId;
import org.jlustre.wire.lnet.KsockHello;
import org.jlustre.wire.lnet.LnetConstants;

/**
 * What a V3 hello must say, and who the peer that sent it is ({@code ksocknal_recv_hello},
 * socklnd_cb.c): the rules both sides apply once the hello is in, with no I/O.
 */
final class HelloCheck {

    private HelloCheck() {
    }

    /** The peer of a passive connection: its process id, and whether it is a user-space process. */
    record Peer(ProcessId id, boolean userSpace) {
    }

    /**
     * Who sent {@code h} from {@code from} to the interface {@code ourNid}. From a port above
     * {@code LNET_ACCEPTOR_MAX_RESERVED_PORT}: a user-space process ("Userspace NAL assigns
     * peer_ni process ID from socket"), NID from its address on our network, pid its port with
     * {@code LNET_PID_USERFLAG}, the hello's claim ignored. From a privileged port: the kernel of
     * the NID and pid its hello claims, on our network and not our own NID, and (jlustre's
     * check; Lustre believes root) at that NID's own address, so that no host speaks for another.
     *
     * @throws LustreException {@link Errno#EPERM} for a NID that is not the address's,
     *         {@link Errno#EPROTO} for a hello that breaks the protocol
     */
    static Peer passive(long ourNid, KsockHello h, InetSocketAddress from) throws LustreException {
        checkCommon(ourNid, h, false);
        if (!(from.getAddress() instanceof Inet4Address v4)) {
            throw new LustreException(Errno.EPROTO, "connection from " + from + ": not an IPv4 peer");
        }
        byte[] a = v4.getAddress();
        int address = ((a[0] & 0xff) << 24) | ((a[1] & 0xff) << 16) | ((a[2] & 0xff) << 8) | (a[3] & 0xff);
        if (from.getPort() > Socklnd.RESERVED_PORT_MAX) {
            Nid self = Nid.fromLnetNid(ourNid);
            return new Peer(new ProcessId(new Nid(self.lnd(), self.netNum(), address).toLnetNid(),
                    from.getPort() | LnetConstants.PID_USERFLAG), true);
        }
        checkPeerNid(ourNid, h);
        if ((int) h.srcNid() != address) {
            throw new LustreException(Errno.EPERM, "connection from " + from + " claims to be "
                    + Nid.toString(h.srcNid()) + ": a kernel peer's NID must be its own address");
        }
        return new Peer(new ProcessId(h.srcNid(), h.srcPid()), false);
    }

    /**
     * Checks the answer to our hello on a connection we made to {@code wanted} at {@code at}:
     * the process we wanted ("Connected successfully to %s on host %pIS, but they claimed they
     * were %s"), and CONTROL for our CONTROL.
     *
     * @throws LustreException {@link Errno#EALREADY} when the peer asks us to retry (ctype
     *         NONE: it lost a connection race), {@link Errno#EPROTO} otherwise
     */
    static void active(long ourNid, KsockHello h, ProcessId wanted, InetSocketAddress at) throws LustreException {
        checkCommon(ourNid, h, true);
        checkPeerNid(ourNid, h);
        if (h.srcNid() != wanted.nid() || h.srcPid() != wanted.pid()) {
            throw new LustreException(Errno.EPROTO, "connected to " + wanted + " at " + at + ", but it claims to be "
                    + new ProcessId(h.srcNid(), h.srcPid()));
        }
        if (h.ctype() == KsockHello.CONN_NONE) {
            throw new LustreException(Errno.EALREADY, Nid.toString(h.srcNid()) + " asks us to retry the connection");
        }
        if (KsockHello.invertType(h.ctype()) != KsockHello.CONN_CONTROL) {
            throw new LustreException(Errno.EPROTO, "hello from " + Nid.toString(h.srcNid())
                    + " answers connection type " + h.ctype() + " to our CONTROL");
        }
    }

    /** A NID (not LNET_NID_ANY), for us (or ANY), and a connection type we know. */
    private static void checkCommon(long ourNid, KsockHello h, boolean active) throws LustreException {
        if (h.srcNid() == Nid.LNET_NID_ANY) {
            throw new LustreException(Errno.EPROTO, "hello with NID LNET_NID_ANY");
        }
        if (h.dstNid() != ourNid && h.dstNid() != Nid.LNET_NID_ANY) {
            throw new LustreException(Errno.EPROTO, "hello from " + Nid.toString(h.srcNid()) + " meant for "
                    + Nid.toString(h.dstNid()));
        }
        if (h.ctype() != KsockHello.CONN_ANY && h.ctype() != KsockHello.CONN_CONTROL
                && h.ctype() != KsockHello.CONN_BULK_IN && h.ctype() != KsockHello.CONN_BULK_OUT
                && !(active && h.ctype() == KsockHello.CONN_NONE)) {
            throw new LustreException(Errno.EPROTO, "hello from " + Nid.toString(h.srcNid())
                    + " with connection type " + h.ctype());
        }
    }

    /** A kernel peer's NID: on our network, and not ours. */
    private static void checkPeerNid(long ourNid, KsockHello h) throws LustreException {
        if ((h.srcNid() >>> 32) != (ourNid >>> 32) || h.srcNid() == ourNid) {
            throw new LustreException(Errno.EPROTO, "hello from NID " + Nid.toString(h.srcNid())
                    + ", not a peer on " + Nid.fromLnetNid(ourNid).netName());
        }
    }
}
