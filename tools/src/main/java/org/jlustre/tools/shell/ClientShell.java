package org.jlustre.tools.shell;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import org.jlustre.client.DirEntry;
import org.jlustre.client.FileAttr;
import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;
import org.jlustre.common.Utf8;
import org.jlustre.tools.lfs.Lfs;
import org.jlustre.tools.lfs.Mounted;

/**
 * The llmount shell: commands over the Java client API, for where no FUSE mount can be made (or
 * beside one). It reads one command a line until the input ends or {@code exit}, so it works as
 * well from a terminal (with a prompt) as from a pipe or a file: {@code ls}, {@code stat},
 * {@code cd}, {@code pwd}, {@code mkdir}, {@code put}, {@code get}, {@code cat}, {@code write},
 * {@code rm}, {@code rmdir}, {@code mv}, {@code ln -s}, {@code df} and {@code lfs ...}. Paths are
 * the filesystem's own ({@code /} its root), relative ones from the working directory. A failing command prints
 * {@code COMMAND: PATH: STRERROR} and the shell goes on; {@link #run} returns the status of the
 * last command.
 */
public final class ClientShell {

    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean prompt;
    private Mounted fs;
    private int status;

    /**
     * A shell on {@code fs}, printing to {@code out} and {@code err}, with a prompt before each
     * command when {@code prompt} (a terminal).
     */
    public ClientShell(Mounted fs, PrintWriter out, PrintWriter err, boolean prompt) {
        this.fs = fs;
        this.out = out;
        this.err = err;
        this.prompt = prompt;
    }

    /** Runs commands from {@code in} until it ends or {@code exit}; returns the last command's status. */
    public int run(BufferedReader in) throws IOException {
        while (true) {
            if (prompt) {
                out.print(fs.client().fsname() + ":" + fs.cwd() + "> ");
                out.flush();
            }
            String line = in.readLine();
            if (line == null) {
                return status;
            }
            List<String> words;
            try {
                words = Words.split(line);
            } catch (LustreException e) {
                status = fail("shell", e);
                continue;
            }
            if (words.isEmpty()) {
                continue;
            }
            if (words.getFirst().equals("exit") || words.getFirst().equals("quit")) {
                return status;
            }
            status = execute(words);
            out.flush();
            err.flush();
        }
    }

    /** Runs one command; returns its status (0, or an errno). */
    public int execute(List<String> words) {
        String command = words.getFirst();
        List<String> args = words.subList(1, words.size());
        try {
            return switch (command) {
                case "help" -> help();
                case "pwd" -> pwd();
                case "cd" -> cd(args);
                case "ls" -> ls(args);
                case "stat" -> each(command, args, this::stat);
                case "mkdir" -> each(command, args, p -> {
                    Mounted.Named n = fs.named(p);
                    Mounted.await(fs.client().mkdir(fs.cred(), n.parent().fid(), n.name(), 0777));
                });
                case "rm" -> each(command, args, p -> {
                    Mounted.Named n = fs.named(p);
                    Mounted.await(fs.client().unlink(fs.cred(), n.parent().fid(), n.name()));
                });
                case "rmdir" -> each(command, args, p -> {
                    Mounted.Named n = fs.named(p);
                    Mounted.await(fs.client().rmdir(fs.cred(), n.parent().fid(), n.name()));
                });
                case "cat" -> each(command, args, p -> FileCopy.toStream(fs, p, out));
                case "put" -> two(command, args, true, (local, remote) -> FileCopy.put(fs, local, remote));
                case "get" -> two(command, args, true, (remote, local) -> FileCopy.get(fs, remote, local));
                case "write" -> write(args);
                case "mv" -> two(command, args, false, this::rename);
                case "ln" -> ln(args);
                case "df" -> lfs(List.of("df"));
                case "lfs" -> lfs(args);
                default -> fail(command, new LustreException(Errno.EINVAL, "unknown command (try help)"));
            };
        } catch (LustreException e) {
            return fail(command, e);
        }
    }

    /** An action on one path. */
    @FunctionalInterface
    private interface OnPath {
        void on(String path) throws LustreException;
    }

    /** An action on two names. */
    @FunctionalInterface
    private interface OnTwo {
        void on(String a, String b) throws LustreException;
    }

    /** Runs {@code action} on each path, reporting each failure; the status is the last failure's. */
    private int each(String command, List<String> paths, OnPath action) throws LustreException {
        if (paths.isEmpty()) {
            throw new LustreException(Errno.EINVAL, "needs a path");
        }
        int rc = 0;
        for (String p : paths) {
            try {
                action.on(p);
            } catch (LustreException e) {
                rc = fail(command, new LustreException(e.errno(), p + ": " + e.getMessage()));
            }
        }
        return rc;
    }

    /** Runs {@code action} on two names ({@code optionalSecond}: the second defaults to the first's last name). */
    private int two(String command, List<String> args, boolean optionalSecond, OnTwo action) throws LustreException {
        if (args.size() != 2 && !(optionalSecond && args.size() == 1)) {
            throw new LustreException(Errno.EINVAL, "takes " + (optionalSecond ? "one or two" : "two") + " names");
        }
        String first = args.getFirst();
        action.on(first, args.size() == 2 ? args.get(1) : first.substring(first.lastIndexOf('/') + 1));
        return 0;
    }

    private int help() {
        out.println("""
                ls [-l] [PATH]          list a directory (-l: mode, links, owner, size, name)
                stat PATH...            a file's attributes and FID
                cd [PATH], pwd          the working directory (cd alone: the root)
                mkdir PATH...           make directories
                put LOCAL [PATH]        copy a local file in
                get PATH [LOCAL]        copy a file out
                cat PATH...             print files
                write PATH TEXT...      write TEXT and a newline into PATH (created or truncated)
                rm PATH..., rmdir PATH... remove files, empty directories
                mv FROM TO              rename
                ln -s TARGET PATH       a symbolic link
                df                      lfs df
                lfs COMMAND ...         getstripe, setstripe, mkdir -i, path2fid, fid2path, df, find
                exit                    leave (as does the end of the input)""");
        return 0;
    }

    private int pwd() {
        out.println(fs.cwd());
        return 0;
    }

    private int cd(List<String> args) throws LustreException {
        String target = args.isEmpty() ? fs.shown("/") : args.getFirst();
        FileAttr a = fs.stat(target);
        if (!a.isDirectory()) {
            throw new LustreException(Errno.ENOTDIR, target + ": not a directory");
        }
        fs = fs.withCwd(fs.shown(fs.inside(target)));
        return 0;
    }

    private int ls(List<String> args) throws LustreException {
        boolean longForm = !args.isEmpty() && args.getFirst().equals("-l");
        List<String> paths = longForm ? args.subList(1, args.size()) : args;
        String path = paths.isEmpty() ? fs.cwd() : paths.getFirst();
        FileAttr a = fs.stat(path);
        if (!a.isDirectory()) {
            out.println(longForm ? longLine(a, path) : path);
            return 0;
        }
        for (DirEntry e : Mounted.await(fs.client().readdirAll(fs.cred(), a.fid()))) {
            String name = Utf8.decode(e.name());
            if (name.equals(".") || name.equals("..")) {
                continue;
            }
            out.println(longForm ? longLine(Mounted.await(fs.client().stat(fs.cred(), e.fid())), name) : name);
        }
        return 0;
    }

    /** {@code ls -l}'s line: mode, links, owner, group, size, name. */
    private static String longLine(FileAttr a, String name) {
        return String.format(Locale.ROOT, "%s %3d %5d %5d %10d %s", Modes.text(a.mode()), a.nlink(), a.uid(), a.gid(),
                a.size(), name);
    }

    private void stat(String path) throws LustreException {
        FileAttr a = fs.stat(path);
        out.printf(Locale.ROOT, "  File: %s%n  Size: %d  Blocks: %d  Links: %d  Type: %s%n"
                + "Access: (%04o/%s)  Uid: %d  Gid: %d%n   FID: %s%nAccess: %d  Modify: %d  Change: %d%n",
                path, a.size(), a.blocks(), a.nlink(), Modes.typeName(a.mode()), a.permissions(), Modes.text(a.mode()),
                a.uid(), a.gid(), a.fid(), a.atime(), a.mtime(), a.ctime());
    }

    private int write(List<String> args) throws LustreException {
        if (args.isEmpty()) {
            throw new LustreException(Errno.EINVAL, "needs a path");
        }
        String text = String.join(" ", args.subList(1, args.size())) + "\n";
        FileCopy.write(fs, args.getFirst(), Utf8.encode(text));
        return 0;
    }

    private void rename(String from, String to) throws LustreException {
        Mounted.Named a = fs.named(from);
        Mounted.Named b = fs.named(to);
        Mounted.await(fs.client().rename(fs.cred(), a.parent().fid(), a.name(), b.parent().fid(), b.name(), 0));
    }

    private int ln(List<String> args) throws LustreException {
        if (args.size() != 3 || !args.getFirst().equals("-s")) {
            throw new LustreException(Errno.EINVAL, "usage: ln -s TARGET PATH");
        }
        Mounted.Named n = fs.named(args.get(2));
        Mounted.await(fs.client().symlink(fs.cred(), n.parent().fid(), n.name(), Utf8.encode(args.get(1))));
        return 0;
    }

    private int lfs(List<String> args) {
        return Lfs.run(fs, args, out, err);
    }

    private int fail(String command, LustreException e) {
        err.println(command + ": " + e.getMessage() + ": " + e.errno().message());
        err.flush();
        return e.errno().value();
    }
}
