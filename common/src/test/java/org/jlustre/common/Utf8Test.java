package org.jlustre.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link Utf8}: valid UTF-8 decodes as Java does, every other byte is kept and written back. */
class Utf8Test {

    private static final long SEED = Long.getLong("jlustre.seed", System.nanoTime());

    @Test
    void validTextDecodesAsJavaDecodesIt() {
        for (String s : new String[] {"", "lustre-OST0001", "caf\u00e9", "\u4e2d\u6587", "\ud83d\ude00 emoji", "\u0000nul"}) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            assertThat(Utf8.decode(b)).isEqualTo(s);
            assertThat(Utf8.encode(s)).isEqualTo(b);
        }
    }

    @Test
    void aByteThatIsNotUtf8IsKeptAsItsEscapeChar() {
        byte[] b = {'a', (byte) 0xff, 'b', (byte) 0xc3, 'c', (byte) 0xe2, (byte) 0x82};
        String s = Utf8.decode(b);
        assertThat(s).isEqualTo("a\udcffb\udcc3c\udce2\udc82");
        assertThat(Utf8.escapedByte(s.charAt(1))).isEqualTo(0xff);
        assertThat(Utf8.escapedByte('a')).isEqualTo(-1);
        assertThat(Utf8.encode(s)).isEqualTo(b);
    }

    @Test
    void overlongFormsEncodedSurrogatesAndTooLargeCodePointsAreNotUtf8() {
        byte[][] bad = {
            {(byte) 0xc0, (byte) 0xaf}, // overlong '/'
            {(byte) 0xe0, (byte) 0x80, (byte) 0xaf}, // overlong
            {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, // U+D800
            {(byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, // above U+10FFFF
            {(byte) 0xf8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80},
        };
        for (byte[] b : bad) {
            String s = Utf8.decode(b);
            assertThat(s.chars()).as("every byte of %s escaped", java.util.Arrays.toString(b))
                    .allMatch(c -> Utf8.escapedByte((char) c.intValue()) >= 0);
            assertThat(Utf8.encode(s)).isEqualTo(b);
        }
    }

    @Test
    void anyBytesRoundTrip() {
        SplittableRandom random = new SplittableRandom(SEED);
        for (int round = 0; round < 2000; round++) {
            byte[] b = new byte[random.nextInt(40)];
            for (int i = 0; i < b.length; i++) {
                b[i] = (byte) random.nextInt(256);
            }
            assertThat(Utf8.encode(Utf8.decode(b))).as("seed %d round %d", SEED, round).isEqualTo(b);
        }
    }

    @Test
    void aLoneSurrogateThatIsNoEscapeIsWrittenAsJavaWritesIt() {
        assertThat(Utf8.encode("a\ud800b")).isEqualTo("a\ud800b".getBytes(StandardCharsets.UTF_8));
    }
}
