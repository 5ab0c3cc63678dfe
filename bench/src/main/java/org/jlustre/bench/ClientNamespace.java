package org.jlustre.bench;

import java.nio.charset.StandardCharsets;
import org.jlustre.client.LustreClient;
import org.jlustre.client.Striping;
import org.jlustre.common.Fid;
import org.jlustre.mdc.MdcCred;

/**
 * The client suite's mdtest-like namespace: {@link LustreClient} calls as root, waited for by
 * the calling thread, in directories made under the root for the survey. A stat is the
 * client's {@code stat} by FID (with the glimpse of the file's stripe object), a lookup its
 * {@code lookup} by name.
 */
final class ClientNamespace implements MdsSurvey.Namespace<Fid> {

    private static final MdcCred ROOT = MdcCred.root();
    private final LustreClient fs;
    private final Fid[] dirs;

    ClientNamespace(LustreClient fs, String tag, int directories) {
        this.fs = fs;
        this.dirs = new Fid[directories];
        for (int i = 0; i < directories; i++) {
            dirs[i] = fs.mkdir(ROOT, fs.root(), bytes(tag + "-d" + i), 0755).join().fid();
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public Fid create(int dir, String name) {
        return fs.create(ROOT, dirs[dir], bytes(name), 0644, Striping.DEFAULT).join().fid();
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
}
