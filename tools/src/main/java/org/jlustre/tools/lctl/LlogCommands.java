package org.jlustre.tools.lctl;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.jlustre.common.Errno;
import org.jlustre.common.Libcfs;
import org.jlustre.common.LustreException;
import org.jlustre.llog.Llog;
import org.jlustre.llog.LlogBackup;
import org.jlustre.llog.LlogContext;
import org.jlustre.llog.LlogHandle;
import org.jlustre.mgs.Mgs;
import org.jlustre.obdclass.ConfigYaml;
import org.jlustre.obdclass.Obdclass;
import org.jlustre.wire.llog.LlogFlags;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * lctl's llog commands on the config logs of the selected device (lustre/utils/obd.c
 * {@code jt_llog_*}, lustre/obdclass/llog_ioctl.c): {@code llog_catlist}, {@code llog_info},
 * {@code llog_print}, {@code llog_cancel} and ours, {@code llog_dump} (the log's bytes to a
 * file, for {@code llog_reader}).
 */
final class LlogCommands {

    private LlogCommands() {
    }

    /** The shared plumbing: the node, the device selection, error printing. */
    abstract static class Base implements Callable<Integer> {
        final Libcfs libcfs;
        final ConfigDevices.Selection sel;

        @Spec
        CommandSpec spec;

        Base(Libcfs libcfs, ConfigDevices.Selection sel) {
            this.libcfs = libcfs;
            this.sel = sel;
        }

        abstract void run(PrintWriter out) throws LustreException;

        /** The status of running on a server's control socket, or null to run here: llog commands are refused there. */
        Integer remote() {
            return RemoteLctl.refuse(spec, sel);
        }

        @Override
        public Integer call() {
            Integer remote = remote();
            if (remote != null) {
                sel.close();
                return remote;
            }
            PrintWriter out = spec.commandLine().getOut();
            try {
                run(out);
                return 0;
            } catch (LustreException e) {
                return Lctl.fail(spec.commandLine(), spec.name(), e);
            } finally {
                out.flush();
                sel.close(); // the MGC --mgsnode started lives for one command
            }
        }
    }

    /** {@code llog_catlist}: {@code config_log: NAME} for each config log ({@code mgs_list_logs}). */
    @Command(name = "llog_catlist", mixinStandardHelpOptions = true, description = "List the config logs.")
    static final class Catlist extends Base {
        Catlist(Libcfs libcfs, ConfigDevices.Selection sel) {
            super(libcfs, sel);
        }

        @Override
        void run(PrintWriter out) throws LustreException {
            Mgs mgs = ConfigDevices.mgs(libcfs, sel);
            for (String log : mgs.listLogs()) {
                if (log.contains("-")) {
                    out.println("config_log: " + log);
                }
            }
        }
    }

    /** {@code llog_info LOG}: id, flags, record count and last index ({@code llog_check_cb}'s info). */
    @Command(name = "llog_info", mixinStandardHelpOptions = true, description = "Show a log's header.")
    static final class Info extends Base {
        @Parameters(index = "0", paramLabel = "LOG", description = "The log's name.")
        String log;

        Info(Libcfs libcfs, ConfigDevices.Selection sel) {
            super(libcfs, sel);
        }

        @Override
        void run(PrintWriter out) throws LustreException {
            LlogContext ctx = ConfigDevices.context(libcfs, sel);
            try (LlogHandle h = ctx.open(log, Llog.OpenMode.EXISTS)) {
                h.init(0, null);
                int flags = h.header().flags();
                String kind = (flags & LlogFlags.IS_CAT) != 0 ? "cat" : (flags & LlogFlags.IS_PLAIN) != 0 ? "plain"
                        : "unknown";
                out.println("logid:            " + h.fid());
                out.println("flags:            " + Integer.toHexString(flags) + " (" + kind + ")");
                out.println("records_count:    " + (h.count() - 1));
                out.println("last_index:       " + h.lastIndex());
            }
        }
    }

    /** {@code llog_print LOG [START [END]]}: the live records of a config log as lctl prints them. */
    @Command(name = "llog_print", mixinStandardHelpOptions = true, description = "Print a config log's records.")
    static final class Print extends Base {
        @Parameters(index = "0", paramLabel = "LOG", description = "The log's name.")
        String log;

        @Parameters(index = "1", arity = "0..1", paramLabel = "START", description = "First index (default 1).")
        Integer start;

        @Parameters(index = "2", arity = "0..1", paramLabel = "END", description = "Last index (default: the end).")
        Integer end;

        Print(Libcfs libcfs, ConfigDevices.Selection sel) {
            super(libcfs, sel);
        }

        @Override
        void run(PrintWriter out) throws LustreException {
            int from = start == null ? 1 : start;
            int to = end == null ? Integer.MAX_VALUE : end;
            if (from < 1 || to < from) {
                throw new LustreException(Errno.EINVAL, "bad index range " + from + ".." + to);
            }
            LlogContext ctx = ConfigDevices.context(libcfs, sel);
            ConfigYaml yaml = new ConfigYaml();
            try (LlogHandle h = ctx.open(log, Llog.OpenMode.EXISTS)) {
                h.init(LlogFlags.IS_PLAIN, null);
                int rc = h.process((llh, rec) -> {
                    String line = yaml.line(rec.index(), rec.type(), rec.len(), rec.bytes());
                    if (line != null && rec.index() >= from && rec.index() <= to) {
                        out.println(line);
                    }
                    return 0;
                });
                if (rc < 0) {
                    throw new LustreException(Errno.of(rc), "processing " + log + " failed");
                }
            }
        }
    }

    /** {@code --device MGS llog_cancel LOG --log_idx N}: cancels one record. */
    @Command(name = "llog_cancel", mixinStandardHelpOptions = true, description = "Cancel a record of a config log.")
    static final class Cancel extends Base {
        @Parameters(index = "0", paramLabel = "LOG", description = "The log's name.")
        String log;

        @Parameters(index = "1", arity = "0..1", paramLabel = "INDEX", description = "The record index (old syntax).")
        Integer positional;

        @Option(names = "--log_idx", paramLabel = "INDEX", description = "The record index.")
        Integer index;

        Cancel(Libcfs libcfs, ConfigDevices.Selection sel) {
            super(libcfs, sel);
        }

        @Override
        void run(PrintWriter out) throws LustreException {
            Integer idx = index != null ? index : positional;
            if (idx == null) {
                throw new LustreException(Errno.EINVAL, "llog_cancel " + log + ": no --log_idx");
            }
            ConfigDevices.mgs(libcfs, sel).cancelRecord(log, idx);
            out.println("index " + idx + " was canceled.");
        }
    }

    /** {@code --device MGS llog_dump LOG FILE}: the log's bytes, for {@code jlustre llog_reader FILE}. */
    @Command(name = "llog_dump", mixinStandardHelpOptions = true,
            description = "Write a config log's bytes to a file (read it with llog_reader).")
    static final class Dump extends Base {
        @Parameters(index = "0", paramLabel = "LOG", description = "The log's name.")
        String log;

        @Parameters(index = "1", paramLabel = "FILE", description = "Where to write it.")
        Path file;

        Dump(Libcfs libcfs, ConfigDevices.Selection sel) {
            super(libcfs, sel);
        }

        @Override
        void run(PrintWriter out) throws LustreException {
            byte[] b = LlogBackup.bytes(ConfigDevices.context(libcfs, sel), log);
            try {
                Files.write(file, b);
            } catch (IOException e) {
                throw new LustreException(Errno.EIO, "writing " + file + ": " + e.getMessage());
            }
            out.println("dumped " + log + " (" + b.length + " bytes) to " + file);
        }
    }

    /** {@code conf_param FSNAME[-TARGET].PARAM=VALUE}: a permanent setting through the MGS. */
    @Command(name = "conf_param", mixinStandardHelpOptions = true,
            description = "Set a permanent parameter for a filesystem or target (on the MGS node).")
    static final class ConfParam extends Base {
        @Parameters(index = "0", paramLabel = "FS.PARAM=VALUE", description = "e.g. lustre.sys.timeout=40.")
        String setting;

        ConfParam(Libcfs libcfs, ConfigDevices.Selection sel) {
            super(libcfs, sel);
        }

        @Override
        void run(PrintWriter out) throws LustreException {
            var d = ConfigDevices.device(libcfs, sel);
            Mgs mgs = d.impl(Mgs.class);
            if (mgs != null) {
                mgs.confParam(setting);
                return;
            }
            org.jlustre.mgc.Mgc mgc = d.impl(org.jlustre.mgc.Mgc.class);
            if (mgc == null) {
                throw new LustreException(Errno.EINVAL, "device " + d.name() + " is neither an MGS nor an MGC");
            }
            mgc.setInfo(setting);
        }
    }

    /** {@code dl}: the device table ({@code lctl device_list}). */
    @Command(name = "dl", aliases = "device_list", mixinStandardHelpOptions = true, description = "List the devices.")
    static final class DeviceList extends Base {
        DeviceList(Libcfs libcfs, ConfigDevices.Selection sel) {
            super(libcfs, sel);
        }

        @Override
        Integer remote() {
            return RemoteLctl.forward(spec, sel);
        }

        @Override
        void run(PrintWriter out) {
            out.print(Obdclass.of(libcfs).devices().dl());
        }
    }
}
