package org.jlustre.lnet.mem;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;
import org.jlustre.common.Nid;
import org.jlustre.common.debug.DebugMask;
import org.jlustre.lnet.Kiov;
import org.jlustre.lnet.Lnd;
import org.jlustre.lnet.LndRx;
import org.jlustre.lnet.LndTx;
import org.jlustre.lnet.Lnet;
import org.jlustre.lnet.Trampoline;

/**
 * An LNet network inside one JVM, for tests and the single-process filesystem: nodes get NIDs
 * {@code N@lo} (the loopback LND type, numbered from 1; Lustre's own {@code 0@lo} stays the
 * node itself) and exchange exactly the bytes socklnd would frame (the 72-byte LNet header
 * and the payload), parsed by the receiver's LNet as if they came off a socket. The sender's
 * thread delivers: the header is parsed, the payload copied from the sender's MD into the
 * receiver's, fragment by fragment, then both sides' completions run; a send made while that
 * thread is delivering waits until the delivery returns ({@link Trampoline}).
 *
 * <p>Nodes can leave ({@link Lnd#close}) and come back under the same address, as a restarted
 * server does; senders to an absent node get {@link Errno#EHOSTUNREACH}.
 */
public final class MemNetwork {

    private final int netNum;
    private final ConcurrentHashMap<Long, Node> nodes = new ConcurrentHashMap<>();
    private final AtomicInteger nextAddress = new AtomicInteger(1);

    private MemNetwork(int netNum) {
        this.netNum = netNum;
    }

    /** A new network, {@code lo} number 0. */
    public static MemNetwork create() {
        return new MemNetwork(0);
    }

    /** A new network with its own number ({@code N@loK}), to test several networks. */
    public static MemNetwork create(int netNum) {
        return new MemNetwork(netNum);
    }

    /** An interface with the next free address. */
    public Lnd.Factory nextInterface() {
        return interfaceAt(nextAddress.getAndIncrement());
    }

    /** An interface at {@code address} (a restarted node takes its old address again). */
    public Lnd.Factory interfaceAt(int address) {
        if (address <= 0) {
            throw new IllegalArgumentException("address " + address + ": in-JVM addresses start at 1 (0@lo is the node itself)");
        }
        nextAddress.accumulateAndGet(address + 1, Math::max);
        return lnet -> {
            long nid = new Nid(Nid.LOLND, netNum, address).toLnetNid();
            Node n = new Node(nid, lnet);
            if (nodes.putIfAbsent(nid, n) != null) {
                throw new LustreException(Errno.EADDRINUSE, "in-JVM address " + Nid.toString(nid) + " is in use");
            }
            return n;
        };
    }

    /** One node's interface. */
    private final class Node implements Lnd {
        private final long nid;
        private final Lnet lnet;
        private volatile boolean closed;

        Node(long nid, Lnet lnet) {
            this.nid = nid;
            this.lnet = lnet;
        }

        @Override
        public long nid() {
            return nid;
        }

        @Override
        public void send(LndTx tx) {
            Trampoline.run(() -> deliver(tx));
        }

        private void deliver(LndTx tx) {
            Node peer = nodes.get(tx.destNid());
            if (closed || peer == null || peer.closed) {
                tx.complete(-(closed ? Errno.ESHUTDOWN : Errno.EHOSTUNREACH).value());
                return;
            }
            LndRx rx;
            try {
                rx = peer.lnet.receive(peer, tx.header());
            } catch (LustreException e) {
                // a socket would be closed here; the sender only learns its message was lost
                lnet.libcfs().debug().logf(DebugMask.S_LND, DebugMask.D_NETERROR, "%s: message to %s refused: %s",
                        Nid.toString(nid), Nid.toString(peer.nid), e.getMessage());
                tx.complete(-Errno.EPROTO.value());
                return;
            }
            try {
                Kiov.copy(tx.payload(), 0, rx.sink(), 0, rx.sinkLength());
            } catch (RuntimeException e) {
                // memory of a closed arena, or of another thread's: the message is lost, on both sides
                lnet.libcfs().debug().logf(DebugMask.S_LND, DebugMask.D_NETERROR, "%s: message to %s lost: %s",
                        Nid.toString(nid), Nid.toString(peer.nid), e.getMessage());
                rx.finish(-Errno.EIO.value());
                tx.complete(-Errno.EIO.value());
                return;
            }
            rx.finish(0);
            tx.complete(0);
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            nodes.remove(nid, this);
            // the others lose their "connection" to this node
            for (Node other : nodes.values()) {
                other.lnet.peerDown(nid, -Errno.ECONNRESET.value());
            }
        }
    }
}
