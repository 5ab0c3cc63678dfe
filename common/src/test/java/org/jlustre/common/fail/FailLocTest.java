package org.jlustre.common.fail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jlustre.common.fail.FailLoc.FAILED;
import static org.jlustre.common.fail.FailLoc.FAULT;
import static org.jlustre.common.fail.FailLoc.ONCE;
import static org.jlustre.common.fail.FailLoc.RAND;
import static org.jlustre.common.fail.FailLoc.SKIP;
import static org.jlustre.common.fail.FailLoc.SOME;
import static org.jlustre.common.fail.FailLoc.USR1;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;
import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;
import org.jlustre.common.TimeSource;
import org.jlustre.common.debug.DebugLog;
import org.jlustre.common.debug.DebugMask;
import org.jlustre.common.debug.DebugRecord;
import org.jlustre.common.param.ParamTree;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link FailLoc}: {@code __cfs_fail_check_set} step by step (libcfs-facts 3), the wrappers'
 * logging, {@code CFS_FAIL_TIMEOUT_MS} and the {@code fail_loc}/{@code fail_val}/{@code fail_err}
 * parameters.
 */
class FailLocTest {

    /** OBD_FAIL_OSD_COMPAT_INVALID_ENTRY, the id of the lctl example {@code fail_loc=0x80000195}. */
    private static final int ID = 0x195;

    private DebugLog log;
    private final List<String> console = new CopyOnWriteArrayList<>();
    private FailLoc fail;

    @BeforeEach
    void setUp() {
        log = new DebugLog(TimeSource.manual(1_700_000_000_000_000_000L));
        log.setConsole(console::add);
        fail = new FailLoc(log, new SplittableRandom(1));
    }

    /** Calls {@code check(id)} n times and returns which calls fired. */
    private List<Boolean> checks(int id, int n) {
        List<Boolean> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(fail.check(id));
        }
        return out;
    }

    // ---- constants ----

    @Test
    void flagAndModeValuesAreLibcfsOnes() {
        assertThat(ONCE).isEqualTo(0x80000000);
        assertThat(FAILED).isEqualTo(0x40000000);
        assertThat(SKIP).isEqualTo(0x20000000);
        assertThat(SOME).isEqualTo(0x10000000);
        assertThat(RAND).isEqualTo(0x08000000);
        assertThat(USR1).isEqualTo(0x04000000);
        assertThat(FAULT).isEqualTo(0x02000000);
        assertThat(FailLoc.MASK_SYS).isEqualTo(0x0000ff00);
        assertThat(FailLoc.MASK_LOC).isEqualTo(0x0000ffff);
        assertThat(FailLoc.LOC_NOSET).isZero();
        assertThat(FailLoc.LOC_ORSET).isEqualTo(1);
        assertThat(FailLoc.LOC_RESET).isEqualTo(2);
        assertThat(FailLoc.LOC_VALUE).isEqualTo(3);
    }

    // ---- CFS_FAIL_PRECHECK ----

    @Test
    void precheckIsFalseWhileFailLocIsZero() {
        assertThat(fail.precheck(ID)).isFalse();
        assertThat(fail.precheck(0)).isFalse();
        assertThat(fail.check(ID)).isFalse();
    }

    @Test
    void precheckComparesTheLowSixteenBitsOnly() {
        fail.setLoc(ONCE | SKIP | ID);
        assertThat(fail.precheck(ID)).isTrue();
        assertThat(fail.precheck(0x10000 | ID)).isTrue();
        assertThat(fail.precheck(0x196)).isFalse();
        assertThat(fail.precheck(0x1195)).isFalse();
    }

    @Test
    void faultFlagMatchesAnyFaultCheck() {
        fail.setLoc(FAULT | 0x123);
        assertThat(fail.precheck(FAULT | 0x456)).isTrue();
        assertThat(fail.precheck(0x456)).isFalse();
        assertThat(fail.check(FAULT | 0x456)).isTrue();
    }

    // ---- plain, ONCE ----

    @Test
    void plainIdFiresEveryTimeAndSetsFailed() {
        fail.setLoc(ID);
        assertThat(checks(ID, 5)).containsOnly(true);
        assertThat(fail.loc()).isEqualTo(FAILED | ID);
        assertThat(fail.check(0x196)).isFalse();
    }

    @Test
    void onceFiresExactlyOnceAndSetsFailed() {
        fail.setLoc(ONCE | ID);
        assertThat(checks(ID, 5)).containsExactly(true, false, false, false, false);
        assertThat(fail.loc()).isEqualTo(0xC0000195);
    }

    @Test
    void idCarryingTheOnceFlagIsAProgrammerError() {
        fail.setLoc(ID);
        assertThatThrownBy(() -> fail.check(ONCE | ID)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0x80000195");
    }

    // ---- SKIP, SOME, RAND ----

    @Test
    void skipPassesFailValChecksThenFiresEveryTime() {
        fail.setVal(3);
        fail.setLoc(SKIP | ID);
        assertThat(checks(ID, 6)).containsExactly(false, false, false, true, true, true);
    }

    @Test
    void skipWithOnceFiresOnlyAfterTheSkips() {
        fail.setVal(3);
        fail.setLoc(ONCE | SKIP | ID);
        assertThat(checks(ID, 6)).containsExactly(false, false, false, true, false, false);
    }

    @Test
    void someWithFailValTwoFiresOnceBecauseTheSecondCallFindsFailedAndOnce() {
        // Step 6 sets ONCE on the 2nd call (count 2 >= fail_val 2); step 8 then finds FAILED
        // already set by the 1st hit with ONCE on, and returns 0. Upstream SOME thus fires
        // fail_val - 1 times for fail_val >= 2 when the calls are sequential.
        fail.setVal(2);
        fail.setLoc(SOME | ID);
        assertThat(checks(ID, 5)).containsExactly(true, false, false, false, false);
        assertThat(fail.loc()).isEqualTo(ONCE | FAILED | SOME | ID);
    }

    @Test
    void someFiresFailValMinusOneTimes() {
        fail.setVal(4);
        fail.setLoc(SOME | ID);
        assertThat(checks(ID, 8)).containsExactly(true, true, true, false, false, false, false, false);
    }

    @Test
    void someWithFailValOneFiresOnce() {
        fail.setVal(1);
        fail.setLoc(SOME | ID);
        assertThat(checks(ID, 4)).containsExactly(true, false, false, false);
    }

    @Test
    void randWithFailValBelowTwoNeverFires() {
        fail.setLoc(RAND | ID);
        for (int val : new int[] {0, 1}) {
            fail.setVal(val);
            assertThat(checks(ID, 1000)).as("fail_val %d", val).containsOnly(false);
        }
    }

    @Test
    void randFiresAboutOneInFailValTimes() {
        long seed = System.nanoTime();
        System.out.println("FailLocTest.randFiresAboutOneInFailValTimes seed=" + seed);
        fail = new FailLoc(log, new SplittableRandom(seed));
        fail.setVal(4);
        fail.setLoc(RAND | ID);
        long hits = checks(ID, 10_000).stream().filter(b -> b).count();
        // mean 2500, standard deviation ~43
        assertThat(hits).as("seed %d", seed).isBetween(2000L, 3000L);
    }

    @Test
    void randDrawsFromTheInjectedGenerator() {
        AtomicInteger bounds = new AtomicInteger();
        RandomGenerator zero = new RandomGenerator() {
            @Override
            public long nextLong() {
                return 0;
            }

            @Override
            public int nextInt(int bound) {
                bounds.set(bound);
                return 0;
            }
        };
        fail = new FailLoc(log, zero);
        fail.setVal(7);
        fail.setLoc(RAND | ID);
        assertThat(fail.check(ID)).isTrue();
        assertThat(bounds.get()).isEqualTo(7);
    }

    // ---- VALUE, ORSET, RESET ----

    @Test
    void checkValueFiresOnlyForMinusOneOrAnEqualFailVal() {
        fail.setLoc(ID);
        fail.setVal(7);
        assertThat(fail.checkValue(ID, 8)).isFalse();
        assertThat(fail.checkValue(ID, 7)).isTrue();
        fail.setVal(-1);
        assertThat(fail.checkValue(ID, 8)).isTrue();
        assertThat(fail.checkValue(ID, 12345)).isTrue();
    }

    @Test
    void checkOrsetOrsTheValueWithoutFailedAndOnce() {
        fail.setLoc(ID);
        assertThat(fail.checkOrset(ID, USR1 | FAILED)).isTrue();
        assertThat(fail.loc()).isEqualTo(FAILED | USR1 | ID);
        assertThat(fail.check(ID)).as("no ONCE yet: fires again").isTrue();
    }

    @Test
    void checkOrsetWithOnceCountsTheCurrentCall() {
        fail.setLoc(ID);
        assertThat(fail.checkOrset(ID, ONCE)).isTrue();
        assertThat(fail.loc()).isEqualTo(ONCE | FAILED | ID);
        assertThat(fail.check(ID)).isFalse();
    }

    @Test
    void checkResetReplacesFailLoc() {
        fail.setLoc(ID);
        assertThat(fail.checkReset(ID, 0x196)).isTrue();
        assertThat(fail.loc()).as("FAILED is not kept").isEqualTo(0x196);
        assertThat(fail.check(ID)).isFalse();
        assertThat(fail.check(0x196)).isTrue();
    }

    @Test
    void checkResetToZeroDisarms() {
        fail.setLoc(ID);
        assertThat(fail.checkReset(ID, 0)).isTrue();
        assertThat(fail.loc()).isZero();
        assertThat(fail.check(ID)).isFalse();
    }

    @Test
    void settingFailLocRestartsTheCounter() {
        fail.setVal(2);
        fail.setLoc(SKIP | ID);
        assertThat(checks(ID, 1)).containsExactly(false);
        fail.setLoc(SKIP | ID);
        assertThat(checks(ID, 3)).containsExactly(false, false, true);
    }

    @Test
    void resetClearsLocValAndErr() {
        fail.setLoc(ID);
        fail.setVal(3);
        fail.setErr(-28);
        fail.reset();
        assertThat(fail.loc()).isZero();
        assertThat(fail.val()).isZero();
        assertThat(fail.err()).isZero();
    }

    @Test
    void onceFiresInExactlyOneOfManyThreads() throws InterruptedException {
        fail.setLoc(ONCE | ID);
        AtomicInteger hits = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            threads.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 1000; i++) {
                    if (fail.check(ID)) {
                        hits.incrementAndGet();
                    }
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(hits.get()).isEqualTo(1);
    }

    // ---- logging (cfs_fail_check_set_loc) ----

    @Test
    void hitIsLoggedOnTheConsoleAsLibcfsDoes() {
        fail.setLoc(ID);
        fail.check(ID);
        fail.check(0x196);
        List<DebugRecord> records = log.snapshot();
        assertThat(records).hasSize(1);
        assertThat(records.getFirst().text()).isEqualTo("*** cfs_fail_loc=195, val=0***");
        assertThat(records.getFirst().mask()).isEqualTo(DebugMask.D_CONSOLE);
        assertThat(records.getFirst().subsys()).isEqualTo(DebugMask.S_LIBCFS);
        assertThat(console).containsExactly("Lustre: *** cfs_fail_loc=195, val=0***");
    }

    @Test
    void loggedValueIsUnsignedLikePercentU() {
        fail.setLoc(ID);
        fail.setVal(-1);
        fail.checkValue(ID, -1);
        assertThat(console).containsExactly("Lustre: *** cfs_fail_loc=195, val=4294967295***");
    }

    @Test
    void quietCheckLogsRepeatHitsAtInfoLevel() {
        log.setDebugMask(-1);
        fail.setLoc(ID);
        assertThat(fail.checkQuiet(ID)).isTrue();
        assertThat(fail.checkQuiet(ID)).isTrue();
        assertThat(log.snapshot()).extracting(DebugRecord::mask)
                .containsExactly(DebugMask.D_CONSOLE, DebugMask.D_INFO);
        assertThat(console).hasSize(1);
    }

    // ---- CFS_FAIL_TIMEOUT_MS ----

    @Test
    void timeoutSleepsAboutTheTimeWhenHit() {
        fail.setLoc(ID);
        long start = System.nanoTime();
        assertThat(fail.timeoutMs(ID, 300)).isTrue();
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        assertThat(elapsedMs).isBetween(300L, 1200L);
        assertThat(log.snapshot()).extracting(DebugRecord::text).containsExactly(
                "*** cfs_fail_loc=195, val=0***",
                "cfs_fail_timeout id 195 sleeping for 300ms",
                "cfs_fail_timeout id 195 awake");
    }

    @Test
    void timeoutReturnsAtOnceWhenNotHit() {
        fail.setLoc(0x196);
        long start = System.nanoTime();
        assertThat(fail.timeoutMs(ID, 5000)).isFalse();
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(200L);
        assertThat(log.snapshot()).isEmpty();
    }

    @Test
    void timeoutEndsEarlyWhenFailLocIsCleared() throws InterruptedException {
        fail.setLoc(ID);
        Thread clearer = Thread.ofPlatform().start(() -> {
            try {
                Thread.sleep(150);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            fail.setLoc(0);
        });
        long start = System.nanoTime();
        assertThat(fail.timeoutMs(ID, 10_000)).isTrue();
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        clearer.join();
        assertThat(elapsedMs).isBetween(150L, 1000L);
        assertThat(log.snapshot()).extracting(DebugRecord::text).containsExactly(
                "*** cfs_fail_loc=195, val=0***",
                "cfs_fail_timeout id 195 sleeping for 10000ms",
                "cfs_fail_timeout interrupted");
    }

    // ---- parameters ----

    @Test
    void failLocParamReadsUnsignedDecimalAndAcceptsHex() throws LustreException {
        ParamTree tree = new ParamTree();
        fail.registerParams(tree);
        tree.set("fail_loc", "0x80000195");
        assertThat(fail.loc()).isEqualTo(0x80000195);
        assertThat(tree.get("fail_loc").getFirst().value()).isEqualTo("2147484053");
        assertThat(fail.check(ID)).isTrue();
        assertThat(tree.get("fail_loc").getFirst().value()).isEqualTo("3221225877");
        tree.set("fail_loc", "0");
        assertThat(tree.get("fail_loc").getFirst().value()).isEqualTo("0");
        tree.set("fail_loc", "405");
        assertThat(fail.loc()).isEqualTo(0x195);
        tree.set("fail_loc", "0625");
        assertThat(fail.loc()).isEqualTo(0x195);
    }

    @Test
    void failLocParamIgnoresNegativeAndRejectsBadValues() throws LustreException {
        ParamTree tree = new ParamTree();
        fail.registerParams(tree);
        tree.set("fail_loc", "0x195");
        tree.set("fail_loc", "-1");
        assertThat(fail.loc()).isEqualTo(0x195);
        assertThatThrownBy(() -> tree.set("fail_loc", "0x100000000"))
                .isInstanceOfSatisfying(LustreException.class, e -> {
                    assertThat(e.errno()).isEqualTo(Errno.ERANGE);
                    assertThat(e.getMessage()).contains("0x100000000");
                });
        assertThatThrownBy(() -> tree.set("fail_loc", "often"))
                .isInstanceOfSatisfying(LustreException.class, e -> {
                    assertThat(e.errno()).isEqualTo(Errno.EINVAL);
                    assertThat(e.getMessage()).contains("often");
                });
        assertThat(fail.loc()).isEqualTo(0x195);
    }

    @Test
    void failValAndFailErrParams() throws LustreException {
        ParamTree tree = new ParamTree();
        fail.registerParams(tree);
        tree.set("fail_val", "-1");
        assertThat(fail.val()).isEqualTo(-1);
        assertThat(tree.get("fail_val").getFirst().value()).isEqualTo("-1");
        tree.set("fail_val", "0x10");
        assertThat(fail.val()).isEqualTo(16);
        tree.set("fail_val", "4294967295");
        assertThat(fail.val()).isEqualTo(-1);
        tree.set("fail_err", "-28");
        assertThat(fail.err()).isEqualTo(-28);
        assertThat(tree.get("fail_err").getFirst().value()).isEqualTo("-28");
        assertThatThrownBy(() -> tree.set("fail_err", "0x80000000"))
                .isInstanceOfSatisfying(LustreException.class, e -> assertThat(e.errno()).isEqualTo(Errno.ERANGE));
        assertThatThrownBy(() -> tree.set("fail_val", "4294967296"))
                .isInstanceOfSatisfying(LustreException.class, e -> assertThat(e.errno()).isEqualTo(Errno.ERANGE));
    }
}
