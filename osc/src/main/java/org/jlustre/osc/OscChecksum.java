package org.jlustre.osc;

import org.jlustre.wire.ost.ObdFlags;

/**
 * Which checksum the OSC uses for its BRWs (the computation is
 * {@link org.jlustre.wire.ost.BulkChecksum}, shared with the OST).
 */
final class OscChecksum {

    private OscChecksum() {
    }

    /** The checksum types this OSC offers at connect: Adler-32 and CRC-32C. */
    static final int SUPPORTED = ObdFlags.OBD_CKSUM_ADLER | ObdFlags.OBD_CKSUM_CRC32C;

    /**
     * The type to use given what the OST granted ({@code obd_cksum_type_select}): CRC-32C, the
     * fastest here as on x86 kernels, when granted; else Adler-32, which every OST has (and
     * what "no checksum flag" means).
     */
    static int select(int granted) {
        if ((granted & ObdFlags.OBD_CKSUM_CRC32C) != 0) {
            return ObdFlags.OBD_CKSUM_CRC32C;
        }
        return ObdFlags.OBD_CKSUM_ADLER;
    }
}
