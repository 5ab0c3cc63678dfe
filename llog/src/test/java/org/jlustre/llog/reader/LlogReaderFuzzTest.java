package org.jlustre.llog.reader;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.jlustre.wire.Le;
import org.junit.jupiter.api.Test;

/**
 * Random damage to the real llogs never makes the reader throw: every run ends with an exit
 * status llog_reader can have, and the same bytes always give the same output. One seed per
 * run, printed, and reusable with {@code -Djlustre.seed=N}.
 */
class LlogReaderFuzzTest {

    private static final LlogReader UTC = new LlogReader(ZoneOffset.UTC, ObjectPaths.LDISKFS);
    /** 0, -EINVAL, -EIO, SIGFPE, SIGSEGV. */
    private static final Set<Integer> STATUSES = Set.of(0, 256 - 22, 256 - 5, 128 + 8, 128 + 11);
    private static final int ROUNDS = 600;

    @Test
    void randomDamageNeverThrows() throws IOException {
        long seed = Long.getLong("jlustre.seed", System.nanoTime());
        System.out.println("LlogReaderFuzzTest seed " + seed + " (rerun with -Djlustre.seed=" + seed + ")");
        Random random = new Random(seed);
        List<Path> files = RealLlogFiles.withExpectedOutput();
        for (int round = 0; round < ROUNDS; round++) {
            Path file = files.get(random.nextInt(files.size()));
            byte[] b = mutate(Files.readAllBytes(file), random);
            String what = "seed " + seed + " round " + round + " " + RealLlogFiles.name(file);
            LlogReaderResult r;
            try {
                r = UTC.read(b);
            } catch (RuntimeException | Error e) {
                throw new AssertionError(what + " threw", e);
            }
            assertThat(STATUSES).as(what).contains(r.exitStatus());
            assertThat(r.crashed()).as(what).isEqualTo(r.exitStatus() > 128 + 7 && r.signal() != 0);
            if (!r.crashed() && r.stdout().length > 0) {
                assertThat(r.stdout()[r.stdout().length - 1]).as(what + ": stdout ends a line").isEqualTo((byte) '\n');
            }
            LlogReaderResult again = UTC.read(b);
            assertThat(again.stdout()).as(what + ": same stdout").isEqualTo(r.stdout());
            assertThat(again.stderr()).as(what + ": same stderr").isEqualTo(r.stderr());
        }
    }

    /** One to four kinds of damage: random bytes, random words at header or record fields, truncation. */
    private static byte[] mutate(byte[] file, Random random) {
        byte[] b = file;
        int kinds = 1 + random.nextInt(4);
        for (int k = 0; k < kinds; k++) {
            MemorySegment s = MemorySegment.ofArray(b);
            switch (random.nextInt(6)) {
                case 0 -> {
                    for (int i = random.nextInt(8) + 1; i > 0; i--) {
                        b[random.nextInt(b.length)] = (byte) random.nextInt();
                    }
                }
                case 1 -> s.set(Le.U32, 4L * random.nextInt(12), interesting(random));
                case 2 -> {
                    long at = 8192 + 8L * random.nextInt((b.length - 8192) / 8);
                    s.set(Le.U32, Math.min(at + 4L * random.nextInt(8), b.length - 4), interesting(random));
                }
                case 3 -> b = Arrays.copyOf(b, random.nextInt(b.length + 64));
                case 4 -> b[88 + random.nextInt(64)] ^= (byte) (1 << random.nextInt(8));
                default -> Arrays.fill(b, random.nextInt(b.length), b.length, (byte) (random.nextBoolean() ? 0 : 0xff));
            }
            if (b.length < 8192 + 64) {
                return b; // truncated into or near the header: no more damage to place
            }
        }
        return b;
    }

    private static int interesting(Random random) {
        int[] values = {0, 1, 7, 8, 24, 64, 88, 4096, 8192, -1, Integer.MAX_VALUE, Integer.MIN_VALUE, 0x10620000};
        return random.nextBoolean() ? values[random.nextInt(values.length)] : random.nextInt();
    }
}
