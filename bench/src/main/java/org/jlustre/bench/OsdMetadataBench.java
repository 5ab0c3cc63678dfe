package org.jlustre.bench;

import java.lang.foreign.MemorySegment;
import java.util.Optional;
import org.jlustre.common.Fid;
import org.jlustre.common.LustreException;
import org.jlustre.osd.DirEntry;
import org.jlustre.osd.LuAttr;
import org.jlustre.osd.OsdObject;
import org.jlustre.osd.Transaction;
import org.jlustre.osd.XattrMode;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * osd-mem metadata operations, one thread, each as an MDT issues it through the OSD API:
 * create+insert in one transaction, directory lookup, attr get and xattr set/get.
 * {@link JimfsMetadataBench} measures the Jimfs peer of each.
 */
public class OsdMetadataBench {

    /** Entries per directory: creates rotate to a new directory after this many; lookups use one this big. */
    static final int DIRECTORY_ENTRIES = 100_000;
    /** Files the xattr benchmarks cycle over. */
    static final int XATTR_FILES = 1_000;
    /** The xattr name, in the "user." namespace as in Jimfs's "user" view. */
    static final String XATTR_NAME = "user.bench";
    /** Bytes of every xattr value. */
    static final int XATTR_BYTES = 64;

    /** A fresh device per iteration, so the heap never holds more than one iteration of creates. */
    @State(Scope.Thread)
    public static class Creates {
        final String[] names = FileNames.numbered("f", DIRECTORY_ENTRIES);
        OsdFixture osd;
        OsdFixture.Directory dir;
        int inDirectory;
        int directories;

        @Setup(Level.Iteration)
        public void mount() throws LustreException {
            Heaps.collect();
            osd = OsdFixture.mount("bench-create");
            directories = 0;
            nextDirectory();
        }

        /** The name of the next file, moving on to a new directory when this one is full. */
        String nextName() throws LustreException {
            if (inDirectory == DIRECTORY_ENTRIES) {
                nextDirectory();
            }
            return names[inDirectory++];
        }

        private void nextDirectory() throws LustreException {
            dir = osd.mkdir("d" + directories++);
            inDirectory = 0;
        }

        @TearDown(Level.Iteration)
        public void unmount() {
            dir.object().close();
            osd.close();
            dir = null; // unreachable before the next iteration's collection
            osd = null;
        }
    }

    /**
     * One directory of {@link #DIRECTORY_ENTRIES} files, every file held open (the object
     * cache is sized for them), and a cursor walking through them.
     */
    @State(Scope.Thread)
    public static class Populated {
        final String[] names = FileNames.numbered("f", DIRECTORY_ENTRIES);
        final OsdObject[] files = new OsdObject[DIRECTORY_ENTRIES];
        final LuAttr attr = new LuAttr();
        OsdFixture osd;
        OsdFixture.Directory dir;
        int cursor;

        @Setup(Level.Trial)
        public void populate() throws LustreException {
            osd = OsdFixture.mount("bench-lookup", 2 * DIRECTORY_ENTRIES);
            dir = osd.mkdir("d");
            for (int i = 0; i < DIRECTORY_ENTRIES; i++) {
                files[i] = osd.device().find(osd.createFile(dir, names[i]));
            }
            Heaps.collect();
        }

        /** The index of the next file, wrapping around. */
        int next() {
            int i = cursor;
            cursor = i + 1 == DIRECTORY_ENTRIES ? 0 : i + 1;
            return i;
        }

        @TearDown(Level.Trial)
        public void unmount() {
            for (OsdObject f : files) {
                f.close();
            }
            dir.object().close();
            osd.close();
        }
    }

    /** {@link #XATTR_FILES} held files, each with a {@link #XATTR_BYTES}-byte {@link #XATTR_NAME}. */
    @State(Scope.Thread)
    public static class WithXattrs {
        final OsdObject[] files = new OsdObject[XATTR_FILES];
        final MemorySegment value = MemorySegment.ofArray(new byte[XATTR_BYTES]).fill((byte) 'x');
        final MemorySegment buffer = MemorySegment.ofArray(new byte[XATTR_BYTES]);
        OsdFixture osd;
        OsdFixture.Directory dir;
        int cursor;

        @Setup(Level.Trial)
        public void populate() throws LustreException {
            osd = OsdFixture.mount("bench-xattr");
            dir = osd.mkdir("d");
            for (int i = 0; i < XATTR_FILES; i++) {
                files[i] = osd.device().find(osd.createFile(dir, "f" + i));
                setXattr(osd, files[i], value);
            }
            Heaps.collect();
        }

        /** The next file, wrapping around. */
        OsdObject next() {
            int i = cursor;
            cursor = i + 1 == XATTR_FILES ? 0 : i + 1;
            return files[i];
        }

        @TearDown(Level.Trial)
        public void unmount() {
            for (OsdObject f : files) {
                f.close();
            }
            dir.object().close();
            osd.close();
        }
    }

    /** Sets the bench xattr in its own transaction, as {@code mdd_xattr_set} would. */
    static void setXattr(OsdFixture osd, OsdObject file, MemorySegment value) throws LustreException {
        try (Transaction th = osd.device().transCreate()) {
            file.declareXattrSet(XATTR_NAME, (int) value.byteSize(), XattrMode.SET, th);
            th.start();
            file.xattrSet(XATTR_NAME, value, XattrMode.SET, th);
        }
    }

    /** Object create + directory insert in one transaction. */
    @Benchmark
    @Fork(jvmArgsAppend = JmhRun.FULL_HEAP)
    public Fid createInsert(Creates s) throws LustreException {
        String name = s.nextName();
        return s.osd.createFile(s.dir, name);
    }

    /** Lookup of an existing name in a 100,000-entry directory. */
    @Benchmark
    public Optional<DirEntry> lookup(Populated s) throws LustreException {
        return s.dir.index().lookup(s.names[s.next()]);
    }

    /** Attr get of a held object into one reused {@link LuAttr}. */
    @Benchmark
    public LuAttr attrGet(Populated s) throws LustreException {
        s.files[s.next()].attrGet(s.attr);
        return s.attr;
    }

    /** Replacing a 64-byte xattr value, in its own transaction. */
    @Benchmark
    public void xattrSet(WithXattrs s) throws LustreException {
        setXattr(s.osd, s.next(), s.value);
    }

    /** Reading a 64-byte xattr value into a reused buffer. */
    @Benchmark
    public int xattrGet(WithXattrs s) throws LustreException {
        return s.next().xattrGet(XATTR_NAME, s.buffer);
    }
}
