package org.jlustre.wire.mgs;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.jlustre.wire.Be;
import org.jlustre.wire.CString;
import org.jlustre.wire.Le;

/**
 * {@code struct mgs_config_body} (80 bytes): the request of MGS_CONFIG_READ, which fetches a
 * filesystem's NID table for imperative recovery ({@code MGS_CFG_T_RECOVER}) into the client's
 * bulk pages (lustre_idl.h; lustre/mgs/mgs_nids.c {@code mgs_get_ir_logs}).
 *
 * <pre>
 *  0  64  mcb_name         the filesystem (or log) name
 * 64   8  mcb_offset       the table version the client has
 * 72   2  mcb_type         MGS_CFG_T_*
 * 74   1  mcb_nm_cur_pass  nodemap transfer pass
 * 75   1  mcb_bits         log2 of the bulk unit (the page size)
 * 76   4  mcb_units        bulk units the client offers
 * </pre>
 *
 * @param name {@code mcb_name}
 * @param offset {@code mcb_offset}
 * @param type {@code mcb_type}
 * @param bits {@code mcb_bits}
 * @param units {@code mcb_units}
 */
public record MgsConfigBody(String name, long offset, int type, int bits, int units) {

    /** {@code sizeof(struct mgs_config_body)}. */
    public static final int SIZE = 80;
    /** Offset of {@code mcb_offset}. */
    public static final int OFF_OFFSET = 64;
    /** Offset of {@code mcb_type}. */
    public static final int OFF_TYPE = 72;
    /** Offset of {@code mcb_nm_cur_pass}. */
    public static final int OFF_NM_CUR_PASS = 74;
    /** Offset of {@code mcb_bits}. */
    public static final int OFF_BITS = 75;
    /** Offset of {@code mcb_units}. */
    public static final int OFF_UNITS = 76;
    /** {@code MGS_CFG_T_CONFIG}. */
    public static final int MGS_CFG_T_CONFIG = 0;
    /** {@code MGS_CFG_T_SPTLRPC}. */
    public static final int MGS_CFG_T_SPTLRPC = 1;
    /** {@code MGS_CFG_T_RECOVER}: the NID table. */
    public static final int MGS_CFG_T_RECOVER = 2;
    /** {@code MGS_CFG_T_PARAMS}. */
    public static final int MGS_CFG_T_PARAMS = 3;
    /** {@code MGS_CFG_T_NODEMAP}. */
    public static final int MGS_CFG_T_NODEMAP = 4;
    /** {@code MGS_CFG_T_BARRIER}. */
    public static final int MGS_CFG_T_BARRIER = 5;

    /** Checks the name's length. */
    public MgsConfigBody {
        CString.bytes(name, MgsTargetInfo.NAME_MAXLEN, "mcb_name");
    }

    /** Writes the 80 bytes at {@code offset}. */
    public void encode(MemorySegment dst, long at) {
        dst.asSlice(at, SIZE).fill((byte) 0);
        CString.put(dst, at, MgsTargetInfo.NAME_MAXLEN, name, "mcb_name");
        dst.set(Le.U64, at + OFF_OFFSET, offset);
        dst.set(Le.U16, at + OFF_TYPE, (short) type);
        dst.set(ValueLayout.JAVA_BYTE, at + OFF_BITS, (byte) bits);
        dst.set(Le.U32, at + OFF_UNITS, units);
    }

    /**
     * Decodes the body at the start of {@code src}.
     *
     * @throws IllegalArgumentException for a short buffer or a name without its NUL
     */
    public static MgsConfigBody decode(MemorySegment src, boolean swabbed) {
        if (src.byteSize() < SIZE) {
            throw new IllegalArgumentException("mgs_config_body: " + src.byteSize() + " bytes, needs " + SIZE);
        }
        return new MgsConfigBody(CString.get(src, 0, MgsTargetInfo.NAME_MAXLEN, "mcb_name"),
                src.get(swabbed ? Be.U64 : Le.U64, OFF_OFFSET),
                Short.toUnsignedInt(src.get(swabbed ? Be.U16 : Le.U16, OFF_TYPE)),
                Byte.toUnsignedInt(src.get(ValueLayout.JAVA_BYTE, OFF_BITS)), src.get(swabbed ? Be.U32 : Le.U32,
                        OFF_UNITS));
    }
}
