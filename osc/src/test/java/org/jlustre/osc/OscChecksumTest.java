package org.jlustre.osc;

import static org.assertj.core.api.Assertions.assertThat;

import org.jlustre.wire.ost.ObdFlags;
import org.junit.jupiter.api.Test;

/** The OSC's choice of a checksum type from what the OST granted ({@code obd_cksum_type_select}). */
class OscChecksumTest {

    @Test
    void selectionPrefersCrc32cAndFallsBackToAdler() {
        assertThat(OscChecksum.SUPPORTED).isEqualTo(ObdFlags.OBD_CKSUM_ADLER | ObdFlags.OBD_CKSUM_CRC32C);
        assertThat(OscChecksum.select(ObdFlags.OBD_CKSUM_ALL)).isEqualTo(ObdFlags.OBD_CKSUM_CRC32C);
        assertThat(OscChecksum.select(ObdFlags.OBD_CKSUM_ADLER | ObdFlags.OBD_CKSUM_CRC32))
                .isEqualTo(ObdFlags.OBD_CKSUM_ADLER);
        assertThat(OscChecksum.select(0)).isEqualTo(ObdFlags.OBD_CKSUM_ADLER);
    }
}
