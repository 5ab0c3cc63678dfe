package org.jlustre.osc;

import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.zip.Adler32;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;
import java.util.zip.Checksum;
import org.jlustre.wire.ost.ObdFlags;

/**
 * The checksum of a BRW's data ({@code osc_checksum_bulk}, osc_request.c; the algorithms of
 * libcfs's crypto hashes): computed over the bytes of the page fragments in niobuf order, as if
 * they were one buffer. Adler-32 seeded 1 and CRC-32C are the standard ones; CRC-32 is the
 * kernel's {@code crc32_le} seeded ~0 without the final inversion (libcfs_crypto.h's seed table,
 * crypto/crc32_generic.c), which is the standard CRC-32 with its bits inverted. T10-PI types are
 * never negotiated (the OSC does not offer them).
 */
final class BulkChecksum {

    private BulkChecksum() {
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

    /**
     * The checksum of the first {@code nob} bytes of {@code fragments} taken in order.
     *
     * @param type one OBD_CKSUM_* bit: CRC32, ADLER or CRC32C
     * @throws IllegalArgumentException for a type this OSC does not compute
     */
    static int compute(int type, List<MemorySegment> fragments, long nob) {
        Checksum c = switch (type) {
            case ObdFlags.OBD_CKSUM_ADLER -> new Adler32();
            case ObdFlags.OBD_CKSUM_CRC32C -> new CRC32C();
            case ObdFlags.OBD_CKSUM_CRC32 -> new CRC32();
            default -> throw new IllegalArgumentException("checksum type 0x" + Integer.toHexString(type)
                    + " (" + ObdFlags.cksumName(type) + ") is not computed by the OSC");
        };
        long left = nob;
        for (MemorySegment f : fragments) {
            if (left <= 0) {
                break;
            }
            long n = Math.min(left, f.byteSize());
            c.update(f.asSlice(0, n).asByteBuffer());
            left -= n;
        }
        int v = (int) c.getValue();
        return type == ObdFlags.OBD_CKSUM_CRC32 ? ~v : v;
    }
}
