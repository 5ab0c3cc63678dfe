package org.jlustre.ost;

import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.zip.Adler32;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;
import java.util.zip.Checksum;
import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;
import org.jlustre.wire.ost.ObdFlags;

/**
 * The checksum the OST computes over a BRW's data, in niobuf order ({@code tgt_checksum_niobuf},
 * tgt_handler.c): Adler-32 seeded 1, CRC-32C, and CRC-32 as the kernel's {@code crc32_le}
 * seeded ~0 without the final inversion (the standard CRC-32 with its bits inverted). The type
 * is the code in {@code o_flags} ({@code obd_cksum_type_unpack}: Adler-32 when none).
 */
final class BulkChecksum {

    private BulkChecksum() {
    }

    /** The checksum of {@code fragments} taken in order, for one OBD_CKSUM_* type. */
    static int compute(int type, List<MemorySegment> fragments) throws LustreException {
        Checksum c = switch (type) {
            case ObdFlags.OBD_CKSUM_ADLER -> new Adler32();
            case ObdFlags.OBD_CKSUM_CRC32C -> new CRC32C();
            case ObdFlags.OBD_CKSUM_CRC32 -> new CRC32();
            default -> throw new LustreException(Errno.EINVAL, "checksum type 0x" + Integer.toHexString(type)
                    + " (" + ObdFlags.cksumName(type) + ") is not computed by this OST");
        };
        for (MemorySegment f : fragments) {
            c.update(f.asByteBuffer());
        }
        int v = (int) c.getValue();
        return type == ObdFlags.OBD_CKSUM_CRC32 ? ~v : v;
    }
}
