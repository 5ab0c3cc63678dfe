package org.jlustre.fuse.lowlevel;

import static org.jlustre.fuse.lowlevel.Layouts.STATVFS;
import static org.jlustre.fuse.lowlevel.Layouts.offset;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** A filesystem's statistics as {@code statvfs(3)} reports them ({@code struct statvfs}). */
public record Statfs(long blockSize, long fragmentSize, long blocks, long blocksFree, long blocksAvailable,
        long files, long filesFree, long filesAvailable, long fsid, long nameMax) {

    void writeTo(MemorySegment statvfs) {
        statvfs.asSlice(0, STATVFS.byteSize()).fill((byte) 0);
        put(statvfs, "f_bsize", blockSize);
        put(statvfs, "f_frsize", fragmentSize);
        put(statvfs, "f_blocks", blocks);
        put(statvfs, "f_bfree", blocksFree);
        put(statvfs, "f_bavail", blocksAvailable);
        put(statvfs, "f_files", files);
        put(statvfs, "f_ffree", filesFree);
        put(statvfs, "f_favail", filesAvailable);
        put(statvfs, "f_fsid", fsid);
        put(statvfs, "f_namemax", nameMax);
    }

    private static void put(MemorySegment statvfs, String member, long value) {
        statvfs.set(ValueLayout.JAVA_LONG, offset(STATVFS, member), value);
    }
}
