package org.jlustre.bench;

/**
 * How long each JMH benchmark runs. Iterations stay one second long in both lengths, so a
 * create benchmark holds the same amount of data per iteration and quick and full numbers
 * compare; the full run only takes more samples.
 *
 * @param warmupIterations warm-up iterations per benchmark
 * @param measurementIterations measured iterations per benchmark; the median is reported
 * @param iterationSeconds length of every iteration
 */
public record RunLength(int warmupIterations, int measurementIterations, int iterationSeconds) {

    /** {@code --quick}: the whole osd suite in about two minutes on two cores. */
    public static final RunLength QUICK = new RunLength(2, 3, 1);
    /** The default: steadier medians and spreads. */
    public static final RunLength FULL = new RunLength(5, 10, 1);

    /** Checks the counts. */
    public RunLength {
        if (warmupIterations < 0 || measurementIterations < 1 || iterationSeconds < 1) {
            throw new IllegalArgumentException("bad run length: " + warmupIterations + " warm-up, "
                    + measurementIterations + " measurement iterations of " + iterationSeconds + " s");
        }
    }

    /** For the report header, e.g. "2 x 1 s warm-up, 3 x 1 s measured". */
    public String describe() {
        return warmupIterations + " x " + iterationSeconds + " s warm-up, " + measurementIterations + " x "
                + iterationSeconds + " s measured, 1 fork per benchmark";
    }
}
