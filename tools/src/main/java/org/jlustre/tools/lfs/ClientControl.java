package org.jlustre.tools.lfs;

import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import org.jlustre.client.LustreClient;
import org.jlustre.common.Errno;
import org.jlustre.common.Libcfs;
import org.jlustre.tools.control.ControlServer;
import org.jlustre.tools.lctl.Lctl;

/**
 * The control socket of a process that mounts a client (a {@code jlustre mount}): lfs on its
 * client for {@code jlustre lfs PATH} run anywhere on this host, lctl on its node, and who it is
 * ({@code info}: {@code name}, {@code pid}, {@code mount} and {@code fsname} lines, by which
 * lfs finds the client of a path). A client has no OSD: dump and export are ENODEV.
 */
public final class ClientControl implements ControlServer.Node {

    private final String name;
    private final Libcfs libcfs;
    private final LustreClient client;
    private final String mountpoint;

    /**
     * @param name the socket's name, for {@code info}
     * @param libcfs the client node's context, where lctl runs
     * @param client the mounted client
     * @param mountpoint where it is mounted (absolute)
     */
    public ClientControl(String name, Libcfs libcfs, LustreClient client, String mountpoint) {
        this.name = name;
        this.libcfs = libcfs;
        this.client = client;
        this.mountpoint = mountpoint;
    }

    @Override
    public int lctl(List<String> words, PrintWriter out, PrintWriter err) {
        return Lctl.commandLine(libcfs).setOut(out).setErr(err).execute(words.toArray(String[]::new));
    }

    @Override
    public int dump(String target, String object, OutputStream data, PrintWriter err) {
        err.println("error: osd dump: a client has no OSD; ask the server of " + target);
        return Errno.ENODEV.value();
    }

    @Override
    public int export(String target, Path dir, PrintWriter out, PrintWriter err) {
        err.println("error: osd export: a client has no OSD; ask the server of " + target);
        return Errno.ENODEV.value();
    }

    @Override
    public int lfs(String cwd, List<String> words, PrintWriter out, PrintWriter err) {
        return Lfs.run(new Mounted(client, Creds.ofThisProcess(), mountpoint, cwd), words, out, err);
    }

    @Override
    public List<String> info() {
        return List.of("name " + name, "pid " + ProcessHandle.current().pid(), "mount " + mountpoint,
                "fsname " + client.fsname());
    }
}
