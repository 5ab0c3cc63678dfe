package org.jlustre.bench;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import org.jlustre.client.LustreClient;
import org.jlustre.client.OpenFile;
import org.jlustre.client.OpenFlags;
import org.jlustre.client.Striping;
import org.jlustre.common.Fid;
import org.jlustre.common.FileMode;
import org.jlustre.mdc.MdcCred;

/**
 * The survey's namespace and IOR's files through the {@link LustreClient} API, as root: creates
 * with the filesystem's default striping (an OST object each, as a create by open on Lustre),
 * stats by FID (size glimpsed from the OST), lookups by name, unlinks (the MDT destroys the
 * objects); IOR files opened with a layout of 1 MiB stripes over 1 or 2 OSTs, in the top directory.
 */
final class ClientApi implements MdsSurvey.Namespace<Fid>, Ior.Files {

    private static final MdcCred ROOT = MdcCred.root();

    private final LustreClient fs;
    private final Fid top;
    private final Fid[] dirs;

    /** New directory {@code top} in the root, with {@code directories} directories {@code d<i>} for the survey in it. */
    ClientApi(LustreClient fs, String top, int directories) {
        this.fs = fs;
        this.top = fs.mkdir(ROOT, fs.root(), bytes(top), 0755).join().fid();
        dirs = new Fid[directories];
        for (int i = 0; i < directories; i++) {
            dirs[i] = fs.mkdir(ROOT, this.top, bytes("d" + i), 0755).join().fid();
        }
    }

    @Override
    public Fid create(int dir, String name) {
        return fs.create(ROOT, dirs[dir], bytes(name), FileMode.S_IFREG | 0644, Striping.DEFAULT).join().fid();
    }

    @Override
    public void stat(Fid file) {
        fs.stat(ROOT, file).join();
    }

    @Override
    public void lookup(int dir, String name) {
        fs.lookup(ROOT, dirs[dir], bytes(name)).join();
    }

    @Override
    public void unlink(int dir, String name) {
        fs.unlink(ROOT, dirs[dir], bytes(name)).join();
    }

    @Override
    public Ior.Handle create(String name, int stripes) {
        OpenFile f = fs.open(ROOT, top, bytes(name), OpenFlags.O_CREAT | OpenFlags.O_TRUNC | OpenFlags.O_RDWR,
                0644, Striping.of(stripes, Ior.TRANSFER)).join();
        return new Ior.Handle() {
            @Override
            public void write(long offset, MemorySegment src) {
                f.write(offset, src).join();
            }

            @Override
            public void read(long offset, MemorySegment dst) {
                f.read(offset, dst).join();
            }

            @Override
            public void close() {
                f.close().join();
            }
        };
    }

    @Override
    public void unlink(String name, int stripes) {
        fs.unlink(ROOT, top, bytes(name)).join();
    }

    static byte[] bytes(String name) {
        return name.getBytes(StandardCharsets.US_ASCII);
    }
}
