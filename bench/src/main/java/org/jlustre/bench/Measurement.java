package org.jlustre.bench;

import java.util.Arrays;

/**
 * One measured quantity: the median of its samples (JMH measurement iterations, or repeated
 * rounds of a non-JMH measurement) and their spread.
 *
 * @param median the median sample
 * @param min the smallest sample
 * @param max the largest sample
 */
public record Measurement(double median, double min, double max) {

    /** Checks the order of the three values. */
    public Measurement {
        if (!(min <= median && median <= max)) {
            throw new IllegalArgumentException("median " + median + " is not within " + min + ".." + max);
        }
    }

    /** The median and spread of {@code samples}; the median of an even count is the mean of the middle two. */
    public static Measurement of(double... samples) {
        if (samples.length == 0) {
            throw new IllegalArgumentException("no samples to take a median of");
        }
        double[] s = samples.clone();
        Arrays.sort(s);
        int mid = s.length / 2;
        double median = s.length % 2 == 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
        return new Measurement(median, s[0], s[s.length - 1]);
    }

    /** A value known exactly, with no spread (a constant reference such as 1 byte per byte). */
    public static Measurement exactly(double value) {
        return new Measurement(value, value, value);
    }

    /** The same in another unit: every value multiplied by {@code factor} (positive). */
    public Measurement scaled(double factor) {
        if (!(factor > 0)) {
            throw new IllegalArgumentException("scale factor " + factor + " must be positive");
        }
        return new Measurement(median * factor, min * factor, max * factor);
    }
}
