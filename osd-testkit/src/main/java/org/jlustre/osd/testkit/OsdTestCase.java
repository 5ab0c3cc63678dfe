package org.jlustre.osd.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;
import org.jlustre.common.Fid;
import org.jlustre.common.FileMode;
import org.jlustre.common.LustreException;
import org.jlustre.osd.AllocationHint;
import org.jlustre.osd.DirEntry;
import org.jlustre.osd.DirectoryIndex;
import org.jlustre.osd.DirectoryIterator;
import org.jlustre.osd.IndexFeatures;
import org.jlustre.osd.KeyValueIndex;
import org.jlustre.osd.LuAttr;
import org.jlustre.osd.ObjectFormat;
import org.jlustre.osd.OsdDevice;
import org.jlustre.osd.OsdObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The base of every conformance class: one abstract factory, a fresh standard device per test,
 * FIDs nobody used, and small helpers that run updates the way Lustre callers do.
 *
 * <p>A backend runs a surface with a three-line subclass:
 *
 * <pre>{@code
 * class MemBodyTest extends BodyConformance {
 *     protected OsdDevice newDevice(DeviceSpec spec) { return OsdMem.open(spec.name(), ...); }
 * }
 * }</pre>
 *
 * Handles returned by {@link #find}, {@link #createRegular()} and the other helpers are closed
 * after the test (before their device); tests must not close them. Devices from
 * {@link #openDevice} are closed after the test too.
 */
@ExtendWith(KitSeed.class)
public abstract class OsdTestCase {

    /** A regular file's mode. */
    protected static final int REG_MODE = FileMode.S_IFREG | 0644;
    /** A directory's mode. */
    protected static final int DIR_MODE = FileMode.S_IFDIR | 0755;
    /** How long any wait of the kit may take before the test fails instead of hanging. */
    protected static final long TIMEOUT_SECONDS = 30;

    private static final AtomicLong SEQUENCES = new AtomicLong();

    /** The standard device of the running test. */
    protected OsdDevice device;

    private final long sequence = Fid.SEQ_NORMAL + SEQUENCES.getAndIncrement();
    private final AtomicInteger nextOid = new AtomicInteger(Fid.INIT_OID);
    private final Deque<AutoCloseable> toClose = new ConcurrentLinkedDeque<>();

    /**
     * Creates a new, empty device as {@code spec} describes. The only method a backend
     * implements; it may wrap the device (e.g. in {@link AssertingOsd}).
     */
    protected abstract OsdDevice newDevice(DeviceSpec spec) throws Exception;

    @BeforeEach
    final void openStandardDevice() throws Exception {
        device = openDevice(DeviceSpec.standard());
    }

    @AfterEach
    final void closeEverything() throws Exception {
        Throwable first = null;
        for (AutoCloseable c; (c = toClose.pollFirst()) != null;) {
            try {
                c.close();
            } catch (Exception | AssertionError e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first instanceof Exception e) {
            throw e;
        }
        if (first != null) {
            throw (AssertionError) first;
        }
    }

    // ---- devices, FIDs, handles ----

    /** A further device (e.g. a small one), closed after the test. */
    protected final OsdDevice openDevice(DeviceSpec spec) throws Exception {
        OsdDevice d = newDevice(spec);
        assertThat(d).as("newDevice(%s)", spec).isNotNull();
        toClose.push(d);
        return d;
    }

    /** A FID no test used before: {@code [0x200000400 + n:oid:0]}, one sequence per test. */
    protected final Fid newFid() {
        return new Fid(sequence, nextOid.getAndIncrement(), 0);
    }

    /** {@code device.find(fid)}, closed after the test. */
    protected final OsdObject find(Fid fid) throws LustreException {
        return find(device, fid);
    }

    /** {@code d.find(fid)}, closed after the test. */
    protected final OsdObject find(OsdDevice d, Fid fid) throws LustreException {
        OsdObject o = d.find(fid);
        assertThat(o).as("find(%s)", fid).isNotNull();
        toClose.push(o);
        return o;
    }

    /** A handle of an object that does not exist yet. */
    protected final OsdObject newObject() throws LustreException {
        return find(newFid());
    }

    /** A batch of updates on the standard device. */
    protected final TxBatch tx() {
        return new TxBatch(device);
    }

    /** A batch of updates on {@code d}. */
    protected static TxBatch tx(OsdDevice d) {
        return new TxBatch(d);
    }

    /** Runs one update as Lustre callers do: {@code declare}, start, {@code execute}, stop. */
    protected static void withTx(OsdDevice d, TxBatch.TxWork declare, TxBatch.TxWork execute)
            throws LustreException {
        new TxBatch(d).step(declare, execute).run();
    }

    /** An identity for "same object" checks that sees through the kit's own wrappers. */
    protected static Object identityOf(OsdObject o) {
        return WrapperDevice.innermost(o);
    }

    // ---- creating objects ----

    /** Attributes of a new regular file. */
    protected static LuAttr regAttr() {
        return new LuAttr().mode(REG_MODE);
    }

    /** Attributes of a new directory. */
    protected static LuAttr dirAttr() {
        return new LuAttr().mode(DIR_MODE);
    }

    /** A new empty regular file. */
    protected final OsdObject createRegular() throws LustreException {
        return createRegular(device);
    }

    /** A new empty regular file on {@code d}. */
    protected final OsdObject createRegular(OsdDevice d) throws LustreException {
        OsdObject o = find(d, newFid());
        tx(d).create(o, regAttr(), ObjectFormat.REGULAR).run();
        return o;
    }

    /** A new regular file holding {@code data}. */
    protected final OsdObject createRegular(byte[] data) throws LustreException {
        OsdObject o = find(newFid());
        tx().create(o, regAttr(), ObjectFormat.REGULAR).write(o, 0, data).run();
        return o;
    }

    /** A new directory without a parent hint. */
    protected final OsdObject createDir() throws LustreException {
        return createDir(device, null);
    }

    /** A new directory whose parent hint is {@code parent}. */
    protected final OsdObject createDir(Fid parent) throws LustreException {
        return createDir(device, parent);
    }

    /** A new directory on {@code d}, with a parent hint when {@code parent} is not null. */
    protected final OsdObject createDir(OsdDevice d, Fid parent) throws LustreException {
        OsdObject o = find(d, newFid());
        AllocationHint hint = parent == null ? AllocationHint.NONE : AllocationHint.parent(parent);
        tx(d).create(o, dirAttr(), hint, ObjectFormat.DIR).run();
        return o;
    }

    /** A new key/value index object with these features. */
    protected final OsdObject createIndex(IndexFeatures<KeyValueIndex> features) throws LustreException {
        OsdObject o = find(newFid());
        tx().create(o, regAttr(), ObjectFormat.index(features)).run();
        return o;
    }

    /** The directory index of {@code o}. */
    protected static DirectoryIndex dir(OsdObject o) throws LustreException {
        return o.indexTry(IndexFeatures.DIRECTORY);
    }

    // ---- reading ----

    /** The logical size. */
    protected static long size(OsdObject o) throws LustreException {
        return o.attrGet().size();
    }

    /** Up to {@code len} bytes at {@code pos}: exactly what {@code read} returned. */
    protected static byte[] read(OsdObject o, long pos, int len) throws LustreException {
        byte[] b = new byte[len];
        int n = o.body().read(pos, MemorySegment.ofArray(b));
        assertThat(n).as("bytes read at %d", pos).isBetween(0, len);
        return Arrays.copyOf(b, n);
    }

    /** The whole body. */
    protected static byte[] readAll(OsdObject o) throws LustreException {
        long size = size(o);
        assertThat(size).as("size of %s", o.fid()).isLessThan(Integer.MAX_VALUE);
        return read(o, 0, (int) size);
    }

    /** Every entry of a directory in iteration order, as {@code mdd_dir_is_empty} starts it. */
    protected static List<DirEntry> list(DirectoryIndex dir) throws LustreException {
        List<DirEntry> out = new ArrayList<>();
        try (DirectoryIterator it = dir.iterator(0)) {
            assertThat(it.get("")).as("get(\"\")").isPositive();
            while (it.next() == 0) {
                out.add(it.entry());
            }
        }
        return out;
    }

    /** The names of {@link #list}. */
    protected static List<String> names(DirectoryIndex dir) throws LustreException {
        return list(dir).stream().map(DirEntry::name).toList();
    }

    // ---- data ----

    /** Deterministic bytes, never zero, so holes and data cannot be confused. */
    protected static byte[] pattern(int len, int salt) {
        byte[] b = new byte[len];
        for (int i = 0; i < len; i++) {
            b[i] = (byte) (1 + Math.floorMod(i * 7 + salt * 13 + (i >>> 8), 251));
        }
        return b;
    }

    /** Random bytes. */
    protected static byte[] randomBytes(RandomGenerator random, int len) {
        byte[] b = new byte[len];
        random.nextBytes(b);
        return b;
    }

    /** The UTF-8 bytes of a string. */
    protected static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Bytes from ints, so a test can spell 0x80-0xff. */
    protected static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    /** {@code c} repeated {@code n} times. */
    protected static String repeat(String c, int n) {
        return c.repeat(n);
    }

    // ---- threads ----

    /** A pool shut down after the test. */
    protected final ExecutorService pool(int threads) {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        toClose.push(pool::shutdownNow);
        return pool;
    }

    /** Waits for a future, failing the test after {@link #TIMEOUT_SECONDS} instead of hanging. */
    protected static <T> T await(Future<T> future) throws Exception {
        try {
            return future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            return fail("no result within " + TIMEOUT_SECONDS + " s: deadlock?", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    /** Runs {@code tasks} on a pool of their size and waits for all of them. */
    protected final <T> List<T> runConcurrently(List<Callable<T>> tasks) throws Exception {
        ExecutorService pool = pool(tasks.size());
        List<Future<T>> futures = new ArrayList<>();
        for (Callable<T> t : tasks) {
            futures.add(pool.submit(t));
        }
        List<T> results = new ArrayList<>();
        for (Future<T> f : futures) {
            results.add(await(f));
        }
        return results;
    }
}
