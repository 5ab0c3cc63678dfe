package org.jlustre.tools.osd;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jlustre.common.FileMode;
import org.jlustre.common.Fid;
import org.jlustre.common.Libcfs;
import org.jlustre.common.LustreException;
import org.jlustre.osd.AllocationHint;
import org.jlustre.osd.BufsType;
import org.jlustre.osd.DirEntry;
import org.jlustre.osd.DirectoryIndex;
import org.jlustre.osd.DirectoryIterator;
import org.jlustre.osd.IndexFeatures;
import org.jlustre.osd.LocalBuffer;
import org.jlustre.osd.LuAttr;
import org.jlustre.osd.ObjectFormat;
import org.jlustre.osd.OsdDevice;
import org.jlustre.osd.OsdObject;
import org.jlustre.osd.Transaction;
import org.jlustre.osd.TxnHooks;
import org.jlustre.osd.XattrMode;
import org.jlustre.wire.LuDirent;
import org.jlustre.tools.lctl.Lctl;
import org.jlustre.wire.ObdStatfs;
import picocli.CommandLine;

/**
 * The scripted tour {@code jlustre osd} prints: each step uses the OSD API the way Lustre's
 * upper layers do (local_file_find_or_create for CONFIGS, mdd for a file, ofd for the page
 * view), and says what happened.
 */
final class OsdWalkthrough {

    /** The FID sequence the MGS gives named local files ({@code FID_SEQ_LOCAL_NAME}). */
    private static final Fid CONFIGS = Fid.of(Fid.SEQ_LOCAL_NAME, 1);
    private static final Fid HELLO = Fid.of(Fid.SEQ_NORMAL, 1);
    private static final String TEXT = "Hello from osd-mem, Lustre's in-memory OSD.\n";

    private final OsdDevice dev;
    private final Libcfs libcfs;
    private final java.io.PrintWriter out;
    private final boolean verbose;
    private final String params;

    OsdWalkthrough(OsdDevice dev, Libcfs libcfs, java.io.PrintWriter out, boolean verbose) {
        this.dev = dev;
        this.libcfs = libcfs;
        this.out = out;
        this.verbose = verbose;
        this.params = "osd-mem." + dev.name();
    }

    void run() throws LustreException {
        if (verbose) {
            libcfs.debug().setConsole(null); // the trace goes to the debug log; dumped at the end
            libcfs.params().set(params + ".verbose_debug", "1");
        }
        step("mounted osd-mem device " + dev.name() + " (" + dev.type() + ")");
        statfs();
        step("the OSD root " + dev.rootFid() + " exists before anything is created");
        try (OsdObject root = dev.find(dev.rootFid())) {
            DirectoryIndex dir = root.indexTry(IndexFeatures.DIRECTORY);
            say("lookup \".\"  -> " + dir.lookupFid("."));
            say("lookup \"..\" -> " + dir.lookupFid("..") + " (the root is its own parent)");
        }
        try (TxnHooks.Registration hooks = dev.addTxnHooks(new TxnHooks() {
            @Override
            public void txnStart(Transaction th) {
                say("  hook: transaction start (the target layer declares last_rcvd here)");
            }

            @Override
            public void txnStop(Transaction th) {
                say("  hook: transaction stop (the target layer assigns the transno here)");
            }
        })) {
            createConfigs();
            createHello();
        }
        readBack();
        pageView();
        readdir();
        lctl("get_param", params + ".stats");
        cacheFlush();
        destroyHello();
        lctl("get_param", params + ".objects");
        if (verbose) {
            step("lctl dk: the debug log, verbose_debug traces included");
            out.print(libcfs.debug().dumpToString());
        }
        step("unmounting " + dev.name());
    }

    private void step(String text) {
        out.println();
        out.println("== " + text);
    }

    private void say(String text) {
        out.println("   " + text);
    }

    private void statfs() throws LustreException {
        ObdStatfs s = dev.statfs();
        say("statfs: " + s.blocks() + " blocks of " + s.bsize() + " bytes, " + s.bfree() + " free; " + s.files()
                + " inodes, " + s.ffree() + " free; names up to " + s.namelen() + " bytes");
    }

    /** What the MGS does at setup: local_file_find_or_create("CONFIGS") in the OSD root. */
    private void createConfigs() throws LustreException {
        step("create directory CONFIGS " + CONFIGS + " and link it into the root, in one transaction");
        try (OsdObject root = dev.find(dev.rootFid()); OsdObject configs = dev.find(CONFIGS)) {
            DirectoryIndex rootDir = root.indexTry(IndexFeatures.DIRECTORY);
            LuAttr attr = new LuAttr().mode(FileMode.S_IFDIR | 0755);
            try (Transaction th = dev.transCreate()) {
                configs.declareCreate(attr, AllocationHint.parent(root.fid()), ObjectFormat.DIR, th);
                rootDir.declareInsert("CONFIGS", th);
                configs.declareRefAdd(th);
                th.addCommitCallback((t, rc) -> say("  commit callback: rc = " + rc));
                th.start();
                configs.create(attr, AllocationHint.parent(root.fid()), ObjectFormat.DIR, th);
                DirectoryIndex dir = configs.indexTry(IndexFeatures.DIRECTORY);
                dir.insert(".", configs.fid(), FileMode.S_IFDIR, th);
                dir.insert("..", root.fid(), FileMode.S_IFDIR, th);
                configs.refAdd(th);
                rootDir.insert("CONFIGS", configs.fid(), FileMode.S_IFDIR, th);
                say("declared: " + th.declares());
            }
        }
    }

    /** What mdd does for a new file: create, insert, an xattr, then the body. */
    private void createHello() throws LustreException {
        byte[] text = TEXT.getBytes(StandardCharsets.UTF_8);
        step("create CONFIGS/hello " + HELLO + ", write " + text.length + " bytes, set xattr user.greeting");
        try (OsdObject configs = dev.find(CONFIGS); OsdObject hello = dev.find(HELLO)) {
            DirectoryIndex dir = configs.indexTry(IndexFeatures.DIRECTORY);
            LuAttr attr = new LuAttr().mode(FileMode.S_IFREG | 0644).uid(500).gid(500);
            MemorySegment body = MemorySegment.ofArray(text);
            MemorySegment greeting = MemorySegment.ofArray("hi".getBytes(StandardCharsets.UTF_8));
            try (Transaction th = dev.transCreate()) {
                hello.declareCreate(attr, AllocationHint.parent(configs.fid()), ObjectFormat.REGULAR, th);
                dir.declareInsert("hello", th);
                hello.declareXattrSet("user.greeting", 2, XattrMode.CREATE, th);
                hello.body().declareWrite(0, text.length, th);
                th.start();
                hello.create(attr, AllocationHint.parent(configs.fid()), ObjectFormat.REGULAR, th);
                dir.insert("hello", hello.fid(), FileMode.S_IFREG, th);
                hello.xattrSet("user.greeting", greeting, XattrMode.CREATE, th);
                hello.body().write(0, body, th);
            }
            say("attrs: " + hello.attrGet());
            say("xattrs: " + hello.xattrNames());
        }
        statfs();
    }

    private void readBack() throws LustreException {
        step("read the body back through the flat view");
        try (OsdObject hello = dev.find(HELLO)) {
            say("\"" + readAll(hello).strip() + "\"");
        }
    }

    private static String readAll(OsdObject o) throws LustreException {
        byte[] b = new byte[(int) o.attrGet().size()];
        o.body().read(0, MemorySegment.ofArray(b));
        return new String(b, StandardCharsets.UTF_8);
    }

    /** What ofd does to serve a read: bufs_get, read_prep, then bulk straight from the pages. */
    private void pageView() throws LustreException {
        step("page view: bufs_get + read_prep over bytes 0..8191, as an OST serves a read");
        try (OsdObject hello = dev.find(HELLO)) {
            List<LocalBuffer> bufs = hello.body().bufsGet(0, 8192, BufsType.READ);
            hello.body().readPrep(bufs);
            for (LocalBuffer b : bufs) {
                say(b + (b.page().isReadOnly() ? " (hole: the shared zero page)" : " (the object's own page)"));
            }
            hello.body().bufsPut(bufs);
        }
    }

    /** What mdd_dir_page_build does for readdir: iterate and pack lu_dirent records. */
    private void readdir() throws LustreException {
        step("readdir CONFIGS: the iterator packs lu_dirent records with stable cookies");
        try (OsdObject configs = dev.find(CONFIGS); Arena arena = Arena.ofConfined()) {
            MemorySegment page = arena.allocate(4096);
            int attrs = LuDirent.LUDA_TYPE | LuDirent.LUDA_64BITHASH;
            try (DirectoryIterator it = configs.indexTry(IndexFeatures.DIRECTORY).iterator(attrs)) {
                long off = 0;
                boolean onRecord = it.load(0) > 0 || it.next() == 0; // dt_index_walk's start
                while (onRecord) {
                    int len = it.rec(page, off, attrs);
                    LuDirent d = LuDirent.read(page, off);
                    say(String.format("cookie %-3d %-24s %-4s reclen %-3d %s", d.hash(), d.fid(),
                            FileMode.typeName(d.type()), d.reclen(), d.name()));
                    off += len;
                    onRecord = it.next() == 0;
                }
            }
            DirEntry e = configs.indexTry(IndexFeatures.DIRECTORY).lookup("hello").orElseThrow();
            say("lookup \"hello\" -> " + e.fid() + " " + FileMode.typeName(e.type()));
        }
    }

    private void cacheFlush() throws LustreException {
        step("cache flush: lctl set_param " + params + ".cache_flush=1 drops every cached object, no data");
        say("cached objects before: " + get(params + ".cached_objects"));
        libcfs.params().set(params + ".cache_flush", "1");
        say("cached objects after:  " + get(params + ".cached_objects"));
        try (OsdObject hello = dev.find(HELLO)) {
            say("hello after the flush: \"" + readAll(hello).strip() + "\"");
        }
    }

    private void destroyHello() throws LustreException {
        step("unlink and destroy hello: its space and inode come back");
        try (OsdObject configs = dev.find(CONFIGS); OsdObject hello = dev.find(HELLO)) {
            DirectoryIndex dir = configs.indexTry(IndexFeatures.DIRECTORY);
            try (Transaction th = dev.transCreate()) {
                dir.declareDelete("hello", th);
                hello.declareDestroy(th);
                th.start();
                dir.delete("hello", th);
                hello.destroy(th);
            }
            say("hello exists: " + hello.exists());
        }
        statfs();
    }

    private String get(String name) throws LustreException {
        return libcfs.params().get(name).getFirst().value().strip();
    }

    private void lctl(String... args) {
        step("lctl " + String.join(" ", args));
        CommandLine lctl = Lctl.commandLine(libcfs);
        lctl.setOut(out);
        lctl.execute(args);
    }
}
