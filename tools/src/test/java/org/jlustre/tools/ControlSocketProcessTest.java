package org.jlustre.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.foreign.MemorySegment;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jlustre.common.Libcfs;
import org.jlustre.wire.mgs.LustreDiskData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jlustre lctl --server NAME} against a real {@code jlustre server} process on this
 * host, through its control socket: {@code servers}, {@code dl}, {@code set_param} and
 * {@code get_param}, {@code list_param}, and {@code dk} showing why the server dropped a peer;
 * the socket goes away with the server, and a killed server's socket is found stale and removed.
 */
class ControlSocketProcessTest {

    private static final Pattern CONTROL_LINE = Pattern.compile("control socket (\\S+) \\(jlustre lctl --server (\\S+) ");
    private static final Duration START = Duration.ofSeconds(90);

    @TempDir
    Path tmp;

    private Process server;

    @AfterEach
    void stopServer() throws Exception {
        if (server != null && server.isAlive()) {
            server.destroyForcibly();
            server.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private record Started(String name, Path socket) {
    }

    /** Starts {@code jlustre server --type mgs} on an ephemeral port and waits until it serves. */
    private Started startMgs(Path ctl) throws Exception {
        Path out = tmp.resolve("server.out");
        // accept=all: the garbage peer below connects from an ordinary port and must be read, not refused unread
        server = JlustreProcess.builder(Map.of(), "server", "--type", "mgs", "--nid", "127.0.0.1@tcp", "--port", "0",
                "--accept", "all", "--control-dir", ctl.toString()).redirectOutput(out.toFile())
                .redirectError(tmp.resolve("server.err").toFile()).start();
        long deadline = System.nanoTime() + START.toNanos();
        while (System.nanoTime() < deadline && server.isAlive()) {
            String text = Files.exists(out) ? Files.readString(out) : "";
            Matcher m = CONTROL_LINE.matcher(text);
            if (text.contains("serving; interrupt to stop") && m.find()) {
                return new Started(m.group(2), Path.of(m.group(1)));
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the server did not start: " + Files.readString(tmp.resolve("server.err")));
    }

    /** {@code jlustre lctl ARGS} in this process, a process of its own as far as the server can tell. */
    private static InProcess lctl(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "lctl";
        System.arraycopy(args, 0, all, 1, args.length);
        return InProcess.run(all);
    }

    @Test
    void lctlReachesARunningServerThroughItsControlSocket() throws Exception {
        Path ctl = tmp.resolve("ctl");
        Started s = startMgs(ctl);
        String dir = ctl.toString();
        assertThat(s.socket()).isEqualTo(ctl.resolve(s.name() + ".sock"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(ctl))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(s.socket()))).isEqualTo("rw-------");

        InProcess servers = lctl("--control-dir", dir, "servers");
        assertThat(servers.status()).isZero();
        assertThat(servers.out()).isEqualTo(s.name() + "  pid " + server.pid() + "  targets MGS  " + s.socket() + "\n");

        InProcess dl = lctl("--control-dir", dir, "--server", s.name(), "dl");
        assertThat(dl.status()).as(dl.err()).isZero();
        assertThat(dl.out()).contains(" UP mgs MGS MGS ");

        InProcess set = lctl("--control-dir", dir, "--server", "127.0.0.1@tcp", "set_param", "timeout=77");
        assertThat(set.status()).as(set.err()).isZero();
        assertThat(set.out()).isEqualTo("timeout=77\n");
        InProcess get = lctl("--control-dir", dir, "--server", s.name(), "get_param", "-n", "timeout");
        assertThat(get.out()).isEqualTo("77\n");
        InProcess missing = lctl("--control-dir", dir, "--server", s.name(), "get_param", "no.such.param");
        assertThat(missing.status()).isEqualTo(2);
        assertThat(missing.err()).isEqualTo("error: get_param: param_path 'no/such/param': No such file or directory\n");
        assertThat(lctl("--control-dir", dir, "--server", s.name(), "list_param", "mgs.*").out()).contains("mgs.MGS");

        // a peer that sends garbage to the acceptor is dropped; dk on the server says why
        int port = Integer.parseInt(s.name().substring(s.name().lastIndexOf(':') + 1));
        int peerPort;
        try (Socket peer = new Socket()) {
            peer.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            peerPort = peer.getLocalPort();
            OutputStream o = peer.getOutputStream();
            o.write("GET / HTTP/1.0\r\n\r\n\u001b[2J".repeat(4).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            o.flush();
            peer.setSoTimeout(10_000);
            try {
                peer.getInputStream().read(new byte[64]); // returns once the server closes
            } catch (IOException e) {
                // closed with our bytes unread: a reset, as good as an end
            }
        }
        StringBuilder dk = new StringBuilder();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!dk.toString().contains("127.0.0.1:" + peerPort) && System.nanoTime() < deadline) {
            InProcess d = lctl("--control-dir", dir, "--server", s.name(), "dk");
            assertThat(d.status()).as(d.err()).isZero();
            assertThat(d.out()).contains("Debug log: ");
            dk.append(d.out());
        }
        assertThat(dk.toString()).contains("127.0.0.1:" + peerPort);
        assertThat(dk.chars()).noneMatch(c -> c == 0x1b);

        Path file = tmp.resolve("dk.txt");
        InProcess toFile = lctl("--control-dir", dir, "--server", s.name(), "dk", file.toString());
        assertThat(toFile.status()).as(toFile.err()).isZero();
        assertThat(toFile.out()).startsWith("Debug log: ");
        assertThat(file).exists();

        // an object of the server's OSD, copied out as debugfs -R dump would (jlustre osd dump --server)
        Path mountdata = tmp.resolve("mountdata");
        StringWriter dumpErr = new StringWriter();
        int dumped = Main.commandLine(Libcfs.create(), new PrintWriter(new StringWriter(), true),
                new PrintWriter(dumpErr, true)).execute("osd", "dump", "--control-dir", dir, "--server", s.name(), "MGS",
                "CONFIGS/mountdata", mountdata.toString());
        assertThat(dumped).as(dumpErr.toString()).isZero();
        byte[] ldd = Files.readAllBytes(mountdata);
        assertThat(ldd).hasSize(LustreDiskData.SIZE);
        assertThat(LustreDiskData.decode(MemorySegment.ofArray(ldd)).svname()).isEqualTo("MGS");

        InProcess llog = lctl("--control-dir", dir, "--server", s.name(), "llog_catlist");
        assertThat(llog.status()).isEqualTo(95);
        assertThat(llog.err()).contains("llog_catlist does not go over a server's control socket");

        server.destroy(); // SIGTERM: the shutdown hook stops the server and removes its socket
        assertThat(server.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(s.socket()).doesNotExist();
    }

    @Test
    void aKilledServersSocketIsFoundStaleAndRemoved() throws Exception {
        Path ctl = tmp.resolve("ctl");
        Started s = startMgs(ctl);
        server.destroyForcibly(); // SIGKILL: no hook runs, the socket stays
        assertThat(server.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(s.socket()).exists();

        InProcess dl = lctl("--control-dir", ctl.toString(), "--server", s.name(), "dl");
        assertThat(dl.status()).isEqualTo(2);
        assertThat(dl.err()).contains("no jlustre server '" + s.name() + "'").contains("(running: none)");
        assertThat(s.socket()).doesNotExist();
        assertThat(lctl("--control-dir", ctl.toString(), "servers").out()).isEmpty();
    }
}
