package org.jlustre.tools.target;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jlustre.common.Errno;
import org.jlustre.target.LrReader;
import org.jlustre.tools.llog.ByteOutputCommand;
import picocli.CommandLine.Command;

/**
 * {@code jlustre lr_reader [-c] [-r] -C LAST_RCVD [-R REPLY_DATA]}: prints a target's
 * {@code last_rcvd} and {@code reply_data} as Lustre's {@code lr_reader} does, through
 * {@link LrReader}. Options are parsed as getopt_long parses {@code "hcrC:R:"} with
 * {@code --client}, {@code --reply}, {@code --last_rcvd=FILE}, {@code --reply_data=FILE} and
 * {@code --help}; a bad option or a missing file prints lr_reader's usage and exits 255
 * ({@code return -1}). lr_reader's device form ({@code debugfs -R dump} on an ldiskfs device)
 * has no counterpart: copy the files out of a running target with {@code jlustre osd dump}.
 */
@Command(name = "lr_reader", description = {"Print last_rcvd and reply_data as Lustre's lr_reader does.",
    "Usage: lr_reader [-c] [-r] -C <last_rcvd_file> [-R <reply_data_file>]"})
public final class LrReaderCommand extends ByteOutputCommand {

    /** The command printing to the command line's writers. */
    public LrReaderCommand() {
        this(null, null);
    }

    /** The command printing its bytes unchanged to {@code stdout} and {@code stderr}. */
    public LrReaderCommand(OutputStream stdout, OutputStream stderr) {
        super(stdout, stderr);
    }

    @Override
    public Integer call() {
        List<String> args = args(); // parsed here as getopt parses them
        boolean client = false;
        boolean reply = false;
        String fileClient = null;
        String fileReply = null;
        List<String> operands = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--")) {
                operands.addAll(args.subList(i + 1, args.size()));
                break;
            }
            if (a.startsWith("--")) {
                String name = a.substring(2);
                String value = null;
                int eq = name.indexOf('=');
                if (eq >= 0) {
                    value = name.substring(eq + 1);
                    name = name.substring(0, eq);
                }
                if (value != null && (name.equals("client") || name.equals("reply") || name.equals("help"))) {
                    return usage("option '--" + name + "' doesn't allow an argument");
                }
                switch (name) {
                    case "client" -> client = true;
                    case "reply" -> reply = true;
                    case "help" -> {
                        return usage(null);
                    }
                    case "last_rcvd", "reply_data" -> {
                        if (value == null) {
                            if (i + 1 >= args.size()) {
                                return usage("option '--" + name + "' requires an argument");
                            }
                            value = args.get(++i);
                        }
                        if (name.equals("last_rcvd")) {
                            fileClient = value;
                        } else {
                            fileReply = value;
                        }
                    }
                    default -> {
                        return usage("unrecognized option '" + a + "'");
                    }
                }
                continue;
            }
            if (!a.startsWith("-") || a.equals("-")) {
                operands.add(a);
                continue;
            }
            for (int j = 1; j < a.length(); j++) {
                char c = a.charAt(j);
                if (c == 'c') {
                    client = true;
                } else if (c == 'r') {
                    reply = true;
                } else if (c == 'C' || c == 'R') {
                    String value;
                    if (j + 1 < a.length()) {
                        value = a.substring(j + 1);
                    } else if (i + 1 < args.size()) {
                        value = args.get(++i);
                    } else {
                        return usage("option requires an argument -- '" + c + "'");
                    }
                    if (c == 'C') {
                        fileClient = value;
                    } else {
                        fileReply = value;
                    }
                    break;
                } else if (c == 'h') {
                    return usage(null);
                } else {
                    return usage("invalid option -- '" + c + "'");
                }
            }
        }
        // lr_reader needs a device unless the files it will read were all given
        boolean needDev = !((fileReply != null && fileClient != null) || (!reply && fileClient != null)
                || (!client && reply && fileReply != null));
        if (needDev) {
            if (operands.isEmpty()) {
                return usage(null);
            }
            PrintWriter err = spec().commandLine().getErr();
            err.println("lr_reader: reading " + operands.getFirst() + " needs debugfs on an ldiskfs device; copy "
                    + "the files out of a running target with 'jlustre osd dump' and give them with -C and -R");
            err.flush();
            return Errno.EINVAL.value();
        }
        Path c;
        Path r;
        try {
            c = fileClient == null ? null : Path.of(fileClient);
            r = fileReply == null ? null : Path.of(fileReply);
        } catch (InvalidPathException e) {
            spec().commandLine().getErr().println("lr_reader: Can't open last_rcvd: " + e.getMessage());
            spec().commandLine().getErr().flush();
            return Errno.ENOENT.value();
        }
        OutputStream out = stdout();
        OutputStream err = stderr();
        int rc = new LrReader(out, err).run(c, client, r, reply);
        try {
            out.flush();
            err.flush();
        } catch (IOException e) {
            return Errno.EIO.value();
        }
        return rc;
    }

    /**
     * lr_reader's {@code display_usage} on stdout, after getopt's complaint on stderr when there
     * is one, and its status.
     */
    private int usage(String getoptComplaint) {
        if (getoptComplaint != null) {
            spec().commandLine().getErr().print("lr_reader: " + getoptComplaint + "\n");
            spec().commandLine().getErr().flush();
        }
        PrintWriter out = spec().commandLine().getOut();
        out.print("Usage: lr_reader [OPTIONS] devicename\n"
                + "Usage: lr_reader [OPTIONS] -C <last_rcvd_file> -R <reply_data_file>\n"
                + "Read and print the last_rcvd/reply_data file from a device\n"
                + "(safe for mounted devices) or from a file\n"
                + "\t-c, --client, display client information\n"
                + "\t-h, --help,   display this help and exit\n"
                + "\t-r, --reply,  display reply data information\n"
                + "\t-C FILE, --last_rcvd=FILE, specify FILE as input for client information\n"
                + "\t-R FILE, --reply_data=FILE, specify FILE as input for reply information\n");
        out.flush();
        return USAGE_STATUS; // lr_reader's return -1
    }
}
