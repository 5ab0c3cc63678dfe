package org.jlustre.bench;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.jlustre.common.Fid;
import org.jlustre.common.FileMode;
import org.jlustre.common.Libcfs;
import org.jlustre.common.LustreException;
import org.jlustre.common.Nid;
import org.jlustre.common.TimeSource;
import org.jlustre.llog.Llog;
import org.jlustre.llog.LlogContext;
import org.jlustre.llog.LlogHandle;
import org.jlustre.llog.LocalFiles;
import org.jlustre.lnet.Lnet;
import org.jlustre.lnet.socklnd.AcceptPolicy;
import org.jlustre.lnet.socklnd.Socklnd;
import org.jlustre.lnet.socklnd.SocklndConfig;
import org.jlustre.mgc.Mgc;
import org.jlustre.mgs.Mgs;
import org.jlustre.osd.ObjectFormat;
import org.jlustre.osd.OsdDevice;
import org.jlustre.osd.mem.MemOsdConfig;
import org.jlustre.osd.mem.OsdMem;
import org.jlustre.ptlrpc.Ptlrpc;
import org.jlustre.wire.llog.LlogFlags;
import org.jlustre.wire.llog.LlogHeader;
import org.jlustre.wire.mgs.LddFlags;
import org.jlustre.wire.mgs.MgsTargetInfo;
import org.jlustre.wire.ptlrpc.ObdConnectData;

/**
 * {@code ./jlustre bench mgs}: an MGS on osd-mem and an MGC on another node over TCP
 * loopback. Target registrations (MGS_TARGET_REG of new OSTs, which writes the OST's log and
 * adds it to the MDT's and the client's) against an OBD_PING on the same import; fetching a
 * 1,000-record config log (every record through the llog RPCs) and copying it to a target's
 * OSD as {@code mgc_llog_local_copy} does, against processing the same log on the MGS itself.
 */
final class MgsSuite implements Suite {

    /** Records of the fetched log: an MDT's sections plus 333 three-record parameter sections. */
    static final int LOG_RECORDS = 1_000;

    @Override
    public String name() {
        return "mgs";
    }

    @Override
    public String summary() {
        return "MGS target registrations and 1,000-record config log fetches over TCP loopback";
    }

    @Override
    public List<Figure> run(RunLength length, PrintStream progress) throws Exception {
        try (Fixture f = new Fixture()) {
            progress.println("mgs: pings");
            Measurement ping = rate(length, () -> f.mgc.mgsImport().ping());
            progress.println("mgs: registrations");
            Measurement reg = rate(length, f::registerOst);
            progress.println("mgs: config log of " + f.logRecords + " records");
            Measurement local = rate(length, f::processLocal);
            Measurement fetch = rate(length, f::fetchRemote);
            Measurement copy = rate(length, f::copyToTarget);
            String logName = "fetch of a " + f.logRecords + "-record log";
            return List.of(
                    new Figure("target registration (new OST), tcp", "registrations/s", reg,
                            "OBD_PING to the MGS, 1 in flight", ping, Target.REPORT),
                    new Figure(logName + " over llog RPCs, tcp", "fetches/s", fetch,
                            "processing it on the MGS itself", local, Target.REPORT),
                    new Figure(logName + " + local copy, tcp", "fetches/s", copy,
                            "processing it on the MGS itself", local, Target.REPORT));
        }
    }

    /** An operation repeated on one thread while {@link Load#rate} samples it. */
    interface Op {
        void run() throws Exception;
    }

    private static Measurement rate(RunLength length, Op op) throws Exception {
        AtomicLong done = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = Thread.ofPlatform().name("bench-mgs").start(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    op.run();
                    done.incrementAndGet();
                }
            } catch (InterruptedException e) {
                // stopped
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        try {
            Measurement m = Load.rate(length, () -> {
                if (failure.get() != null) {
                    throw new IllegalStateException("benchmark operation failed", failure.get());
                }
                return done.get();
            });
            if (failure.get() != null) {
                throw new IllegalStateException("benchmark operation failed", failure.get());
            }
            return m;
        } finally {
            t.interrupt();
            t.join();
        }
    }

    /** The two nodes: the MGS with a filesystem "bench" holding an MDT, and the MGC. */
    static final class Fixture implements AutoCloseable {
        final Lnet serverLnet;
        final Lnet clientLnet;
        final Ptlrpc server;
        final Ptlrpc client;
        final OsdDevice mgsOsd;
        final OsdDevice targetOsd;
        final Mgs mgs;
        final Mgc mgc;
        final LlogContext local;
        final String log = "bench-MDT0000";
        final int logRecords;
        private int fs;
        private int osts;

        Fixture() throws LustreException {
            Libcfs s = new Libcfs(TimeSource.system(), new SplittableRandom(1));
            Libcfs c = new Libcfs(TimeSource.system(), new SplittableRandom(2));
            s.debug().setConsole(null);
            c.debug().setConsole(null);
            serverLnet = Lnet.create(s);
            clientLnet = Lnet.create(c);
            ConcurrentHashMap<Long, Integer> ports = new ConcurrentHashMap<>();
            Socklnd sl = (Socklnd) serverLnet.addNi(Socklnd.tcp(SocklndConfig.of(new Nid(Nid.SOCKLND, 0, 0x7f000001))
                    .withAcceptPort(0).withAcceptMode(AcceptPolicy.Mode.ALL))); // a bench user may not be root
            ports.put(sl.nid(), sl.acceptPort());
            clientLnet.addNi(Socklnd.tcp(SocklndConfig.of(new Nid(Nid.SOCKLND, 0, 0x7f000002)).withListen(false)
                    .withPeerPort(n -> ports.getOrDefault(n, 988))));
            server = Ptlrpc.start(serverLnet);
            client = Ptlrpc.start(clientLnet);
            mgsOsd = OsdMem.create(MemOsdConfig.defaults("MGS-osd").withLibcfs(s));
            targetOsd = OsdMem.create(MemOsdConfig.defaults("bench-MDT0000-osd").withLibcfs(c));
            mgs = new Mgs(server, mgsOsd, 4);
            mgc = new Mgc(client, List.of(Nid.fromLnetNid(serverLnet.nids().getFirst())), Duration.ofSeconds(100),
                    Duration.ofHours(1));
            mgc.register(mti("bench", true, 0));
            for (int i = 0; ; i++) {
                try (LlogHandle h = mgs.context().open(log, Llog.OpenMode.EXISTS)) {
                    h.init(LlogFlags.IS_PLAIN, null);
                    if (h.count() - 1 >= LOG_RECORDS) {
                        logRecords = h.count() - 1;
                        break;
                    }
                }
                mgs.confParam("bench-MDT0000.mdt.bench_" + i + "=" + i);
            }
            Fid configs = LocalFiles.findOrCreate(targetOsd, targetOsd.rootFid(), Mgs.CONFIGS,
                    FileMode.S_IFDIR | 0755, ObjectFormat.DIR);
            local = new LlogContext(targetOsd, c, configs, LlogHeader.MIN_CHUNK_SIZE, "bench-MDT0000");
            nextFs();
        }

        private static MgsTargetInfo mti(String fsname, boolean mdt, int index) {
            String sv = fsname + ":" + (mdt ? "MDT" : "OST") + String.format("%04x", index < 0 ? 0xffff : index);
            int flags = (mdt ? LddFlags.SV_TYPE_MDT : LddFlags.SV_TYPE_OST) | LddFlags.VIRGIN | LddFlags.UPDATE
                    | (index < 0 ? LddFlags.NEED_INDEX : 0);
            return new MgsTargetInfo(ObdConnectData.JLUSTRE_OCD_VERSION, index < 0 ? MgsTargetInfo.NO_INDEX : index,
                    0, flags, 1, fsname, sv, "", new long[] {0x200007f000002L}, "");
        }

        /** A new filesystem with its MDT, so that client logs stay far from their 64767-record limit. */
        private void nextFs() throws LustreException {
            fs++;
            osts = 0;
            mgc.register(mti(fsname(), true, 0));
        }

        private String fsname() {
            return String.format("b%07d", fs);
        }

        /** One new OST (the MGS picks the index); 200 per filesystem. */
        void registerOst() throws LustreException {
            if (osts == 200) {
                nextFs();
            }
            MgsTargetInfo reply = mgc.register(mti(fsname(), false, -1));
            if (reply.stripeIndex() != osts) {
                throw new IllegalStateException("the MGS gave index " + reply.stripeIndex() + ", expected " + osts);
            }
            osts++;
        }

        void processLocal() throws LustreException {
            count(mgs.context());
        }

        void fetchRemote() throws LustreException {
            count(mgc.remoteContext());
        }

        void copyToTarget() throws LustreException {
            int n = mgc.copyLog(log, local);
            if (n != logRecords) {
                throw new IllegalStateException("copied " + n + " records of " + logRecords);
            }
        }

        private void count(LlogContext ctx) throws LustreException {
            int[] n = {0};
            try (LlogHandle h = ctx.open(log, Llog.OpenMode.EXISTS)) {
                h.init(LlogFlags.IS_PLAIN, null);
                h.process((llh, rec) -> {
                    n[0]++;
                    return 0;
                });
            }
            if (n[0] != logRecords) {
                throw new IllegalStateException("read " + n[0] + " records of " + logRecords);
            }
        }

        @Override
        public void close() {
            mgc.close();
            local.close();
            mgs.close();
            client.close();
            server.close();
            clientLnet.close();
            serverLnet.close();
            targetOsd.close();
            mgsOsd.close();
        }
    }
}
