package org.jlustre.ost.net;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jlustre.common.LustreException;
import org.jlustre.common.Nid;
import org.jlustre.osc.Osc;
import org.jlustre.osc.OscConfig;
import org.jlustre.osd.OsdDevice;
import org.jlustre.osd.mem.MemOsdConfig;
import org.jlustre.osd.mem.OsdMem;
import org.jlustre.ost.Ofd;
import org.jlustre.ost.Ost;
import org.jlustre.ost.OstServices;
import org.jlustre.ptlrpc.Ptlrpc;
import org.jlustre.testing.Nodes;

/**
 * One OSS node serving {@code lustre-OST0000} on an osd-mem device, and client nodes with an
 * {@link Osc} each, on one LNet driver (the in-JVM network or TCP loopback).
 */
final class OstOverOscCluster implements AutoCloseable {

    static final Duration TIMEOUT = Duration.ofSeconds(20);

    final Nodes nodes;
    final Ptlrpc server;
    final OstServices oss;
    final OsdDevice disk;
    final Ofd ofd;
    final Ost ost;
    private final List<AutoCloseable> clients = new ArrayList<>();

    OstOverOscCluster(Nodes.Driver driver, long capacity) throws LustreException {
        this.nodes = new Nodes(driver);
        this.server = Ptlrpc.start(nodes.node());
        this.oss = OstServices.start(server);
        this.disk = OsdMem.create(MemOsdConfig.defaults("ost0").withLibcfs(server.libcfs()).withCapacity(capacity));
        this.ofd = Ofd.mount(disk, server.libcfs(), "lustre-OST0000", 0);
        this.ost = oss.serve(ofd);
    }

    Nid nid() {
        return Nid.fromLnetNid(nodes.nid(server.lnet()));
    }

    /** A connected OSC on a client node of its own. */
    Osc client(String name) throws LustreException {
        return client(OscConfig.client("lustre", 0, List.of(nid()), name, TIMEOUT));
    }

    /** A connected OSC with this configuration on a client node of its own. */
    Osc client(OscConfig cfg) throws LustreException {
        Ptlrpc p = Ptlrpc.start(nodes.node());
        clients.add(p);
        Osc osc = new Osc(p, cfg);
        clients.add(osc);
        osc.connect();
        return osc;
    }

    /** The debug logs of the server, for a failure message. */
    String serverLog() {
        return server.libcfs().debug().dumpToString();
    }

    @Override
    public void close() {
        for (int i = clients.size() - 1; i >= 0; i--) {
            try {
                clients.get(i).close();
            } catch (Exception e) {
                // closing what is left
            }
        }
        ost.close();
        ofd.close();
        oss.close();
        disk.close();
        server.close();
        nodes.close();
    }
}
