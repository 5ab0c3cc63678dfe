package org.jlustre.bench;

import java.math.BigDecimal;

/**
 * What a figure should reach (performance.md's targets): a minimum ratio to its reference,
 * a minimum value, a maximum value, any combination of them, or nothing ("report": the figure
 * is only recorded). Unset bounds are NaN.
 *
 * @param minRatio the smallest acceptable value / reference ratio, or NaN
 * @param minValue the smallest acceptable value, or NaN
 * @param maxValue the largest acceptable value, or NaN
 */
public record Target(double minRatio, double minValue, double maxValue) {

    /** No target: the figure is reported for comparison across commits only. */
    public static final Target REPORT = new Target(Double.NaN, Double.NaN, Double.NaN);

    /** At least {@code ratio} times the reference. */
    public static Target ratioAtLeast(double ratio) {
        return new Target(ratio, Double.NaN, Double.NaN);
    }

    /** At least {@code value}, in the figure's unit. */
    public static Target valueAtLeast(double value) {
        return new Target(Double.NaN, value, Double.NaN);
    }

    /** At most {@code value}, in the figure's unit. */
    public static Target valueAtMost(double value) {
        return new Target(Double.NaN, Double.NaN, value);
    }

    /** This target, and also at least {@code value} in the figure's unit. */
    public Target andValueAtLeast(double value) {
        return new Target(minRatio, value, maxValue);
    }

    /** Whether there is nothing to reach. */
    public boolean isReport() {
        return Double.isNaN(minRatio) && Double.isNaN(minValue) && Double.isNaN(maxValue);
    }

    /** Whether {@code value} with {@code ratio} reaches every bound; NaN inputs never do. */
    public boolean isMet(double value, double ratio) {
        return (Double.isNaN(minRatio) || ratio >= minRatio)
                && (Double.isNaN(minValue) || value >= minValue)
                && (Double.isNaN(maxValue) || value <= maxValue);
    }

    /** The target as people read it, e.g. {@code ">= 1.5x and >= 1e6 ops/s"} or {@code "report"}. */
    public String describe(String unit) {
        if (isReport()) {
            return "report";
        }
        StringBuilder sb = new StringBuilder();
        if (!Double.isNaN(minRatio)) {
            sb.append(">= ").append(compact(minRatio)).append('x');
        }
        if (!Double.isNaN(minValue)) {
            sb.append(sb.isEmpty() ? "" : " and ").append(">= ").append(compact(minValue)).append(' ').append(unit);
        }
        if (!Double.isNaN(maxValue)) {
            sb.append(sb.isEmpty() ? "" : " and ").append("<= ").append(compact(maxValue)).append(' ').append(unit);
        }
        return sb.toString();
    }

    /** Shortest exact decimal form: 1.5, 512, 1e6. */
    static String compact(double v) {
        return BigDecimal.valueOf(v).stripTrailingZeros().toString().replace("E+", "e").replace("E", "e");
    }
}
