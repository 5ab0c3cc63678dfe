package org.jlustre.common.debug;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.jlustre.common.TimeSource;

/**
 * The libcfs debug log: messages filtered by mask and subsystem into a bounded in-memory ring
 * buffer, dumped by {@code lctl dk} in Lustre's line layout, with errors, warnings and console
 * messages also printed on the console.
 *
 * <p>A message is kept when {@code cfs_cdebug_show} would keep it: its mask is one of
 * {@link DebugMask#D_CANTMASK}, or its mask is in {@code debug} and its subsystem in
 * {@code subsystem_debug}. It is printed on the console when its mask is in {@code printk}.
 *
 * <p>Message text is escaped once, when it is recorded ({@link ConsoleText}): control
 * characters, other non-printable characters and bytes that were not UTF-8 show as
 * {@code \xNN}, on the console and in {@code lctl dk} alike, so a peer's name cannot break
 * a line or drive the terminal.
 *
 * <p>Checking is cheap: callers on hot paths guard with {@link #enabled(int, int)} (two
 * volatile reads) before building any string; the {@code log} methods check again, so an
 * unguarded call with constant text is also cheap. The source file, line and method of a kept
 * message come from the stack, skipping frames of classes registered with {@link #hideFrames}.
 *
 * <p>Thread-safe: the ring buffer is guarded by its own lock.
 */
public final class DebugLog {

    /** Smallest ring buffer, in MiB. */
    public static final int MIN_MB = 1;
    /** Largest ring buffer, in MiB. */
    public static final int MAX_MB = 4096;

    private static final Set<String> HIDDEN = ConcurrentHashMap.newKeySet();
    private static final StackWalker WALKER = StackWalker.getInstance();

    static {
        HIDDEN.add(DebugLog.class.getName());
    }

    private final TimeSource time;
    private volatile int debug = DebugMask.D_DEFAULT;
    private volatile int subsystems = -1;
    private volatile int printk = DebugMask.D_CANTMASK;
    private volatile Consumer<String> console;

    private final Object lock = new Object();
    /** Guarded by {@link #lock}. */
    private final ArrayDeque<DebugRecord> ring = new ArrayDeque<>();
    /** Guarded by {@link #lock}. */
    private long bytes;
    /** Guarded by {@link #lock}. */
    private long limitBytes;
    /** Guarded by {@link #lock}: records pushed out of the ring since the last dump. */
    private long dropped;

    /**
     * A log with the default masks and a ring of {@code 5 MiB per CPU + 1}, as libcfs sizes it,
     * printing console messages on standard error.
     */
    public DebugLog(TimeSource time) {
        this.time = time;
        this.limitBytes = (5L * Runtime.getRuntime().availableProcessors() + 1) << 20;
        this.console = System.err::println;
    }

    /**
     * Registers a class whose frames are skipped when finding where a message came from, for
     * helpers that log on behalf of their callers.
     */
    public static void hideFrames(Class<?> helper) {
        HIDDEN.add(helper.getName());
    }

    /** Whether a message with this subsystem and mask bit would be kept. */
    public boolean enabled(int subsys, int mask) {
        return (mask & DebugMask.D_CANTMASK) != 0 || ((debug & mask) != 0 && (subsystems & subsys) != 0);
    }

    /** Records a message (if {@link #enabled}) at the caller's source location. */
    public void log(int subsys, int mask, String text) {
        if (enabled(subsys, mask) || (mask & printk) != 0) {
            StackWalker.StackFrame f = callerFrame();
            add(subsys, mask, f == null ? "?" : f.getFileName(), f == null ? 0 : f.getLineNumber(),
                    f == null ? "?" : f.getMethodName(), text);
        }
    }

    /** Records a {@link String#format} message if {@link #enabled}; the format runs only then. */
    public void logf(int subsys, int mask, String format, Object... args) {
        if (enabled(subsys, mask) || (mask & printk) != 0) {
            StackWalker.StackFrame f = callerFrame();
            add(subsys, mask, f == null ? "?" : f.getFileName(), f == null ? 0 : f.getLineNumber(),
                    f == null ? "?" : f.getMethodName(), String.format(format, args));
        }
    }

    /** Records a message with an explicit source location (no stack walk). */
    public void logAt(int subsys, int mask, String file, int line, String function, String text) {
        if (enabled(subsys, mask) || (mask & printk) != 0) {
            add(subsys, mask, file, line, function, text);
        }
    }

    private static StackWalker.StackFrame callerFrame() {
        return WALKER.walk(s -> s.filter(f -> !HIDDEN.contains(f.getClassName())).findFirst().orElse(null));
    }

    private void add(int subsys, int mask, String file, int line, String function, String text) {
        long nanos = time.realNanos();
        long sec = Math.floorDiv(nanos, 1_000_000_000L);
        int usec = (int) (Math.floorMod(nanos, 1_000_000_000L) / 1000);
        // every message is escaped here, once, whoever logged it: names and errors from peers end up
        // in messages, and neither the console nor lctl dk's line layout may carry their raw bytes
        String body = ConsoleText.escape(text.endsWith("\n") ? text.substring(0, text.length() - 1) : text);
        DebugRecord r = new DebugRecord(subsys, mask, 0, sec, usec, Thread.currentThread().threadId(),
                file == null ? "?" : file, line, function, body);
        if (enabled(subsys, mask)) {
            synchronized (lock) {
                ring.addLast(r);
                bytes += r.footprint();
                trimLocked();
            }
        }
        if ((mask & printk) != 0) {
            Consumer<String> c = console;
            if (c != null) {
                c.accept(consoleLine(r));
            }
        }
    }

    /** How the kernel console shows a message: {@code LustreError:} for errors, {@code Lustre:} else. */
    static String consoleLine(DebugRecord r) {
        // cfs_vprint_to_console: "LNet" for the LNet subsystems; the source location only for
        // non-console errors and warnings, other printk-enabled masks print the bare text.
        String name = r.subsys() == DebugMask.S_LNET || r.subsys() == DebugMask.S_LND ? "LNet" : "Lustre";
        boolean error = (r.mask() & (DebugMask.D_ERROR | DebugMask.D_EMERG)) != 0;
        String prefix = error ? name + "Error: " : name + ": ";
        if ((r.mask() & DebugMask.D_CONSOLE) != 0 || (r.mask() & (DebugMask.D_ERROR | DebugMask.D_EMERG
                | DebugMask.D_WARNING)) == 0) {
            return prefix + r.text();
        }
        return prefix + r.pid() + ":0:(" + r.file() + ":" + r.line() + ":" + r.function() + "()) " + r.text();
    }

    private void trimLocked() {
        while (bytes > limitBytes && ring.size() > 1) {
            bytes -= ring.removeFirst().footprint();
            dropped++;
        }
    }

    /**
     * {@code lctl dk}: writes every kept record in Lustre's line layout, oldest first, then
     * empties the buffer.
     *
     * @return what was written and what was lost to the ring bound since the last dump
     */
    public DumpSummary dump(Appendable out) throws IOException {
        List<DebugRecord> records;
        long lost;
        synchronized (lock) {
            records = new ArrayList<>(ring);
            ring.clear();
            bytes = 0;
            lost = dropped;
            dropped = 0;
        }
        for (DebugRecord r : records) {
            out.append(r.format()).append('\n');
        }
        return new DumpSummary(records.size(), lost);
    }

    /** What {@link #dump} wrote. */
    public record DumpSummary(long lines, long dropped) {
        /** The summary line {@code lctl dk} prints after the dump. */
        public String describe() {
            return "Debug log: " + lines + " lines, " + lines + " kept, " + dropped + " dropped, 0 bad.";
        }
    }

    /** A copy of the kept records, oldest first, without clearing (for tests and tools). */
    public List<DebugRecord> snapshot() {
        synchronized (lock) {
            return new ArrayList<>(ring);
        }
    }

    /** {@code lctl clear}: empties the buffer. */
    public void clear() {
        synchronized (lock) {
            ring.clear();
            bytes = 0;
            dropped = 0;
        }
    }

    /** The {@code debug} mask. */
    public int debugMask() {
        return debug;
    }

    /** Sets the {@code debug} mask. */
    public void setDebugMask(int mask) {
        this.debug = mask;
    }

    /** The {@code subsystem_debug} mask. */
    public int subsystemMask() {
        return subsystems;
    }

    /** Sets the {@code subsystem_debug} mask. */
    public void setSubsystemMask(int mask) {
        this.subsystems = mask;
    }

    /** The {@code printk} mask: which messages also go to the console. */
    public int printkMask() {
        return printk;
    }

    /** Sets the {@code printk} mask; errors, emergencies always print ({@code D_EMERG} is forced on). */
    public void setPrintkMask(int mask) {
        this.printk = mask | DebugMask.D_EMERG;
    }

    /** Where console lines go; null silences the console. */
    public void setConsole(Consumer<String> sink) {
        this.console = sink;
    }

    /** The ring size in MiB ({@code debug_mb}). */
    public int debugMb() {
        synchronized (lock) {
            return (int) (limitBytes >> 20);
        }
    }

    /**
     * Resizes the ring ({@code debug_mb}), dropping the oldest records if it shrinks.
     *
     * @throws IllegalArgumentException naming the size when outside {@value #MIN_MB}..{@value #MAX_MB}
     */
    public void setDebugMb(int mb) {
        if (mb < MIN_MB || mb > MAX_MB) {
            throw new IllegalArgumentException("debug_mb " + mb + " out of range " + MIN_MB + ".." + MAX_MB);
        }
        synchronized (lock) {
            limitBytes = (long) mb << 20;
            trimLocked();
        }
    }

    /** Writes all records to a string and clears, for callers without a stream. */
    public String dumpToString() {
        StringBuilder sb = new StringBuilder();
        try {
            dump(sb);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sb.toString();
    }
}
