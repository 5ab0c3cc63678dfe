package org.jlustre.wire.llog;

import java.lang.foreign.MemorySegment;
import org.jlustre.wire.Le;

/**
 * {@code struct cfg_marker} (160 bytes; include/uapi/linux/lustre/lustre_idl.h): buffer 1 of
 * an {@link LcfgCommand#MARKER} command, bracketing the records the MGS wrote for one change
 * so a later change can cancel (skip) them.
 *
 * <pre>
 *   0   4  cm_step        (the fsdb generation)
 *   4   4  cm_flags       (CM_*)
 *   8   4  cm_vers        (OBD_OCD_VERSION of the writer)
 *  12   4  cm_padding
 *  16   8  cm_createtime
 *  24   8  cm_canceltime
 *  32  64  cm_tgtname
 *  96  64  cm_comment
 * </pre>
 *
 * @param step {@code cm_step}
 * @param flags {@code cm_flags}
 * @param version {@code cm_vers}
 * @param createTime {@code cm_createtime}, seconds
 * @param cancelTime {@code cm_canceltime}, seconds, 0 while the bracket is valid
 * @param targetName {@code cm_tgtname}, at most 64 bytes
 * @param comment {@code cm_comment}, at most 64 bytes
 */
public record CfgMarker(int step, int flags, int version, long createTime, long cancelTime, String targetName,
        String comment) {

    /** {@code sizeof(struct cfg_marker)}. */
    public static final int SIZE = 160;
    /** {@code MTI_NAME_MAXLEN}: the size of the two names. */
    public static final int NAME_SIZE = 64;
    /** Offset of {@code cm_step}. */
    public static final int OFF_STEP = 0;
    /** Offset of {@code cm_flags}. */
    public static final int OFF_FLAGS = 4;
    /** Offset of {@code cm_vers}. */
    public static final int OFF_VERS = 8;
    /** Offset of {@code cm_padding}. */
    public static final int OFF_PADDING = 12;
    /** Offset of {@code cm_createtime}. */
    public static final int OFF_CREATETIME = 16;
    /** Offset of {@code cm_canceltime}. */
    public static final int OFF_CANCELTIME = 24;
    /** Offset of {@code cm_tgtname}. */
    public static final int OFF_TGTNAME = 32;
    /** Offset of {@code cm_comment}. */
    public static final int OFF_COMMENT = 96;

    /** {@code CM_START}: opens a bracket. */
    public static final int CM_START = 0x01;
    /** {@code CM_END}: closes a bracket. */
    public static final int CM_END = 0x02;
    /** {@code CM_SKIP}: the bracket was cancelled; its records are skipped. */
    public static final int CM_SKIP = 0x04;
    /** {@code CM_UPGRADE146}: written by the 1.4.6 upgrade. */
    public static final int CM_UPGRADE146 = 0x08;
    /** {@code CM_EXCLUDE}: the target is excluded from the client's mount. */
    public static final int CM_EXCLUDE = 0x10;

    /** Validates the names' lengths. */
    public CfgMarker {
        RecordCodec.stringBytes(targetName, NAME_SIZE, "cm_tgtname");
        RecordCodec.stringBytes(comment, NAME_SIZE, "cm_comment");
    }

    /** {@code OBD_OCD_VERSION(major, minor, patch, fix)}, as {@code cm_vers} holds it. */
    public static int version(int major, int minor, int patch, int fix) {
        return (major << 24) + (minor << 16) + (patch << 8) + fix;
    }

    /** Writes the 160 bytes at {@code offset}. */
    public void encode(MemorySegment dst, long offset) {
        dst.asSlice(offset, SIZE).fill((byte) 0);
        dst.set(Le.U32, offset + OFF_STEP, step);
        dst.set(Le.U32, offset + OFF_FLAGS, flags);
        dst.set(Le.U32, offset + OFF_VERS, version);
        dst.set(Le.U64, offset + OFF_CREATETIME, createTime);
        dst.set(Le.U64, offset + OFF_CANCELTIME, cancelTime);
        RecordCodec.putString(dst, offset + OFF_TGTNAME, NAME_SIZE, targetName, "cm_tgtname");
        RecordCodec.putString(dst, offset + OFF_COMMENT, NAME_SIZE, comment, "cm_comment");
    }

    /** The 160 encoded bytes, the buffer an LCFG_MARKER command carries. */
    public byte[] encode() {
        byte[] b = new byte[SIZE];
        encode(MemorySegment.ofArray(b), 0);
        return b;
    }

    /**
     * Decodes a marker from the start of {@code src}.
     *
     * @throws IllegalArgumentException when {@code src} is shorter than 160 bytes
     */
    public static CfgMarker decode(MemorySegment src) {
        if (src.byteSize() < SIZE) {
            throw new IllegalArgumentException("cfg_marker: " + src.byteSize() + " bytes, needs " + SIZE);
        }
        return new CfgMarker(src.get(Le.U32, OFF_STEP), src.get(Le.U32, OFF_FLAGS), src.get(Le.U32, OFF_VERS),
                src.get(Le.U64, OFF_CREATETIME), src.get(Le.U64, OFF_CANCELTIME),
                RecordCodec.string(src, OFF_TGTNAME, NAME_SIZE), RecordCodec.string(src, OFF_COMMENT, NAME_SIZE));
    }
}
