package org.jlustre.wire.ost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jlustre.common.LustreException;
import org.junit.jupiter.api.Test;

/**
 * The bulk checksums against the published check values of "123456789": Adler-32 0x091E01DE,
 * CRC-32C 0xE3069283, CRC-32 0xCBF43926 (the kernel's {@code crc32_le} seeded ~0 without the
 * final inversion gives its complement, 0x340BC6D9, which is what Lustre sends).
 */
class BulkChecksumTest {

    private static final byte[] CHECK = "123456789".getBytes(StandardCharsets.US_ASCII);

    private static List<MemorySegment> split(byte[] b, int... cuts) {
        List<MemorySegment> out = new java.util.ArrayList<>();
        int from = 0;
        for (int c : cuts) {
            out.add(MemorySegment.ofArray(java.util.Arrays.copyOfRange(b, from, c)));
            from = c;
        }
        out.add(MemorySegment.ofArray(java.util.Arrays.copyOfRange(b, from, b.length)));
        return out;
    }

    @Test
    void checkValuesOverFragmentsCutAnywhere() throws LustreException {
        for (List<MemorySegment> frags : List.of(split(CHECK), split(CHECK, 1), split(CHECK, 4, 5, 8))) {
            assertThat(BulkChecksum.compute(ObdFlags.OBD_CKSUM_ADLER, frags, 9)).isEqualTo(0x091E01DE);
            assertThat(BulkChecksum.compute(ObdFlags.OBD_CKSUM_CRC32C, frags, 9)).isEqualTo(0xE3069283);
            assertThat(BulkChecksum.compute(ObdFlags.OBD_CKSUM_CRC32, frags, 9)).isEqualTo(0x340BC6D9);
        }
    }

    @Test
    void onlyTheFirstNobBytesCount() throws LustreException {
        byte[] padded = "123456789ZZZZ".getBytes(StandardCharsets.US_ASCII);
        assertThat(BulkChecksum.compute(ObdFlags.OBD_CKSUM_CRC32C, split(padded, 3, 11), 9)).isEqualTo(0xE3069283);
        // nothing at all: Adler-32's seed, CRC-32C's empty value
        assertThat(BulkChecksum.compute(ObdFlags.OBD_CKSUM_ADLER, split(padded), 0)).isEqualTo(1);
        assertThat(BulkChecksum.compute(ObdFlags.OBD_CKSUM_CRC32C, split(padded), 0)).isZero();
    }

    @Test
    void otherTypesAreRefusedByName() {
        assertThatThrownBy(() -> BulkChecksum.compute(ObdFlags.OBD_CKSUM_T10IP4K, split(CHECK), 9))
                .isInstanceOf(LustreException.class).hasMessageContaining("t10ip4K");
    }
}
