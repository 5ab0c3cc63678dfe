package org.jlustre.tools.lfs;

import org.jlustre.client.FileAttr;

/** File types as find(1) names them ({@code -type}). */
public final class FileTypes {

    private FileTypes() {
    }

    /** find(1)'s letter for the type in {@code mode}: f, d, l, p, s, b or c. */
    public static char letter(int mode) {
        return switch (mode & FileAttr.S_IFMT) {
            case FileAttr.S_IFDIR -> 'd';
            case FileAttr.S_IFLNK -> 'l';
            case FileAttr.S_IFIFO -> 'p';
            case FileAttr.S_IFSOCK -> 's';
            case FileAttr.S_IFBLK -> 'b';
            case FileAttr.S_IFCHR -> 'c';
            default -> 'f';
        };
    }
}
