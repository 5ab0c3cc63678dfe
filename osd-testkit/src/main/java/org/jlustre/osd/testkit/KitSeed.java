package org.jlustre.osd.testkit;

import java.util.SplittableRandom;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * One reproducible seed per test, Lucene style: a test that declares a
 * {@link RandomGenerator} or {@link SplittableRandom} parameter gets one seeded from the
 * system property {@value #PROPERTY} (hex with {@code 0x}, or decimal) when set, else from a
 * fresh random seed. The seed is printed when the test starts using it and again when it fails:
 * {@code [kit] seed=0x1234 (rerun with -Dtests.seed=0x1234)}.
 *
 * <p>Wrappers and worker threads derive their own generators from it
 * ({@code new SplittableRandom(random.nextLong())}), never from the clock.
 */
public final class KitSeed implements ParameterResolver, TestWatcher {

    /** The system property that fixes the seed. */
    public static final String PROPERTY = "tests.seed";

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(KitSeed.class);
    private static final String SEED_KEY = "seed";

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == RandomGenerator.class || type == SplittableRandom.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        long seed = seedOf(context);
        System.err.println("[kit] " + testName(context) + " " + describe(seed));
        return new SplittableRandom(seed);
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        Long seed = context.getStore(NAMESPACE).get(SEED_KEY, Long.class);
        if (seed != null) {
            System.err.println("[kit] FAILED " + testName(context) + " " + describe(seed));
        }
    }

    /** The seed of the running test, chosen on first use. */
    static long seedOf(ExtensionContext context) {
        return context.getStore(NAMESPACE).computeIfAbsent(SEED_KEY, k -> initialSeed(), Long.class);
    }

    /** The seed from {@value #PROPERTY}, or a random one. */
    static long initialSeed() {
        String fixed = System.getProperty(PROPERTY);
        if (fixed == null || fixed.isBlank()) {
            return ThreadLocalRandom.current().nextLong();
        }
        return parseSeed(fixed.strip());
    }

    /**
     * Parses a seed: {@code 0x}-prefixed hex (all 64 bits, as printed) or decimal.
     *
     * @throws IllegalArgumentException naming the text when it is neither
     */
    public static long parseSeed(String text) {
        try {
            if (text.startsWith("0x") || text.startsWith("0X")) {
                return Long.parseUnsignedLong(text.substring(2), 16);
            }
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad -D" + PROPERTY + "=" + text + ": want 0x<hex> or decimal", e);
        }
    }

    /** The line printed for a seed. */
    public static String describe(long seed) {
        String hex = "0x" + Long.toHexString(seed);
        return "seed=" + hex + " (rerun with -D" + PROPERTY + "=" + hex + ")";
    }

    private static String testName(ExtensionContext context) {
        String cls = context.getTestClass().map(Class::getSimpleName).orElse("?");
        String method = context.getTestMethod().map(m -> m.getName()).orElse(context.getDisplayName());
        return cls + "." + method;
    }
}
