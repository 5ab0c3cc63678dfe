package org.jlustre.common.fail;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;
import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;
import org.jlustre.common.debug.DebugLog;
import org.jlustre.common.debug.DebugMask;
import org.jlustre.common.param.Param;
import org.jlustre.common.param.ParamTree;

/**
 * Lustre's fault injection ({@code fail_loc}, {@code fail_val}, {@code fail_err}), with the
 * semantics of libcfs {@code __cfs_fail_check_set} (lnet/libcfs/fail.c,
 * libcfs_fail.h): a test sets {@code fail_loc} to an id, optionally with flags, and the code
 * path that checks that id fails.
 *
 * <p>Flags in the high bits of {@code fail_loc}: {@link #ONCE} fires once then stays silent
 * (the {@link #FAILED} bit records that it fired); {@link #SKIP} lets the first
 * {@code fail_val} checks pass; {@link #SOME} fires {@code fail_val} times; {@link #RAND} fires
 * with probability 1/{@code fail_val}. Ids compare on their low 16 bits.
 *
 * <p>Thread-safe: the state is atomic, as in the kernel.
 */
public final class FailLoc {

    /** Only fail once. */
    public static final int ONCE = 0x80000000;
    /** Set once the fail point fired. */
    public static final int FAILED = 0x40000000;
    /** Skip {@code fail_val} checks, then fail. */
    public static final int SKIP = 0x20000000;
    /** Fail {@code fail_val} times. */
    public static final int SOME = 0x10000000;
    /** Fail one time in {@code fail_val}. */
    public static final int RAND = 0x08000000;
    /** A user flag for tests. */
    public static final int USR1 = 0x04000000;
    /** Matches any {@code CFS_FAULT_CHECK} id. */
    public static final int FAULT = 0x02000000;
    /** The bits of an id that select the subsystem. */
    public static final int MASK_SYS = 0x0000ff00;
    /** The bits of an id that are compared. */
    public static final int MASK_LOC = 0x000000ff | MASK_SYS;

    /** How a hit changes {@code fail_loc}: not at all. */
    public static final int LOC_NOSET = 0;
    /** A hit ORs the value into {@code fail_loc}. */
    public static final int LOC_ORSET = 1;
    /** A hit replaces {@code fail_loc} with the value. */
    public static final int LOC_RESET = 2;
    /** Fire only when {@code fail_val} is -1 or equals the value. */
    public static final int LOC_VALUE = 3;

    /** How long the first thread of a race waits for the second ({@code CFS_RACE}, master: 5 s). */
    public static final long RACE_WAIT_MS = 5000;

    private final AtomicInteger loc = new AtomicInteger();
    /** Guarded by itself: set by the second thread of a race to wake the first. */
    private final Object raceLock = new Object();
    private boolean raceState;
    private final AtomicInteger count = new AtomicInteger();
    private volatile int val;
    private volatile int err;
    private final RandomGenerator random;
    private final DebugLog log;

    /** A fail-loc switch logging hits to {@code log} and drawing {@link #RAND} from {@code random}. */
    public FailLoc(DebugLog log, RandomGenerator random) {
        this.log = log;
        this.random = random;
    }

    /** Registers {@code fail_loc}, {@code fail_val} and {@code fail_err} in a parameter tree. */
    public void registerParams(ParamTree tree) {
        tree.register("fail_loc", Param.ofString(() -> Integer.toUnsignedString(loc.get()), text -> {
            long v = Param.parseLong(text);
            if (v < 0) {
                return; // the kernel's proc_doulongvec_minmax ignores negative values
            }
            if (v > 0xffffffffL) {
                throw new LustreException(Errno.ERANGE, "fail_loc '" + text + "' does not fit in 32 bits");
            }
            setLoc((int) v);
        }));
        tree.register("fail_val", Param.ofLong(() -> val, v -> val = (int) (long) v, Integer.MIN_VALUE,
                0xffffffffL));
        tree.register("fail_err", Param.ofLong(() -> err, v -> err = (int) (long) v, Integer.MIN_VALUE,
                Integer.MAX_VALUE));
    }

    /** The current {@code fail_loc}. */
    public int loc() {
        return loc.get();
    }

    /** Sets {@code fail_loc} (and resets the hit counter, as a new fail point starts). */
    public void setLoc(int value) {
        count.set(0);
        loc.set(value);
    }

    /** {@code fail_val}: the N of SKIP/SOME/RAND, or a value a fail point uses. */
    public int val() {
        return val;
    }

    /** Sets {@code fail_val}. */
    public void setVal(int value) {
        this.val = value;
    }

    /** {@code fail_err}: an errno a fail point may inject. */
    public int err() {
        return err;
    }

    /** Sets {@code fail_err}. */
    public void setErr(int value) {
        this.err = value;
    }

    /** Clears {@code fail_loc}, {@code fail_val} and {@code fail_err}. */
    public void reset() {
        setLoc(0);
        val = 0;
        err = 0;
    }

    /** {@code CFS_FAIL_PRECHECK}: whether {@code fail_loc} names this id at all. */
    public boolean precheck(int id) {
        int l = loc.get();
        return l != 0 && ((l & MASK_LOC) == (id & MASK_LOC) || (l & id & FAULT) != 0);
    }

    /** {@code CFS_FAIL_CHECK}: true when this check should fail. */
    public boolean check(int id) {
        return checkSet(id, val, LOC_NOSET, false);
    }

    /** {@code CFS_FAIL_CHECK_QUIET}: like {@link #check} but logs repeat hits at info level. */
    public boolean checkQuiet(int id) {
        return checkSet(id, val, LOC_NOSET, true);
    }

    /** {@code CFS_FAIL_CHECK_VALUE}: fires only when {@code fail_val} is -1 or {@code value}. */
    public boolean checkValue(int id, int value) {
        return checkSet(id, value, LOC_VALUE, false);
    }

    /** {@code CFS_FAIL_CHECK_ORSET}: on a hit, ORs {@code value} into {@code fail_loc}. */
    public boolean checkOrset(int id, int value) {
        return checkSet(id, value, LOC_ORSET, false);
    }

    /** {@code CFS_FAIL_CHECK_RESET}: on a hit, replaces {@code fail_loc} with {@code value}. */
    public boolean checkReset(int id, int value) {
        return checkSet(id, value, LOC_RESET, false);
    }

    /**
     * {@code CFS_FAIL_TIMEOUT_MS}: on a hit, sleeps up to {@code millis} in 100 ms slices,
     * waking early when {@code fail_loc} is cleared.
     *
     * @return whether the fail point fired
     */
    public boolean timeoutMs(int id, long millis) {
        boolean hit = checkSet(id, val, LOC_NOSET, false);
        if (hit && millis > 0) {
            log.logf(DebugMask.S_LIBCFS, DebugMask.D_ERROR, "cfs_fail_timeout id %x sleeping for %dms", id, millis);
            long deadline = System.nanoTime() + millis * 1_000_000L;
            try {
                while (System.nanoTime() < deadline) {
                    Thread.sleep(Math.min(100, Math.max(1, (deadline - System.nanoTime()) / 1_000_000L)));
                    if (loc.get() == 0) {
                        log.log(DebugMask.S_LIBCFS, DebugMask.D_ERROR, "cfs_fail_timeout interrupted");
                        break;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (loc.get() != 0) {
                log.logf(DebugMask.S_LIBCFS, DebugMask.D_ERROR, "cfs_fail_timeout id %x awake", id);
            }
        }
        return hit;
    }

    /**
     * {@code CFS_RACE}: the first thread to reach the fail point (when it fires) sleeps until a
     * second thread reaches it too, or {@link #RACE_WAIT_MS}; the second (for which the point
     * no longer fires, its FAILED bit being set) wakes the first. Lets a test line two threads
     * up at a point.
     */
    public void race(int id) {
        if (!precheck(id)) {
            return;
        }
        if (fire(id, 0, LOC_NOSET)) {
            log.logf(DebugMask.S_LIBCFS, DebugMask.D_ERROR, "cfs_race id %x sleeping", id);
            synchronized (raceLock) {
                raceState = false;
                long deadline = System.nanoTime() + RACE_WAIT_MS * 1_000_000L;
                try {
                    while (!raceState && System.nanoTime() < deadline) {
                        raceLock.wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000L));
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            log.logf(DebugMask.S_LIBCFS, DebugMask.D_ERROR, "cfs_fail_race id %x awake", id);
        } else {
            log.logf(DebugMask.S_LIBCFS, DebugMask.D_ERROR, "cfs_fail_race id %x waking", id);
            synchronized (raceLock) {
                raceState = true;
                raceLock.notifyAll();
            }
        }
    }

    private boolean checkSet(int id, int value, int set, boolean quiet) {
        if (!precheck(id)) {
            return false;
        }
        boolean failedBefore = (loc.get() & FAILED) != 0;
        boolean hit = fire(id, value, set);
        if (hit) {
            int mask = quiet && failedBefore ? DebugMask.D_INFO : DebugMask.D_CONSOLE;
            log.logf(DebugMask.S_LIBCFS, mask, "*** cfs_fail_loc=%x, val=%s***", id, Integer.toUnsignedString(value));
        }
        return hit;
    }

    /** The body of {@code __cfs_fail_check_set}, step by step. */
    private boolean fire(int id, int value, int set) {
        if ((id & ONCE) != 0) {
            throw new IllegalArgumentException("fail id 0x" + Integer.toHexString(id) + " carries the ONCE flag");
        }
        int l = loc.get();
        if ((l & (FAILED | ONCE)) == (FAILED | ONCE)) {
            count.set(0);
            return false; // already fired once
        }
        if ((l & RAND) != 0 && (val < 2 || random.nextInt(val) > 0)) {
            return false;
        }
        if ((l & SKIP) != 0 && count.incrementAndGet() <= val) {
            return false;
        }
        if (set == LOC_VALUE && val != -1 && val != value) {
            return false;
        }
        if ((l & SOME) != 0 && ((l & ONCE) == 0 || val <= 1)) {
            int c = count.incrementAndGet();
            if (c >= val) {
                loc.getAndUpdate(x -> x | ONCE);
                count.set(0);
                if (c > val) {
                    return false; // lost the race to the last permitted failure
                }
            }
        }
        if (set == LOC_ORSET && (value & ONCE) != 0) {
            loc.getAndUpdate(x -> x | ONCE);
        }
        int before = loc.getAndUpdate(x -> x | FAILED);
        if ((before & FAILED) != 0 && (loc.get() & ONCE) != 0) {
            return false; // with ONCE only one thread fails
        }
        switch (set) {
            case LOC_NOSET, LOC_VALUE -> {
            }
            case LOC_ORSET -> loc.getAndUpdate(x -> x | (value & ~(FAILED | ONCE)));
            case LOC_RESET -> {
                loc.set(value);
                count.set(0);
            }
            default -> throw new IllegalArgumentException("fail check called with bad set mode " + set);
        }
        return true;
    }
}
