package org.jlustre.wire.ost;

import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.zip.Adler32;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;
import java.util.zip.Checksum;
import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;

/**
 * The checksum of a BRW's data, the same on both sides: the OSC's {@code osc_checksum_bulk}
 * (osc_request.c) and the OST's {@code tgt_checksum_niobuf} (tgt_handler.c), over the bytes of
 * the page fragments in niobuf order as if they were one buffer. Adler-32 seeded 1 and CRC-32C
 * are the standard ones; CRC-32 is the kernel's {@code crc32_le} seeded ~0 without the final
 * inversion (libcfs_crypto.h's seed table, crypto/crc32_generic.c), which is the standard CRC-32
 * with its bits inverted. T10-PI types are not computed: jlustre never negotiates them.
 */
public final class BulkChecksum {

    private BulkChecksum() {
    }

    /** The checksum of all of {@code fragments}, taken in order. */
    public static int compute(int type, List<MemorySegment> fragments) throws LustreException {
        return compute(type, fragments, Long.MAX_VALUE);
    }

    /**
     * The checksum of the first {@code nob} bytes of {@code fragments}, taken in order.
     *
     * @param type one OBD_CKSUM_* bit: CRC32, ADLER or CRC32C
     * @throws LustreException {@link Errno#EINVAL} naming any other type
     */
    public static int compute(int type, List<MemorySegment> fragments, long nob) throws LustreException {
        Checksum c = switch (type) {
            case ObdFlags.OBD_CKSUM_ADLER -> new Adler32();
            case ObdFlags.OBD_CKSUM_CRC32C -> new CRC32C();
            case ObdFlags.OBD_CKSUM_CRC32 -> new CRC32();
            default -> throw new LustreException(Errno.EINVAL, "checksum type 0x" + Integer.toHexString(type)
                    + " (" + ObdFlags.cksumName(type) + ") is not computed by jlustre");
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
