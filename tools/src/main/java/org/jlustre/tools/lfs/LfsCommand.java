package org.jlustre.tools.lfs;

import org.jlustre.tools.Closeables;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jlustre.client.LustreClient;
import org.jlustre.client.MountOptions;
import org.jlustre.common.Errno;
import org.jlustre.common.Libcfs;
import org.jlustre.common.LustreException;
import org.jlustre.common.Nid;
import org.jlustre.lnet.Lnet;
import org.jlustre.lnet.socklnd.Socklnd;
import org.jlustre.lnet.socklnd.SocklndConfig;
import org.jlustre.ptlrpc.Ptlrpc;
import org.jlustre.tools.control.ControlClient;
import org.jlustre.tools.control.ControlDirectory;
import org.jlustre.tools.control.ControlProtocol;
import org.jlustre.tools.control.ControlSettings;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * {@code jlustre lfs}: lfs from the command line. A filesystem is not a kernel mount here, so lfs
 * reaches it one of two ways:
 * <ul>
 * <li>by path (the default): the client mounted by an {@code llmount} (or a {@code jlustre
 *     mount}) on this host whose mount point holds the paths given (or the working directory)
 *     runs the command, through its control socket ({@code lfs CWD WORD...}); its
 *     {@code info} names the mount point. This works whether or not FUSE mounted it there.
 * <li>with {@code --mgsnode NID[:PORT]}: a client mounted in this process for the one command,
 *     over TCP; paths are then the filesystem's own, from its root ({@code /dir/file}).
 * </ul>
 */
@Command(name = "lfs", mixinStandardHelpOptions = true,
        description = {"Layouts, FIDs and space of a Lustre filesystem: of the llmount (or jlustre mount) client "
                + "whose mount point holds the paths, or with --mgsnode of a client mounted for the command."})
public final class LfsCommand {

    private final Libcfs libcfs;
    private final ControlSettings control;

    @Option(names = "--mgsnode", paramLabel = "NID[:PORT]", description = "Mount a client of the filesystem at this "
            + "MGS for the command (paths from the filesystem's root).")
    private String mgsnode;

    @Option(names = "--fsname", defaultValue = "lustre", description = "With --mgsnode: the filesystem (default "
            + "${DEFAULT-VALUE}).")
    private String fsname;

    @Option(names = "--nid", defaultValue = "127.0.0.254@tcp", description = "With --mgsnode: this process's NID "
            + "(default ${DEFAULT-VALUE}).")
    private String nid;

    @Option(names = "--control-dir", paramLabel = "DIR", description = "Where the clients' control sockets are "
            + "(default $JLUSTRE_CONTROL_DIR, else $XDG_RUNTIME_DIR/jlustre, else <tmpdir>/jlustre-<user>).")
    private Path controlDir;

    /** The options that take a value, which come before the lfs command's own words. */
    private static final List<String> VALUED = List.of("--mgsnode", "--fsname", "--nid", "--control-dir");

    private LfsCommand(Libcfs libcfs, ControlSettings control) {
        this.libcfs = libcfs;
        this.control = control;
    }

    /** {@code jlustre lfs}: its mounts on {@code libcfs}, control sockets where {@code control} says. */
    public static CommandLine commandLine(Libcfs libcfs, ControlSettings control) {
        LfsCommand top = new LfsCommand(libcfs, control);
        return Lfs.commandLine(top, top::run);
    }

    /** Runs a command on a client mounted for it ({@code --mgsnode}), else where its paths are. */
    private int run(CommandSpec spec, MountedSource.Body body) throws LustreException {
        if (mgsnode == null) {
            return forward(spec);
        }
        List<AutoCloseable> opened = new ArrayList<>();
        try {
            return body.run(mountHere(opened));
        } finally {
            Closeables.closeAll(opened);
        }
    }

    /** A client mounted over TCP for this command ({@code --mgsnode}); {@code opened} gets what to close. */
    private Mounted mountHere(List<AutoCloseable> opened) throws LustreException {
        int colon = mgsnode.lastIndexOf(':');
        Nid mgs = Nid.parse(colon > 0 ? mgsnode.substring(0, colon) : mgsnode);
        int port;
        try {
            port = colon > 0 ? Integer.parseInt(mgsnode.substring(colon + 1)) : 988;
        } catch (NumberFormatException e) {
            throw new LustreException(Errno.EINVAL, "--mgsnode '" + mgsnode + "': bad port");
        }
        Lnet lnet = Lnet.create(libcfs);
        opened.add(lnet);
        lnet.addNi(Socklnd.tcp(SocklndConfig.of(Nid.parse(nid)).withListen(false).withPeerPort(n -> port)));
        Ptlrpc rpc = Ptlrpc.start(lnet);
        opened.add(rpc);
        LustreClient client = LustreClient.mount(rpc, MountOptions.of(fsname, List.of(mgs))
                .withTimeout(Duration.ofSeconds(10)));
        opened.add(client);
        return new Mounted(client, Creds.ofThisProcess(), "", "/");
    }

    /**
     * Sends the command {@code spec} parsed, as it was typed from its name on, to the client
     * whose mount point holds its paths; returns its status, its output copied here.
     */
    private int forward(CommandSpec spec) throws LustreException {
        List<String> args = spec.commandLine().getParseResult().originalArgs();
        Set<String> names = new HashSet<>(List.of(spec.aliases()));
        names.add(spec.name());
        int at = 0;
        while (at < args.size() && !names.contains(args.get(at))) {
            at += VALUED.contains(args.get(at)) ? 2 : 1;
        }
        List<String> words = args.subList(Math.min(at, args.size()), args.size());
        String cwd = Path.of("").toAbsolutePath().toString();
        List<String> request = new ArrayList<>(List.of(ControlProtocol.LFS, cwd));
        request.addAll(words);
        return ControlClient.call(clientFor(words, cwd), request, spec.commandLine().getOut(),
                spec.commandLine().getErr());
    }

    /**
     * The control socket of the client whose mount point holds one of the paths among
     * {@code words} (or {@code cwd}); with none, the only client, or a client of the
     * filesystem named by {@code fid2path}.
     */
    private Path clientFor(List<String> words, String cwd) throws LustreException {
        ControlDirectory dir = controlDir != null ? ControlDirectory.at(controlDir) : control.directory();
        Map<Path, Map<String, String>> clients = new LinkedHashMap<>();
        for (ControlDirectory.Server s : dir.servers()) {
            Map<String, String> info = ControlClient.info(s.socket());
            if (info.containsKey("mount")) {
                clients.put(s.socket(), info);
            }
        }
        List<String> candidates = new ArrayList<>();
        for (String w : words.subList(Math.min(1, words.size()), words.size())) {
            if (!w.startsWith("-")) {
                candidates.add(Mounted.normalize(w.startsWith("/") ? w : cwd + "/" + w));
            }
        }
        candidates.add(Mounted.normalize(cwd));
        for (String c : candidates) {
            for (var e : clients.entrySet()) {
                String m = e.getValue().get("mount");
                if (c.equals(m) || c.startsWith(m + "/")) {
                    return e.getKey();
                }
            }
        }
        for (var e : clients.entrySet()) {
            if (words.contains(e.getValue().get("fsname"))) {
                return e.getKey();
            }
        }
        if (clients.size() == 1) {
            return clients.keySet().iterator().next();
        }
        throw new LustreException(Errno.ENODEV, "no jlustre client mounted at " + String.join(" or ", candidates)
                + " (clients: " + (clients.isEmpty() ? "none" : String.join(", ", clients.values().stream()
                        .map(i -> i.get("mount")).toList())) + " in " + dir.path() + "); start ./jlustre llmount, or "
                + "give --mgsnode NID[:PORT] with paths from the filesystem's root");
    }
}
