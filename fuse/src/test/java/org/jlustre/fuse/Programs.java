package org.jlustre.fuse;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Ordinary programs run on a mount by the tests. */
final class Programs {

    private static final long DEADLINE_SECONDS = 300;

    private Programs() {
    }

    /** Runs {@code command} in {@code dir}, asserting it succeeds in time, and returns its output. */
    static String run(Path dir, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(DEADLINE_SECONDS, TimeUnit.SECONDS)).as("%s finished", List.of(command)).isTrue();
        assertThat(p.exitValue()).as("%s: %s", List.of(command), out).isZero();
        return out;
    }
}
