package org.jlustre.osd;

import org.jlustre.common.Fid;

/**
 * A directory entry: what a directory maps a name to. The insert record is
 * {@code struct dt_insert_rec} (FID plus the child's type), the lookup record the FID.
 *
 * @param name the name
 * @param fid the child's FID
 * @param type the child's S_IFMT bits (0 when the inserter did not say)
 */
public record DirEntry(String name, Fid fid, int type) {
}
