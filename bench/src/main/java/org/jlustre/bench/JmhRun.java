package org.jlustre.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs JMH benchmark classes through the Runner API, one forked JVM per benchmark method,
 * and keeps the score of every measurement iteration.
 *
 * <p>The forks inherit this JVM's {@code java.class.path} (JMH's default), which therefore
 * must hold the bench classes with their generated {@code META-INF/BenchmarkList} and every
 * dependency; {@code ./jlustre bench} passes exactly that.
 */
final class JmhRun {

    /**
     * Touches every committed heap page when a fork starts (about 2.3 s per GiB here), as servers
     * do. On this kind of VM the first touch of a page costs about 11.5 us (0.36 GB/s, against
     * 24 GB/s once touched), so a benchmark whose heap grows while measured would time the
     * hypervisor's page faults instead of the code and vary threefold between iterations.
     */
    static final String PRETOUCH = "-XX:+AlwaysPreTouch";
    /** The whole heap committed and pretouched, for the creates, whose heap grows by a second of files per iteration. */
    static final String FULL_HEAP = "-Xms4g";
    /**
     * The throughput collector, for osd-mem and the references alike: an in-memory store's heap
     * is mostly data that lives on, which every young collection has to move, and on two cores
     * the parallel collector moves it fastest (G1 spent a quarter of the create benchmarks in
     * pauses here).
     */
    static final String GC = "-XX:+UseParallelGC";
    /**
     * Every fork: 4 GiB of heap with the first GiB pretouched, the throughput collector, 8 GiB of
     * direct memory for the 64 MiB files, and JMH 1.37's use of sun.misc.Unsafe allowed without
     * a warning.
     */
    static final String[] FORK_JVM_ARGS = {"-Xmx4g", "-Xms1g", PRETOUCH, GC, "-XX:MaxDirectMemorySize=8g",
        "--sun-misc-unsafe-memory-access=allow"};

    private final Map<String, Measurement> scores;

    private JmhRun(Map<String, Measurement> scores) {
        this.scores = scores;
    }

    /** Results known already, by benchmark name ({@code class.method}): for tests of the suites' tables. */
    static JmhRun of(Map<String, Measurement> scores) {
        return new JmhRun(Map.copyOf(scores));
    }

    /**
     * Runs every {@code @Benchmark} method of {@code classes} in throughput mode (operations
     * per second).
     *
     * @param progress where JMH's progress output goes
     * @throws RunnerException when a benchmark fails (JMH is told to stop at the first error)
     */
    static JmhRun run(RunLength length, PrintStream progress, List<Class<?>> classes) throws RunnerException {
        TimeValue iteration = TimeValue.seconds(length.iterationSeconds());
        ChainedOptionsBuilder options = new OptionsBuilder()
                .mode(Mode.Throughput)
                .timeUnit(TimeUnit.SECONDS)
                .forks(1)
                .jvmArgs(FORK_JVM_ARGS)
                .warmupIterations(length.warmupIterations())
                .warmupTime(iteration)
                .measurementIterations(length.measurementIterations())
                .measurementTime(iteration)
                .shouldFailOnError(true);
        for (Class<?> c : classes) {
            options.include("^" + Pattern.quote(c.getName() + ".") + "\\w+$");
        }
        Runner runner = new Runner(options.build(), OutputFormatFactory.createFormatInstance(progress, VerboseMode.NORMAL));
        Collection<RunResult> results = runner.run();
        Map<String, Measurement> scores = new HashMap<>();
        for (RunResult r : results) {
            List<Double> samples = new ArrayList<>();
            for (BenchmarkResult b : r.getBenchmarkResults()) {
                for (IterationResult i : b.getIterationResults()) {
                    samples.add(i.getPrimaryResult().getScore());
                }
            }
            scores.put(r.getParams().getBenchmark(), Measurement.of(samples.stream().mapToDouble(d -> d).toArray()));
        }
        return new JmhRun(scores);
    }

    /**
     * The operations per second of one benchmark method.
     *
     * @throws IllegalStateException naming the benchmark when it did not run
     */
    Measurement opsPerSecond(Class<?> benchmarkClass, String method) {
        String name = benchmarkClass.getName() + "." + method;
        Measurement m = scores.get(name);
        if (m == null) {
            throw new IllegalStateException("benchmark " + name + " has no result; ran: " + scores.keySet());
        }
        return m;
    }
}
