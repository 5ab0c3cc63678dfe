/**
 * The {@code jlustre} command line: one picocli command per tool, each a thin layer over the
 * same APIs a library user calls.
 */
module org.jlustre.tools {
    requires org.jlustre.osd.mem;
    requires org.jlustre.llog;
    requires org.jlustre.ptlrpc;
    requires org.jlustre.server;
    requires org.jlustre.fuse;
    requires org.jlustre.target;
    requires info.picocli;
    requires java.management;

    exports org.jlustre.tools;

    opens org.jlustre.tools to info.picocli;
    opens org.jlustre.tools.lctl to info.picocli;
    opens org.jlustre.tools.llog to info.picocli;
    opens org.jlustre.tools.lfs to info.picocli;
    opens org.jlustre.tools.llmount to info.picocli;
    opens org.jlustre.tools.mount to info.picocli;
    opens org.jlustre.tools.osd to info.picocli;
    opens org.jlustre.tools.rpc to info.picocli;
    opens org.jlustre.tools.server to info.picocli;
    opens org.jlustre.tools.target to info.picocli;
}
