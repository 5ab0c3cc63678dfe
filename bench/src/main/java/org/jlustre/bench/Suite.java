package org.jlustre.bench;

import java.io.PrintStream;
import java.util.List;

/**
 * A benchmark suite run by {@code ./jlustre bench NAME}: one implementation per suite,
 * registered in {@link BenchMain#SUITES}.
 */
interface Suite {

    /** The name on the command line, e.g. {@code osd}. */
    String name();

    /** One line for the usage text. */
    String summary();

    /**
     * Measures every figure of the suite in one run, each next to its reference.
     *
     * @param length how long each JMH benchmark runs
     * @param progress where progress and JMH's own output go (not the results table)
     */
    List<Figure> run(RunLength length, PrintStream progress) throws Exception;
}
