package org.jlustre.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * {@code ./jlustre bench SUITE [--quick] [--json FILE]}: runs one benchmark suite, prints its
 * results table on standard output (progress and JMH's own output go to standard error) and
 * writes the JSON results when asked.
 *
 * <p>Exit status: 0 when the suite ran (missed targets are marked in the table, not failed),
 * 1 when a benchmark failed or the JSON file could not be written, 2 for bad arguments or an
 * unknown suite.
 */
public final class BenchMain {

    /** Every suite; a new one ("llog", "rpc") is one class and one entry here. */
    static final List<Suite> SUITES = List.of(new OsdSuite(), new LlogSuite(), new RpcSuite(), new MgsSuite(),
            new OstSuite(), new MdtSuite(), new ClientSuite());

    private BenchMain() {
    }

    /** Runs the command and exits with its status. */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the command; returns the exit status. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
            out.println(usage());
            return 0;
        }
        BenchArguments a;
        try {
            a = BenchArguments.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("jlustre bench: " + e.getMessage());
            err.println(usage());
            return 2;
        }
        Suite suite = SUITES.stream().filter(s -> s.name().equals(a.suite())).findFirst().orElse(null);
        if (suite == null) {
            err.println("jlustre bench: unknown suite '" + a.suite() + "'; known suites: "
                    + SUITES.stream().map(Suite::name).collect(Collectors.joining(", ")));
            return 2;
        }
        RunLength length = a.length();
        long start = System.nanoTime();
        BenchReport report;
        try {
            report = new BenchReport(suite.name(), (a.quick() ? "quick: " : "full: ") + length.describe(),
                    suite.run(length, err));
        } catch (Exception e) {
            err.println("jlustre bench: suite " + suite.name() + " failed: " + e);
            e.printStackTrace(err);
            return 1;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        out.print(report.table());
        out.printf(Locale.ROOT, "wall time %.1f s%n", seconds);
        if (a.json() != null) {
            try {
                Files.writeString(a.json(), report.json());
            } catch (IOException e) {
                err.println("jlustre bench: cannot write " + a.json() + ": " + e);
                return 1;
            }
            out.println("results written to " + a.json());
        }
        return 0;
    }

    private static String usage() {
        StringBuilder sb = new StringBuilder(BenchArguments.USAGE).append("\nsuites:");
        for (Suite s : SUITES) {
            sb.append("\n  ").append(s.name()).append("  ").append(s.summary());
        }
        return sb.append("\noptions:\n  --quick      a short run (under 3 minutes)")
                .append("\n  --json FILE  also write the results as JSON").toString();
    }
}
