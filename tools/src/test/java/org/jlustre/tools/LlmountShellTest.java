package org.jlustre.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jlustre.common.Libcfs;
import org.jlustre.tools.control.ControlDirectory;
import org.jlustre.tools.control.ControlSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jlustre llmount} in one JVM with its client mounted in-process (no FUSE), driven by
 * its shell from standard input as a script: files written and read back, a directory listed,
 * lfs setstripe / getstripe with the stripes on both OSTs, path2fid and fid2path back, df and
 * df -i tables, find by type, name, stripe count and OST, a remote-directory mkdir; errors
 * reported without ending the shell; llmount exits at the end of the input.
 */
class LlmountShellTest {

    @TempDir
    Path tmp;

    @Test
    void theShellWorksOnTheClientOfAnLlmount() throws Exception {
        Path local = tmp.resolve("local.bin");
        byte[] data = new byte[5_000];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 31 + i / 7);
        }
        Files.write(local, data);
        Path back = tmp.resolve("back.bin");
        String script = String.join("\n",
                "mkdir /d",
                "write /d/hello hello world",
                "cat /d/hello",
                "cd /d",
                "pwd",
                "lfs setstripe -c 2 -S 64K striped",
                "put " + local + " striped",
                "get striped " + back,
                "ls -l",
                "lfs getstripe striped",
                "lfs path2fid hello",
                "lfs find / --type f --name 'str*'",
                "lfs find / --stripe-count 2",
                "lfs find / --ost 1 --type f",
                "lfs mkdir -i 0 /remote",
                "lfs getstripe -d /remote",
                "cat /nosuch",
                "lfs df",
                "lfs df -i",
                "rm hello",
                "ls /d",
                "");
        Libcfs libcfs = Libcfs.create();
        libcfs.debug().setConsole(null);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        ControlSettings control = new ControlSettings(ControlDirectory.at(tmp.resolve("ctl")), null);
        int rc = Main.commandLine(libcfs, new PrintWriter(out, true), new PrintWriter(err, true), control,
                new ByteArrayInputStream(script.getBytes(StandardCharsets.UTF_8)))
                .execute("llmount", "--no-fuse", "--mount", tmp.resolve("mnt").toString());
        String o = out.toString();
        String shell = o.substring(o.indexOf("meanwhile a shell on the client"));
        assertThat(shell).as(err.toString()).contains("\nhello world\n/d\n");
        assertThat(back).as(shell + "\n--- stderr:\n" + err).hasBinaryContent(data);
        assertThat(shell).containsPattern("-rw-r--r--   1     0     0       5000 striped\n")
                .containsPattern("-rw-r--r--   1     0     0         12 hello\n");
        Matcher layout = Pattern.compile("/d/striped\nlmm_stripe_count:  2\nlmm_stripe_size:   65536\n"
                + "lmm_pattern:       raid0\nlmm_layout_gen:    0\nlmm_stripe_offset: (\\d)\n"
                + "\tobdidx\t\t objid\t\t objid\t\t group\n\t     (\\d)\t +\\d+\t +0x[0-9a-f]+\t +\\S+\n"
                + "\t     (\\d)\t +\\d+\t +0x[0-9a-f]+\t +\\S+\n\n").matcher(shell);
        assertThat(layout.find()).as(shell).isTrue();
        assertThat(layout.group(1)).isEqualTo(layout.group(2));
        assertThat(layout.group(2) + layout.group(3)).isIn("01", "10");
        Matcher fid = Pattern.compile("\n(\\[0x2[0-9a-f]+:0x[0-9a-f]+:0x0\\])\n").matcher(shell);
        assertThat(fid.find()).as(shell).isTrue();
        // find by name, then by stripe count, then on OST 1 (where hello may be too)
        assertThat(shell).containsPattern("\n/d/striped\n/d/striped\n(/d/hello\n)?/d/striped\n");
        assertThat(shell).contains("/remote\nstripe_count:  1 stripe_size:   1048576 pattern:       0 "
                + "stripe_offset: -1\n\n");
        assertThat(err.toString()).contains("cat: /nosuch: ").contains("No such file or directory");
        assertThat(shell).containsPattern("UUID                   1K-blocks        Used   Available Use% Mounted on\n"
                + "lustre-MDT0000_UUID +\\d+ +\\d+ +\\d+ +\\d+% /\\[MDT:0\\] ?\n"
                + "lustre-OST0000_UUID +\\d+ +\\d+ +\\d+ +\\d+% /\\[OST:0\\] ?\n"
                + "lustre-OST0001_UUID +\\d+ +\\d+ +\\d+ +\\d+% /\\[OST:1\\] ?\n\n"
                + "filesystem_summary: +\\d+ +\\d+ +\\d+ +\\d+% /\n\n");
        assertThat(shell).contains("UUID                      Inodes       IUsed       IFree IUse% Mounted on\n");
        assertThat(shell).endsWith("striped\n");
        assertThat(rc).as("the status of the last command").isZero();
    }
}
