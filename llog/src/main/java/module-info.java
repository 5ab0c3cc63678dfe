/**
 * llog: Lustre's plain and catalog logs on any OSD, byte for byte what Lustre writes
 * (lustre/obdclass/llog.c, llog_osd.c, llog_cat.c), and the reader that prints an llog file
 * as Lustre's {@code llog_reader} does.
 */
module org.jlustre.llog {
    requires transitive org.jlustre.osd;

    exports org.jlustre.llog;
    exports org.jlustre.llog.reader;
    exports org.jlustre.llog.test;
}
