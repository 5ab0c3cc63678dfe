package org.jlustre.osd;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.jlustre.common.Fid;
import org.jlustre.common.FileMode;
import org.junit.jupiter.api.Test;

/** DirEntry: names are bytes, copied in and out; the String forms keep every byte. */
class DirEntryTest {

    private static final Fid FID = new Fid(0x200000401L, 7, 0);

    @Test
    void theNameIsCopiedInAndOut() {
        byte[] name = {'a', (byte) 0xff};
        DirEntry e = new DirEntry(name, FID, FileMode.S_IFREG);
        name[0] = 'z';
        assertThat(e.nameBytes()).containsExactly('a', 0xff);
        e.nameBytes()[0] = 'q';
        assertThat(e.nameBytes()).containsExactly('a', 0xff);
        assertThat(e.nameLength()).isEqualTo(2);
        assertThat(e.nameEquals(new byte[] {'a', (byte) 0xff})).isTrue();
    }

    @Test
    void equalityIsByBytes() {
        DirEntry a = new DirEntry(new byte[] {'n', (byte) 0x80}, FID, FileMode.S_IFREG);
        DirEntry b = new DirEntry(new byte[] {'n', (byte) 0x80}, FID, FileMode.S_IFREG);
        DirEntry c = new DirEntry(new byte[] {'n', (byte) 0x81}, FID, FileMode.S_IFREG);
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b).isNotEqualTo(c);
        assertThat(a).isNotEqualTo(new DirEntry(new byte[] {'n', (byte) 0x80}, FID, FileMode.S_IFDIR));
        assertThat(new DirEntry("é", FID, 0)).isEqualTo(new DirEntry(new byte[] {(byte) 0xc3, (byte) 0xa9}, FID, 0));
    }

    /** name() keeps undecodable bytes, so encode(name()) is the bytes again; two such names stay apart. */
    @Test
    void nameRoundTripsEveryByte() {
        for (int b = 1; b < 256; b++) {
            byte[] raw = {'x', (byte) b, (byte) 0xc3};
            DirEntry e = new DirEntry(raw, FID, 0);
            assertThat(DirEntry.encode(e.name())).as("byte 0x%02x", b).containsExactly(raw);
        }
        assertThat(new DirEntry(new byte[] {(byte) 0x80}, FID, 0).name())
                .isNotEqualTo(new DirEntry(new byte[] {(byte) 0x81}, FID, 0).name());
        assertThat(DirEntry.encode(null)).isEmpty();
    }

    @Test
    void displayEscapesAndCuts() {
        assertThat(DirEntry.display(new byte[] {'a', (byte) 0xff, '\n'})).isEqualTo("a\\xff\\x0a");
        byte[] longName = new byte[255];
        Arrays.fill(longName, (byte) 'L');
        assertThat(DirEntry.display(longName)).startsWith("LLLL").endsWith("...(255 bytes)").hasSize(64 + 14);
        assertThat(new DirEntry(new byte[] {'f', (byte) 0x80}, FID, FileMode.S_IFREG).toString())
                .isEqualTo("DirEntry[name=f\\x80, fid=" + FID + ", type=0100000]");
    }
}
