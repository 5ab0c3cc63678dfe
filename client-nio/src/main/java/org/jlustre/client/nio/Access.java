package org.jlustre.client.nio;

import java.nio.file.AccessDeniedException;
import java.nio.file.AccessMode;
import org.jlustre.client.FileAttr;
import org.jlustre.mdc.MdcCred;

/**
 * {@code access(2)} on the client, as llite answers it ({@code ll_inode_permission} through
 * the kernel's {@code generic_permission}) from the attributes the MDT just returned: the
 * owner's, the group's or the others' bits by the caller's fsuid and groups, overridden by
 * CAP_DAC_OVERRIDE (and, for reading and searching, CAP_DAC_READ_SEARCH), except that no
 * capability makes a file executable when none of its execute bits is set.
 */
final class Access {

    private Access() {
    }

    /** AccessDeniedException naming {@code path} and the first mode {@code cred} lacks. */
    static void check(MdcCred cred, FileAttr attr, LustrePath path, AccessMode... modes) throws AccessDeniedException {
        for (AccessMode mode : modes) {
            if (!allowed(cred, attr, mode)) {
                throw new AccessDeniedException(path.toString(), null, mode + " denied to uid " + cred.fsuid()
                        + " by mode 0" + Integer.toOctalString(attr.permissions()));
            }
        }
    }

    private static boolean allowed(MdcCred cred, FileAttr attr, AccessMode mode) {
        int bit = switch (mode) {
            case READ -> 4;
            case WRITE -> 2;
            case EXECUTE -> 1;
        };
        int perms = attr.permissions();
        int shift;
        if (cred.fsuid() == attr.uid()) {
            shift = 6;
        } else if (cred.inGroup(attr.gid())) {
            shift = 3;
        } else {
            shift = 0;
        }
        if ((perms >> shift & bit) != 0) {
            return true;
        }
        if ((cred.cap() & MdcCred.CAP_DAC_OVERRIDE) != 0) {
            return mode != AccessMode.EXECUTE || attr.isDirectory() || (perms & 0111) != 0;
        }
        boolean searchOrRead = mode == AccessMode.READ || mode == AccessMode.EXECUTE && attr.isDirectory();
        return searchOrRead && (cred.cap() & MdcCred.CAP_DAC_READ_SEARCH) != 0;
    }
}
