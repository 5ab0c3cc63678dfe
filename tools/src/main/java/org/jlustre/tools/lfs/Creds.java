package org.jlustre.tools.lfs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jlustre.mdc.MdcCred;

/**
 * The credentials the tools' client calls carry: this process's user and group (the owner of
 * {@code /proc/self}), root's capabilities when it is root, and the usual umask 022.
 */
public final class Creds {

    /** The umask files and directories are made with. */
    static final int UMASK = 022;

    private Creds() {
    }

    /** This process's credentials; root's when {@code /proc} cannot say. */
    public static MdcCred ofThisProcess() {
        try {
            int uid = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            int gid = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:gid");
            return (uid == 0 ? MdcCred.root() : MdcCred.user(uid, gid)).withUmask(UMASK);
        } catch (IOException | UnsupportedOperationException e) {
            return MdcCred.root().withUmask(UMASK);
        }
    }
}
