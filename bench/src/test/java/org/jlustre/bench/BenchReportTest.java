package org.jlustre.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class BenchReportTest {

    private static final Figure MISSED = new Figure("create+insert", "ops/s", new Measurement(1.2e6, 1.1e6, 1.25e6),
            "jimfs create", new Measurement(8.1e5, 8.0e5, 8.2e5), Target.ratioAtLeast(1.5).andValueAtLeast(1e6));
    private static final Figure MET = new Figure("heap per empty object", "bytes", Measurement.exactly(345.1),
            "jimfs heap per empty file", Measurement.exactly(504.6), Target.valueAtMost(512));
    private static final Figure REPORTED = new Figure("xattr get", "ops/s", Measurement.of(3, 1, 2),
            "jimfs xattr get", Measurement.exactly(4), Target.REPORT);
    private static final BenchReport REPORT = new BenchReport("osd", "quick", List.of(MISSED, MET, REPORTED));

    @Test
    void jsonHasTheSharedShapeWithOneFigurePerLine() {
        assertThat(REPORT.json()).isEqualTo("""
                {"suite": "osd", "figures": [
                  {"name": "create+insert", "value": 1200000, "unit": "ops/s", "reference": "jimfs create", \
                "reference_value": 810000, "ratio": 1.48, "target": ">= 1.5x and >= 1e6 ops/s", "min": 1100000, \
                "max": 1250000, "reference_min": 800000, "reference_max": 820000, "status": "missed"},
                  {"name": "heap per empty object", "value": 345.1, "unit": "bytes", \
                "reference": "jimfs heap per empty file", "reference_value": 504.6, "ratio": 0.68, \
                "target": "<= 512 bytes", "min": 345.1, "max": 345.1, "reference_min": 504.6, \
                "reference_max": 504.6, "status": "met"},
                  {"name": "xattr get", "value": 2, "unit": "ops/s", "reference": "jimfs xattr get", \
                "reference_value": 4, "ratio": 0.5, "target": "report", "min": 1, "max": 3, "reference_min": 4, \
                "reference_max": 4, "status": "report"}
                ]}
                """);
    }

    @Test
    void tableShowsMediansSpreadsRatiosAndMarksMissedTargets() {
        List<String> lines = REPORT.table().lines().toList();
        assertThat(lines).hasSize(5);
        assertThat(lines.get(0)).isEqualTo("osd suite, quick");
        assertThat(lines.get(1)).startsWith("name ").contains("min..max", "ref value", "ratio", "target");
        assertThat(lines.get(2)).startsWith("create+insert ")
                .contains(" 1.2e6 ", " 1.1e6..1.25e6 ", " 8.1e5 ", " 8e5..8.2e5 ", " 1.48 ", ">= 1.5x and >= 1e6 ops/s")
                .endsWith("MISSED");
        assertThat(lines.get(3)).contains(" 345 ", " 0.68 ", "<= 512 bytes").endsWith("ok");
        assertThat(lines.get(4)).contains(" 0.50 ").endsWith("report");
        // columns line up: every ratio ends at the same position
        assertThat(lines.get(2).indexOf(" 1.48") + 5).isEqualTo(lines.get(4).indexOf(" 0.50") + 5);
    }

    @Test
    void numbersKeepThreeSignificantDigits() {
        assertThat(BenchReport.number(0.61234)).isEqualTo("0.612");
        assertThat(BenchReport.number(13.37)).isEqualTo("13.4");
        assertThat(BenchReport.number(512)).isEqualTo("512");
        assertThat(BenchReport.number(9999)).isEqualTo("10000");
        assertThat(BenchReport.number(1_523_456)).isEqualTo("1.52e6");
        assertThat(BenchReport.number(1e6)).isEqualTo("1e6");
        assertThat(BenchReport.number(0)).isEqualTo("0");
        assertThat(BenchReport.ratio(2.755)).isEqualTo("2.76");
    }
}
