package org.jlustre.wire.ost;

/**
 * {@code enum obdo_flags}: the bits of {@code obdo.o_flags} (lustre_idl.h, wiretest.c), and the
 * checksum types, which travel two ways: as bits {@code OBD_CKSUM_*} in
 * {@code ocd_cksum_types} at connect, and as a <em>code</em> in {@code o_flags & 0xF000} per BRW
 * ({@link #cksumTypeOfFlags}, {@link #flagsOfCksumType}; obd_cksum.h).
 */
public final class ObdFlags {

    private ObdFlags() {
    }

    /** Inline data (unused). */
    public static final int INLINEDATA = 0x00000001;
    /** Object has an MD (unused). */
    public static final int OBDMDEXISTS = 0x00000002;
    /** OST_CREATE from the MDT: destroy orphans above {@code o_oi}. */
    public static final int DELORPHAN = 0x00000004;
    /** Client-local: no RPC. */
    public static final int NORPC = 0x00000008;
    /** Only adjust the object id. */
    public static final int IDONLY = 0x00000010;
    /** Recreate missing objects. */
    public static final int RECREATE_OBJS = 0x00000020;
    /** Echo client/server debug check. */
    public static final int DEBUG_CHECK = 0x00000040;
    /** Reply: the object's project is over quota. */
    public static final int NO_PRJQUOTA = 0x00000080;
    /** Reply: the object's owner is over quota. */
    public static final int NO_USRQUOTA = 0x00000100;
    /** Reply: the object's group is over quota. */
    public static final int NO_GRPQUOTA = 0x00000200;
    /** Create on write. */
    public static final int CREATE_CROW = 0x00000400;
    /** The server takes the DLM lock for the client. */
    public static final int SRVLOCK = 0x00000800;
    /** Checksum code CRC32. */
    public static final int CKSUM_CRC32 = 0x00001000;
    /** Checksum code Adler-32 (also what no code means). */
    public static final int CKSUM_ADLER = 0x00002000;
    /** Checksum code CRC32C. */
    public static final int CKSUM_CRC32C = 0x00004000;
    /** Checksum code T10-PI IP, 512-byte sectors. */
    public static final int CKSUM_T10IP512 = 0x00005000;
    /** Checksum code T10-PI IP, 4 KiB sectors. */
    public static final int CKSUM_T10IP4K = 0x00006000;
    /** Checksum code T10-PI CRC, 512-byte sectors. */
    public static final int CKSUM_T10CRC512 = 0x00007000;
    /** Checksum code T10-PI CRC, 4 KiB sectors. */
    public static final int CKSUM_T10CRC4K = 0x00008000;
    /** Reserved for future checksum types. */
    public static final int CKSUM_RSVD3 = 0x00010000;
    /** Shrink the grant. */
    public static final int SHRINK_GRANT = 0x00020000;
    /** Object is mmapped on the client (obsolete). */
    public static final int MMAP = 0x00040000;
    /** Recoverable resend. */
    public static final int RECOV_RESEND = 0x00080000;
    /** Reply: no more block space on the OST. */
    public static final int NOSPC_BLK = 0x00100000;
    /** GETATTR: flush pages on the OST. */
    public static final int FLUSH = 0x00200000;
    /** Short I/O: data inline in the request or reply. */
    public static final int SHORT_IO = 0x00400000;
    /** Root squash. */
    public static final int ROOT_SQUASH = 0x00800000;
    /** {@code OBD_FL_CKSUM_ALL}: the checksum code field. */
    public static final int CKSUM_ALL = CKSUM_CRC32 | CKSUM_ADLER | CKSUM_CRC32C | CKSUM_T10IP512 | CKSUM_T10IP4K
            | CKSUM_T10CRC512 | CKSUM_T10CRC4K;
    /** {@code OBD_FL_NO_QUOTA_ALL}. */
    public static final int NO_QUOTA_ALL = NO_USRQUOTA | NO_GRPQUOTA | NO_PRJQUOTA;

    /** {@code OBD_CKSUM_CRC32} (bit in {@code ocd_cksum_types}). */
    public static final int OBD_CKSUM_CRC32 = 0x00000001;
    /** {@code OBD_CKSUM_ADLER}. */
    public static final int OBD_CKSUM_ADLER = 0x00000002;
    /** {@code OBD_CKSUM_CRC32C}. */
    public static final int OBD_CKSUM_CRC32C = 0x00000004;
    /** {@code OBD_CKSUM_RESERVED}. */
    public static final int OBD_CKSUM_RESERVED = 0x00000008;
    /** {@code OBD_CKSUM_T10IP512}. */
    public static final int OBD_CKSUM_T10IP512 = 0x00000010;
    /** {@code OBD_CKSUM_T10IP4K}. */
    public static final int OBD_CKSUM_T10IP4K = 0x00000020;
    /** {@code OBD_CKSUM_T10CRC512}. */
    public static final int OBD_CKSUM_T10CRC512 = 0x00000040;
    /** {@code OBD_CKSUM_T10CRC4K}. */
    public static final int OBD_CKSUM_T10CRC4K = 0x00000080;
    /** {@code OBD_CKSUM_T10_ALL}. */
    public static final int OBD_CKSUM_T10_ALL = OBD_CKSUM_T10IP512 | OBD_CKSUM_T10IP4K | OBD_CKSUM_T10CRC512
            | OBD_CKSUM_T10CRC4K;
    /** {@code OBD_CKSUM_ALL}. */
    public static final int OBD_CKSUM_ALL = OBD_CKSUM_CRC32 | OBD_CKSUM_ADLER | OBD_CKSUM_CRC32C | OBD_CKSUM_T10_ALL;

    /**
     * The checksum type (one OBD_CKSUM_* bit) an {@code o_flags} names
     * ({@code obd_cksum_type_unpack}): Adler-32 when the code is absent or unknown.
     */
    public static int cksumTypeOfFlags(int oFlags) {
        return switch (oFlags & CKSUM_ALL) {
            case CKSUM_CRC32C -> OBD_CKSUM_CRC32C;
            case CKSUM_CRC32 -> OBD_CKSUM_CRC32;
            case CKSUM_T10IP512 -> OBD_CKSUM_T10IP512;
            case CKSUM_T10IP4K -> OBD_CKSUM_T10IP4K;
            case CKSUM_T10CRC512 -> OBD_CKSUM_T10CRC512;
            case CKSUM_T10CRC4K -> OBD_CKSUM_T10CRC4K;
            default -> OBD_CKSUM_ADLER;
        };
    }

    /**
     * The {@code o_flags} code of one checksum type ({@code obd_cksum_type_pack} for a single
     * type).
     *
     * @throws IllegalArgumentException for anything but exactly one known OBD_CKSUM_* bit
     */
    public static int flagsOfCksumType(int cksumType) {
        return switch (cksumType) {
            case OBD_CKSUM_CRC32 -> CKSUM_CRC32;
            case OBD_CKSUM_ADLER -> CKSUM_ADLER;
            case OBD_CKSUM_CRC32C -> CKSUM_CRC32C;
            case OBD_CKSUM_T10IP512 -> CKSUM_T10IP512;
            case OBD_CKSUM_T10IP4K -> CKSUM_T10IP4K;
            case OBD_CKSUM_T10CRC512 -> CKSUM_T10CRC512;
            case OBD_CKSUM_T10CRC4K -> CKSUM_T10CRC4K;
            default -> throw new IllegalArgumentException("checksum type 0x" + Integer.toHexString(cksumType)
                    + " is not exactly one OBD_CKSUM_* type");
        };
    }

    /** The name Lustre prints for one checksum type ({@code cksum_name}, obd_cksum.h), or null. */
    public static String cksumName(int cksumType) {
        return switch (cksumType) {
            case OBD_CKSUM_CRC32 -> "crc32";
            case OBD_CKSUM_ADLER -> "adler";
            case OBD_CKSUM_CRC32C -> "crc32c";
            case OBD_CKSUM_RESERVED -> "reserved";
            case OBD_CKSUM_T10IP512 -> "t10ip512";
            case OBD_CKSUM_T10IP4K -> "t10ip4K";
            case OBD_CKSUM_T10CRC512 -> "t10crc512";
            case OBD_CKSUM_T10CRC4K -> "t10crc4K";
            default -> null;
        };
    }
}
