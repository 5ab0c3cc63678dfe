package org.jlustre.llog.reader;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jlustre.common.Errno;
import org.jlustre.wire.llog.LlogHeader;
import org.jlustre.wire.llog.LlogRecordHeader;

/**
 * Lustre's {@code llog_reader} (lustre/utils/llog_reader.c) in Java: reads an llog file as raw
 * bytes, with no OSD, and produces exactly what {@code llog_reader FILE} prints on stdout and
 * stderr, and its exit status. Its structure follows the C program's: {@link LlogScan}
 * ({@code llog_pack_buffer}), {@link #printHeader} ({@code print_llog_header}) and
 * {@link RecordPrinter} ({@code print_records}) with a printer per record family.
 *
 * <p>The output follows the llog_reader of current Lustre (2.15 and later: the "Flags:" line,
 * "fid=... path=..." for catalog entries, setattr, unlink and changelog-user records, the
 * "error: ..." checks), run on an x86-64 Linux host with glibc. It never throws on any input:
 * a damaged file gets llog_reader's complaints; where llog_reader would read outside its buffer
 * (undefined in C) the rules of {@link ReaderMemory} apply, and where it would crash the result
 * says so, with the output a line-buffered stdout would have kept.
 *
 * <p>Times print in {@code zone}, as {@code ctime} does with {@code TZ}; changelog dates are in
 * UTC whatever the zone, as llog_reader formats them with {@code gmtime_r}.
 */
public final class LlogReader {

    private static final Pattern POSIX_TZ = Pattern.compile("[A-Za-z]{3,}([+-]?)(\\d{1,2})(?::(\\d{2}))?");

    private final ZoneId zone;
    private final ObjectPaths paths;

    /** A reader printing times in {@code zone} and catalog entries' objects as {@code paths} names them. */
    public LlogReader(ZoneId zone, ObjectPaths paths) {
        if (zone == null || paths == null) {
            throw new IllegalArgumentException("zone " + zone + " and paths " + paths + " must both be given");
        }
        this.zone = zone;
        this.paths = paths;
    }

    /** A reader in the zone of the {@code TZ} environment variable (UTC when unset), with ldiskfs paths. */
    public static LlogReader defaults() {
        return new LlogReader(zoneFromTz(System.getenv("TZ")), ObjectPaths.LDISKFS);
    }

    /**
     * The zone a C program's {@code localtime} uses for a {@code TZ} value: UTC when unset or
     * empty; a zone name with or without glibc's leading ':'; a POSIX "NAMEoffset" such as
     * {@code EST5} (hours west of UTC); UTC for anything else, as glibc falls back to it.
     */
    public static ZoneId zoneFromTz(String tz) {
        if (tz == null || tz.isEmpty() || tz.equals(":")) {
            return ZoneOffset.UTC;
        }
        String name = tz.startsWith(":") ? tz.substring(1) : tz;
        try {
            return ZoneId.of(name);
        } catch (DateTimeException e) {
            Matcher m = POSIX_TZ.matcher(name);
            if (m.lookingAt()) {
                int hours = Integer.parseInt(m.group(2));
                int minutes = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
                int west = "-".equals(m.group(1)) ? -1 : 1;
                if (hours <= 18 && minutes < 60) {
                    return ZoneOffset.ofTotalSeconds(-west * (hours * 3600 + minutes * 60));
                }
            }
            return ZoneOffset.UTC;
        }
    }

    /** {@code llog_reader FILE} for the file at {@code file}, its output collected. */
    public LlogReaderResult read(Path file) {
        return read(file.toString());
    }

    /** {@code llog_reader FILE} with FILE as given on its command line, its output collected. */
    public LlogReaderResult read(String file) {
        return collect(out -> open(file, out));
    }

    /** {@code llog_reader} on a file holding {@code file}, its output collected. */
    public LlogReaderResult read(byte[] file) {
        return collect(out -> run(file, out));
    }

    /**
     * {@code llog_reader FILE}, streaming its output as it goes (a damaged file can make it print
     * a great deal), and returning the exit status a shell would see: 0, main's negative errno
     * modulo 256 (254 for a missing file), or 128 + the signal that would have killed it.
     *
     * @throws java.io.UncheckedIOException only when writing to {@code stdout} or {@code stderr} fails
     */
    public int run(String file, OutputStream stdout, OutputStream stderr) {
        return finish(new ReaderOutput(stdout, stderr), out -> open(file, out)).exitStatus();
    }

    /** llog_reader's {@code main} from some point on: returns its return code. */
    private interface Program {
        /** Runs, printing to {@code out}. */
        int main(ReaderOutput out);
    }

    /** How the process ended: the shell's status and the signal, if any. */
    private record Outcome(int exitStatus, int signal) {
    }

    /** Runs {@code program} with its output collected in memory. */
    private LlogReaderResult collect(Program program) {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        Outcome o = finish(new ReaderOutput(stdout, stderr), program);
        return new LlogReaderResult(stdout.toByteArray(), stderr.toByteArray(), o.exitStatus(), o.signal());
    }

    /** Runs {@code program} to its exit: stdio flushed on return, the partial line lost on a crash. */
    private static Outcome finish(ReaderOutput out, Program program) {
        try {
            int rc = program.main(out);
            out.exit();
            return new Outcome(rc & 0xff, 0);
        } catch (ProcessCrash crash) {
            out.crash();
            return new Outcome(128 + crash.signal(), crash.signal());
        }
    }

    /** llog_reader's {@code main} from {@code open}: what it says when the file cannot be opened or read. */
    private int open(String file, ReaderOutput out) {
        Path path;
        try {
            path = Path.of(file);
        } catch (InvalidPathException e) {
            return openFailed(out, file, Errno.ENOENT);
        }
        byte[] bytes;
        try {
            if (Files.isDirectory(path)) {
                return unreadable(out, Files.size(path));
            }
            if (Files.size(path) > Integer.MAX_VALUE - 2L * ReaderMemory.GUARD) {
                out.llapiError(-Errno.ENOMEM.value(), "Memory Alloc for file_buf.");
                return packFailed(out, -Errno.ENOMEM.value());
            }
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            return openFailed(out, file, Errno.ENOENT);
        } catch (AccessDeniedException e) {
            return openFailed(out, file, Errno.EACCES);
        } catch (NotDirectoryException e) {
            return openFailed(out, file, Errno.ENOTDIR);
        } catch (FileSystemException e) {
            return openFailed(out, file, "Not a directory".equals(e.getReason()) ? Errno.ENOTDIR : Errno.EIO);
        } catch (IOException e) {
            return openFailed(out, file, Errno.EIO);
        }
        return run(bytes, out);
    }

    /** llog_reader's {@code main} once the file is read: pack, then print the header and the records. */
    private int run(byte[] file, ReaderOutput out) {
        ReaderMemory mem = new ReaderMemory(file);
        LlogScan.Result r = LlogScan.scan(mem, out);
        if (r.rc() < 0) {
            return packFailed(out, r.rc());
        }
        if (r.header()) {
            printHeader(mem, out);
        }
        if (r.records() != null) {
            new RecordPrinter(mem, out, zone, paths).printAll(r.records());
        }
        return r.rc();
    }

    /** main's "Could not open the file" and its {@code -errno}. */
    private static int openFailed(ReaderOutput out, String file, Errno errno) {
        out.llapiError(-errno.value(), "Could not open the file " + file + ".");
        return -errno.value();
    }

    /** main's "Could not pack buffer." after llog_pack_buffer failed with {@code rc}. */
    private static int packFailed(ReaderOutput out, int rc) {
        out.llapiError(rc, "Could not pack buffer.");
        return rc;
    }

    /**
     * A directory: {@code open(O_RDONLY)} works and {@code fstat} gives its size, but nothing
     * can be read, and llog_reader reports the short read with {@code -EIO}.
     */
    private static int unreadable(ReaderOutput out, long size) {
        if (size < LlogScan.HEADER_STRUCT_SIZE) {
            out.llapiError(0, "File too small for llog header: want=" + LlogScan.HEADER_STRUCT_SIZE + " got=" + size);
        } else {
            out.llapiError(-Errno.EIO.value(), "Error reading llog header: need " + LlogScan.HEADER_STRUCT_SIZE
                    + ", got 0");
        }
        return packFailed(out, -Errno.EIO.value());
    }

    /** {@code print_llog_header}: the tail is read where {@code lrh_len} puts it, whatever that is. */
    private void printHeader(ReaderMemory mem, ReaderOutput out) {
        long lrhLen = mem.u32u(LlogRecordHeader.OFF_LEN);
        long tail = lrhLen - LlogRecordHeader.TAIL_SIZE;
        out.out("Header size : " + lrhLen + "\t llh_size : " + CFormat.u(mem.u32(LlogHeader.OFF_SIZE)) + "\n");
        String time = CTime.ctime(mem.u64(LlogHeader.OFF_TIMESTAMP), zone);
        out.out("Time : " + (time == null ? "(null)" : time));
        out.out("Number of records: " + CFormat.u(mem.u32(LlogHeader.OFF_COUNT) - 1) + "\tcat_idx: "
                + CFormat.u(mem.u32(LlogHeader.OFF_CAT_IDX)) + "\tlast_idx: "
                + CFormat.u(mem.u32(tail + LlogRecordHeader.OFF_TAIL_INDEX)) + "\n");
        out.out("Flags: " + CFormat.altX(mem.u32(LlogHeader.OFF_FLAGS)) + "\n");
        out.out("Target uuid : " + mem.cString(LlogHeader.OFF_TGTUUID) + "\n");
        out.out("-----------------------\n");
    }
}
