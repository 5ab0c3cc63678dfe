package org.jlustre.client.nio;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import org.jlustre.common.Errno;
import org.jlustre.common.Libcfs;
import org.jlustre.common.LustreException;
import org.jlustre.common.Nid;
import org.jlustre.common.TimeSource;
import org.jlustre.lnet.Lnet;
import org.jlustre.lnet.socklnd.Socklnd;
import org.jlustre.lnet.socklnd.SocklndConfig;
import org.jlustre.ptlrpc.Ptlrpc;

/**
 * The LNet node of a filesystem the provider mounts by URI alone: socklnd on the address this
 * host reaches the MGS from (as a Lustre client's {@code tcp} network is the interface facing
 * its servers), no acceptor (the servers answer over the client's own connections, as to any
 * user-space peer), every server's acceptor on the MGS's port.
 */
final class TcpNode implements AutoCloseable {

    private final Lnet lnet;
    private final Ptlrpc ptlrpc;

    private TcpNode(Lnet lnet, Ptlrpc ptlrpc) {
        this.lnet = lnet;
        this.ptlrpc = ptlrpc;
    }

    /** A node reaching the MGS {@code mgs} (and every other server) on TCP port {@code port}. */
    static TcpNode start(Nid mgs, int port) throws LustreException {
        if (mgs.lnd() != Nid.SOCKLND) {
            throw new LustreException(Errno.EINVAL, "MGS NID " + mgs + " is not on a tcp network");
        }
        Libcfs libcfs = new Libcfs(TimeSource.system(), new SplittableRandom());
        Lnet lnet = Lnet.create(libcfs);
        try {
            Nid local = new Nid(Nid.SOCKLND, mgs.netNum(), localAddressFacing(mgs, port));
            lnet.addNi(Socklnd.tcp(SocklndConfig.of(local).withListen(false).withPeerPort(peer -> port)));
            return new TcpNode(lnet, Ptlrpc.start(lnet));
        } catch (LustreException | RuntimeException e) {
            lnet.close();
            throw e;
        }
    }

    /** The node's ptlrpc. */
    Ptlrpc ptlrpc() {
        return ptlrpc;
    }

    @Override
    public void close() {
        ptlrpc.close();
        lnet.close();
    }

    /** The IPv4 address the route to the MGS leaves from (a UDP connect sends nothing, it only picks the route). */
    private static int localAddressFacing(Nid mgs, int port) throws LustreException {
        byte[] ip = ByteBuffer.allocate(4).putInt(mgs.address()).array();
        try (DatagramSocket probe = new DatagramSocket()) {
            probe.connect(new InetSocketAddress(InetAddress.getByAddress(ip), port));
            return ByteBuffer.wrap(probe.getLocalAddress().getAddress()).getInt();
        } catch (IOException | UncheckedIOException e) {
            throw new LustreException(Errno.ENETUNREACH, "no route to the MGS " + mgs + ": " + e.getMessage());
        }
    }
}
