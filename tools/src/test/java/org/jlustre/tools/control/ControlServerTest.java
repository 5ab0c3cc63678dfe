package org.jlustre.tools.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;
import org.jlustre.common.TimeSource;
import org.jlustre.common.debug.DebugLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ControlServer} and {@link ControlClient} in one process, over a real Unix socket, with
 * a node that records what it is asked: the protocol, the directory's and socket's modes, every
 * kind of bad input answered with an error line (and the server serving on), deadlines, the
 * connection bound, and stale sockets.
 */
class ControlServerTest {

    /** A node printing a line, a partial line and an error line, and returning status 3. */
    private final class FakeNode implements ControlServer.Node {
        final List<List<String>> asked = new CopyOnWriteArrayList<>();
        volatile int lines = 1;
        volatile int dumpSize = 3 * ControlProtocol.DATA_CHUNK + 5;

        @Override
        public int lctl(List<String> words, PrintWriter out, PrintWriter err) {
            asked.add(words);
            for (int i = 0; i < lines; i++) {
                out.println("line " + i);
            }
            out.print("partial");
            err.println("an error");
            return 3;
        }

        @Override
        public List<String> info() {
            return List.of("name fake", "pid 1", "targets lustre-OST0000");
        }

        /** Sends {@code dumpSize} bytes of a pattern, or ENOENT for the object "nosuch". */
        @Override
        public int dump(String target, String name, OutputStream data, PrintWriter err) {
            asked.add(List.of("dump", target, name));
            if (name.equals("nosuch")) {
                err.println("error: osd dump: no object 'nosuch'");
                return 2;
            }
            try {
                for (int i = 0; i < dumpSize; i++) {
                    data.write(i * 7);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return 0;
        }

        /** Reports the directory it was asked to write. */
        @Override
        public int export(String target, Path exportDir, PrintWriter out, PrintWriter err) {
            asked.add(List.of("export", target, exportDir.toString()));
            out.println("exported " + target + " to " + exportDir);
            return 0;
        }
    }

    @TempDir
    Path tmp;

    private ControlDirectory dir;
    private final FakeNode node = new FakeNode();
    private final DebugLog log = new DebugLog(TimeSource.system());
    private final List<ControlServer> servers = new ArrayList<>();

    @BeforeEach
    void setUp() {
        log.setConsole(null);
        dir = ControlDirectory.at(tmp.resolve("ctl"));
    }

    @AfterEach
    void tearDown() {
        servers.forEach(ControlServer::close);
    }

    private ControlServer start(String name) throws LustreException {
        ControlServer s = ControlServer.start(dir, name, node, log);
        servers.add(s);
        return s;
    }

    /** Sends raw bytes as a request and returns the whole answer. */
    private static String raw(Path socket, byte[] request) throws IOException {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            ch.write(ByteBuffer.wrap(request));
            ch.shutdownOutput();
            return readAll(ch);
        }
    }

    private static String readAll(SocketChannel ch) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer b = ByteBuffer.allocate(8192);
        while (ch.read(b) >= 0) {
            out.write(b.array(), 0, b.position());
            b.clear();
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private record Answer(int status, String out, String err) {
    }

    private static Answer call(Path socket, String... words) throws LustreException {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int rc = ControlClient.call(socket, List.of(words), new PrintWriter(out), new PrintWriter(err));
        return new Answer(rc, out.toString(), err.toString());
    }

    @Test
    void lctlRunsOnTheNodeWithItsOutputStatusAndErrors() throws Exception {
        ControlServer s = start("127.0.0.1@tcp:988");
        Answer a = call(s.socket(), "lctl", "get_param", "jobid_name=%e %u");
        assertThat(a.status()).isEqualTo(3);
        assertThat(a.out()).isEqualTo("line 0\npartial\n");
        assertThat(a.err()).isEqualTo("an error\n");
        assertThat(node.asked).containsExactly(List.of("get_param", "jobid_name=%e %u"));
        assertThat(call(s.socket(), "lctl", "--device", "MGS", "set_param", "-P", "x=1").status()).isEqualTo(3);
        assertThat(node.asked.get(1)).containsExactly("--device", "MGS", "set_param", "-P", "x=1");
        Answer info = call(s.socket(), "info");
        assertThat(info.status()).isZero();
        assertThat(info.out()).isEqualTo("name fake\npid 1\ntargets lustre-OST0000\n");
    }

    @Test
    void exportNeedsATargetAndAnAbsoluteDirectory() throws Exception {
        ControlServer s = start("export:1");
        Answer ok = call(s.socket(), "export", "lustre-OST0000", "/tmp/some dir");
        assertThat(ok.status()).isZero();
        assertThat(ok.out()).isEqualTo("exported lustre-OST0000 to /tmp/some dir\n");
        assertThat(node.asked).containsExactly(List.of("export", "lustre-OST0000", "/tmp/some dir"));
        Answer relative = call(s.socket(), "export", "lustre-OST0000", "out");
        assertThat(relative.status()).isEqualTo(22);
        assertThat(relative.err()).contains("export out: the server writes the directory, so it needs an absolute path");
        Answer short1 = call(s.socket(), "export", "lustre-OST0000");
        assertThat(short1.status()).isEqualTo(22);
        assertThat(short1.err()).contains("export takes a target and a directory, not 1 words");
        assertThat(node.asked).hasSize(1);
    }

    @Test
    void dumpSendsTheBytesAsDataLinesAndErrorsAsErrLines() throws Exception {
        ControlServer s = start("dump:1");
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        int rc = ControlClient.call(s.socket(), List.of("dump", "lustre-OST0000", "last_rcvd"),
                new PrintWriter(new StringWriter()), new PrintWriter(err), data);
        assertThat(rc).isZero();
        byte[] expected = new byte[node.dumpSize];
        for (int i = 0; i < expected.length; i++) {
            expected[i] = (byte) (i * 7);
        }
        assertThat(data.toByteArray()).isEqualTo(expected);
        assertThat(err.toString()).isEmpty();
        assertThat(node.asked).containsExactly(List.of("dump", "lustre-OST0000", "last_rcvd"));
        String wire = raw(s.socket(), "dump t x\\sy\n".getBytes(StandardCharsets.UTF_8));
        assertThat(wire).startsWith("data ").contains("\ndata ").endsWith("\nexit 0\n");
        assertThat(wire.lines().filter(l -> l.startsWith("data ")).count()).isEqualTo(4);
        assertThat(node.asked.get(1)).containsExactly("dump", "t", "x y");
        data.reset();
        Answer missing = call(s.socket(), "dump", "t", "nosuch");
        assertThat(missing.status()).isEqualTo(2);
        assertThat(missing.err()).isEqualTo("error: osd dump: no object 'nosuch'\n");
        assertThat(raw(s.socket(), "dump onlyone\n".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("err error: control: dump takes a target and an object name, not 1 words: Invalid argument\n"
                        + "exit 22\n");
        // a client that takes no data lines refuses them
        assertThatThrownBy(() -> call(s.socket(), "dump", "t", "x")).isInstanceOf(LustreException.class)
                .hasMessageContaining("unexpected line");
    }

    @Test
    void theDirectoryIsTheOwnersAloneAndTheSocket0600() throws Exception {
        Files.createDirectories(dir.path(), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(
                "rwxr-xr-x")));
        ControlServer s = start("a:1");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.path()))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(s.socket()))).isEqualTo("rw-------");
        assertThat(s.socket()).isEqualTo(dir.path().resolve("a:1.sock"));
        s.close();
        assertThat(s.socket()).doesNotExist();
    }

    @Test
    void badRequestsGetAnErrorLineAndTheServerServesOn() throws Exception {
        ControlServer s = start("bad:1");
        Path p = s.socket();
        assertThat(raw(p, new byte[] {(byte) 0xff, (byte) 0xfe, '\n'}))
                .isEqualTo("err error: control: bad request: a line that is not UTF-8: Invalid argument\nexit 22\n");
        assertThat(raw(p, "garbage here\n".getBytes(StandardCharsets.UTF_8))).isEqualTo(
                "err error: control: unknown request 'garbage' (expected 'lctl COMMAND...', 'dump TARGET NAME', "
                        + "'export TARGET DIR', 'lfs CWD WORD...' or 'info'): Invalid argument\nexit 22\n");
        assertThat(raw(p, "lctl llog_print lustre-client\n".getBytes(StandardCharsets.UTF_8)))
                .startsWith("err error: control: lctl llog_print is not served over the control socket")
                .endsWith(": Operation not supported\nexit 95\n");
        assertThat(raw(p, "lctl --mgsnode 10.0.0.1@tcp dl\n".getBytes(StandardCharsets.UTF_8)))
                .endsWith("exit 95\n");
        assertThat(raw(p, "lctl\n".getBytes(StandardCharsets.UTF_8))).endsWith("exit 22\n");
        assertThat(raw(p, "lctl --device MGS\n".getBytes(StandardCharsets.UTF_8))).endsWith("exit 22\n");
        assertThat(raw(p, "lctl dk out.txt\n".getBytes(StandardCharsets.UTF_8)))
                .contains("dk out.txt: the server writes the file, so it needs an absolute path").endsWith("exit 22\n");
        assertThat(raw(p, "lctl get\\q\n".getBytes(StandardCharsets.UTF_8))).contains("unknown escape '\\q'")
                .endsWith("exit 22\n");
        byte[] huge = new byte[ControlProtocol.MAX_REQUEST + 100];
        Arrays.fill(huge, (byte) 'x');
        assertThat(raw(p, huge)).isEqualTo("err error: control: bad request: a line longer than 4096 bytes: "
                + "Argument list too long\nexit 7\n");
        assertThat(raw(p, "lctl dl".getBytes(StandardCharsets.UTF_8))).as("no newline before the end")
                .contains("the stream ended within a line").endsWith("exit 71\n");
        assertThat(node.asked).isEmpty();
        assertThat(call(p, "lctl", "dl").status()).isEqualTo(3);
    }

    @Test
    void aClientThatSendsNothingIsCutOffAtTheDeadline() throws Exception {
        ControlServer s = ControlServer.start(dir, "slow:1", node, log, Duration.ofMillis(200));
        servers.add(s);
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(s.socket()));
            assertThat(readAll(ch)).isEqualTo("err error: control: bad request: timed out waiting for a line: "
                    + "Connection timed out\nexit 110\n");
        }
    }

    @Test
    void connectionsOverTheBoundAreBusyAndTheServerRecovers() throws Exception {
        ControlServer s = start("busy:1");
        List<SocketChannel> silent = new ArrayList<>();
        try {
            for (int i = 0; i < ControlServer.MAX_CONNECTIONS; i++) {
                SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
                ch.connect(UnixDomainSocketAddress.of(s.socket()));
                silent.add(ch);
            }
            // the acceptor takes the connections in order: once the bound is reached, the next is refused
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            String busy;
            do {
                busy = raw(s.socket(), "lctl dl\n".getBytes(StandardCharsets.UTF_8));
            } while (!busy.endsWith("exit 16\n") && System.nanoTime() < deadline);
            assertThat(busy).isEqualTo("err error: control: " + ControlServer.MAX_CONNECTIONS + " control connections "
                    + "are busy; try again: Device or resource busy\nexit 16\n");
        } finally {
            for (SocketChannel ch : silent) {
                ch.close();
            }
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            String again = raw(s.socket(), "lctl dl\n".getBytes(StandardCharsets.UTF_8));
            if (again.endsWith("exit 3\n") || System.nanoTime() > deadline) {
                assertThat(again).endsWith("exit 3\n");
                break;
            }
            Thread.sleep(20);
        }
    }

    @Test
    void aClientThatLeavesMidAnswerDoesNotStopTheServer() throws Exception {
        ControlServer s = start("leaver:1");
        node.lines = 200_000;
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(s.socket()));
            ch.write(ByteBuffer.wrap("lctl dk\n".getBytes(StandardCharsets.UTF_8)));
            ch.read(ByteBuffer.allocate(100));
        }
        node.lines = 1;
        assertThat(call(s.socket(), "lctl", "dl").out()).isEqualTo("line 0\npartial\n");
    }

    @Test
    void aStaleSocketIsReplacedAndALiveOneIsEaddrinuse() throws Exception {
        dir.prepare();
        Path stale = dir.socketOf("x:1");
        // a server that died: its socket file stays, nothing listens
        try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            dead.bind(UnixDomainSocketAddress.of(stale));
        }
        assertThat(stale).exists();
        assertThat(ControlDirectory.answers(stale)).isFalse();
        ControlServer s = start("x:1");
        assertThat(call(s.socket(), "info").status()).isZero();
        assertThatThrownBy(() -> start("x:1")).isInstanceOf(LustreException.class)
                .satisfies(e -> assertThat(((LustreException) e).errno()).isEqualTo(Errno.EADDRINUSE))
                .hasMessageContaining("x:1");
        assertThat(call(s.socket(), "info").status()).as("the first one serves on").isZero();
    }

    @Test
    void listingAndChoosingServersRemovesStaleSockets() throws Exception {
        ControlServer a = start("10.0.0.1@tcp:988");
        ControlServer b = start("10.0.0.2@tcp:988");
        ControlServer c = start("10.0.0.2@tcp:989");
        Path stale = dir.socketOf("10.0.0.3@tcp:988");
        try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            dead.bind(UnixDomainSocketAddress.of(stale));
        }
        Files.writeString(dir.path().resolve("notes.txt"), "not a socket");
        assertThat(dir.servers()).extracting(ControlDirectory.Server::name).containsExactly("10.0.0.1@tcp:988",
                "10.0.0.2@tcp:988", "10.0.0.2@tcp:989");
        assertThat(stale).doesNotExist();
        assertThat(dir.path().resolve("notes.txt")).exists();

        assertThat(dir.resolve("10.0.0.1@tcp")).isEqualTo(a.socket());
        assertThat(dir.resolve("10.0.0.2@tcp:989")).isEqualTo(c.socket());
        assertThat(dir.resolve(b.socket().toString())).isEqualTo(b.socket());
        assertThatThrownBy(() -> dir.resolve("10.0.0.2@tcp")).isInstanceOf(LustreException.class)
                .satisfies(e -> assertThat(((LustreException) e).errno()).isEqualTo(Errno.EINVAL))
                .hasMessageContaining("10.0.0.2@tcp:988, 10.0.0.2@tcp:989");
        assertThatThrownBy(() -> dir.resolve("10.0.0.9@tcp")).isInstanceOf(LustreException.class)
                .satisfies(e -> assertThat(((LustreException) e).errno()).isEqualTo(Errno.ENOENT));
        assertThatThrownBy(() -> dir.resolve(dir.path().resolve("notes.txt").toString()))
                .isInstanceOf(LustreException.class)
                .satisfies(e -> assertThat(((LustreException) e).errno()).isEqualTo(Errno.ENOTSOCK));
        assertThat(dir.path().resolve("notes.txt")).as("never removed: not a socket").exists();

        c.close();
        assertThat(dir.servers()).extracting(ControlDirectory.Server::name).containsExactly("10.0.0.1@tcp:988",
                "10.0.0.2@tcp:988");
        assertThatThrownBy(() -> ControlClient.call(c.socket(), List.of("info"), new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter()))).isInstanceOf(LustreException.class)
                .satisfies(e -> assertThat(((LustreException) e).errno()).isEqualTo(Errno.ECONNREFUSED));
    }

    @Test
    void aSocketPathLongerThanAUnixSocketsIsNamedTooLong() {
        ControlDirectory deep = ControlDirectory.at(tmp.resolve("d".repeat(120)));
        assertThatThrownBy(() -> deep.socketOf("127.0.0.1@tcp:988")).isInstanceOf(LustreException.class)
                .satisfies(e -> assertThat(((LustreException) e).errno()).isEqualTo(Errno.ENAMETOOLONG))
                .hasMessageContaining(ControlDirectory.ENV_DIR);
        assertThatThrownBy(() -> dir.socketOf("../x")).isInstanceOf(LustreException.class)
                .satisfies(e -> assertThat(((LustreException) e).errno()).isEqualTo(Errno.EINVAL));
    }

    @Test
    void theEnvironmentChoosesTheDirectory() {
        assertThat(ControlDirectory.fromEnvironment(Map.of(ControlDirectory.ENV_DIR, "/x/y",
                "XDG_RUNTIME_DIR", "/run/user/7")).path()).isEqualTo(Path.of("/x/y"));
        assertThat(ControlDirectory.fromEnvironment(Map.of("XDG_RUNTIME_DIR", "/run/user/7")).path())
                .isEqualTo(Path.of("/run/user/7/jlustre"));
        assertThat(ControlDirectory.fromEnvironment(Map.of()).path().getFileName().toString())
                .isEqualTo("jlustre-" + System.getProperty("user.name"));
        assertThat(ControlSettings.fromEnvironment(Map.of(ControlSettings.ENV_SERVER, "n:1")).server())
                .isEqualTo("n:1");
        assertThat(ControlSettings.defaults().server()).isNull();
    }
}
