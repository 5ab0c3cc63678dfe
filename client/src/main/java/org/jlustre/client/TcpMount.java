package org.jlustre.client;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
 * {@code mount -t lustre MGSNID[:PORT][,MGSNID...]:/fsname} from a process of its own: a node
 * with one socklnd interface that only connects out (a client serves no one without LDLM
 * callbacks), every server reached at the port the spec gives (988, Lustre's
 * {@code accept_port}, by default), then the mount. Unmounting also closes the node.
 */
final class TcpMount {

    /** Lustre's {@code accept_port}. */
    static final int DEFAULT_PORT = 988;

    private TcpMount() {
    }

    /** The MGS NIDs and the port of a spec {@code nid[:port][,nid[:port]]...}. */
    record Spec(List<Nid> nids, int port) {
        static Spec parse(String text) throws LustreException {
            List<Nid> nids = new ArrayList<>();
            int port = DEFAULT_PORT;
            for (String part : text.split(",")) {
                String p = part.strip();
                int colon = p.lastIndexOf(':');
                if (colon > 0) {
                    try {
                        port = Integer.parseInt(p.substring(colon + 1));
                    } catch (NumberFormatException e) {
                        throw new LustreException(Errno.EINVAL, "MGS '" + p + "': port '" + p.substring(colon + 1)
                                + "' is not a number");
                    }
                    p = p.substring(0, colon);
                }
                Nid n = Nid.parse(p);
                if (n.lnd() != Nid.SOCKLND) {
                    throw new LustreException(Errno.EINVAL, "MGS NID " + n + " is not a tcp NID");
                }
                nids.add(n);
            }
            if (nids.isEmpty() || port < 1 || port > 65535) {
                throw new LustreException(Errno.EINVAL, "MGS spec '" + text + "': no NID, or port " + port);
            }
            return new Spec(nids, port);
        }
    }

    static LustreClient mount(String mgsSpec, String fsname, Duration timeout) throws LustreException {
        Spec spec = Spec.parse(mgsSpec);
        Libcfs libcfs = new Libcfs(TimeSource.system(), new SplittableRandom());
        Lnet lnet = Lnet.create(libcfs);
        Ptlrpc node = null;
        try {
            lnet.addNi(Socklnd.tcp(SocklndConfig.of(localNid(spec.nids().getFirst())).withListen(false)
                    .withPeerPort(n -> spec.port())));
            node = Ptlrpc.start(lnet);
            Ptlrpc started = node;
            return ClientMount.mount(node, new MountOptions(fsname, spec.nids(), timeout), () -> {
                started.close();
                lnet.close();
            });
        } catch (LustreException | RuntimeException e) {
            if (node != null) {
                node.close();
            }
            lnet.close();
            throw e;
        }
    }

    /**
     * The client's NID: the local address the route to the MGS leaves from; towards a
     * loopback MGS a loopback address of its own (127.0.0.2 to 127.0.0.254, by the process),
     * since an MGS on 127.0.0.1 would otherwise see its own NID.
     */
    static Nid localNid(Nid mgs) throws LustreException {
        int ip = mgs.address();
        try {
            InetAddress to = InetAddress.getByAddress(new byte[] {(byte) (ip >>> 24), (byte) (ip >>> 16),
                    (byte) (ip >>> 8), (byte) ip});
            if (to.isLoopbackAddress()) {
                int host = 2 + (int) (ProcessHandle.current().pid() % 253);
                return Nid.tcp((127 << 24) | host);
            }
            try (DatagramSocket s = new DatagramSocket()) {
                s.connect(to, DEFAULT_PORT);
                byte[] a = s.getLocalAddress().getAddress();
                return Nid.tcp(((a[0] & 0xff) << 24) | ((a[1] & 0xff) << 16) | ((a[2] & 0xff) << 8) | (a[3] & 0xff));
            }
        } catch (IOException e) {
            throw new LustreException(Errno.EHOSTUNREACH, "no local address towards MGS " + mgs + ": " + e.getMessage());
        }
    }
}
