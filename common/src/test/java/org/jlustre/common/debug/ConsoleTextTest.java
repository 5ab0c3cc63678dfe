package org.jlustre.common.debug;

import static org.assertj.core.api.Assertions.assertThat;

import org.jlustre.common.Utf8;
import org.junit.jupiter.api.Test;

/** {@link ConsoleText}: what reaches the console of a message carrying a peer's bytes. */
class ConsoleTextTest {

    @Test
    void printableTextIsTheSameString() {
        String s = "lustre-MDT0000: registered (index 0) \\ caf\u00e9 \u4e2d \ud83d\ude00 \ufffd";
        assertThat(ConsoleText.escape(s)).isSameAs(s);
    }

    @Test
    void controlCharactersBecomeHexEscapes() {
        assertThat(ConsoleText.escape("a\nb\rc\td\u0000e\u001b[31mf\u007fg")).isEqualTo(
                "a\\x0ab\\x0dc\\x09d\\x00e\\x1b[31mf\\x7fg");
    }

    @Test
    void c1ControlsFormatCharactersAndSeparatorsShowTheirUtf8Bytes() {
        // U+009B is CSI to a terminal, U+202E reverses the text after it, U+2028 breaks a line
        assertThat(ConsoleText.escape("\u009b2J\u202eabc\u2028x\ue000")).isEqualTo(
                "\\xc2\\x9b2J\\xe2\\x80\\xaeabc\\xe2\\x80\\xa8x\\xee\\x80\\x80");
    }

    @Test
    void aByteThatWasNotUtf8ShowsAsThatByte() {
        String fromWire = Utf8.decode(new byte[] {'o', 's', 't', (byte) 0xff, (byte) 0xc3, '!'});
        assertThat(ConsoleText.escape(fromWire)).isEqualTo("ost\\xff\\xc3!");
    }

    @Test
    void aLoneSurrogateNotFromTheWireShowsItsThreeBytes() {
        assertThat(ConsoleText.escape("x\ud800")).isEqualTo("x\\xed\\xa0\\x80");
    }
}
