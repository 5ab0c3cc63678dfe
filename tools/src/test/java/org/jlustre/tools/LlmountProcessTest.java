package org.jlustre.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jlustre llmount --processes --serve} as a process of its own: four server processes
 * over TCP on loopback, each found through its control socket, with the llmount's own socket
 * beside them; {@code jlustre lfs} with paths under its mount point runs on its client through
 * that socket; {@code jlustre llmountcleanup} stops it all (the llmount and every server
 * process end, and every socket goes).
 */
class LlmountProcessTest {

    private static final Pattern PID = Pattern.compile("  pid (\\d+)  ");

    @TempDir
    Path tmp;

    private Process llmount;

    @AfterEach
    void stop() throws Exception {
        if (llmount != null && llmount.isAlive()) {
            llmount.destroy();
            llmount.waitFor(60, TimeUnit.SECONDS);
            llmount.destroyForcibly();
        }
    }

    @Test
    void llmountcleanupStopsAnLlmountAndItsServerProcesses() throws Exception {
        Path ctl = tmp.resolve("ctl");
        Path out = tmp.resolve("llmount.out");
        Path mnt = tmp.resolve("mnt");
        llmount = JlustreProcess.builder(Map.of(), "llmount", "--processes", "--serve", "--address", "127.0.3.2",
                "--no-fuse", "--mount", mnt.toString(), "--control-dir", ctl.toString()).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(400).toNanos();
        while (!(Files.exists(out) && Files.readString(out).contains("serving; interrupt or ./jlustre llmountcleanup"))
                && llmount.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        String text = Files.readString(out);
        assertThat(text).as("llmount's output").contains("serving; interrupt or ./jlustre llmountcleanup")
                .contains("mgs: MGS started on 127.0.3.2@tcp").contains("mds1: lustre-MDT0000 started on 127.0.3.3@tcp")
                .contains("ost1: lustre-OST0000 started on 127.0.3.4@tcp")
                .contains("ost2: lustre-OST0001 started on 127.0.3.5@tcp")
                .contains(" UP osp lustre-OST0001-osc-MDT0000 lustre-MDT0000-mdtlov_UUID ")
                .containsPattern("- \\{ index: \\d+, event: new_profile, name: lustre-client, lov: lustre-clilov, "
                        + "lmv: lustre-clilmv }")
                .doesNotContain("error:")
                .contains("\nlustre-OST0001: timeout=40\n")
                .contains("\nmds1   lustre-MDT0000   on 127.0.3.3@tcp\n");

        InProcess servers = InProcess.run("lctl", "--control-dir", ctl.toString(), "servers");
        assertThat(servers.status()).as(servers.err()).isZero();
        List<String> lines = servers.out().lines().toList();
        assertThat(lines).hasSize(5);
        assertThat(lines.getFirst()).startsWith("127.0.3.2@tcp:");
        assertThat(lines.getLast()).startsWith("llmount-lustre  pid " + llmount.pid()
                + "  targets MGS,lustre-MDT0000,lustre-OST0000,lustre-OST0001  ");
        List<ProcessHandle> children = lines.subList(0, 4).stream().map(l -> {
            Matcher m = PID.matcher(l);
            assertThat(m.find()).as(l).isTrue();
            return ProcessHandle.of(Long.parseLong(m.group(1))).orElseThrow();
        }).toList();
        assertThat(children).allMatch(c -> c.parent().map(p -> p.pid() == llmount.pid()).orElse(false));

        InProcess dl = InProcess.run("lctl", "--control-dir", ctl.toString(), "--server", "llmount-lustre", "dl");
        assertThat(dl.out()).as(dl.err()).contains(" UP mgs MGS MGS ");

        // lfs by path: the llmount whose mount point holds the path runs it on its client
        String dir = ctl.toString();
        InProcess set = InProcess.run("lfs", "--control-dir", dir, "setstripe", "-c", "2", mnt + "/f");
        assertThat(set.status()).as(set.err()).isZero();
        InProcess get = InProcess.run("lfs", "--control-dir", dir, "getstripe", mnt + "/f");
        assertThat(get.out()).as(get.err()).startsWith(mnt + "/f\nlmm_stripe_count:  2\nlmm_stripe_size:   1048576\n");
        InProcess fid = InProcess.run("lfs", "--control-dir", dir, "path2fid", mnt + "/f");
        assertThat(fid.out()).matches("\\[0x2[0-9a-f]+:0x[0-9a-f]+:0x0\\]\n");
        InProcess path = InProcess.run("lfs", "--control-dir", dir, "fid2path", mnt.toString(), fid.out().strip());
        assertThat(path.out()).as(path.err()).isEqualTo(mnt + "/f\n");
        InProcess df = InProcess.run("lfs", "--control-dir", dir, "df");
        assertThat(df.out()).as(df.err()).containsPattern("lustre-OST0001_UUID .* " + Pattern.quote(mnt + "[OST:1]"));
        // a path under no client's mount point: the only client says it is not on its filesystem
        InProcess elsewhere = InProcess.run("lfs", "--control-dir", dir, "getstripe", "/elsewhere/f");
        assertThat(elsewhere.status()).isEqualTo(22);
        assertThat(elsewhere.err()).contains("'/elsewhere/f' is not on the filesystem mounted at " + mnt);

        InProcess cleanup = InProcess.run("llmountcleanup", "--control-dir", ctl.toString());
        assertThat(cleanup.status()).as(cleanup.err()).isZero();
        assertThat(cleanup.out()).contains("stopping llmount-lustre (pid " + llmount.pid() + ")")
                .contains("llmount-lustre stopped in ");
        assertThat(llmount.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(children).noneMatch(ProcessHandle::isAlive);
        try (var left = Files.list(ctl)) {
            assertThat(left).as("every control socket is gone").isEmpty();
        }
        assertThat(InProcess.run("llmountcleanup", "--control-dir", ctl.toString()).out())
                .isEqualTo("no llmount is running (control directory " + ctl + ")\n");
    }
}
