package org.jlustre.ptlrpc;

import java.io.OutputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What the JVM under test is doing, for the bad-input tests: allocation and heap figures, and
 * the warnings and errors Netty logs (through {@code java.util.logging}, as it does without
 * SLF4J), including resource leak reports.
 *
 * <p>The test code is compiled into the {@code org.jlustre.ptlrpc} module, which reads neither
 * {@code java.management}, {@code java.logging} nor Netty; the tests run on the class path,
 * where all of them are there, so this reaches them by reflection.
 */
final class JvmWatch implements AutoCloseable {

    private JvmWatch() {
    }

    /** Bytes allocated on the heap by all threads since the JVM started (approximate). */
    static long allocatedBytes() {
        try {
            Object bean = Class.forName("java.lang.management.ManagementFactory").getMethod("getThreadMXBean")
                    .invoke(null);
            Method m = Class.forName("com.sun.management.ThreadMXBean").getMethod("getTotalThreadAllocatedBytes");
            return (long) m.invoke(bean);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read allocated bytes", e);
        }
    }

    /**
     * The classes of the monitors the calling (platform) thread holds, innermost first
     * ({@code ThreadMXBean.getThreadInfo} with locked monitors).
     */
    static List<String> monitorsHeld() {
        try {
            Object bean = Class.forName("java.lang.management.ManagementFactory").getMethod("getThreadMXBean")
                    .invoke(null);
            Object infos = Class.forName("java.lang.management.ThreadMXBean")
                    .getMethod("getThreadInfo", long[].class, boolean.class, boolean.class)
                    .invoke(bean, new long[] {Thread.currentThread().threadId()}, true, false);
            Object info = java.lang.reflect.Array.get(infos, 0);
            if (info == null) {
                throw new IllegalStateException("no thread info for " + Thread.currentThread() + " (a virtual thread?)");
            }
            Object[] monitors = (Object[]) info.getClass().getMethod("getLockedMonitors").invoke(info);
            Method className = Class.forName("java.lang.management.LockInfo").getMethod("getClassName");
            List<String> out = new java.util.ArrayList<>();
            for (Object m : monitors) {
                out.add((String) className.invoke(m));
            }
            return out;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read the monitors held", e);
        }
    }

    /** Heap in use after two collections. */
    static long usedHeapAfterGc() throws InterruptedException {
        Runtime rt = Runtime.getRuntime();
        System.gc();
        Thread.sleep(50);
        System.gc();
        Thread.sleep(20);
        return rt.totalMemory() - rt.freeMemory();
    }

    /** Heap in use now. */
    static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }

    private final List<String> nettyRecords = new CopyOnWriteArrayList<>();
    private Object logger;
    private Object handler;
    private Object oldLeakLevel;

    /**
     * Captures every record of level WARNING and up logged under {@code io.netty}, and, with
     * {@code paranoidLeaks}, tracks every Netty buffer for leaks until {@link #close}.
     */
    static JvmWatch netty(boolean paranoidLeaks) {
        JvmWatch w = new JvmWatch();
        try {
            Class<?> loggerClass = Class.forName("java.util.logging.Logger");
            Class<?> levelClass = Class.forName("java.util.logging.Level");
            Class<?> filterClass = Class.forName("java.util.logging.Filter");
            Class<?> recordClass = Class.forName("java.util.logging.LogRecord");
            Class<?> handlerClass = Class.forName("java.util.logging.Handler");
            Class<?> formatterClass = Class.forName("java.util.logging.Formatter");
            Object warning = levelClass.getField("WARNING").get(null);
            int warningValue = (int) levelClass.getMethod("intValue").invoke(warning);
            Method getLevel = recordClass.getMethod("getLevel");
            Method intValue = levelClass.getMethod("intValue");
            Method getLoggerName = recordClass.getMethod("getLoggerName");
            Method getMessage = recordClass.getMethod("getMessage");
            Method getThrown = recordClass.getMethod("getThrown");
            Object filter = Proxy.newProxyInstance(JvmWatch.class.getClassLoader(), new Class<?>[] {filterClass},
                    (proxy, method, args) -> {
                        if (!method.getName().equals("isLoggable")) {
                            return method.getName().equals("hashCode") ? System.identityHashCode(proxy)
                                    : method.getName().equals("equals") ? proxy == args[0] : "JvmWatch filter";
                        }
                        Object rec = args[0];
                        if ((int) intValue.invoke(getLevel.invoke(rec)) >= warningValue) {
                            w.nettyRecords.add(getLevel.invoke(rec) + " " + getLoggerName.invoke(rec) + ": "
                                    + getMessage.invoke(rec) + (getThrown.invoke(rec) != null ? " "
                                            + getThrown.invoke(rec) : ""));
                        }
                        return false;
                    });
            Object formatter = Class.forName("java.util.logging.SimpleFormatter").getConstructor().newInstance();
            Object h = Class.forName("java.util.logging.StreamHandler")
                    .getConstructor(OutputStream.class, formatterClass)
                    .newInstance(OutputStream.nullOutputStream(), formatter);
            handlerClass.getMethod("setFilter", filterClass).invoke(h, filter);
            handlerClass.getMethod("setLevel", levelClass).invoke(h, levelClass.getField("ALL").get(null));
            Object l = loggerClass.getMethod("getLogger", String.class).invoke(null, "io.netty");
            loggerClass.getMethod("addHandler", handlerClass).invoke(l, h);
            w.logger = l;
            w.handler = h;
            if (paranoidLeaks) {
                Class<?> rld = Class.forName("io.netty.util.ResourceLeakDetector");
                Class<?> rldLevel = Class.forName("io.netty.util.ResourceLeakDetector$Level");
                w.oldLeakLevel = rld.getMethod("getLevel").invoke(null);
                rld.getMethod("setLevel", rldLevel).invoke(null, rldLevel.getField("PARANOID").get(null));
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot watch Netty's log", e);
        }
        return w;
    }

    /** What Netty logged at WARNING and up since {@link #netty}. */
    List<String> nettyWarnings() {
        return List.copyOf(nettyRecords);
    }

    @Override
    public void close() {
        try {
            if (logger != null) {
                Class<?> handlerClass = Class.forName("java.util.logging.Handler");
                Class.forName("java.util.logging.Logger").getMethod("removeHandler", handlerClass).invoke(logger,
                        handler);
            }
            if (oldLeakLevel != null) {
                Class<?> rld = Class.forName("io.netty.util.ResourceLeakDetector");
                Class<?> rldLevel = Class.forName("io.netty.util.ResourceLeakDetector$Level");
                rld.getMethod("setLevel", rldLevel).invoke(null, oldLeakLevel);
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot stop watching Netty's log", e);
        }
    }
}
