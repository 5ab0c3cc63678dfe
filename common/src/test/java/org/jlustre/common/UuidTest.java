package org.jlustre.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link Uuid}: the 40-byte NUL-terminated obd_uuid. */
class UuidTest {

    @Test
    void thirtyNineBytesFit() {
        String text = "x".repeat(39);
        assertThat(new Uuid(text).value()).isEqualTo(text);
        assertThat(Uuid.MAX_LENGTH).isEqualTo(39);
        assertThat(Uuid.FIELD_SIZE).isEqualTo(40);
    }

    @Test
    void fortyBytesAreRejectedNamingLength() {
        assertThatThrownBy(() -> new Uuid("x".repeat(40))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("40 bytes, max 39");
    }

    @Test
    void lengthCountsUtf8BytesNotCharacters() {
        String twentyEAcute = "\u00e9".repeat(20); // 20 characters, 40 bytes
        assertThatThrownBy(() -> new Uuid(twentyEAcute)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("40 bytes");
        assertThat(new Uuid("\u00e9".repeat(19) + "x").value()).hasSize(20);
    }

    @Test
    void nulIsRejected() {
        assertThatThrownBy(() -> new Uuid("lustre\0MDT")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lustre\\0MDT").hasMessageContaining("NUL");
    }

    @Test
    void nullIsRejected() {
        assertThatThrownBy(() -> new Uuid(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void parseTurnsBadInputIntoEinval() throws LustreException {
        assertThat(Uuid.parse("lustre-MDT0000_UUID")).hasToString("lustre-MDT0000_UUID");
        assertThatThrownBy(() -> Uuid.parse("y".repeat(40)))
                .isInstanceOfSatisfying(LustreException.class, e -> {
                    assertThat(e.errno()).isEqualTo(Errno.EINVAL);
                    assertThat(e.getMessage()).contains("y".repeat(40));
                });
    }

    @Test
    void randomFormIsClassUuidUnparse() {
        long seed = System.nanoTime();
        System.out.println("UuidTest.randomFormIsClassUuidUnparse seed=" + seed);
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < 200; i++) {
            assertThat(Uuid.random(random).value()).as("seed %d", seed)
                    .matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        }
    }

    @Test
    void randomIsReproducibleFromTheSeed() {
        assertThat(Uuid.random(new SplittableRandom(42))).isEqualTo(Uuid.random(new SplittableRandom(42)));
        assertThat(Uuid.random(new SplittableRandom(42))).isNotEqualTo(Uuid.random(new SplittableRandom(43)));
    }

    @Test
    void fieldIsTextThenNuls() {
        byte[] field = new Uuid("lustre-OST0001_UUID").toField();
        assertThat(field).hasSize(40);
        byte[] expected = new byte[40];
        byte[] text = "lustre-OST0001_UUID".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(text, 0, expected, 0, text.length);
        assertThat(field).isEqualTo(expected);
    }

    @Test
    void fieldRoundTrips() {
        for (String s : new String[] {"", "a", "lustre-MDT0000_UUID", "z".repeat(39)}) {
            assertThat(Uuid.fromField(new Uuid(s).toField())).isEqualTo(new Uuid(s));
        }
    }

    @Test
    void fromFieldStopsAtFirstNulAndAtThirtyNineBytes() {
        byte[] field = new byte[40];
        Arrays.fill(field, (byte) 'q');
        field[5] = 0;
        assertThat(Uuid.fromField(field).value()).isEqualTo("qqqqq");
        Arrays.fill(field, (byte) 'q');
        assertThat(Uuid.fromField(field).value()).isEqualTo("q".repeat(39));
    }
}
