package org.jlustre.client;

import java.util.Arrays;
import java.util.HexFormat;
import org.jlustre.common.Fid;

/**
 * One directory entry as the MDT lists it ({@code lu_dirent}).
 *
 * @param name the name's bytes, exactly as stored (not necessarily UTF-8)
 * @param fid the FID the name points to
 * @param type the file type in {@code DT_*} terms ({@code S_IFMT >> 12}; 0 if the MDT sent none)
 * @param nextCookie where a readdir resumes to list the entries after this one (the next entry's
 *        hash, or {@link DirPage#END} after the last), as llite's {@code d_off}
 */
public record DirEntry(byte[] name, Fid fid, int type, long nextCookie) {

    /** Copies the name. */
    public DirEntry {
        name = name.clone();
    }

    /** A copy of the name. */
    @Override
    public byte[] name() {
        return name.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DirEntry e && Arrays.equals(name, e.name) && fid.equals(e.fid) && type == e.type
                && nextCookie == e.nextCookie;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(name) * 31 + fid.hashCode();
    }

    @Override
    public String toString() {
        return "DirEntry[" + HexFormat.of().formatHex(name) + " " + fid + " type " + type + " next 0x"
                + Long.toHexString(nextCookie) + "]";
    }
}
