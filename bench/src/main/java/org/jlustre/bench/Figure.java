package org.jlustre.bench;

import java.util.Objects;

/**
 * One row of a suite's results: a measured value next to its reference measured in the same
 * run, the ratio of their medians, and the target (performance.md: absolute numbers drift
 * between runs and machines, ratios do not).
 *
 * @param name what was measured, in plain words ("create+insert")
 * @param unit the unit of both values ("ops/s", "GB/s", "bytes")
 * @param value the measurement
 * @param reference what the value is compared with ("jimfs create")
 * @param referenceValue the reference's measurement, in the same unit
 * @param target what the figure should reach
 */
public record Figure(String name, String unit, Measurement value, String reference, Measurement referenceValue,
        Target target) {

    /** Whether a figure reached its target. */
    public enum Status {
        /** Reached. */
        MET,
        /** Not reached: the report marks the row. */
        MISSED,
        /** No target. */
        REPORT
    }

    /** Checks that nothing is missing. */
    public Figure {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(referenceValue, "referenceValue");
        Objects.requireNonNull(target, "target");
    }

    /** value / reference value, of the medians. */
    public double ratio() {
        return value.median() / referenceValue.median();
    }

    /** The target in words, with this figure's unit. */
    public String targetText() {
        return target.describe(unit);
    }

    /** Whether the target was reached. */
    public Status status() {
        if (target.isReport()) {
            return Status.REPORT;
        }
        return target.isMet(value.median(), ratio()) ? Status.MET : Status.MISSED;
    }
}
