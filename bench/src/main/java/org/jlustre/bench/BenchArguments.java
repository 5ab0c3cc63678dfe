package org.jlustre.bench;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The command line of {@link BenchMain}: {@code SUITE [--quick] [--json FILE]}, options in any
 * order after the suite.
 *
 * @param suite the suite name (not yet checked against the registered suites)
 * @param quick whether to run the short version
 * @param json where to write the JSON results, or null
 */
record BenchArguments(String suite, boolean quick, Path json) {

    /** The usage text. */
    static final String USAGE = "usage: jlustre bench SUITE [--quick] [--json FILE]";

    /** Checks the suite name. */
    BenchArguments {
        Objects.requireNonNull(suite, "suite");
    }

    /**
     * Parses the arguments.
     *
     * @throws IllegalArgumentException naming what is wrong: no suite, an unknown or repeated
     *     option, a missing file after {@code --json}, an extra argument
     */
    static BenchArguments parse(String... args) {
        if (args.length == 0 || args[0].startsWith("-")) {
            throw new IllegalArgumentException(args.length == 0 ? "no suite given" : "the suite comes first, got " + args[0]);
        }
        boolean quick = false;
        Path json = null;
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> {
                    if (quick) {
                        throw new IllegalArgumentException("--quick given twice");
                    }
                    quick = true;
                }
                case "--json" -> {
                    if (json != null) {
                        throw new IllegalArgumentException("--json given twice");
                    }
                    if (i + 1 == args.length || args[i + 1].isEmpty()) {
                        throw new IllegalArgumentException("--json needs a file name");
                    }
                    json = Path.of(args[++i]);
                }
                default -> throw new IllegalArgumentException(
                        (args[i].startsWith("-") ? "unknown option " : "unexpected argument ") + args[i]);
            }
        }
        return new BenchArguments(args[0], quick, json);
    }

    /** The run length the arguments ask for. */
    RunLength length() {
        return quick ? RunLength.QUICK : RunLength.FULL;
    }
}
