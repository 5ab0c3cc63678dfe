package org.jlustre.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.FileStore;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.jlustre.client.LustreClient;
import org.jlustre.client.Striping;
import org.jlustre.cluster.LocalCluster;
import org.jlustre.common.FileMode;
import org.jlustre.fuse.FuseMount;
import org.jlustre.mdc.MdcCred;
import org.jlustre.testing.Nodes;

/**
 * {@code ./jlustre bench client}: mdtest and IOR through a whole filesystem (an MGS, MDT0 and two
 * OSTs over TCP loopback, {@link LocalCluster}), by two paths, each part in a JVM of its own
 * ({@link Fork}):
 *
 * <ul>
 *   <li>the Java API ({@link LustreClient}), against Jimfs doing the same;
 *   <li>a FUSE mount of that client ({@link FuseMount}), through {@code java.nio.file} like any
 *       program, against libfuse's {@code passthrough_ll} over a kernel tmpfs directory when it
 *       can be built here ({@link Passthrough}), else against the tmpfs directory itself.
 * </ul>
 *
 * <p>mdtest ({@link MdsSurvey}): creates, stats, lookups and unlinks per second, 1 and 8
 * threads in one shared directory. IOR ({@link Ior}): write and read GB/s, 1 MiB transfers,
 * file per thread, 1 thread and 8 threads, stripe count 1 and 2. Also the time from starting
 * the servers in a fresh JVM (as {@code llmount} does) to the first create through a mounted
 * client, against a fresh JVM's Jimfs to its first file. Targets from issue 16: API creates
 * 30,000/s and writes 1.5 GB/s with 8 threads; FUSE 0.8x the passthrough; llmount to first
 * create under 1 s.
 */
final class ClientSuite implements Suite {

    /** The mdtest shapes: threads, one shared directory. */
    static final List<MdtSuite.Shape> MDTEST = List.of(new MdtSuite.Shape(1, 1), new MdtSuite.Shape(8, 1));

    /** An IOR shape. */
    record IorShape(int threads, int stripes) {
        String describe() {
            return threads + " thread" + (threads == 1 ? "" : "s") + ", stripe count " + stripes;
        }
    }

    static final List<IorShape> IOR = List.of(new IorShape(1, 1), new IorShape(8, 1), new IorShape(8, 2));
    /** Measurements of one path's survey and IOR, in row order. */
    static final int PER_PATH = MDTEST.size() * MdsSurvey.OPERATIONS.size() + IOR.size() * 2;

    /** The forked parts. */
    enum Part {
        /** Jimfs: the survey, IOR, then a fresh JVM's time to its first file. */
        REF,
        /** The Java API over TCP: the cold start to the first create, then the survey and IOR. */
        API,
        /** The FUSE mount of a client over TCP. */
        FUSE,
        /** A kernel tmpfs directory. */
        TMPFS,
        /** passthrough_ll over a tmpfs directory; no measurements if it cannot be built. */
        PASSTHROUGH
    }

    private static final String OPS = "ops/s";
    private static final String GBS = "GB/s";

    @Override
    public String name() {
        return "client";
    }

    @Override
    public String summary() {
        return "mdtest and IOR through the client API over TCP and its FUSE mount, llmount to first create";
    }

    @Override
    public List<Figure> run(RunLength length, PrintStream progress) throws Exception {
        List<List<Measurement>> parts = new ArrayList<>();
        for (Part p : Part.values()) {
            parts.add(Fork.run(name(), p.name(), length, progress, MdtSuite.JVM_ARGS));
        }
        return figures(parts.get(0), parts.get(1), parts.get(2), parts.get(3), parts.get(4));
    }

    /**
     * The rows: {@code ref} is Jimfs's {@link #PER_PATH} then its start; {@code api} the cold
     * start then {@link #PER_PATH}; {@code fuse}, {@code tmpfs} {@link #PER_PATH} each;
     * {@code passthrough} as many or none (then the FUSE rows are set against tmpfs, for the
     * record only).
     */
    static List<Figure> figures(List<Measurement> ref, List<Measurement> api, List<Measurement> fuse,
            List<Measurement> tmpfs, List<Measurement> passthrough) {
        MdtSuite.check("ref", ref, PER_PATH + 1);
        MdtSuite.check("api", api, PER_PATH + 1);
        MdtSuite.check("fuse", fuse, PER_PATH);
        MdtSuite.check("tmpfs", tmpfs, PER_PATH);
        boolean pt = !passthrough.isEmpty();
        if (pt) {
            MdtSuite.check("passthrough", passthrough, PER_PATH);
        }
        List<Figure> out = new ArrayList<>();
        List<String> rows = rows();
        for (int i = 0; i < PER_PATH; i++) {
            out.add(new Figure(rows.get(i) + ", api tcp", unit(i), api.get(1 + i), "jimfs " + rows.get(i), ref.get(i),
                    apiTarget(i)));
        }
        for (int i = 0; i < PER_PATH; i++) {
            out.add(pt
                    ? new Figure(rows.get(i) + ", fuse", unit(i), fuse.get(i), "passthrough_ll on tmpfs " + rows.get(i),
                            passthrough.get(i), Target.ratioAtLeast(0.8))
                    : new Figure(rows.get(i) + ", fuse", unit(i), fuse.get(i), "tmpfs " + rows.get(i), tmpfs.get(i),
                            Target.REPORT));
        }
        if (pt) {
            for (int i = 0; i < PER_PATH; i++) {
                out.add(new Figure(rows.get(i) + ", passthrough_ll", unit(i), passthrough.get(i), "tmpfs " + rows.get(i),
                        tmpfs.get(i), Target.REPORT));
            }
        }
        out.add(new Figure("llmount to first create, fresh JVM, tcp", "s", api.get(0),
                "fresh JVM's jimfs to first file", ref.get(PER_PATH), Target.valueAtMost(1)));
        return out;
    }

    /** Each path's rows, in measurement order: the survey's shapes by operation, then IOR's by write and read. */
    static List<String> rows() {
        List<String> out = new ArrayList<>();
        for (MdtSuite.Shape s : MDTEST) {
            for (String op : MdsSurvey.OPERATIONS) {
                out.add(op + ", " + s.threads() + " thread" + (s.threads() == 1 ? "" : "s"));
            }
        }
        for (IorShape s : IOR) {
            out.add("write 1 MiB, " + s.describe());
            out.add("read 1 MiB, " + s.describe());
        }
        return out;
    }

    private static String unit(int row) {
        return row < MDTEST.size() * MdsSurvey.OPERATIONS.size() ? OPS : GBS;
    }

    /** 30,000 creates/s and 1.5 GB/s of writes with 8 threads. */
    private static Target apiTarget(int row) {
        int ops = MdsSurvey.OPERATIONS.size();
        if (row < MDTEST.size() * ops) {
            return row % ops == 0 && MDTEST.get(row / ops).threads() == 8 ? Target.valueAtLeast(30_000) : Target.REPORT;
        }
        int ior = row - MDTEST.size() * ops;
        return ior % 2 == 0 && IOR.get(ior / 2).threads() == 8 ? Target.valueAtLeast(1.5) : Target.REPORT;
    }

    /** A forked part by its {@link Part} name. */
    static Fork.Part part(String name) {
        Part part = Part.valueOf(name);
        return (length, progress) -> switch (part) {
            case REF -> reference(length, progress);
            case API -> api(length, progress);
            case FUSE -> fuse(length, progress);
            case TMPFS -> onTmpfs(length, progress, false);
            case PASSTHROUGH -> onTmpfs(length, progress, true);
        };
    }

    private static List<Measurement> reference(RunLength length, PrintStream progress) throws Exception {
        long t0 = System.nanoTime();
        try (FileSystem fs = JimfsFixture.unix()) {
            Files.createFile(fs.getPath("/first"));
        }
        Measurement start = Measurement.exactly((System.nanoTime() - t0) / 1e9);
        List<Measurement> out = new ArrayList<>();
        for (MdtSuite.Shape s : MDTEST) {
            progress.println("client: jimfs mdtest, " + s.describe());
            try (JimfsNamespace ns = new JimfsNamespace(s.directories())) {
                out.addAll(MdsSurvey.run(length, ns, s.threads(), s.directories()));
            }
        }
        try (FileSystem fs = JimfsFixture.unix()) {
            out.addAll(ior(length, progress, "jimfs", new PathIor(stripes -> fs.getPath("/"))));
        }
        out.add(start);
        return out;
    }

    /** The cold start first: this JVM has loaded nothing of jlustre yet. */
    private static List<Measurement> api(RunLength length, PrintStream progress) throws Exception {
        List<Measurement> out = new ArrayList<>();
        long t0 = System.nanoTime();
        try (LocalCluster c = LocalCluster.start(Nodes.Driver.TCP, 2)) {
            LustreClient fs = c.mount();
            fs.create(MdcCred.root(), fs.root(), ClientApi.bytes("first"), FileMode.S_IFREG | 0644, Striping.DEFAULT)
                    .join();
            out.add(Measurement.exactly((System.nanoTime() - t0) / 1e9));
            progress.printf("client: llmount to first create %.3f s%n", out.getFirst().median());
            for (MdtSuite.Shape s : MDTEST) {
                progress.println("client: api mdtest, " + s.describe());
                out.addAll(MdsSurvey.run(length, new ClientApi(fs, "mdtest" + s.threads(), s.directories()),
                        s.threads(), s.directories()));
            }
            out.addAll(ior(length, progress, "api", new ClientApi(fs, "ior", 0)));
        }
        return out;
    }

    private static List<Measurement> fuse(RunLength length, PrintStream progress) throws Exception {
        Path mnt = Files.createTempDirectory("jlustre-bench-fuse");
        try (LocalCluster c = LocalCluster.start(Nodes.Driver.TCP, 2)) {
            LustreClient fs = c.mount();
            for (int stripes = 1; stripes <= 2; stripes++) {
                var dir = fs.mkdir(MdcCred.root(), fs.root(), ClientApi.bytes("ior" + stripes), 0755).join();
                fs.setDefaultStriping(MdcCred.root(), dir.fid(), Striping.of(stripes, Ior.TRANSFER)).join();
            }
            try (FuseMount m = FuseMount.mount(fs, "bench:/" + c.fsname(), mnt)) {
                return paths(length, progress, "fuse", m.mountPoint());
            }
        } finally {
            Files.deleteIfExists(mnt);
        }
    }

    /** The survey and IOR in a scratch directory of /dev/shm, directly or through passthrough_ll. */
    private static List<Measurement> onTmpfs(RunLength length, PrintStream progress, boolean passthrough)
            throws Exception {
        if (passthrough && Passthrough.unavailable() != null) {
            progress.println("client: no passthrough_ll (" + Passthrough.unavailable()
                    + "); the fuse rows are set against tmpfs");
            return List.of();
        }
        Path shm = Path.of("/dev/shm");
        FileStore store = Files.getFileStore(shm);
        if (!store.type().equals("tmpfs")) {
            throw new IOException(shm + " is " + store.type() + ", not tmpfs");
        }
        Path scratch = Files.createTempDirectory(shm, "jlustre-bench");
        try {
            if (!passthrough) {
                return paths(length, progress, "tmpfs", scratch);
            }
            Path mnt = Files.createTempDirectory("jlustre-bench-passthrough");
            try (Passthrough p = Passthrough.mount(scratch, Files.createDirectory(scratch.resolve("source")), mnt)) {
                return paths(length, progress, "passthrough_ll", mnt);
            } finally {
                Files.deleteIfExists(mnt);
            }
        } finally {
            deleteTree(scratch);
        }
    }

    /** The survey and IOR under {@code root}, whose {@code ior1} and {@code ior2} directories exist or are made. */
    private static List<Measurement> paths(RunLength length, PrintStream progress, String what, Path root)
            throws Exception {
        List<Measurement> out = new ArrayList<>();
        for (MdtSuite.Shape s : MDTEST) {
            progress.println("client: " + what + " mdtest, " + s.describe());
            Path top = Files.createDirectory(root.resolve("mdtest" + s.threads()));
            out.addAll(MdsSurvey.run(length, new PathNamespace(top, s.directories()), s.threads(), s.directories()));
        }
        for (int stripes = 1; stripes <= 2; stripes++) {
            if (!Files.isDirectory(root.resolve("ior" + stripes))) {
                Files.createDirectory(root.resolve("ior" + stripes));
            }
        }
        out.addAll(ior(length, progress, what, new PathIor(stripes -> root.resolve("ior" + stripes))));
        return out;
    }

    private static List<Measurement> ior(RunLength length, PrintStream progress, String what, Ior.Files files)
            throws Exception {
        List<Measurement> out = new ArrayList<>();
        for (IorShape s : IOR) {
            progress.println("client: " + what + " ior, " + s.describe());
            out.addAll(Ior.run(length, files, s.threads(), s.stripes()));
        }
        return out;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
