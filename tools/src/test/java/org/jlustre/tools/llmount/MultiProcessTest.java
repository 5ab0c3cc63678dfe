package org.jlustre.tools.llmount;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.jlustre.client.DirEntry;
import org.jlustre.client.LustreClient;
import org.jlustre.client.MountOptions;
import org.jlustre.client.OpenFile;
import org.jlustre.client.OpenFlags;
import org.jlustre.client.Striping;
import org.jlustre.common.Libcfs;
import org.jlustre.common.LustreException;
import org.jlustre.common.Utf8;
import org.jlustre.lnet.Lnet;
import org.jlustre.mdc.MdcCred;
import org.jlustre.ptlrpc.Ptlrpc;
import org.jlustre.tools.lfs.Mounted;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16's multi-process check: an MGS, an MDT and two OSTs in four {@code jlustre server}
 * processes and a client in a fifth (this JVM), over TCP on loopback, create, write, read and
 * list files; once one OST process is killed (SIGKILL, as a crash), I/O to its stripes fails
 * with an error within a bounded multiple of the mount's timeout instead of hanging, while a
 * file on the other OST still reads and writes.
 */
class MultiProcessTest {

    /** The client's request timeout ({@code obd_timeout}). */
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @TempDir
    Path tmp;

    @Test
    void aClientOfFourServerProcessesLosesOneOstWithoutHanging() throws Exception {
        Libcfs libcfs = Libcfs.create();
        libcfs.debug().setConsole(null);
        StringWriter log = new StringWriter();
        PrintWriter w = new PrintWriter(log, true);
        ProcessServers.Layout layout = ProcessServers.Layout.choose(InetAddress.getByName("127.0.4.2"), 0,
                ProcessServers.nodes(2));
        try (ProcessServers servers = new ProcessServers(libcfs, JavaLauncher.current(), layout, "lustre",
                LlmountCommand.MDT_PARAMS, 2, tmp.resolve("ctl"), Duration.ofSeconds(180), w, w)) {
            assertThat(servers.members()).extracting(Member::target)
                    .containsExactly("MGS", "lustre-MDT0000", "lustre-OST0000", "lustre-OST0001");
            Lnet lnet = servers.clientNode(libcfs);
            Ptlrpc rpc = Ptlrpc.start(lnet);
            try (LustreClient client = LustreClient.mount(rpc, MountOptions.of("lustre", servers.mgsNids())
                    .withTimeout(TIMEOUT))) {
                MdcCred cred = MdcCred.root();
                OpenFile zero = create(client, cred, "on-ost0", 0);
                OpenFile one = create(client, cred, "on-ost1", 1);
                assertThat(zero.layout().objects()).extracting(o -> o.ostIndex()).containsExactly(0);
                assertThat(one.layout().objects()).extracting(o -> o.ostIndex()).containsExactly(1);
                write(zero, "zero");
                write(one, "one");
                assertThat(read(zero, 4)).isEqualTo("zero");
                assertThat(read(one, 3)).isEqualTo("one");
                List<DirEntry> root = Mounted.await(client.readdirAll(cred, client.root()));
                assertThat(root).extracting(e -> Utf8.decode(e.name())).contains("on-ost0", "on-ost1");

                servers.process("ost2").destroyForcibly();
                long t0 = System.nanoTime();
                assertThatThrownBy(() -> write(one, "lost")).isInstanceOf(LustreException.class);
                Duration took = Duration.ofNanos(System.nanoTime() - t0);
                System.out.println("a write to the killed OST failed after " + took.toMillis() + " ms (timeout "
                        + TIMEOUT.toMillis() + " ms)");
                assertThat(took).as("the write fails, it does not hang").isLessThan(TIMEOUT.multipliedBy(12));

                write(zero, "ZERO");
                assertThat(read(zero, 4)).isEqualTo("ZERO");
            } finally {
                rpc.close();
                lnet.close();
            }
        } finally {
            System.out.println(log);
        }
    }

    private static OpenFile create(LustreClient client, MdcCred cred, String name, int ost) throws LustreException {
        return Mounted.await(client.open(cred, client.root(), Utf8.encode(name),
                OpenFlags.O_CREAT | OpenFlags.O_RDWR, 0644, new Striping(1, 0, ost, "")));
    }

    private static void write(OpenFile f, String text) throws LustreException {
        Mounted.await(f.write(0, MemorySegment.ofArray(text.getBytes(StandardCharsets.UTF_8))));
    }

    private static String read(OpenFile f, int n) throws LustreException {
        byte[] b = new byte[n];
        long got = Mounted.await(f.read(0, MemorySegment.ofArray(b)));
        return new String(b, 0, (int) got, StandardCharsets.UTF_8);
    }
}
