package org.jlustre.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Runs part of a suite in a fresh JVM, as JMH forks each benchmark: a measurement must not
 * inherit the JIT's profile of the one before it. (Measured here: a Netty echo run first in
 * the same JVM leaves Netty's pipeline call sites polymorphic and costs the 16-in-flight
 * ping figure a third.) The child runs {@link #main} with a part name and the run length,
 * writes its progress to standard error (passed through) and each measurement to standard
 * output as one {@value #PREFIX} line, which the parent reads back in order.
 */
final class Fork {

    static final String PREFIX = "@measurement";

    /** One forkable part of a suite: its measurements, in a fixed order. */
    @FunctionalInterface
    interface Part {
        List<Measurement> run(RunLength length, PrintStream progress) throws Exception;
    }

    private Fork() {
    }

    /** Runs {@code part} of {@code suite} in a child JVM with this JVM's options and class path. */
    static List<Measurement> run(String suite, String part, RunLength length, PrintStream progress)
            throws IOException, InterruptedException {
        return run(suite, part, length, progress, List.of());
    }

    /** The same, with {@code jvmArgs} after this JVM's options (a later option wins). */
    static List<Measurement> run(String suite, String part, RunLength length, PrintStream progress,
            List<String> jvmArgs) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java"));
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!arg.startsWith("-agentlib:jdwp") && !arg.startsWith("-XX:StartFlightRecording")) {
                cmd.add(arg);
            }
        }
        cmd.addAll(jvmArgs);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Fork.class.getName(), suite, part,
                Integer.toString(length.warmupIterations()), Integer.toString(length.measurementIterations()),
                Integer.toString(length.iterationSeconds())));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.PIPE).start();
        Thread pump = Thread.ofPlatform().daemon().start(() -> {
            try (BufferedReader err = p.errorReader(StandardCharsets.UTF_8)) {
                for (String line; (line = err.readLine()) != null;) {
                    progress.println(line);
                }
            } catch (IOException e) {
                progress.println("fork " + part + ": " + e);
            }
        });
        List<Measurement> out = new ArrayList<>();
        List<String> other = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null;) {
                if (line.startsWith(PREFIX + " ")) {
                    out.add(parse(line));
                } else {
                    other.add(line);
                }
            }
        }
        int rc = p.waitFor();
        pump.join();
        if (rc != 0) {
            throw new IllegalStateException("forked " + suite + " part '" + part + "' exited with status " + rc
                    + (other.isEmpty() ? "" : ": " + String.join(" / ", other)));
        }
        return out;
    }

    /** The line a child prints for one measurement. */
    static String format(Measurement m) {
        return String.format(Locale.ROOT, "%s %s %s %s", PREFIX, Double.toString(m.median()), Double.toString(m.min()),
                Double.toString(m.max()));
    }

    /** Reads a line written by {@link #format}. */
    static Measurement parse(String line) {
        String[] f = line.split(" ");
        if (f.length != 4 || !f[0].equals(PREFIX)) {
            throw new IllegalArgumentException("not a measurement line: '" + line + "'");
        }
        return new Measurement(Double.parseDouble(f[1]), Double.parseDouble(f[2]), Double.parseDouble(f[3]));
    }

    /** The child: {@code SUITE PART WARMUP MEASURED SECONDS}. */
    public static void main(String[] args) {
        if (args.length != 5) {
            System.err.println("usage: Fork SUITE PART WARMUP MEASURED SECONDS");
            System.exit(2);
        }
        try {
            Part part = switch (args[0]) {
                case "rpc" -> RpcSuite.part(args[1]);
                case "ost" -> OstSuite.part(args[1]);
                case "mdt" -> MdtSuite.part(args[1]);
                case "client" -> ClientSuite.part(args[1]);
                default -> throw new IllegalArgumentException("no forkable parts in suite '" + args[0] + "'");
            };
            RunLength length = new RunLength(Integer.parseInt(args[2]), Integer.parseInt(args[3]),
                    Integer.parseInt(args[4]));
            for (Measurement m : part.run(length, System.err)) {
                System.out.println(format(m));
            }
            System.out.flush();
            System.exit(0);
        } catch (Exception e) {
            e.printStackTrace(System.err);
            System.exit(1);
        }
    }
}
