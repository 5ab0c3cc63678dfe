package org.jlustre.testing;

import org.jlustre.lnet.Lnet;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import org.jlustre.common.Libcfs;
import org.jlustre.common.LustreException;
import org.jlustre.common.Nid;
import org.jlustre.common.TimeSource;
import org.jlustre.lnet.mem.MemNetwork;
import org.jlustre.lnet.socklnd.AcceptPolicy;
import org.jlustre.lnet.socklnd.Socklnd;
import org.jlustre.lnet.socklnd.SocklndConfig;

/**
 * Test nodes on one of the two drivers, each with its own Libcfs and LNet: in-JVM nodes
 * {@code N@lo}, or TCP nodes {@code 127.0.0.N@tcp} each listening on its own free port
 * (shared with ptlrpc's tests). A node can be restarted at its NID and port.
 *
 * <p>TCP nodes take {@code accept=all} unless a test asks for {@code secure}: they connect from
 * privileged ports only when the tests run as root, and otherwise are user-space peers to one
 * another, which {@code secure} would refuse. Either way each connects from its own address.
 */
public final class Nodes implements AutoCloseable {

    /** The drivers every round trip runs over. */
    public enum Driver {
        /** The in-JVM network. */
        MEM,
        /** socklnd over TCP loopback. */
        TCP
    }

    private final Driver driver;
    private final MemNetwork mem = MemNetwork.create();
    private final List<Lnet> lnets = new ArrayList<>();
    private final ConcurrentHashMap<Long, Integer> ports = new ConcurrentHashMap<>();
    private final java.util.IdentityHashMap<Lnet, Long> nidOf = new java.util.IdentityHashMap<>();
    private final java.util.IdentityHashMap<Lnet, Socklnd> socklnds = new java.util.IdentityHashMap<>();
    private Duration sockTimeout = Duration.ofSeconds(5);
    private AcceptPolicy accept = AcceptPolicy.DEFAULT.withMode(AcceptPolicy.Mode.ALL);
    private int txFlushBytes = SocklndConfig.DEFAULT_TX_FLUSH_BYTES;
    private int next = 1;

    /** Nodes on {@code driver}. */
    public Nodes(Driver driver) {
        this.driver = driver;
    }

    /** The driver. */
    public Driver driver() {
        return driver;
    }

    /** socklnd's sock_timeout for nodes made from now on. */
    public Nodes sockTimeout(Duration d) {
        sockTimeout = d;
        return this;
    }

    /** The acceptor policy of TCP nodes made from now on ({@code accept=all} until set). */
    public Nodes accept(AcceptPolicy policy) {
        accept = policy;
        return this;
    }

    /** The acceptor policy TCP nodes are made with. */
    public AcceptPolicy accept() {
        return accept;
    }

    /** socklnd's txFlushBytes for nodes made from now on. */
    public Nodes txFlushBytes(int bytes) {
        txFlushBytes = bytes;
        return this;
    }

    /** The NID a node was started with (also after it is closed). */
    public long nid(Lnet node) {
        return nidOf.get(node);
    }

    /** A new node with one interface. */
    public Lnet node() throws LustreException {
        return start(next++, 0);
    }

    /** Starts a node again at the NID (and port) of {@code old}, which is closed first. */
    public Lnet restart(Lnet old) throws LustreException {
        long nid = nidOf.get(old);
        old.close();
        int address = Nid.fromLnetNid(nid).address() & 0xff;
        return start(address, ports.getOrDefault(nid, 0));
    }

    /** A TCP node's socklnd interface (null for in-JVM nodes). */
    public Socklnd socklnd(Lnet node) {
        return socklnds.get(node);
    }

    /**
     * Whether the nodes {@code node} connects to know it as the Lustre process of its NID: an
     * in-JVM node, or a TCP node connecting from privileged ports (the tests run as root). A TCP
     * node that cannot is a user-space process to them (ksocknal_recv_hello): its NID, and its
     * port with {@code LNET_PID_USERFLAG} as pid.
     */
    public boolean knownAsLustre(Lnet node) {
        Socklnd s = socklnds.get(node);
        return s == null || s.connectsFromReservedPorts();
    }

    /** The TCP port of a node's acceptor (0 for in-JVM nodes). */
    public int port(Lnet node) {
        return ports.getOrDefault(nidOf.get(node), 0);
    }

    private Lnet start(int address, int port) throws LustreException {
        Libcfs libcfs = new Libcfs(TimeSource.system(), new SplittableRandom(address));
        libcfs.debug().setConsole(null);
        Lnet l = Lnet.create(libcfs);
        lnets.add(l);
        if (driver == Driver.MEM) {
            l.addNi(mem.interfaceAt(address));
        } else {
            Nid nid = new Nid(Nid.SOCKLND, 0, 0x7f000000 | address);
            SocklndConfig c = SocklndConfig.of(nid).withAcceptPort(port).withPeerPort(n -> ports.getOrDefault(n, 1))
                    .withTimeouts(sockTimeout, Duration.ofSeconds(2)).withTxFlushBytes(txFlushBytes).withAccept(accept);
            Socklnd s = (Socklnd) l.addNi(Socklnd.tcp(c));
            ports.put(s.nid(), s.acceptPort());
            socklnds.put(l, s);
        }
        nidOf.put(l, l.nids().getFirst());
        return l;
    }

    @Override
    public void close() {
        for (Lnet l : lnets) {
            l.close();
        }
    }
}
