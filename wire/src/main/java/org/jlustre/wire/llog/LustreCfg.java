package org.jlustre.wire.llog;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jlustre.wire.Le;

/**
 * {@code struct lustre_cfg} (include/uapi/linux/lustre/lustre_cfg.h; reference 6.1): one
 * configuration command, the body of an {@link LlogRecType#OBD_CFG_REC} record.
 *
 * <pre>
 *  0  4  lcfg_version    (LUSTRE_CFG_VERSION)
 *  4  4  lcfg_command    (LcfgCommand)
 *  8  4  lcfg_num
 * 12  4  lcfg_flags
 * 16  8  lcfg_nid        (lnet_nid_t)
 * 24  4  lcfg_nal        (unused)
 * 28  4  lcfg_bufcount   (at most LUSTRE_CFG_MAX_BUFCOUNT)
 * 32  4n lcfg_buflens[n]
 * round8(32 + 4n)        the buffers, each padded to 8; buffer 0 is the device name
 * </pre>
 *
 * Strings are stored with their NUL ({@code lustre_cfg_bufs_set_string}: length strlen + 1);
 * an absent string is an empty buffer.
 *
 * @param command {@code lcfg_command}
 * @param num {@code lcfg_num}
 * @param flags {@code lcfg_flags}
 * @param nid {@code lcfg_nid}
 * @param nal {@code lcfg_nal}
 * @param buffers the buffers, each exactly {@code lcfg_buflens[i]} bytes
 */
public record LustreCfg(int command, int num, int flags, long nid, int nal, List<byte[]> buffers) {

    /** {@code LUSTRE_CFG_VERSION}. */
    public static final int VERSION = 0x1cf60001;
    /** {@code LUSTRE_CFG_MAX_BUFCOUNT}. */
    public static final int MAX_BUFCOUNT = 8;
    /** Offset of {@code lcfg_version}. */
    public static final int OFF_VERSION = 0;
    /** Offset of {@code lcfg_command}. */
    public static final int OFF_COMMAND = 4;
    /** Offset of {@code lcfg_num}. */
    public static final int OFF_NUM = 8;
    /** Offset of {@code lcfg_flags}. */
    public static final int OFF_FLAGS = 12;
    /** Offset of {@code lcfg_nid}. */
    public static final int OFF_NID = 16;
    /** Offset of {@code lcfg_nal}. */
    public static final int OFF_NAL = 24;
    /** Offset of {@code lcfg_bufcount}. */
    public static final int OFF_BUFCOUNT = 28;
    /** Offset of {@code lcfg_buflens}. */
    public static final int OFF_BUFLENS = 32;

    /** Copies the buffers and checks their count. */
    public LustreCfg {
        if (buffers.size() > MAX_BUFCOUNT) {
            throw new IllegalArgumentException("lustre_cfg: " + buffers.size() + " buffers, over LUSTRE_CFG_MAX_BUFCOUNT "
                    + MAX_BUFCOUNT);
        }
        List<byte[]> copy = new ArrayList<>(buffers.size());
        for (byte[] b : buffers) {
            copy.add(b.clone());
        }
        buffers = List.copyOf(copy);
    }

    /** A command whose buffers are {@code strings}, each stored with its NUL; a null string is an empty buffer. */
    public static LustreCfg of(LcfgCommand command, String... strings) {
        List<byte[]> bufs = new ArrayList<>(strings.length);
        for (String s : strings) {
            bufs.add(s == null ? new byte[0] : (s + "\0").getBytes(StandardCharsets.UTF_8));
        }
        return new LustreCfg(command.value(), 0, 0, 0, 0, bufs);
    }

    /** This command with {@code lcfg_nid} set. */
    public LustreCfg withNid(long newNid) {
        return new LustreCfg(command, num, flags, newNid, nal, buffers);
    }

    /** This command with {@code lcfg_num} set. */
    public LustreCfg withNum(int newNum) {
        return new LustreCfg(command, newNum, flags, nid, nal, buffers);
    }

    /** This command with buffer {@code index} replaced by raw bytes (a struct such as a marker). */
    public LustreCfg withBuffer(int index, byte[] bytes) {
        List<byte[]> bufs = new ArrayList<>(buffers);
        while (bufs.size() <= index) {
            bufs.add(new byte[0]);
        }
        bufs.set(index, bytes);
        return new LustreCfg(command, num, flags, nid, nal, bufs);
    }

    /** The command, or null if Lustre does not define it. */
    public LcfgCommand knownCommand() {
        return LcfgCommand.of(command);
    }

    /** {@code lcfg_bufcount}. */
    public int bufcount() {
        return buffers.size();
    }

    /** A copy of buffer {@code index}. */
    public byte[] buffer(int index) {
        return buffers.get(index).clone();
    }

    /** Buffer {@code index} as text up to its first NUL; null for an empty or missing buffer. */
    public String string(int index) {
        if (index >= buffers.size() || buffers.get(index).length == 0) {
            return null;
        }
        byte[] b = buffers.get(index);
        int n = 0;
        while (n < b.length && b[n] != 0) {
            n++;
        }
        return new String(b, 0, n, StandardCharsets.UTF_8);
    }

    /** {@code LCFG_HDR_SIZE(bufcount)}: the fixed part and the lengths, rounded to 8. */
    public static int headerSize(int bufcount) {
        return Le.round8(OFF_BUFLENS + 4 * bufcount);
    }

    /** {@code lustre_cfg_len}: the header and every buffer rounded to 8. */
    public int length() {
        int len = headerSize(buffers.size());
        for (byte[] b : buffers) {
            len += Le.round8(b.length);
        }
        return len;
    }

    /** Writes the {@link #length()} bytes at {@code offset}, padding zeroed. */
    public void encode(MemorySegment dst, long offset) {
        dst.asSlice(offset, length()).fill((byte) 0);
        dst.set(Le.U32, offset + OFF_VERSION, VERSION);
        dst.set(Le.U32, offset + OFF_COMMAND, command);
        dst.set(Le.U32, offset + OFF_NUM, num);
        dst.set(Le.U32, offset + OFF_FLAGS, flags);
        dst.set(Le.U64, offset + OFF_NID, nid);
        dst.set(Le.U32, offset + OFF_NAL, nal);
        dst.set(Le.U32, offset + OFF_BUFCOUNT, buffers.size());
        long at = offset + headerSize(buffers.size());
        for (int i = 0; i < buffers.size(); i++) {
            byte[] b = buffers.get(i);
            dst.set(Le.U32, offset + OFF_BUFLENS + 4L * i, b.length);
            MemorySegment.copy(b, 0, dst, ValueLayout.JAVA_BYTE, at, b.length);
            at += Le.round8(b.length);
        }
    }

    /** The encoded bytes. */
    public byte[] encode() {
        byte[] b = new byte[length()];
        encode(MemorySegment.ofArray(b), 0);
        return b;
    }

    /**
     * Decodes the command at the start of {@code body}, the bytes a record has for it, checking
     * what {@code lustre_cfg_sanity_check} checks.
     *
     * @throws IllegalArgumentException naming the field: a short header, a wrong
     *     {@code lcfg_version}, an {@code lcfg_bufcount} over 8, or a buffer running past the body
     */
    public static LustreCfg decode(MemorySegment body) {
        long size = body.byteSize();
        if (size < OFF_BUFLENS) {
            throw new IllegalArgumentException("lustre_cfg: " + size + " bytes cannot hold the " + OFF_BUFLENS
                    + "-byte header");
        }
        int version = body.get(Le.U32, OFF_VERSION);
        if (version != VERSION) {
            throw new IllegalArgumentException("lustre_cfg: lcfg_version 0x" + Integer.toHexString(version)
                    + " is not LUSTRE_CFG_VERSION 0x" + Integer.toHexString(VERSION));
        }
        int bufcount = body.get(Le.U32, OFF_BUFCOUNT);
        if (Integer.compareUnsigned(bufcount, MAX_BUFCOUNT) > 0) {
            throw new IllegalArgumentException("lustre_cfg: lcfg_bufcount " + Integer.toUnsignedString(bufcount)
                    + " is over LUSTRE_CFG_MAX_BUFCOUNT " + MAX_BUFCOUNT);
        }
        long at = headerSize(bufcount);
        if (at > size) {
            throw new IllegalArgumentException("lustre_cfg: lcfg_buflens of " + bufcount + " buffers end at " + at
                    + ", past the " + size + " bytes of the record");
        }
        List<byte[]> bufs = new ArrayList<>(bufcount);
        for (int i = 0; i < bufcount; i++) {
            long len = Integer.toUnsignedLong(body.get(Le.U32, OFF_BUFLENS + 4L * i));
            long end = at + ((len + 7) & ~7L);
            if (end > size) {
                throw new IllegalArgumentException("lustre_cfg: lcfg_buflens[" + i + "] " + len + " runs past the record: "
                        + "buffer at " + at + " ends at " + end + ", the record has " + size + " bytes");
            }
            bufs.add(body.asSlice(at, len).toArray(ValueLayout.JAVA_BYTE));
            at = end;
        }
        return new LustreCfg(body.get(Le.U32, OFF_COMMAND), body.get(Le.U32, OFF_NUM), body.get(Le.U32, OFF_FLAGS),
                body.get(Le.U64, OFF_NID), body.get(Le.U32, OFF_NAL), bufs);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof LustreCfg c) || c.command != command || c.num != num || c.flags != flags || c.nid != nid
                || c.nal != nal || c.buffers.size() != buffers.size()) {
            return false;
        }
        for (int i = 0; i < buffers.size(); i++) {
            if (!Arrays.equals(buffers.get(i), c.buffers.get(i))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = command * 31 + num;
        for (byte[] b : buffers) {
            h = h * 31 + Arrays.hashCode(b);
        }
        return h;
    }

    @Override
    public String toString() {
        LcfgCommand c = knownCommand();
        StringBuilder sb = new StringBuilder("LustreCfg[")
                .append(c != null ? c.lustreName() : "0x" + Integer.toHexString(command));
        for (int i = 0; i < buffers.size(); i++) {
            sb.append(' ').append(i).append(':').append(string(i));
        }
        return sb.append(']').toString();
    }
}
