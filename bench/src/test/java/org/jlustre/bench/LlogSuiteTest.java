package org.jlustre.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jlustre.llog.LlogCatalog;
import org.jlustre.llog.LlogHandle;
import org.jlustre.wire.llog.LlogFlags;
import org.jlustre.wire.llog.LlogHeader;
import org.jlustre.wire.llog.LlogRecType;
import org.jlustre.wire.llog.LlogRecordHeader;
import org.junit.jupiter.api.Test;

/**
 * The llog suite without timing anything ({@code mvn test} never runs a benchmark): its rows and
 * JSON from given results, and the fixture the benchmarks drive, so a benchmark cannot measure
 * the wrong thing quietly.
 */
class LlogSuiteTest {

    private static final String[] BENCHMARKS = {"plainAppend", "catalogAdd", "rawAppend", "rawAppendBatched",
        "plainProcess", "catalogProcess", "rawRead"};

    private static JmhRun results(double catalogAdds) {
        Map<String, Measurement> scores = new HashMap<>();
        for (String b : BENCHMARKS) {
            scores.put(LlogBench.class.getName() + "." + b, Measurement.exactly(2e6));
        }
        scores.put(LlogBench.class.getName() + ".catalogAdd", Measurement.of(catalogAdds * 0.9, catalogAdds,
                catalogAdds * 1.1));
        return JmhRun.of(scores);
    }

    @Test
    void rowsHaveTheSharedJsonShapeAndTheCatalogTarget() {
        List<Figure> figures = LlogSuite.figures(results(1.2e6));
        assertThat(figures).extracting(Figure::name).containsExactly("plain append", "catalog add",
                "osd 64 B append, 128 per transaction", "plain process", "catalog process");
        assertThat(figures).extracting(Figure::unit).containsOnly("records/s");
        String json = new BenchReport("llog", "quick", figures).json();
        assertThat(json).startsWith("{\"suite\": \"llog\", \"figures\": [")
                .contains("\"name\": \"catalog add\", \"value\": 1200000, \"unit\": \"records/s\", "
                        + "\"reference\": \"osd 64 B append, own transaction\", \"reference_value\": 2000000, "
                        + "\"ratio\": 0.6, \"target\": \">= 1e6 records/s\"")
                .contains("\"reference\": \"osd 8 KiB reads of the log, per 64 B\"");
        for (String key : List.of("name", "value", "unit", "reference", "reference_value", "ratio", "target", "min",
                "max", "reference_min", "reference_max", "status")) {
            assertThat(json.split("\"" + key + "\": ", -1)).hasSize(figures.size() + 1);
        }
        assertThat(figures.get(1).status()).isEqualTo(Figure.Status.MET);
        assertThat(LlogSuite.figures(results(0.8e6)).get(1).status()).isEqualTo(Figure.Status.MISSED);
    }

    @Test
    void theSuiteIsRegistered() {
        assertThat(BenchMain.SUITES).extracting(Suite::name).contains("osd", "llog");
    }

    @Test
    void recordsAre64ByteGenRecordsAndAPlainLogHoldsItsBitmap() {
        assertThat(LlogFixture.PLAIN_RECORDS)
                .isEqualTo(LlogHeader.fresh(LlogHeader.MIN_CHUNK_SIZE, 0, LlogFlags.IS_PLAIN, null).maxIndex());
        LlogRecordHeader h = LlogRecordHeader.read(LlogFixture.record(), 0);
        assertThat(h.len()).isEqualTo(64);
        assertThat(h.type()).isEqualTo(LlogRecType.LLOG_GEN_REC);
        assertThat(LlogRecordHeader.tailLen(LlogFixture.record(), 0, 64)).isEqualTo(64);
    }

    @Test
    void plainAppendsMoveToAFreshLogWhenOneIsFull() throws Exception {
        try (LlogFixture llog = LlogFixture.mount("test-llog-plain");
                LlogFixture.PlainAppender appender = llog.new PlainAppender()) {
            int last = 0;
            for (int i = 0; i < LlogFixture.PLAIN_RECORDS; i++) {
                last = appender.append();
            }
            assertThat(last).isEqualTo(LlogFixture.PLAIN_RECORDS);
            assertThat(appender.logs()).isEqualTo(1);
            assertThat(appender.append()).isEqualTo(1); // the full log said ENOSPC
            assertThat(appender.logs()).isEqualTo(2);
            assertThat(appender.appended()).isEqualTo(LlogFixture.PLAIN_RECORDS + 1L);
        }
    }

    @Test
    void processingSeesEveryRecordAppended() throws Exception {
        try (LlogFixture llog = LlogFixture.mount("test-llog-process")) {
            try (LlogHandle plain = llog.newPlainLog()) {
                for (int i = 0; i < 1000; i++) {
                    plain.append(LlogFixture.record());
                }
                LlogFixture.Counter c = new LlogFixture.Counter();
                assertThat(plain.process(c)).isZero();
                assertThat(c.records).isEqualTo(1000);
                assertThat(c.indexSum).isEqualTo(1000 * 1001 / 2);
            }
            try (LlogCatalog catalog = llog.newCatalog()) {
                for (int i = 0; i < 1000; i++) {
                    catalog.add(LlogFixture.record());
                }
                LlogFixture.Counter c = new LlogFixture.Counter();
                assertThat(catalog.process(c)).isZero();
                assertThat(c.records).isEqualTo(1000);
            }
        }
    }

    @Test
    void theReferenceAppendsTheSameBytesToOneObject() throws Exception {
        try (LlogFixture llog = LlogFixture.mount("test-llog-raw");
                LlogFixture.RawAppender raw = llog.new RawAppender()) {
            assertThat(raw.append(1)).isEqualTo(64);
            assertThat(raw.append(LlogBench.BATCH)).isEqualTo(64 * LlogBench.BATCH);
            assertThat(raw.size()).isEqualTo(64L * (1 + LlogBench.BATCH));
        }
    }
}
