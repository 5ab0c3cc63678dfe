package org.jlustre.tools.lfs;

import org.jlustre.common.FileMode;

/** File types as find(1) names them ({@code -type}). */
public final class FileTypes {

    private FileTypes() {
    }

    /** find(1)'s letter for the type in {@code mode}: f, d, l, p, s, b or c. */
    public static char letter(int mode) {
        return switch (mode & FileMode.S_IFMT) {
            case FileMode.S_IFDIR -> 'd';
            case FileMode.S_IFLNK -> 'l';
            case FileMode.S_IFIFO -> 'p';
            case FileMode.S_IFSOCK -> 's';
            case FileMode.S_IFBLK -> 'b';
            case FileMode.S_IFCHR -> 'c';
            default -> 'f';
        };
    }
}
