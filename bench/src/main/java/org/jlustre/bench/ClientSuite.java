package org.jlustre.bench;

import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.jlustre.client.LustreClient;
import org.jlustre.client.OpenFile;
import org.jlustre.client.OpenFlags;
import org.jlustre.client.Striping;
import org.jlustre.cluster.LocalCluster;
import org.jlustre.common.Fid;
import org.jlustre.mdc.MdcCred;
import org.jlustre.testing.Nodes;

/**
 * {@code ./jlustre bench client}: the client API over TCP loopback against a whole filesystem
 * in the same JVM ({@link LocalCluster}: MGS, MDT, two OSTs on osd-mem), each part forked:
 *
 * <ul>
 *   <li>mdtest-like ({@link MdsSurvey}: create, stat, lookup, unlink per second) with 1 and 8
 *       threads sharing one mount, in one directory;
 *   <li>IOR-like ({@link IorSurvey}: 1 MiB transfers, file per thread) write and read GB/s with
 *       1 and 8 threads, files of stripe count 1 and 2 (1 MiB stripes).
 * </ul>
 *
 * <p>References, in the same run: Jimfs doing the same operations with the same threads
 * (Jimfs files have no stripes: one reference for both stripe counts). Targets from issue 16:
 * 30,000 creates/s and 1.5 GB/s writes with 8 threads.
 */
final class ClientSuite implements Suite {

    static final List<Integer> THREADS = List.of(1, 8);
    static final List<Integer> STRIPES = List.of(1, 2);
    private static final MdcCred ROOT = MdcCred.root();

    @Override
    public String name() {
        return "client";
    }

    @Override
    public String summary() {
        return "client API over TCP: mdtest-like creates/stats/lookups/unlinks and IOR-like 1 MiB writes/reads";
    }

    @Override
    public List<Figure> run(RunLength length, PrintStream progress) throws Exception {
        List<Measurement> ref = Fork.run(name(), "ref", length, progress);
        List<Measurement> tcp = Fork.run(name(), "tcp", length, progress);
        return figures(ref, tcp);
    }

    /**
     * The rows: {@code ref} is Jimfs's survey per thread count (4 operations each) then its
     * write and read per thread count; {@code tcp} the same for the client, IOR per thread
     * count and stripe count.
     */
    static List<Figure> figures(List<Measurement> ref, List<Measurement> tcp) {
        int ops = MdsSurvey.OPERATIONS.size();
        int meta = THREADS.size() * ops;
        if (ref.size() != meta + THREADS.size() * 2 || tcp.size() != meta + THREADS.size() * STRIPES.size() * 2) {
            throw new IllegalArgumentException("client parts gave " + ref.size() + " and " + tcp.size()
                    + " measurements");
        }
        List<Figure> out = new ArrayList<>();
        for (int t = 0; t < THREADS.size(); t++) {
            for (int op = 0; op < ops; op++) {
                String what = MdsSurvey.OPERATIONS.get(op) + ", 1 directory, " + threads(THREADS.get(t));
                Target target = THREADS.get(t) == 8 && op == 0 ? Target.valueAtLeast(30_000) : Target.REPORT;
                out.add(new Figure(what + ", client API over tcp", "ops/s", tcp.get(t * ops + op), "jimfs " + what,
                        ref.get(t * ops + op), target));
            }
        }
        for (int t = 0; t < THREADS.size(); t++) {
            for (int s = 0; s < STRIPES.size(); s++) {
                for (int dir = 0; dir < 2; dir++) {
                    String op = dir == 0 ? "write" : "read";
                    Target target = dir == 0 && THREADS.get(t) == 8 ? Target.valueAtLeast(1.5) : Target.REPORT;
                    out.add(new Figure("1 MiB " + op + "s, " + threads(THREADS.get(t)) + ", stripe count "
                            + STRIPES.get(s) + ", client API over tcp", "GB/s",
                            tcp.get(meta + (t * STRIPES.size() + s) * 2 + dir),
                            "jimfs 1 MiB " + op + "s, " + threads(THREADS.get(t)), ref.get(meta + t * 2 + dir),
                            target));
                }
            }
        }
        return out;
    }

    private static String threads(int n) {
        return n + (n == 1 ? " thread" : " threads");
    }

    /** A forked part: "ref" or "tcp". */
    static Fork.Part part(String name) {
        return switch (name) {
            case "ref" -> (length, progress) -> {
                List<Measurement> out = new ArrayList<>();
                for (int t : THREADS) {
                    progress.println("client: jimfs mdtest, " + threads(t));
                    try (JimfsNamespace ns = new JimfsNamespace(1)) {
                        out.addAll(MdsSurvey.run(length, ns, t, 1));
                    }
                }
                for (int t : THREADS) {
                    progress.println("client: jimfs ior, " + threads(t));
                    try (FileSystem fs = JimfsFixture.unix()) {
                        out.addAll(IorSurvey.run(length, i -> jimfsFile(fs.getPath("/ior" + i)), t));
                    }
                }
                return out;
            };
            case "tcp" -> (length, progress) -> {
                List<Measurement> out = new ArrayList<>();
                try (LocalCluster c = LocalCluster.start(Nodes.Driver.TCP); LustreClient fs = c.mount()) {
                    for (int t : THREADS) {
                        progress.println("client: mdtest over tcp, " + threads(t));
                        out.addAll(MdsSurvey.run(length, new ClientNamespace(fs, "mdtest" + t, 1), t, 1));
                    }
                    for (int t : THREADS) {
                        for (int s : STRIPES) {
                            progress.println("client: ior over tcp, " + threads(t) + ", stripe count " + s);
                            out.addAll(IorSurvey.run(length, i -> clientFile(fs, "ior-" + t + "-" + s + "-" + i, s), t));
                        }
                    }
                }
                return out;
            };
            default -> throw new IllegalArgumentException("no client part '" + name + "'");
        };
    }

    private static IorSurvey.Handle jimfsFile(Path p) throws Exception {
        FileChannel ch = FileChannel.open(p, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        return new IorSurvey.Handle() {
            @Override
            public void write(long offset, java.lang.foreign.MemorySegment data) throws Exception {
                ByteBuffer b = data.asByteBuffer();
                while (b.hasRemaining()) {
                    ch.write(b, offset + b.position());
                }
            }

            @Override
            public void read(long offset, java.lang.foreign.MemorySegment into) throws Exception {
                ByteBuffer b = into.asByteBuffer();
                while (b.hasRemaining() && ch.read(b, offset + b.position()) > 0) {
                    // until full or the end
                }
            }

            @Override
            public void close() throws Exception {
                ch.close();
                Files.delete(p);
            }
        };
    }

    private static IorSurvey.Handle clientFile(LustreClient fs, String name, int stripes) {
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        OpenFile f = fs.open(ROOT, fs.root(), n, OpenFlags.O_CREAT | OpenFlags.O_RDWR, 0644,
                Striping.of(stripes, 1 << 20)).join();
        Fid parent = fs.root();
        return new IorSurvey.Handle() {
            @Override
            public void write(long offset, java.lang.foreign.MemorySegment data) {
                f.write(offset, data).join();
            }

            @Override
            public void read(long offset, java.lang.foreign.MemorySegment into) {
                f.read(offset, into).join();
            }

            @Override
            public void close() {
                f.close().join();
                fs.unlink(ROOT, parent, n).join();
            }
        };
    }
}
