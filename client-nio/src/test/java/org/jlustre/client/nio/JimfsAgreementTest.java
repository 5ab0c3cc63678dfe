package org.jlustre.client.nio;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import java.io.IOException;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jlustre.client.LustreClient;
import org.jlustre.cluster.LocalCluster;
import org.jlustre.common.LustreException;
import org.jlustre.testing.Nodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The provider's "done when": every {@link FilesScenarios} scenario runs through
 * {@link Files} on a Lustre filesystem (MGS, MDT and two OSTs in this JVM, mounted by a client
 * and opened through {@code FileSystems.newFileSystem}) and on Jimfs configured as a Unix
 * filesystem with POSIX attributes, and the two transcripts must be equal, step for step.
 */
class JimfsAgreementTest {

    private static LocalCluster cluster;
    private static LustreClient client;
    private static FileSystem lustre;
    private static FileSystem jimfs;

    @BeforeAll
    static void start() throws LustreException, IOException {
        cluster = LocalCluster.start(Nodes.Driver.MEM);
        client = cluster.mount();
        lustre = FileSystems.newFileSystem(URI.create("lustre://" + cluster.mgsNids().getFirst() + "/lustre"),
                Map.of(LustreFileSystemProvider.ENV_CLIENT, client));
        jimfs = Jimfs.newFileSystem(Configuration.unix().toBuilder().setWorkingDirectory("/")
                .setAttributeViews("basic", "owner", "posix", "user").build());
    }

    @AfterAll
    static void stop() throws IOException {
        if (lustre != null) {
            lustre.close();
        }
        if (jimfs != null) {
            jimfs.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @TestFactory
    Stream<DynamicTest> everyScenarioAgreesWithJimfs() {
        return FilesScenarios.ALL.entrySet().stream().sorted(Map.Entry.comparingByKey()).map(e -> DynamicTest.dynamicTest(
                e.getKey(), () -> {
                    String dirName = e.getKey().replace(' ', '-').replace(",", "");
                    List<String> expected = run(jimfs, dirName, e.getValue());
                    List<String> actual = run(lustre, dirName, e.getValue());
                    assertThat(actual).as("transcript on Lustre against Jimfs's").containsExactlyElementsOf(expected);
                    assertThat(actual).as("a scenario that fails at every step proves nothing")
                            .anyMatch(line -> line.contains(" = "));
                }));
    }

    private static List<String> run(FileSystem fs, String dirName, FilesScenarios.Scenario scenario) throws IOException {
        Path dir = Files.createDirectory(fs.getPath("/" + dirName));
        Transcript t = new Transcript(dir);
        scenario.run(dir, t);
        return t.lines();
    }
}
