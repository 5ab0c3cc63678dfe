package org.jlustre.tools.llmount;

import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import org.jlustre.client.LustreClient;
import org.jlustre.common.Errno;
import org.jlustre.tools.control.ControlServer;
import org.jlustre.tools.lfs.Creds;
import org.jlustre.tools.lfs.Lfs;
import org.jlustre.tools.lfs.Mounted;

/**
 * What the control socket of an {@code llmount} runs ({@code llmount-FSNAME} in the control
 * directory, listed by {@code lctl servers} and found by {@code llmountcleanup}): lctl on the
 * MGS's node, {@code osd dump} and {@code osd export} on the node of the target named, lfs on
 * its client (for {@code jlustre lfs PATH} under its mount point), and who it is: {@code info}
 * lines {@code name}, {@code pid}, {@code targets} (every target), {@code mount} (where the
 * client is mounted, or would be without FUSE: lfs maps paths under it all the same) and
 * {@code fsname}.
 */
final class LlmountControl implements ControlServer.Node {

    /** The prefix of an llmount's control socket name, before the filesystem name. */
    static final String PREFIX = "llmount-";

    private final Servers servers;
    private final LustreClient client;
    private final String mountpoint;

    LlmountControl(Servers servers, LustreClient client, String mountpoint) {
        this.servers = servers;
        this.client = client;
        this.mountpoint = mountpoint;
    }

    /** The socket name of the llmount of {@code fsname}. */
    static String name(String fsname) {
        return PREFIX + fsname;
    }

    @Override
    public int lctl(List<String> words, PrintWriter out, PrintWriter err) {
        return servers.members().getFirst().node().lctl(words, out, err);
    }

    @Override
    public int dump(String target, String name, OutputStream data, PrintWriter err) {
        Member m = member(target, err);
        return m == null ? Errno.ENODEV.value() : m.node().dump(target, name, data, err);
    }

    @Override
    public int export(String target, Path dir, PrintWriter out, PrintWriter err) {
        Member m = member(target, err);
        return m == null ? Errno.ENODEV.value() : m.node().export(target, dir, out, err);
    }

    /** The member running {@code target}, or null with the error printed. */
    private Member member(String target, PrintWriter err) {
        for (Member m : servers.members()) {
            if (target.equals(m.target()) || target.equals(m.target() + "-osd")) {
                return m;
            }
        }
        err.println("error: llmount: no target '" + target + "' (targets: " + targets() + ")");
        return null;
    }

    private String targets() {
        return String.join(",", servers.members().stream().map(Member::target).toList());
    }

    @Override
    public int lfs(String cwd, List<String> words, PrintWriter out, PrintWriter err) {
        return Lfs.run(new Mounted(client, Creds.ofThisProcess(), mountpoint, cwd), words, out, err);
    }

    @Override
    public List<String> info() {
        return List.of("name " + name(servers.fsname()), "pid " + ProcessHandle.current().pid(), "targets " + targets(),
                "mount " + mountpoint, "fsname " + servers.fsname());
    }
}
