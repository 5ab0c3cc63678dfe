package org.jlustre.fuse;

import org.jlustre.client.FileAttr;
import org.jlustre.mdc.MdcCred;

/**
 * access(2) and chdir's check, as the kernel's {@code generic_permission} makes it from the mode
 * bits (llite's {@code ll_inode_permission} calls it): the owner's bits for the owner, the
 * group's for a member, the others' otherwise; root passes all but execute on a file nobody may
 * execute. The servers check every other operation themselves.
 */
final class Permissions {

    private static final int X_OK = 1;

    private Permissions() {
    }

    /** Whether {@code cred} may access {@code attr} as {@code mask} (R_OK 4 | W_OK 2 | X_OK 1) asks. */
    static boolean allows(FileAttr attr, MdcCred cred, int mask) {
        int wanted = mask & 7;
        if (cred.fsuid() == 0) {
            return (wanted & X_OK) == 0 || attr.isDirectory() || (attr.mode() & 0111) != 0;
        }
        int bits;
        if (cred.fsuid() == attr.uid()) {
            bits = attr.mode() >> 6;
        } else if (cred.inGroup(attr.gid())) {
            bits = attr.mode() >> 3;
        } else {
            bits = attr.mode();
        }
        return (bits & wanted) == wanted;
    }
}
