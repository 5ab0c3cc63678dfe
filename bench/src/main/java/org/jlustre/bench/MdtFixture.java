package org.jlustre.bench;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jlustre.common.Fid;
import org.jlustre.common.FileMode;
import org.jlustre.common.Libcfs;
import org.jlustre.common.LustreException;
import org.jlustre.common.Nid;
import org.jlustre.common.TimeSource;
import org.jlustre.fid.SeqClient;
import org.jlustre.fid.TargetFid;
import org.jlustre.lnet.Lnet;
import org.jlustre.lnet.socklnd.AcceptPolicy;
import org.jlustre.lnet.socklnd.Socklnd;
import org.jlustre.lnet.socklnd.SocklndConfig;
import org.jlustre.mdc.Mdc;
import org.jlustre.mdc.MdcConfig;
import org.jlustre.mdc.MdcCred;
import org.jlustre.mdt.Mdt;
import org.jlustre.mdt.MdtServices;
import org.jlustre.mdt.MdtStack;
import org.jlustre.mdt.mdd.LayoutOps;
import org.jlustre.mdt.mdd.CreateSpec;
import org.jlustre.mdt.mdd.Mdd;
import org.jlustre.mdt.mdd.MddConfig;
import org.jlustre.mdt.perm.Cred;
import org.jlustre.osd.OsdDevice;
import org.jlustre.osd.mem.MemOsdConfig;
import org.jlustre.osd.mem.OsdMem;
import org.jlustre.ptlrpc.Ptlrpc;

/**
 * {@code lustre-MDT0000} on osd-mem with no OST, driven either in-process (the MDD's own API,
 * new FIDs from a sequence client of the MDT's sequence server: what mds-survey's echo client
 * does in the kernel, no ptlrpc) or by an {@link Mdc} over TCP loopback (client
 * {@code 127.0.0.2@tcp}, server {@code 127.0.0.1@tcp}, the MDT's services and handlers).
 */
final class MdtFixture implements AutoCloseable {

    /** Where the operations come from. */
    enum Path {
        /** The MDD called directly, no network. */
        LOCAL,
        /** An MDC over socklnd on TCP loopback, through the MDT's handlers. */
        TCP
    }

    /** Room for a round's files at any rate this machine reaches. */
    static final long MAX_INODES = 1L << 24;

    private final Libcfs serverLibcfs;
    private final Lnet serverLnet;
    private final Ptlrpc server;
    private final OsdDevice disk;
    final Mdd mdd;
    private final TargetFid fid;
    private final MdtServices services;
    private final Mdt mdt;
    private final SeqClient seq;
    private final Lnet clientLnet;
    private final Ptlrpc client;
    final Mdc mdc;
    private final AtomicInteger namespaces = new AtomicInteger();

    MdtFixture(Path path) throws LustreException {
        serverLibcfs = new Libcfs(TimeSource.system(), new SplittableRandom(1));
        serverLibcfs.debug().setConsole(null);
        serverLnet = Lnet.create(serverLibcfs);
        ConcurrentHashMap<Long, Integer> ports = new ConcurrentHashMap<>();
        if (path == Path.TCP) {
            Socklnd sl = (Socklnd) serverLnet.addNi(Socklnd.tcp(SocklndConfig.of(new Nid(Nid.SOCKLND, 0, 0x7f000001))
                    .withAcceptPort(0).withAcceptMode(AcceptPolicy.Mode.ALL)));
            ports.put(sl.nid(), sl.acceptPort());
        }
        server = Ptlrpc.start(serverLnet);
        disk = OsdMem.create(MemOsdConfig.defaults("bench-mdt").withLibcfs(serverLibcfs).withMaxInodes(MAX_INODES));
        LayoutOps layouts = LayoutOps.NONE;
        mdd = Mdd.mount(disk, MddConfig.defaults("lustre-MDD0000"), layouts);
        fid = TargetFid.mdt(disk, "lustre-MDT0000", 0, null, serverLibcfs);
        if (path == Path.TCP) {
            services = MdtServices.start(server);
            mdt = services.serve(new MdtStack("lustre-MDT0000", 0, disk, mdd, layouts, serverLibcfs, fid.site(),
                    0x1000));
            Libcfs c = new Libcfs(TimeSource.system(), new SplittableRandom(2));
            c.debug().setConsole(null);
            clientLnet = Lnet.create(c);
            clientLnet.addNi(Socklnd.tcp(SocklndConfig.of(new Nid(Nid.SOCKLND, 0, 0x7f000002)).withListen(false)
                    .withPeerPort(n -> ports.getOrDefault(n, 988))));
            client = Ptlrpc.start(clientLnet);
            // 8 modifying RPCs in flight, so that 8 threads creating are not held back by the slots
            mdc = new Mdc(client, MdcConfig.client("lustre", 0, List.of(Nid.fromLnetNid(serverLnet.nids().getFirst())),
                    "bench", Duration.ofSeconds(100)).withMaxModRpcsInFlight(8));
            mdc.connect();
            seq = null;
        } else {
            services = null;
            mdt = null;
            clientLnet = null;
            client = null;
            mdc = null;
            seq = SeqClient.local(fid.server(), "bench-echo", org.jlustre.fid.SeqType.METADATA);
        }
    }

    /** A new FID for the in-process path, from the echo client's own sequence. */
    Fid allocFid() throws LustreException {
        return seq.allocFid();
    }

    /** The namespace the survey drives: {@code directories} new directories under ROOT. */
    MdsSurvey.Namespace<Fid> namespace(int directories) throws LustreException {
        int n = namespaces.getAndIncrement();
        Fid[] dirs = new Fid[directories];
        for (int i = 0; i < directories; i++) {
            byte[] name = ("s" + n + "-d" + i).getBytes(StandardCharsets.US_ASCII);
            dirs[i] = mdc != null ? mdc.mkdir(MdcCred.root(), mdc.getRoot(), name, 0755).fid()
                    : mdd.create(Cred.ROOT, mdd.root(), name, allocFid(), CreateSpec.dir(0755)).fid();
        }
        return mdc != null ? new OverMdc(mdc, mdc.getRoot(), dirs) : new OverMdd(this, dirs);
    }

    /** The MDD's API directly: mds-survey's echo client on the MDS. */
    private record OverMdd(MdtFixture f, Fid[] dirs) implements MdsSurvey.Namespace<Fid> {
        @Override
        public Fid create(int dir, String name) throws LustreException {
            return f.mdd.create(Cred.ROOT, dirs[dir], bytes(name), f.allocFid(), CreateSpec.file(0644)).fid();
        }

        @Override
        public void stat(Fid file) throws LustreException {
            f.mdd.getattr(file);
        }

        @Override
        public void lookup(int dir, String name) throws LustreException {
            f.mdd.lookup(Cred.ROOT, dirs[dir], bytes(name));
        }

        @Override
        public void unlink(int dir, String name) throws LustreException {
            f.mdd.unlink(Cred.ROOT, dirs[dir], bytes(name), false);
        }
    }

    /** Through the MDC: REINT_CREATE, MDS_GETATTR, MDS_GETATTR_NAME, REINT_UNLINK over TCP. */
    private record OverMdc(Mdc mdc, Fid root, Fid[] dirs) implements MdsSurvey.Namespace<Fid> {
        @Override
        public Fid create(int dir, String name) throws LustreException {
            return mdc.create(MdcCred.root(), dirs[dir], bytes(name), FileMode.S_IFREG | 0644).fid();
        }

        @Override
        public void stat(Fid file) throws LustreException {
            mdc.getattr(MdcCred.root(), file, Mdc.GETATTR_VALID);
        }

        @Override
        public void lookup(int dir, String name) throws LustreException {
            mdc.getattrName(MdcCred.root(), dirs[dir], bytes(name), Mdc.GETATTR_VALID);
        }

        @Override
        public void unlink(int dir, String name) throws LustreException {
            mdc.unlink(MdcCred.root(), dirs[dir], bytes(name));
        }
    }

    private static byte[] bytes(String name) {
        return name.getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() {
        if (mdc != null) {
            mdc.close();
            client.close();
            clientLnet.close();
            mdt.close();
            services.close();
        }
        fid.close();
        mdd.close();
        disk.close();
        server.close();
        serverLnet.close();
    }
}
