package org.jlustre.wire;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;

/**
 * {@code struct obd_statfs} (144 bytes, lustre_idl.h): what a target reports of its space.
 * Beyond {@code df}, llog size caps ({@code os_bfree * os_bsize >> 6}), OST grants and QoS
 * allocation read it, so an OSD must fill it truthfully.
 *
 * @param type filesystem magic ({@code os_type})
 * @param blocks total blocks of {@code bsize}
 * @param bfree free blocks
 * @param bavail blocks available to users
 * @param files total inodes
 * @param ffree free inodes
 * @param fsid filesystem id (up to 40 bytes)
 * @param bsize block size
 * @param namelen longest name
 * @param maxbytes largest file
 * @param state OS_STATFS_* bits
 * @param fprecreated objects precreated (OST)
 * @param granted bytes granted (OST)
 */
public record ObdStatfs(long type, long blocks, long bfree, long bavail, long files, long ffree, String fsid,
        int bsize, int namelen, long maxbytes, int state, int fprecreated, int granted) {

    /** Encoded size. */
    public static final int SIZE = 144;
    /** Offset of {@code os_type}. */
    public static final int OFF_TYPE = 0;
    /** Offset of {@code os_blocks}. */
    public static final int OFF_BLOCKS = 8;
    /** Offset of {@code os_bfree}. */
    public static final int OFF_BFREE = 16;
    /** Offset of {@code os_bavail}. */
    public static final int OFF_BAVAIL = 24;
    /** Offset of {@code os_files}. */
    public static final int OFF_FILES = 32;
    /** Offset of {@code os_ffree}. */
    public static final int OFF_FFREE = 40;
    /** Offset of {@code os_fsid}. */
    public static final int OFF_FSID = 48;
    /** Size of {@code os_fsid}. */
    public static final int FSID_SIZE = 40;
    /** Offset of {@code os_bsize}. */
    public static final int OFF_BSIZE = 88;
    /** Offset of {@code os_namelen}. */
    public static final int OFF_NAMELEN = 92;
    /** Offset of {@code os_maxbytes}. */
    public static final int OFF_MAXBYTES = 96;
    /** Offset of {@code os_state}. */
    public static final int OFF_STATE = 104;
    /** Offset of {@code os_fprecreated}. */
    public static final int OFF_FPRECREATED = 108;
    /** Offset of {@code os_granted}. */
    public static final int OFF_GRANTED = 112;
    /** Offset of {@code os_spare3} (spares 3..9 run to the end). */
    public static final int OFF_SPARE3 = 116;

    /** Degraded RAID. */
    public static final int OS_STATFS_DEGRADED = 0x00000001;
    /** Read-only. */
    public static final int OS_STATFS_READONLY = 0x00000002;
    /** No object creation. */
    public static final int OS_STATFS_NOCREATE = 0x00000004;
    /** Out of space. */
    public static final int OS_STATFS_ENOSPC = 0x00000020;
    /** Out of inodes. */
    public static final int OS_STATFS_ENOINO = 0x00000040;
    /** Aggregated over targets. */
    public static final int OS_STATFS_SUM = 0x00000100;
    /** Non-rotational device. */
    public static final int OS_STATFS_NONROT = 0x00000200;

    /** Encodes into 144 bytes at {@code offset}. */
    public void write(MemorySegment dst, long offset) {
        MemorySegment s = dst.asSlice(offset, SIZE);
        s.fill((byte) 0);
        s.set(Le.U64, OFF_TYPE, type);
        s.set(Le.U64, OFF_BLOCKS, blocks);
        s.set(Le.U64, OFF_BFREE, bfree);
        s.set(Le.U64, OFF_BAVAIL, bavail);
        s.set(Le.U64, OFF_FILES, files);
        s.set(Le.U64, OFF_FFREE, ffree);
        byte[] id = fsid.getBytes(StandardCharsets.UTF_8);
        MemorySegment.copy(id, 0, s, ValueLayout.JAVA_BYTE, OFF_FSID, Math.min(id.length, FSID_SIZE));
        s.set(Le.U32, OFF_BSIZE, bsize);
        s.set(Le.U32, OFF_NAMELEN, namelen);
        s.set(Le.U64, OFF_MAXBYTES, maxbytes);
        s.set(Le.U32, OFF_STATE, state);
        s.set(Le.U32, OFF_FPRECREATED, fprecreated);
        s.set(Le.U32, OFF_GRANTED, granted);
    }

    /** The 144 encoded bytes. */
    public byte[] toBytes() {
        byte[] b = new byte[SIZE];
        write(MemorySegment.ofArray(b), 0);
        return b;
    }

    /** Decodes 144 bytes at {@code offset}. */
    public static ObdStatfs read(MemorySegment src, long offset) {
        MemorySegment s = src.asSlice(offset, SIZE);
        byte[] id = s.asSlice(OFF_FSID, FSID_SIZE).toArray(ValueLayout.JAVA_BYTE);
        int n = 0;
        while (n < id.length && id[n] != 0) {
            n++;
        }
        return new ObdStatfs(s.get(Le.U64, OFF_TYPE), s.get(Le.U64, OFF_BLOCKS), s.get(Le.U64, OFF_BFREE),
                s.get(Le.U64, OFF_BAVAIL), s.get(Le.U64, OFF_FILES), s.get(Le.U64, OFF_FFREE),
                new String(id, 0, n, StandardCharsets.UTF_8), s.get(Le.U32, OFF_BSIZE), s.get(Le.U32, OFF_NAMELEN),
                s.get(Le.U64, OFF_MAXBYTES), s.get(Le.U32, OFF_STATE), s.get(Le.U32, OFF_FPRECREATED),
                s.get(Le.U32, OFF_GRANTED));
    }
}
