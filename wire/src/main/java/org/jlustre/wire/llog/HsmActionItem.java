package org.jlustre.wire.llog;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import org.jlustre.common.Fid;
import org.jlustre.wire.Le;

/**
 * {@code struct hsm_action_item} (72 bytes and {@code hai_data}; lustre_user.h): one HSM
 * request to a copytool, as an {@link AgentRequestRecord} carries it.
 *
 * <pre>
 *  0   4  hai_len      (72 + the data)
 *  4   4  hai_action   (HSMA_*)
 *  8  16  hai_fid
 * 24  16  hai_dfid
 * 40  16  hai_extent   (offset, length)
 * 56   8  hai_cookie
 * 64   8  hai_gid
 * 72   .  hai_data
 * </pre>
 *
 * @param action {@code hai_action}
 * @param fid {@code hai_fid}
 * @param dataFid {@code hai_dfid}
 * @param extentOffset {@code hai_extent.offset}
 * @param extentLength {@code hai_extent.length}
 * @param cookie {@code hai_cookie}
 * @param gid {@code hai_gid}
 * @param data {@code hai_data}
 */
public record HsmActionItem(int action, Fid fid, Fid dataFid, long extentOffset, long extentLength, long cookie,
        long gid, byte[] data) {

    /** {@code sizeof(struct hsm_action_item)}. */
    public static final int SIZE = 72;
    /** Offset of {@code hai_len}. */
    public static final int OFF_LEN = 0;
    /** Offset of {@code hai_action}. */
    public static final int OFF_ACTION = 4;
    /** Offset of {@code hai_fid}. */
    public static final int OFF_FID = 8;
    /** Offset of {@code hai_dfid}. */
    public static final int OFF_DFID = 24;
    /** Offset of {@code hai_extent}. */
    public static final int OFF_EXTENT = 40;
    /** Offset of {@code hai_cookie}. */
    public static final int OFF_COOKIE = 56;
    /** Offset of {@code hai_gid}. */
    public static final int OFF_GID = 64;
    /** Offset of {@code hai_data}. */
    public static final int OFF_DATA = 72;

    /** {@code HSMA_NONE}. */
    public static final int HSMA_NONE = 10;
    /** {@code HSMA_ARCHIVE}. */
    public static final int HSMA_ARCHIVE = 20;
    /** {@code HSMA_RESTORE}. */
    public static final int HSMA_RESTORE = 21;
    /** {@code HSMA_REMOVE}. */
    public static final int HSMA_REMOVE = 22;
    /** {@code HSMA_CANCEL}. */
    public static final int HSMA_CANCEL = 23;

    /** Copies the data. */
    public HsmActionItem {
        data = data.clone();
    }

    /** {@code hsm_copytool_action2name}. */
    public static String actionName(int action) {
        return switch (action) {
            case HSMA_NONE -> "NOOP";
            case HSMA_ARCHIVE -> "ARCHIVE";
            case HSMA_RESTORE -> "RESTORE";
            case HSMA_REMOVE -> "REMOVE";
            case HSMA_CANCEL -> "CANCEL";
            default -> "UNKNOWN";
        };
    }

    /** {@code hai_len}. */
    public int length() {
        return SIZE + data.length;
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    /** Writes the item at {@code offset}. */
    public void encode(MemorySegment dst, long offset) {
        dst.set(Le.U32, offset + OFF_LEN, length());
        dst.set(Le.U32, offset + OFF_ACTION, action);
        fid.writeLE(dst, offset + OFF_FID);
        dataFid.writeLE(dst, offset + OFF_DFID);
        dst.set(Le.U64, offset + OFF_EXTENT, extentOffset);
        dst.set(Le.U64, offset + OFF_EXTENT + 8, extentLength);
        dst.set(Le.U64, offset + OFF_COOKIE, cookie);
        dst.set(Le.U64, offset + OFF_GID, gid);
        RecordCodec.put(dst, offset + OFF_DATA, data);
    }

    /**
     * Decodes the item at {@code offset}, which has {@code available} bytes for it.
     *
     * @throws IllegalArgumentException when {@code hai_len} is under 72 or past the available bytes
     */
    public static HsmActionItem decode(MemorySegment src, long offset, long available) {
        long len = Integer.toUnsignedLong(src.get(Le.U32, offset + OFF_LEN));
        if (len < SIZE || len > available) {
            throw new IllegalArgumentException("hsm_action_item: hai_len " + len + " is not within " + SIZE + ".."
                    + available);
        }
        return new HsmActionItem(src.get(Le.U32, offset + OFF_ACTION), Fid.readLE(src, offset + OFF_FID),
                Fid.readLE(src, offset + OFF_DFID), src.get(Le.U64, offset + OFF_EXTENT),
                src.get(Le.U64, offset + OFF_EXTENT + 8), src.get(Le.U64, offset + OFF_COOKIE),
                src.get(Le.U64, offset + OFF_GID), RecordCodec.bytes(src, offset + OFF_DATA, len - SIZE));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HsmActionItem h && h.action == action && h.fid.equals(fid) && h.dataFid.equals(dataFid)
                && h.extentOffset == extentOffset && h.extentLength == extentLength && h.cookie == cookie
                && h.gid == gid && Arrays.equals(h.data, data);
    }

    @Override
    public int hashCode() {
        return (fid.hashCode() * 31 + Long.hashCode(cookie)) * 31 + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "HsmActionItem[" + actionName(action) + " " + fid + " cookie=0x" + Long.toHexString(cookie) + " data="
                + data.length + " bytes]";
    }
}
