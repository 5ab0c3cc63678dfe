package org.jlustre.bench;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The results of one suite run, rendered two ways: a table for people and the JSON shape of
 * performance.md for tools comparing commits,
 * {@code {"suite": "osd", "figures": [{"name": ..., "value": ..., "unit": ..., "reference": ...,
 * "reference_value": ..., "ratio": ..., "target": ...}]}}, each figure also carrying its spread
 * ({@code min}, {@code max}, {@code reference_min}, {@code reference_max}) and its
 * {@code status} ({@code met}, {@code missed} or {@code report}).
 *
 * @param suite the suite's name
 * @param run how it ran, e.g. "quick: 2 x 1 s warmup, 3 x 1 s measurement"
 * @param figures the rows, in the order the suite lists them
 */
public record BenchReport(String suite, String run, List<Figure> figures) {

    private static final String[] HEADER = {"name", "value", "min..max", "unit", "reference", "ref value", "min..max",
        "ratio", "target", ""};
    /** Columns aligned right: the numbers. */
    private static final boolean[] RIGHT = {false, true, true, false, false, true, true, true, false, false};

    /** Copies the figures. */
    public BenchReport {
        Objects.requireNonNull(suite, "suite");
        Objects.requireNonNull(run, "run");
        figures = List.copyOf(figures);
    }

    /** The readable table: medians with their min..max spread, ratios with two decimals, MISSED marks. */
    public String table() {
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADER);
        for (Figure f : figures) {
            rows.add(new String[] {f.name(), number(f.value().median()), spread(f.value()), f.unit(), f.reference(),
                number(f.referenceValue().median()), spread(f.referenceValue()), ratio(f.ratio()), f.targetText(),
                switch (f.status()) {
                    case MET -> "ok";
                    case MISSED -> "MISSED";
                    case REPORT -> "";
                }});
        }
        int[] widths = new int[HEADER.length];
        for (String[] r : rows) {
            for (int c = 0; c < r.length; c++) {
                widths[c] = Math.max(widths[c], r[c].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        sb.append(suite).append(" suite, ").append(run).append('\n');
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < r.length; c++) {
                String pad = " ".repeat(widths[c] - r[c].length());
                line.append(c == 0 ? "" : "  ").append(RIGHT[c] ? pad + r[c] : r[c] + pad);
            }
            sb.append(line.toString().stripTrailing()).append('\n');
        }
        return sb.toString();
    }

    /** The JSON document, one figure per line. */
    public String json() {
        JsonWriter w = new JsonWriter().beginObject().field("suite", suite).name("figures").beginArray();
        for (Figure f : figures) {
            w.beginObject()
                    .field("name", f.name())
                    .field("value", significant(f.value().median()))
                    .field("unit", f.unit())
                    .field("reference", f.reference())
                    .field("reference_value", significant(f.referenceValue().median()))
                    .field("ratio", Math.round(f.ratio() * 100) / 100.0)
                    .field("target", f.targetText())
                    .field("min", significant(f.value().min()))
                    .field("max", significant(f.value().max()))
                    .field("reference_min", significant(f.referenceValue().min()))
                    .field("reference_max", significant(f.referenceValue().max()))
                    .field("status", f.status().name().toLowerCase(Locale.ROOT))
                    .endObject();
        }
        return w.endArray().endObject() + "\n";
    }

    /** Three significant digits, in scientific form from 10,000 on: 0.612, 13.4, 512, 1.52e6. */
    static String number(double v) {
        if (!Double.isFinite(v)) {
            return String.valueOf(v);
        }
        if (v == 0) {
            return "0";
        }
        BigDecimal d = new BigDecimal(v).round(new MathContext(3)).stripTrailingZeros();
        if (Math.abs(v) < 1e4) {
            return d.toPlainString();
        }
        int exponent = d.precision() - d.scale() - 1;
        return d.movePointLeft(exponent).toPlainString() + "e" + exponent;
    }

    /** A ratio with two decimals. */
    static String ratio(double r) {
        return String.format(Locale.ROOT, "%.2f", r);
    }

    private static String spread(Measurement m) {
        return number(m.min()) + ".." + number(m.max());
    }

    /** Four significant digits: more would be noise, and shorter numbers diff better. */
    private static double significant(double v) {
        return Double.isFinite(v) && v != 0 ? new BigDecimal(v).round(new MathContext(4)).doubleValue() : v;
    }
}
