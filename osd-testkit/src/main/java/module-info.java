/**
 * The OSD conformance kit: abstract JUnit classes every OSD runs through a tiny subclass (one
 * per API surface, as Lucene's BaseDirectoryTestCase), and the wrappers that check the
 * transaction rules ({@code AssertingOsd}) and inject faults ({@code FaultyOsd}).
 */
module org.jlustre.osd.testkit {
    requires transitive org.jlustre.osd;
    requires transitive org.junit.jupiter.api;
    requires transitive org.assertj.core;

    exports org.jlustre.osd.testkit;

    opens org.jlustre.osd.testkit to org.junit.platform.commons;
}
