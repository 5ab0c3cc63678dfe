package org.jlustre.fuse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jlustre.fuse.Programs.run;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jlustre.client.LustreClient;
import org.jlustre.client.Striping;
import org.jlustre.common.Errno;
import org.jlustre.common.Fid;
import org.jlustre.common.LustreException;
import org.jlustre.mdc.MdcCred;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ordinary programs on a FUSE mount of a filesystem served in this JVM (MGS, MDT, two OSTs on
 * osd-mem): cp -r and diff -r of a source tree, tar, git, find, du, ln -s, mv, mkfifo, a
 * busy unmount, a second mount of the same filesystem, and dd of 1 GiB with cmp.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProgramsOnMountTest {

    /** This module's own sources: a real tree of directories and files to copy. */
    private static final Path SOURCES = Path.of("src").toAbsolutePath();

    private Path tmp;
    private LocalLustre lustre;
    private LustreClient client;
    private Path mnt;

    @BeforeAll
    void mount(@TempDir Path dir) throws Exception {
        tmp = dir;
        assertThat(FuseMount.available()).as("FUSE (.ci/run installs fuse3)").isTrue();
        lustre = new LocalLustre();
        client = lustre.mountClient();
        mnt = lustre.mountFuse(client, tmp.resolve("mnt"));
    }

    @AfterAll
    void unmount() throws Exception {
        lustre.close();
    }

    private static long countFiles(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).count();
        }
    }

    @Test
    void cpDashRThenDiffDashRFindsNoDifference() throws Exception {
        Path copy = mnt.resolve("cp");
        run(tmp, "cp", "-r", SOURCES.toString(), copy.toString());
        assertThat(run(tmp, "diff", "-r", SOURCES.toString(), copy.toString())).isEmpty();
        assertThat(countFiles(copy)).isEqualTo(countFiles(SOURCES)).isGreaterThan(10);
    }

    @Test
    void tarCreatesAndExtractsOnTheMount() throws Exception {
        Path archive = mnt.resolve("src.tar");
        run(tmp, "tar", "-cf", archive.toString(), "-C", SOURCES.getParent().toString(), "src");
        assertThat(Files.size(archive)).isGreaterThan(10_000);
        Path out = Files.createDirectory(mnt.resolve("untar"));
        run(out, "tar", "-xf", archive.toString());
        assertThat(run(tmp, "diff", "-r", SOURCES.toString(), out.resolve("src").toString())).isEmpty();
    }

    @Test
    void gitInitAddCommitAndFsck() throws Exception {
        Path repo = Files.createDirectory(mnt.resolve("repo"));
        run(repo, "git", "init", "-q");
        run(tmp, "cp", "-r", SOURCES.toString(), repo.resolve("src").toString());
        run(repo, "git", "add", ".");
        run(repo, "git", "-c", "user.name=fuse", "-c", "user.email=fuse@example.org", "commit", "-q", "-m", "sources");
        assertThat(run(repo, "git", "log", "--oneline").lines()).hasSize(1);
        assertThat(run(repo, "git", "ls-files").lines().count()).isEqualTo(countFiles(SOURCES));
        run(repo, "git", "fsck", "--strict");
        assertThat(run(repo, "git", "status", "--porcelain")).isEmpty();
    }

    @Test
    void findAndDuSeeEveryFileAndItsSize() throws Exception {
        Path copy = mnt.resolve("walk");
        run(tmp, "cp", "-r", SOURCES.toString(), copy.toString());
        assertThat(run(tmp, "find", copy.toString(), "-type", "f").lines().count()).isEqualTo(countFiles(SOURCES));
        Map<String, Long> expected = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(SOURCES)) {
            for (Path f : walk.filter(Files::isRegularFile).toList()) {
                expected.put(SOURCES.relativize(f).toString(), Files.size(f));
            }
        }
        Map<String, Long> seen = new TreeMap<>();
        for (String line : run(copy, "du", "-ab", "--", ".").lines().toList()) {
            String[] sizeAndPath = line.split("\t", 2);
            String rel = sizeAndPath[1].startsWith("./") ? sizeAndPath[1].substring(2) : sizeAndPath[1];
            if (expected.containsKey(rel)) {
                seen.put(rel, Long.parseLong(sizeAndPath[0]));
            }
        }
        assertThat(seen).isEqualTo(expected);
    }

    @Test
    void symbolicLinksAndMovesAcrossDirectories() throws Exception {
        Path a = Files.createDirectory(mnt.resolve("a"));
        Path b = Files.createDirectory(mnt.resolve("b"));
        Files.writeString(a.resolve("f"), "moved");
        run(mnt, "ln", "-s", "a/f", "link");
        assertThat(run(mnt, "readlink", "link").trim()).isEqualTo("a/f");
        assertThat(run(mnt, "cat", "link")).isEqualTo("moved");
        run(mnt, "mv", "a/f", "b/g");
        assertThat(Files.exists(a.resolve("f"))).isFalse();
        assertThat(Files.readString(b.resolve("g"))).isEqualTo("moved");
        assertThat(Files.exists(mnt.resolve("link"))).as("a dangling link").isFalse();
        run(mnt, "mv", "b", "a/b");
        assertThat(Files.readString(mnt.resolve("a/b/g"))).isEqualTo("moved");
        run(mnt, "ln", "a/b/g", "hard");
        assertThat(run(mnt, "stat", "-c", "%h", "hard").trim()).isEqualTo("2");
    }

    @Test
    void fifosAreMadeWithMkfifo() throws Exception {
        run(mnt, "mkfifo", "pipe");
        assertThat(run(mnt, "stat", "-c", "%F", "pipe").trim()).isEqualTo("fifo");
    }

    @Test
    void truncateAndAppendAndExclusiveCreate() throws Exception {
        Path f = mnt.resolve("append");
        run(mnt, "sh", "-c", "echo one > append && echo two >> append");
        assertThat(Files.readString(f)).isEqualTo("one\ntwo\n");
        run(mnt, "sh", "-c", "echo three > append");
        assertThat(Files.readString(f)).isEqualTo("three\n");
        run(mnt, "truncate", "-s", "3", "append");
        assertThat(Files.readString(f)).isEqualTo("thr");
        assertThatThrownBy(() -> Files.createFile(f)).isInstanceOf(FileAlreadyExistsException.class);
    }

    @Test
    void aSecondMountSeesTheFirstsFiles() throws Exception {
        LustreClient second = lustre.mountClient();
        Path mnt2 = Files.createDirectory(tmp.resolve("mnt2"));
        try (FuseMount other = FuseMount.mount(second, lustre.source(), mnt2)) {
            Files.writeString(mnt.resolve("shared"), "from the first mount");
            assertThat(Files.readString(mnt2.resolve("shared"))).isEqualTo("from the first mount");
            Files.writeString(mnt2.resolve("shared"), "rewritten by the second");
            assertThat(Files.readString(mnt.resolve("shared"))).isEqualTo("rewritten by the second");
            Files.delete(mnt2.resolve("shared"));
            assertThat(Files.exists(mnt.resolve("shared"))).isFalse();
        }
    }

    @Test
    void unmountingWhileAProgramWorksInsideIsEbusy() throws Exception {
        LustreClient second = lustre.mountClient();
        Path mnt2 = Files.createDirectory(tmp.resolve("busy"));
        FuseMount busy = FuseMount.mount(second, lustre.source(), mnt2);
        Process sleeper = new ProcessBuilder("sleep", "60").directory(mnt2.toFile()).start();
        try {
            assertThatThrownBy(busy::unmount).isInstanceOfSatisfying(LustreException.class,
                    e -> assertThat(e.errno()).isEqualTo(Errno.EBUSY));
            assertThat(busy.unmounted()).isNotDone();
        } finally {
            sleeper.destroy();
            sleeper.waitFor(10, TimeUnit.SECONDS);
        }
        busy.unmount();
        assertThat(busy.unmounted()).isDone();
    }

    @Test
    void permissionsAreTheServers() throws Exception {
        Path closed = Files.createDirectory(mnt.resolve("closed"));
        run(mnt, "chmod", "700", "closed");
        Process p = new ProcessBuilder("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "touch",
                closed.resolve("f").toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isNotZero();
        assertThat(out).contains("Permission denied");
        run(mnt, "chmod", "777", "closed");
        run(mnt, "setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "touch", closed.resolve("f").toString());
        assertThat(run(mnt, "stat", "-c", "%u:%g", closed.resolve("f").toString()).trim()).isEqualTo("65534:65534");
    }

    @Test
    void ddOfOneGibThenCmp() throws Exception {
        Path source = tmp.resolve("big");
        run(tmp, "dd", "if=/dev/urandom", "of=" + source, "bs=1M", "count=1024", "status=none");
        // one OST's osd-mem holds 1 GiB: stripe the file over both
        Path striped = Files.createDirectory(mnt.resolve("striped"));
        Fid dir = client.lookup(MdcCred.root(), client.root(), "striped".getBytes(StandardCharsets.UTF_8)).join().fid();
        client.setDefaultStriping(MdcCred.root(), dir, Striping.of(2, 1 << 20)).join();
        Path target = striped.resolve("big");
        run(tmp, "dd", "if=" + source, "of=" + target, "bs=1M", "status=none");
        assertThat(Files.size(target)).isEqualTo(1L << 30);
        run(tmp, "cmp", source.toString(), target.toString());
        Files.delete(target);
    }
}
