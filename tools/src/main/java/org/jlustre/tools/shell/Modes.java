package org.jlustre.tools.shell;

import org.jlustre.common.FileMode;
import org.jlustre.tools.lfs.FileTypes;

/** A file mode as {@code ls -l} and {@code stat} show it. */
final class Modes {

    private Modes() {
    }

    /** {@code drwxr-xr-x}: the type letter, then the permission bits with set-id and sticky bits. */
    static String text(int mode) {
        StringBuilder sb = new StringBuilder(10);
        char type = FileTypes.letter(mode);
        sb.append(type == 'f' ? '-' : type);
        String rwx = "rwxrwxrwx";
        for (int i = 0; i < 9; i++) {
            sb.append((mode & (0400 >> i)) != 0 ? rwx.charAt(i) : '-');
        }
        special(sb, mode, 04000, 3, 's');
        special(sb, mode, 02000, 6, 's');
        special(sb, mode, 01000, 9, 't');
        return sb.toString();
    }

    /** Puts a set-id or sticky bit over the execute bit at {@code at}: lower case if executable, else upper. */
    private static void special(StringBuilder sb, int mode, int bit, int at, char letter) {
        if ((mode & bit) != 0) {
            sb.setCharAt(at, sb.charAt(at) == '-' ? Character.toUpperCase(letter) : letter);
        }
    }

    /** stat(1)'s name of the file type. */
    static String typeName(int mode) {
        return switch (mode & FileMode.S_IFMT) {
            case FileMode.S_IFDIR -> "directory";
            case FileMode.S_IFLNK -> "symbolic link";
            case FileMode.S_IFIFO -> "fifo";
            case FileMode.S_IFSOCK -> "socket";
            case FileMode.S_IFBLK -> "block special file";
            case FileMode.S_IFCHR -> "character special file";
            default -> "regular file";
        };
    }
}
