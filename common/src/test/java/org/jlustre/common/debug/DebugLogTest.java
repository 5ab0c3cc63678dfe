package org.jlustre.common.debug;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jlustre.common.debug.DebugMask.D_CANTMASK;
import static org.jlustre.common.debug.DebugMask.D_CONSOLE;
import static org.jlustre.common.debug.DebugMask.D_EMERG;
import static org.jlustre.common.debug.DebugMask.D_ERROR;
import static org.jlustre.common.debug.DebugMask.D_INFO;
import static org.jlustre.common.debug.DebugMask.D_TRACE;
import static org.jlustre.common.debug.DebugMask.D_WARNING;
import static org.jlustre.common.debug.DebugMask.S_LNET;
import static org.jlustre.common.debug.DebugMask.S_MDS;
import static org.jlustre.common.debug.DebugMask.S_OSD;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jlustre.common.TimeSource;
import org.jlustre.common.Utf8;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * {@link DebugLog}: filtering as {@code cfs_cdebug_show}, the {@code lctl dk} line layout
 * (libcfs-facts 2), the ring bound, caller locations and the console formats of
 * {@code cfs_vprint_to_console}.
 */
class DebugLogTest {

    /** 2023-11-14 22:13:20 UTC plus 4,567,891 ns: micros 4567 must print as "004567". */
    private static final long START_NANOS = 1_700_000_000_000_000_000L + 4_567_891L;

    private TimeSource.Manual time;
    private DebugLog log;
    private final List<String> console = new CopyOnWriteArrayList<>();
    private String testMethod;

    @BeforeEach
    void setUp(TestInfo info) {
        time = TimeSource.manual(START_NANOS);
        log = new DebugLog(time);
        log.setConsole(console::add);
        testMethod = info.getTestMethod().orElseThrow().getName();
    }

    private static long tid() {
        return Thread.currentThread().threadId();
    }

    // ---- enabled(): cfs_cdebug_show ----

    @Test
    void defaultMasksKeepDefaultBitsInAnySubsystem() {
        assertThat(log.debugMask()).isEqualTo(0x130E0588);
        assertThat(log.subsystemMask()).isEqualTo(-1);
        assertThat(log.printkMask()).isEqualTo(D_CANTMASK);
        assertThat(log.enabled(S_OSD, DebugMask.D_HA)).isTrue();
        assertThat(log.enabled(S_OSD, D_INFO)).isFalse();
        assertThat(log.enabled(S_OSD, D_TRACE)).isFalse();
    }

    @Test
    void maskedMessageNeedsBothItsMaskBitAndItsSubsystem() {
        log.setDebugMask(D_INFO);
        log.setSubsystemMask(S_MDS);
        assertThat(log.enabled(S_MDS, D_INFO)).isTrue();
        assertThat(log.enabled(S_OSD, D_INFO)).isFalse();
        assertThat(log.enabled(S_MDS, D_TRACE)).isFalse();
    }

    @Test
    void cantMaskMessagesAreAlwaysKept() {
        log.setDebugMask(0);
        log.setSubsystemMask(0);
        for (int mask : new int[] {D_ERROR, D_EMERG, D_WARNING, D_CONSOLE, D_CONSOLE | D_INFO}) {
            assertThat(log.enabled(S_OSD, mask)).as("mask 0x%x", mask).isTrue();
        }
        assertThat(log.enabled(S_OSD, DebugMask.D_HA)).isFalse();
    }

    @Test
    void maskedOffMessageIsNotRecorded() {
        log.log(S_OSD, D_INFO, "invisible");
        log.logAt(S_OSD, D_TRACE, "f.c", 1, "f", "invisible too");
        assertThat(log.snapshot()).isEmpty();
        assertThat(log.dumpToString()).isEmpty();
        assertThat(console).isEmpty();
    }

    // ---- the lctl dk line ----

    @Test
    void keptMessageDumpsInLctlDkLayout() throws IOException {
        int line = new Throwable().getStackTrace()[0].getLineNumber(); log.log(S_OSD, D_ERROR, "hello world\n");
        StringBuilder out = new StringBuilder();
        DebugLog.DumpSummary summary = log.dump(out);
        // %08x:%08x:%u.%u:%u.%06u:%u:%u:%u:(%s:%u:%s()) %s   subsys, mask, cpu.type, sec.usec, stack, pid, extpid
        assertThat(out.toString()).isEqualTo("00080000:00020000:0.0:1700000000.004567:0:" + tid()
                + ":0:(DebugLogTest.java:" + line + ":keptMessageDumpsInLctlDkLayout()) hello world\n");
        assertThat(line).isPositive();
        assertThat(summary.lines()).isEqualTo(1);
        assertThat(summary.dropped()).isZero();
    }

    @Test
    void recordCarriesTheFieldsOfTheHeader() {
        time.advance(999_999, java.util.concurrent.TimeUnit.MICROSECONDS);
        log.log(DebugMask.S_LIBCFS, D_WARNING, "w");
        DebugRecord r = log.snapshot().getFirst();
        assertThat(r.subsys()).isEqualTo(DebugMask.S_LIBCFS);
        assertThat(r.mask()).isEqualTo(D_WARNING);
        assertThat(r.cpu()).isZero();
        assertThat(r.seconds()).isEqualTo(1_700_000_001L);
        assertThat(r.micros()).isEqualTo(4566);
        assertThat(r.pid()).isEqualTo(tid());
        assertThat(r.file()).isEqualTo("DebugLogTest.java");
        assertThat(r.function()).isEqualTo(testMethod);
        assertThat(r.line()).isPositive();
        assertThat(r.text()).isEqualTo("w");
        assertThat(r.format()).startsWith("00004000:00000400:0.0:1700000001.004566:0:");
    }

    @Test
    void explicitLocationIsUsedVerbatim() {
        log.logAt(S_OSD, D_ERROR, "osd_handler.c", 42, "osd_create", "no space");
        assertThat(log.dumpToString()).isEqualTo("00080000:00020000:0.0:1700000000.004567:0:" + tid()
                + ":0:(osd_handler.c:42:osd_create()) no space\n");
    }

    @Test
    void dumpWritesOldestFirstClearsAndCounts() throws IOException {
        log.log(S_OSD, D_ERROR, "one");
        time.advance(1, java.util.concurrent.TimeUnit.SECONDS);
        log.log(S_OSD, D_WARNING, "two");
        log.log(S_OSD, D_INFO, "masked");
        log.log(S_OSD, D_CONSOLE, "three");
        assertThat(log.snapshot()).extracting(DebugRecord::text).containsExactly("one", "two", "three");
        StringBuilder out = new StringBuilder();
        DebugLog.DumpSummary summary = log.dump(out);
        assertThat(out.toString().lines()).hasSize(3).satisfies(lines -> {
            assertThat(lines.get(0)).contains(":1700000000.004567:").endsWith(") one");
            assertThat(lines.get(1)).contains(":1700000001.004567:").endsWith(") two");
            assertThat(lines.get(2)).startsWith("00080000:02000000:").endsWith(") three");
        });
        assertThat(summary).isEqualTo(new DebugLog.DumpSummary(3, 0));
        assertThat(summary.describe()).isEqualTo("Debug log: 3 lines, 3 kept, 0 dropped, 0 bad.");
        assertThat(log.snapshot()).isEmpty();
        assertThat(log.dump(new StringBuilder())).isEqualTo(new DebugLog.DumpSummary(0, 0));
    }

    @Test
    void clearEmptiesTheBuffer() {
        log.log(S_OSD, D_ERROR, "x");
        log.clear();
        assertThat(log.snapshot()).isEmpty();
        assertThat(log.dumpToString()).isEmpty();
    }

    // ---- ring bound (debug_mb) ----

    @Test
    void ringDropsOldestRecordsAndCountsThem() throws IOException {
        log.setDebugMb(1);
        assertThat(log.debugMb()).isEqualTo(1);
        String pad = "p".repeat(1000);
        int total = 2000; // ~2 KiB each, about 4 MiB in all
        for (int i = 0; i < total; i++) {
            log.log(S_OSD, D_ERROR, String.format("%04d %s", i, pad));
        }
        List<DebugRecord> kept = log.snapshot();
        StringBuilder out = new StringBuilder();
        DebugLog.DumpSummary summary = log.dump(out);
        assertThat(summary.lines()).isEqualTo(kept.size()).isBetween(100L, 1000L);
        assertThat(summary.dropped()).isEqualTo(total - summary.lines());
        assertThat(kept.getFirst().text()).startsWith(String.format("%04d ", summary.dropped()));
        assertThat(kept.getLast().text()).startsWith((total - 1) + " ");
        assertThat(summary.describe()).isEqualTo("Debug log: " + summary.lines() + " lines, " + summary.lines()
                + " kept, " + summary.dropped() + " dropped, 0 bad.");
        assertThat(log.dump(new StringBuilder()).dropped()).as("the count restarts after a dump").isZero();
    }

    @Test
    void shrinkingTheRingDropsOldest() {
        String pad = "q".repeat(1000);
        for (int i = 0; i < 1000; i++) {
            log.log(S_OSD, D_ERROR, i + " " + pad);
        }
        assertThat(log.snapshot()).hasSize(1000);
        log.setDebugMb(1);
        List<DebugRecord> kept = log.snapshot();
        assertThat(kept.size()).isBetween(100, 999);
        assertThat(kept.getLast().text()).startsWith("999 ");
    }

    @Test
    void defaultRingIsFiveMibPerCpuPlusOne() {
        assertThat(log.debugMb()).isEqualTo(5 * Runtime.getRuntime().availableProcessors() + 1);
    }

    @Test
    void debugMbOutsideItsRangeIsRejectedNamingIt() {
        assertThat(DebugLog.MIN_MB).isEqualTo(1);
        assertThat(DebugLog.MAX_MB).isEqualTo(4096);
        assertThatThrownBy(() -> log.setDebugMb(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("debug_mb 0");
        assertThatThrownBy(() -> log.setDebugMb(4097)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("4097");
        log.setDebugMb(4096);
        assertThat(log.debugMb()).isEqualTo(4096);
    }

    // ---- caller location ----

    /** Logs on behalf of its caller; registered with hideFrames. */
    static final class HiddenHelper {
        static void report(DebugLog log, String text) {
            log.log(S_OSD, D_ERROR, text);
        }
    }

    /** Logs on behalf of its caller, but is not hidden. */
    static final class VisibleHelper {
        static void report(DebugLog log, String text) {
            log.log(S_OSD, D_ERROR, text);
        }
    }

    @Test
    void hiddenHelperReportsItsCallersLocation() {
        DebugLog.hideFrames(HiddenHelper.class);
        int line = new Throwable().getStackTrace()[0].getLineNumber(); HiddenHelper.report(log, "via helper");
        VisibleHelper.report(log, "via visible helper");
        List<DebugRecord> records = log.snapshot();
        assertThat(records.get(0).function()).isEqualTo("hiddenHelperReportsItsCallersLocation");
        assertThat(records.get(0).file()).isEqualTo("DebugLogTest.java");
        assertThat(records.get(0).line()).isEqualTo(line);
        assertThat(records.get(1).function()).isEqualTo("report");
    }

    // ---- console (cfs_vprint_to_console) ----

    @Test
    void errorGoesToConsoleAsLustreErrorWithLocation() {
        int line = new Throwable().getStackTrace()[0].getLineNumber(); log.log(S_OSD, D_ERROR, "disk on fire\n");
        assertThat(console).containsExactly("LustreError: " + tid() + ":0:(DebugLogTest.java:" + line
                + ":errorGoesToConsoleAsLustreErrorWithLocation()) disk on fire");
    }

    @Test
    void warningGoesToConsoleAsLustreWithLocation() {
        log.logAt(S_OSD, D_WARNING, "osd_io.c", 7, "osd_write", "slow");
        assertThat(console).containsExactly("Lustre: " + tid() + ":0:(osd_io.c:7:osd_write()) slow");
    }

    @Test
    void consoleMessagesPrintTheBareText() {
        log.log(S_OSD, D_CONSOLE, "lustre-MDT0000: new disk, initializing");
        log.log(S_OSD, D_CONSOLE | D_ERROR, "lustre-MDT0000: cannot mount");
        log.log(S_OSD, D_CONSOLE | D_EMERG, "emergency");
        log.log(S_OSD, D_CONSOLE | D_WARNING, "warned");
        assertThat(console).containsExactly(
                "Lustre: lustre-MDT0000: new disk, initializing",
                "LustreError: lustre-MDT0000: cannot mount",
                "LustreError: emergency",
                "Lustre: warned");
    }

    @Test
    void aPeersNameCannotBreakTheConsoleLineOrDriveTheTerminal() throws IOException {
        // a target name as a peer could send it: a newline forging a second line, ESC [ 2 J
        // clearing the screen, a byte that is not UTF-8 (kept by Utf8.decode), a bidi override
        String name = "lustre-OST0001\nLustreError: forged\u001b[2J" + (char) (Utf8.ESCAPE_BASE + 0xff)
                + "\u202e";
        log.logf(S_OSD, D_CONSOLE, "MGS: MGS_TARGET_REG refused: target name %s is bad", name);
        String shown = "lustre-OST0001\\x0aLustreError: forged\\x1b[2J\\xff\\xe2\\x80\\xae";
        assertThat(console).containsExactly("Lustre: MGS: MGS_TARGET_REG refused: target name " + shown + " is bad");
        StringBuilder dk = new StringBuilder();
        log.dump(dk);
        assertThat(dk.toString()).as("lctl dk shows the same, one line").endsWith(") MGS: MGS_TARGET_REG refused: "
                + "target name " + shown + " is bad\n").containsOnlyOnce("\n");
    }

    @Test
    void lnetSubsystemPrintsWithLnetPrefix() {
        log.logAt(S_LNET, D_ERROR, "socklnd.c", 9, "ksocknal_connect", "refused");
        log.log(DebugMask.S_LND, D_CONSOLE, "up");
        assertThat(console).containsExactly("LNetError: " + tid() + ":0:(socklnd.c:9:ksocknal_connect()) refused",
                "LNet: up");
    }

    @Test
    void infoStaysOffTheConsoleWithDefaultPrintk() {
        log.setDebugMask(-1);
        log.log(S_OSD, D_INFO, "chatter");
        assertThat(console).isEmpty();
        assertThat(log.snapshot()).extracting(DebugRecord::text).containsExactly("chatter");
    }

    @Test
    void printkMaskSendsOtherMasksToConsoleWithoutRecordingThem() {
        log.setPrintkMask(D_CANTMASK | D_INFO);
        log.log(S_OSD, D_INFO, "now visible");
        assertThat(console).containsExactly("Lustre: now visible");
        assertThat(log.snapshot()).as("debug mask still lacks info").isEmpty();
    }

    @Test
    void printkAlwaysKeepsEmerg() {
        log.setPrintkMask(0);
        assertThat(log.printkMask()).isEqualTo(D_EMERG);
        log.log(S_OSD, D_ERROR, "quiet error");
        log.log(S_OSD, D_EMERG, "loud");
        assertThat(console).hasSize(1).first().asString().startsWith("LustreError: ").endsWith(") loud");
        assertThat(log.snapshot()).hasSize(2);
    }

    @Test
    void nullConsoleSilencesButStillRecords() {
        log.setConsole(null);
        log.log(S_OSD, D_ERROR, "to nobody");
        assertThat(console).isEmpty();
        assertThat(log.snapshot()).extracting(DebugRecord::text).containsExactly("to nobody");
    }

    // ---- logf ----

    private static final class Exploding {
        @Override
        public String toString() {
            throw new AssertionError("formatted although the message is masked off");
        }
    }

    @Test
    void logfDoesNotFormatWhenDisabled() {
        log.logf(S_OSD, D_INFO, "state %s", new Exploding());
        log.logf(S_OSD, D_TRACE, "%s", new Exploding());
        assertThat(log.snapshot()).isEmpty();
    }

    @Test
    void logfFormatsWhenEnabled() {
        log.logf(S_OSD, D_ERROR, "rc = %d, fid %s", -2, "[0x200000007:0x1:0x0]");
        DebugRecord r = log.snapshot().getFirst();
        assertThat(r.text()).isEqualTo("rc = -2, fid [0x200000007:0x1:0x0]");
        assertThat(r.function()).isEqualTo("logfFormatsWhenEnabled");
    }
}
