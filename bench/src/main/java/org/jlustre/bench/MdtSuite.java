package org.jlustre.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ./jlustre bench mdt}: mds-survey for the MDT on osd-mem with no OST ({@link MdsSurvey}:
 * creates, stats by FID, lookups by name and unlinks per second, in one directory and across
 * 100), by two paths, each part in a JVM of its own ({@link Fork}):
 *
 * <ul>
 *   <li>in-process: the MDD's API called directly by one thread, FIDs from a sequence of the
 *       MDT's own sequence server (mds-survey's echo client on the MDS: no ptlrpc, no handler;
 *       the MDD's permission checks, LMA, LinkEA and its one OSD transaction per update are all
 *       there);
 *   <li>TCP loopback: an {@link org.jlustre.mdc.Mdc} on another node, 1 and 8 client threads
 *       sharing it (8 modifying RPCs in flight), through the MDT's services and handlers
 *       (REINT_CREATE, MDS_GETATTR, MDS_GETATTR_NAME, REINT_UNLINK, transnos and last_rcvd).
 * </ul>
 *
 * <p>Every row's reference is Jimfs doing the same operations with the same threads and
 * directories in the same run. The heap per empty MDT file ({@link MdtHeapFootprint}) is set
 * against Jimfs's heap per empty file. Targets from issue 15: in-process 200,000 creates/s;
 * over TCP with 8 threads 30,000 creates/s and 60,000 stats/s; 512 heap bytes per empty file.
 */
final class MdtSuite implements Suite {

    /** The survey's shapes: client threads and directories. */
    record Shape(int threads, int directories) {
        String describe() {
            return (directories == 1 ? "1 directory" : directories + " directories") + ", " + threads + " thread"
                    + (threads == 1 ? "" : "s");
        }
    }

    /** Every shape, in the order the references and the TCP part measure them. */
    static final List<Shape> SHAPES = List.of(new Shape(1, 1), new Shape(1, 100), new Shape(8, 1), new Shape(8, 100));
    /** The in-process shapes: one thread, as mds-survey's default. */
    static final List<Shape> LOCAL_SHAPES = SHAPES.subList(0, 2);
    private static final String OPS = "ops/s";

    @Override
    public String name() {
        return "mdt";
    }

    @Override
    public String summary() {
        return "MDT creates, stats, lookups and unlinks (mds-survey), in-process and over TCP through the MDC";
    }

    /**
     * The JVM of every part, the references' too: as the JMH forks of the osd suite's creates,
     * the whole heap committed and pretouched (the surveys keep a second of files per round) and
     * the throughput collector (a metadata server's heap is mostly data that lives on). With the
     * launcher's G1 and a heap grown on demand, young pauses of 100-250 ms were a large part of
     * an in-process round on the shared machine.
     */
    static final List<String> JVM_ARGS = List.of(JmhRun.FULL_HEAP, JmhRun.PRETOUCH, JmhRun.GC);

    @Override
    public List<Figure> run(RunLength length, PrintStream progress) throws Exception {
        List<Measurement> ref = Fork.run(name(), "ref", length, progress, JVM_ARGS);
        List<Measurement> local = Fork.run(name(), MdtFixture.Path.LOCAL.name(), length, progress, JVM_ARGS);
        List<Measurement> tcp = Fork.run(name(), MdtFixture.Path.TCP.name(), length, progress, JVM_ARGS);
        return figures(ref, local, tcp);
    }

    /**
     * The rows from the parts' measurements: {@code ref} is the Jimfs survey of every shape (4
     * operations each) then Jimfs's heap per file; {@code local} the MDT's heap per file then the
     * in-process survey of {@link #LOCAL_SHAPES}; {@code tcp} the survey of every shape.
     */
    static List<Figure> figures(List<Measurement> ref, List<Measurement> local, List<Measurement> tcp) {
        int ops = MdsSurvey.OPERATIONS.size();
        check("ref", ref, SHAPES.size() * ops + 1);
        check("in-process", local, LOCAL_SHAPES.size() * ops + 1);
        check("tcp", tcp, SHAPES.size() * ops);
        List<Figure> out = new ArrayList<>();
        for (int s = 0; s < LOCAL_SHAPES.size(); s++) {
            for (int op = 0; op < ops; op++) {
                out.add(row(LOCAL_SHAPES.get(s), op, "in-process", local.get(1 + s * ops + op), ref.get(s * ops + op),
                        op == 0 ? Target.valueAtLeast(200_000) : Target.REPORT));
            }
        }
        for (int s = 0; s < SHAPES.size(); s++) {
            boolean eight = SHAPES.get(s).threads() == 8;
            for (int op = 0; op < ops; op++) {
                Target t = !eight ? Target.REPORT
                        : op == 0 ? Target.valueAtLeast(30_000) : op == 1 ? Target.valueAtLeast(60_000) : Target.REPORT;
                out.add(row(SHAPES.get(s), op, "tcp", tcp.get(s * ops + op), ref.get(s * ops + op), t));
            }
        }
        out.add(new Figure("heap per empty file on the MDT (object, entry, LMA, LinkEA)", "bytes", local.get(0),
                "jimfs heap per empty file", ref.get(ref.size() - 1), Target.valueAtMost(512)));
        return out;
    }

    private static Figure row(Shape shape, int op, String path, Measurement value, Measurement jimfs, Target t) {
        String what = MdsSurvey.OPERATIONS.get(op) + ", " + shape.describe();
        return new Figure(what + ", " + path, OPS, value, "jimfs " + what, jimfs, t);
    }

    /** Fails naming the part unless it gave {@code expected} measurements. */
    static void check(String part, List<Measurement> m, int expected) {
        if (m.size() != expected) {
            throw new IllegalArgumentException("the " + part + " part gave " + m.size() + " measurements, expected "
                    + expected);
        }
    }

    /** A forked part: "ref", "LOCAL" or "TCP". */
    static Fork.Part part(String name) {
        if (name.equals("ref")) {
            return (length, progress) -> {
                progress.println("mdt: references (jimfs)");
                List<Measurement> out = new ArrayList<>();
                Measurement heap = HeapFootprint.jimfs();
                for (Shape s : SHAPES) {
                    progress.println("mdt: jimfs, " + s.describe());
                    try (JimfsNamespace ns = new JimfsNamespace(s.directories())) {
                        out.addAll(MdsSurvey.run(length, ns, s.threads(), s.directories()));
                    }
                }
                out.add(heap);
                return out;
            };
        }
        MdtFixture.Path path = MdtFixture.Path.valueOf(name);
        return (length, progress) -> {
            List<Measurement> out = new ArrayList<>();
            if (path == MdtFixture.Path.LOCAL) {
                progress.println("mdt: heap per empty file");
                out.add(MdtHeapFootprint.mdt());
            }
            try (MdtFixture f = new MdtFixture(path)) {
                for (Shape s : path == MdtFixture.Path.LOCAL ? LOCAL_SHAPES : SHAPES) {
                    progress.println("mdt: " + (path == MdtFixture.Path.TCP ? "tcp through the MDC" : "in-process")
                            + ", " + s.describe());
                    out.addAll(MdsSurvey.run(length, f.namespace(s.directories()), s.threads(), s.directories()));
                }
            }
            return out;
        };
    }
}
