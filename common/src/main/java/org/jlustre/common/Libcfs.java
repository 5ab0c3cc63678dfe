package org.jlustre.common;

import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import org.jlustre.common.debug.DebugLog;
import org.jlustre.common.debug.DebugMask;
import org.jlustre.common.fail.FailLoc;
import org.jlustre.common.param.Param;
import org.jlustre.common.param.ParamTree;

/**
 * What a Lustre node's libcfs module holds for every component on the node: the time
 * source, the debug log, the parameter tree and fail-loc. A server process has one
 * ({@link #global()}); tests create their own so nothing leaks between them. Components take
 * a {@code Libcfs} at construction.
 */
public final class Libcfs {

    /** The version {@code lctl get_param version} prints. */
    public static final String VERSION = "jlustre-0.1.0";

    private static final Libcfs GLOBAL = new Libcfs(TimeSource.system(), new SplittableRandom());

    private final TimeSource time;
    private final DebugLog debug;
    private final ParamTree params;
    private final FailLoc failLoc;
    private final ConcurrentHashMap<Class<?>, Object> modules = new ConcurrentHashMap<>();

    /**
     * A node context with its own log, parameters and fail-loc, registering the node-wide
     * parameters {@code debug}, {@code subsystem_debug}, {@code printk}, {@code debug_mb},
     * {@code fail_loc}, {@code fail_val}, {@code fail_err} and {@code version}.
     */
    public Libcfs(TimeSource time, RandomGenerator random) {
        this.time = time;
        this.debug = new DebugLog(time);
        this.params = new ParamTree();
        this.failLoc = new FailLoc(debug, random);
        registerParams();
    }

    /** A context on the system clock, for tests. */
    public static Libcfs create() {
        return new Libcfs(TimeSource.system(), new SplittableRandom());
    }

    /** The process-wide context. */
    public static Libcfs global() {
        return GLOBAL;
    }

    private void registerParams() {
        params.register("debug", Param.ofString(() -> DebugMask.maskToString(debug.debugMask()),
                text -> debug.setDebugMask(parse(text, debug.debugMask(), DebugMask.D_CANTMASK, false))));
        params.register("subsystem_debug", Param.ofString(() -> DebugMask.subsystemsToString(debug.subsystemMask()),
                text -> debug.setSubsystemMask(parse(text, debug.subsystemMask(), 0, true))));
        params.register("printk", Param.ofString(() -> DebugMask.maskToString(debug.printkMask()),
                text -> debug.setPrintkMask(parse(text, debug.printkMask(), DebugMask.D_CANTMASK, false))));
        params.register("debug_mb", Param.ofLong(debug::debugMb, v -> debug.setDebugMb((int) (long) v),
                DebugLog.MIN_MB, DebugLog.MAX_MB));
        params.register("version", Param.readOnly(() -> VERSION));
        failLoc.registerParams(params);
    }

    private static int parse(String text, int current, int min, boolean subsystems) throws LustreException {
        try {
            return DebugMask.parseMask(text, current, min, subsystems);
        } catch (IllegalArgumentException e) {
            throw new LustreException(Errno.EINVAL, e.getMessage());
        }
    }

    /** The time source every component of this node reads. */
    public TimeSource time() {
        return time;
    }

    /** The debug log. */
    public DebugLog debug() {
        return debug;
    }

    /** The parameter tree. */
    public ParamTree params() {
        return params;
    }

    /** Fault injection. */
    public FailLoc failLoc() {
        return failLoc;
    }

    /**
     * The node's one instance of {@code type}, made by {@code make} on first use: what a Lustre
     * module keeps in its globals, once per kernel (obdclass's device table, for one), kept here
     * once per node so that nodes in one JVM stay apart. {@code make} must not itself ask for
     * another module of this node.
     */
    public <T> T module(Class<T> type, Function<Libcfs, ? extends T> make) {
        return type.cast(modules.computeIfAbsent(type, k -> make.apply(this)));
    }
}
