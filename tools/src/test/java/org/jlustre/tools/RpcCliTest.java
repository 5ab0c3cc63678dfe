package org.jlustre.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.jlustre.common.Libcfs;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code jlustre rpc}: the walk-through over both networks, the server's stats through lctl, bad options. */
class RpcCliTest {

    private Libcfs libcfs;
    private StringWriter out;
    private StringWriter err;

    @BeforeEach
    void setUp() {
        libcfs = Libcfs.create();
        libcfs.debug().setConsole(null);
        out = new StringWriter();
        err = new StringWriter();
    }

    private int run(String... args) {
        return Main.commandLine(libcfs, new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
    }

    @Test
    void walkThroughInJvmWithServerStats() {
        assertThat(run("rpc", "--pings", "50", "-e", "get_param echo.ECHO.echo.stats")).isZero();
        String o = out.toString();
        assertThat(o).contains("== server 1@lo: echo target echo_UUID")
                .contains("import echo-osc: state FULL")
                .contains("== 50 OBD_PINGs, one at a time")
                .contains("  524288 bytes: xid ").doesNotContain("DIFFERENT BYTES")
                .contains("same bytes back")
                .contains("current_connection: 1@lo")
                .contains("lctl get_param echo.ECHO.echo.stats")
                .contains("echo.ECHO.echo.stats=");
        assertThat(o).containsPattern("obd_ping +50 samples \\[usecs\\]")
                .containsPattern("ost_connect +1 samples")
                .containsPattern("echo_write +1 samples")
                .containsPattern("echo_read +1 samples")
                .containsPattern("ost_disconnect +1 samples");
        // the CRC the server computed equals ours
        String crcLine = o.lines().filter(l -> l.contains("crc32c")).findFirst().orElseThrow();
        String[] crcs = crcLine.replaceAll(".*crc32c (0x[0-9a-f]+) \\(ours (0x[0-9a-f]+)\\).*", "$1 $2").split(" ");
        assertThat(crcs[0]).isEqualTo(crcs[1]);
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void walkThroughOverTcpLoopback() {
        assertThat(run("rpc", "--net", "tcp", "--pings", "20")).isZero();
        assertThat(out.toString()).contains("== server 127.0.0.1@tcp").contains("acceptor on port ")
                .contains("== client 127.0.0.2@tcp connects to echo_UUID at 127.0.0.1@tcp")
                .contains("state FULL").doesNotContain("DIFFERENT BYTES");
    }

    @Test
    void badOptionsNameTheValue() {
        assertThat(run("rpc", "--net", "ib")).isEqualTo(22);
        assertThat(err.toString()).contains("--net must be mem or tcp, not 'ib'");
        assertThat(run("rpc", "--listen", "1.2.3@tcp")).isEqualTo(22);
        assertThat(err.toString()).contains("invalid NID '1.2.3@tcp'");
        assertThat(run("rpc", "--listen", "127.0.0.1@tcp", "--connect", "127.0.0.1@tcp")).isEqualTo(22);
        assertThat(err.toString()).contains("--listen and --connect exclude each other");
        assertThat(run("rpc", "--port", "70000")).isEqualTo(22);
        assertThat(err.toString()).contains("--port 70000");
    }
}
