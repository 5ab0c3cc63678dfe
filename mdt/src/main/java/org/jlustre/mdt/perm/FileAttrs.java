package org.jlustre.mdt.perm;

import org.jlustre.common.FileMode;
import org.jlustre.osd.LuAttr;

/**
 * What permission checks read of a file: its mode (type bits included), owner, group and
 * Lustre inode flags ({@code la_flags}).
 *
 * @param mode the mode with its S_IFMT bits
 * @param uid the owner
 * @param gid the owning group
 * @param flags the {@code LUSTRE_*_FL} flags
 */
public record FileAttrs(int mode, int uid, int gid, int flags) {

    /** {@code LUSTRE_IMMUTABLE_FL} (lustre_idl.h): no change at all. */
    public static final int IMMUTABLE_FL = 0x10;
    /** {@code LUSTRE_APPEND_FL}: writes only append; no delete, rename or setattr. */
    public static final int APPEND_FL = 0x20;

    /** A file without flags. */
    public static FileAttrs of(int mode, int uid, int gid) {
        return new FileAttrs(mode, uid, gid, 0);
    }

    /** The attributes of an OSD object (flags only when {@code LA_FLAGS} is valid). */
    public static FileAttrs of(LuAttr la) {
        return new FileAttrs(la.mode(), la.uid(), la.gid(), la.has(LuAttr.LA_FLAGS) ? la.flags() : 0);
    }

    /** Whether it is a directory. */
    public boolean isDir() {
        return FileMode.isDir(mode);
    }

    /** Whether it is immutable. */
    public boolean immutable() {
        return (flags & IMMUTABLE_FL) != 0;
    }

    /** Whether it is append-only. */
    public boolean appendOnly() {
        return (flags & APPEND_FL) != 0;
    }

    /** The same file with another mode. */
    public FileAttrs withMode(int newMode) {
        return new FileAttrs(newMode, uid, gid, flags);
    }
}
