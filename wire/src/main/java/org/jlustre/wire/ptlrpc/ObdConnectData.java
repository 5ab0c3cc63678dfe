package org.jlustre.wire.ptlrpc;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.jlustre.wire.Be;
import org.jlustre.wire.Le;

/**
 * {@code struct obd_connect_data} (192 bytes, lustre_idl.h): what a client asks for and a
 * target grants at CONNECT. The client sends the features it knows in
 * {@code ocd_connect_flags}/{@code ocd_connect_flags2}; the target answers with the subset it
 * supports and fills the fields those flags cover ({@code target_handle_connect}).
 *
 * <pre>
 *   0  8  ocd_connect_flags
 *   8  4  ocd_version        OBD_OCD_VERSION(major, minor, patch, fix)
 *  12  4  ocd_grant
 *  16  4  ocd_index
 *  20  4  ocd_brw_size
 *  24  8  ocd_ibits_known
 *  32  1  ocd_grant_blkbits
 *  33  1  ocd_grant_inobits
 *  34  2  ocd_grant_tax_kb
 *  36  4  ocd_grant_max_blks
 *  40  8  ocd_transno
 *  48  4  ocd_group
 *  52  4  ocd_cksum_types
 *  56  4  ocd_max_easize
 *  60  4  ocd_instance
 *  64  8  ocd_maxbytes
 *  72  2  ocd_maxmodrpcs
 *  74  1  ocd_conn_policy
 *  75  1  padding0
 *  76  4  padding1
 *  80  8  ocd_connect_flags2
 *  88  8  ocd_compr_type     (older: padding3; not modelled)
 *  96 96  padding4..padding15
 * </pre>
 *
 * @param connectFlags {@code ocd_connect_flags} (OBD_CONNECT_*)
 * @param version {@code ocd_version}
 * @param grant {@code ocd_grant}
 * @param index {@code ocd_index}
 * @param brwSize {@code ocd_brw_size}
 * @param ibitsKnown {@code ocd_ibits_known}
 * @param grantBlkbits {@code ocd_grant_blkbits}
 * @param grantInobits {@code ocd_grant_inobits}
 * @param grantTaxKb {@code ocd_grant_tax_kb}
 * @param grantMaxBlks {@code ocd_grant_max_blks}
 * @param transno {@code ocd_transno}
 * @param group {@code ocd_group}
 * @param cksumTypes {@code ocd_cksum_types}
 * @param maxEasize {@code ocd_max_easize}
 * @param instance {@code ocd_instance}
 * @param maxbytes {@code ocd_maxbytes}
 * @param maxModRpcs {@code ocd_maxmodrpcs}
 * @param connectFlags2 {@code ocd_connect_flags2} (OBD_CONNECT2_*)
 */
public record ObdConnectData(long connectFlags, int version, int grant, int index, int brwSize, long ibitsKnown,
        int grantBlkbits, int grantInobits, int grantTaxKb, int grantMaxBlks, long transno, int group, int cksumTypes,
        int maxEasize, int instance, long maxbytes, int maxModRpcs, long connectFlags2) {

    /** Encoded size. */
    public static final int SIZE = 192;
    /** Offset of {@code ocd_connect_flags}. */
    public static final int OFF_CONNECT_FLAGS = 0;
    /** Offset of {@code ocd_version}. */
    public static final int OFF_VERSION = 8;
    /** Offset of {@code ocd_grant}. */
    public static final int OFF_GRANT = 12;
    /** Offset of {@code ocd_index}. */
    public static final int OFF_INDEX = 16;
    /** Offset of {@code ocd_brw_size}. */
    public static final int OFF_BRW_SIZE = 20;
    /** Offset of {@code ocd_ibits_known}. */
    public static final int OFF_IBITS_KNOWN = 24;
    /** Offset of {@code ocd_grant_blkbits}. */
    public static final int OFF_GRANT_BLKBITS = 32;
    /** Offset of {@code ocd_grant_inobits}. */
    public static final int OFF_GRANT_INOBITS = 33;
    /** Offset of {@code ocd_grant_tax_kb}. */
    public static final int OFF_GRANT_TAX_KB = 34;
    /** Offset of {@code ocd_grant_max_blks}. */
    public static final int OFF_GRANT_MAX_BLKS = 36;
    /** Offset of {@code ocd_transno}. */
    public static final int OFF_TRANSNO = 40;
    /** Offset of {@code ocd_group}. */
    public static final int OFF_GROUP = 48;
    /** Offset of {@code ocd_cksum_types}. */
    public static final int OFF_CKSUM_TYPES = 52;
    /** Offset of {@code ocd_max_easize}. */
    public static final int OFF_MAX_EASIZE = 56;
    /** Offset of {@code ocd_instance}. */
    public static final int OFF_INSTANCE = 60;
    /** Offset of {@code ocd_maxbytes}. */
    public static final int OFF_MAXBYTES = 64;
    /** Offset of {@code ocd_maxmodrpcs}. */
    public static final int OFF_MAXMODRPCS = 72;
    /** Offset of {@code ocd_connect_flags2}. */
    public static final int OFF_CONNECT_FLAGS2 = 80;

    /** {@code OBD_OCD_VERSION(major, minor, patch, fix)}: one byte each, major highest. */
    public static int ocdVersion(int major, int minor, int patch, int fix) {
        return (major << 24) | (minor << 16) | (patch << 8) | fix;
    }

    /** The version jlustre announces: that of the Lustre release whose protocol it follows. */
    public static final int JLUSTRE_OCD_VERSION = ocdVersion(2, 15, 0, 0);

    /** Connect data asking for {@code flags}, with every other field 0. */
    public static ObdConnectData ofFlags(long flags) {
        return new ObdConnectData(flags, JLUSTRE_OCD_VERSION, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    /** A copy with other connect flags. */
    public ObdConnectData withFlags(long flags, long flags2) {
        return new ObdConnectData(flags, version, grant, index, brwSize, ibitsKnown, grantBlkbits, grantInobits,
                grantTaxKb, grantMaxBlks, transno, group, cksumTypes, maxEasize, instance, maxbytes, maxModRpcs, flags2);
    }

    /** A copy with another version and instance (a target's answer). */
    public ObdConnectData withVersionAndInstance(int ver, int inst) {
        return new ObdConnectData(connectFlags, ver, grant, index, brwSize, ibitsKnown, grantBlkbits, grantInobits,
                grantTaxKb, grantMaxBlks, transno, group, cksumTypes, maxEasize, inst, maxbytes, maxModRpcs,
                connectFlags2);
    }

    /** Writes the 192 bytes, little-endian, at {@code offset}; padding is zeroed. */
    public void write(MemorySegment dst, long offset) {
        MemorySegment s = dst.asSlice(offset, SIZE);
        s.fill((byte) 0);
        s.set(Le.U64, OFF_CONNECT_FLAGS, connectFlags);
        s.set(Le.U32, OFF_VERSION, version);
        s.set(Le.U32, OFF_GRANT, grant);
        s.set(Le.U32, OFF_INDEX, index);
        s.set(Le.U32, OFF_BRW_SIZE, brwSize);
        s.set(Le.U64, OFF_IBITS_KNOWN, ibitsKnown);
        s.set(ValueLayout.JAVA_BYTE, OFF_GRANT_BLKBITS, (byte) grantBlkbits);
        s.set(ValueLayout.JAVA_BYTE, OFF_GRANT_INOBITS, (byte) grantInobits);
        s.set(Le.U16, OFF_GRANT_TAX_KB, (short) grantTaxKb);
        s.set(Le.U32, OFF_GRANT_MAX_BLKS, grantMaxBlks);
        s.set(Le.U64, OFF_TRANSNO, transno);
        s.set(Le.U32, OFF_GROUP, group);
        s.set(Le.U32, OFF_CKSUM_TYPES, cksumTypes);
        s.set(Le.U32, OFF_MAX_EASIZE, maxEasize);
        s.set(Le.U32, OFF_INSTANCE, instance);
        s.set(Le.U64, OFF_MAXBYTES, maxbytes);
        s.set(Le.U16, OFF_MAXMODRPCS, (short) maxModRpcs);
        s.set(Le.U64, OFF_CONNECT_FLAGS2, connectFlags2);
    }

    /**
     * Reads 192 bytes at {@code offset}, big-endian when {@code swab} ({@code lustre_swab_connect}).
     * A shorter buffer (an older peer's) reads as zeros past its end.
     */
    public static ObdConnectData read(MemorySegment src, long offset, boolean swab) {
        MemorySegment s = MemorySegment.ofArray(new byte[SIZE]);
        long have = Math.max(0, Math.min(SIZE, src.byteSize() - offset));
        if (have > 0) {
            MemorySegment.copy(src, offset, s, 0, have);
        }
        ValueLayout.OfInt u32 = swab ? Be.U32 : Le.U32;
        ValueLayout.OfLong u64 = swab ? Be.U64 : Le.U64;
        ValueLayout.OfShort u16 = swab ? Be.U16 : Le.U16;
        return new ObdConnectData(s.get(u64, OFF_CONNECT_FLAGS), s.get(u32, OFF_VERSION), s.get(u32, OFF_GRANT),
                s.get(u32, OFF_INDEX), s.get(u32, OFF_BRW_SIZE), s.get(u64, OFF_IBITS_KNOWN),
                Byte.toUnsignedInt(s.get(ValueLayout.JAVA_BYTE, OFF_GRANT_BLKBITS)),
                Byte.toUnsignedInt(s.get(ValueLayout.JAVA_BYTE, OFF_GRANT_INOBITS)),
                Short.toUnsignedInt(s.get(u16, OFF_GRANT_TAX_KB)), s.get(u32, OFF_GRANT_MAX_BLKS),
                s.get(u64, OFF_TRANSNO), s.get(u32, OFF_GROUP), s.get(u32, OFF_CKSUM_TYPES), s.get(u32, OFF_MAX_EASIZE),
                s.get(u32, OFF_INSTANCE), s.get(u64, OFF_MAXBYTES), Short.toUnsignedInt(s.get(u16, OFF_MAXMODRPCS)),
                s.get(u64, OFF_CONNECT_FLAGS2));
    }

    /** The version as Lustre prints it: {@code major.minor.patch.fix}. */
    public static String versionString(int v) {
        return (v >>> 24) + "." + ((v >>> 16) & 0xff) + "." + ((v >>> 8) & 0xff) + "." + (v & 0xff);
    }
}
