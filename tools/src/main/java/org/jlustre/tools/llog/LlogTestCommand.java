package org.jlustre.tools.llog;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.jlustre.common.Libcfs;
import org.jlustre.common.LustreException;
import org.jlustre.llog.reader.LlogReader;
import org.jlustre.llog.reader.LlogReaderResult;
import org.jlustre.llog.test.LlogTestSuite;
import org.jlustre.osd.OsdDevice;
import org.jlustre.osd.mem.MemOsdConfig;
import org.jlustre.osd.mem.OsdMem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jlustre llog_test [--keep DIR]}: Lustre's llog test suite ({@code llog_test.c}, what
 * sanity test 60a and sanity-osd run through {@code lctl attach llog_test}) on an osd-mem device
 * in this process, one line per test. With {@code --keep} the llogs left at the end (and the
 * test 9 logs) are written into DIR as files named by FID, for {@code llog_reader} and other
 * tools. Exit status 0 when every test passed, 1 otherwise.
 */
@Command(name = "llog_test", mixinStandardHelpOptions = true,
        description = "Run Lustre's llog test suite (llog_test.c) on an osd-mem device in this process.")
public final class LlogTestCommand implements Callable<Integer> {

    /** The title column: as wide as the longest title. */
    private static final int WIDTH = LlogTestSuite.TITLES.stream().mapToInt(String::length).max().orElse(40);

    private final Libcfs libcfs;

    @Spec
    private CommandSpec spec;

    @Option(names = "--keep", paramLabel = "DIR", description = "Write the llogs left at the end into DIR, named by FID.")
    private Path keep;

    @Option(names = {"-v", "--verbose"}, description = "Print the tests' CWARN lines.")
    private boolean verbose;

    @Option(names = "--rand", paramLabel = "N", description = "llog_test_rand (names of the test logs); random by default.")
    private Integer rand;

    /** The command acting on {@code libcfs}. */
    public LlogTestCommand(Libcfs libcfs) {
        this.libcfs = libcfs;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        libcfs.debug().setConsole(null);
        int r = rand != null ? rand : new java.util.SplittableRandom().nextInt(1, 1 << 28);
        try (OsdDevice dev = OsdMem.create(MemOsdConfig.defaults("llog_test-MGS0000").withLibcfs(libcfs))) {
            LlogTestSuite suite = new LlogTestSuite(dev, libcfs, r);
            out.printf("llog_test: osd-mem device %s, llog_test_rand %x%n", dev.name(), r);
            out.flush();
            int[] shown = {0};
            List<LlogTestSuite.Result> results = suite.runAll(res -> {
                if (verbose) {
                    List<String> msgs = suite.messages();
                    for (int i = shown[0]; i < msgs.size(); i++) {
                        out.println("  " + msgs.get(i));
                    }
                    shown[0] = msgs.size();
                }
                out.printf("test %2d: %-" + WIDTH + "s %s (%d ms)%n", res.number(), res.title(),
                        res.passed() ? "PASS" : "FAIL", res.nanos() / 1_000_000);
                if (!res.passed()) {
                    out.println("         " + res.failure());
                }
                out.flush();
            });
            long passed = results.stream().filter(LlogTestSuite.Result::passed).count();
            out.printf("llog_test: %d of %d tests passed%n", passed, LlogTestSuite.TITLES.size());
            if (keep != null) {
                keepLogs(suite, out);
            }
            out.flush();
            return passed == LlogTestSuite.TITLES.size() ? 0 : 1;
        } catch (LustreException e) {
            err.println("error: llog_test: " + e.getMessage() + ": " + e.errno().message());
            return e.errno().value();
        } catch (IOException e) {
            err.println("error: llog_test: " + keep + ": " + e.getMessage());
            return 5;
        }
    }

    /** Writes the logs and lists each with what llog_reader says of it. */
    private void keepLogs(LlogTestSuite suite, PrintWriter out) throws LustreException, IOException {
        List<Path> files = suite.keep(keep);
        out.printf("llog_test: kept %d llogs in %s%n", files.size(), keep);
        LlogReader reader = LlogReader.defaults();
        for (Path f : files) {
            LlogReaderResult res = reader.read(f);
            String summary = res.out().lines().filter(l -> l.startsWith("Number of records:")).findFirst()
                    .orElse("llog_reader: status " + res.exitStatus());
            out.printf("  %s  %s%n", f.getFileName(), summary.replace('\t', ' '));
        }
    }
}
