package org.jlustre.mdt.mdd;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.jlustre.common.Fid;
import org.jlustre.common.Libcfs;
import org.jlustre.common.LustreException;
import org.jlustre.common.TimeSource;
import org.jlustre.mdt.perm.Cred;
import org.jlustre.osd.OsdDevice;
import org.jlustre.osd.mem.MemOsdConfig;
import org.jlustre.osd.mem.OsdMem;
import org.jlustre.osd.testkit.AssertingOsd;

/**
 * An MDD on osd-mem under the kit's asserting wrapper (every update must have been declared,
 * one open transaction per thread), with the fake layout layer, FIDs from a normal sequence and
 * a manual clock.
 */
final class MddFixture implements AutoCloseable {

    static final Cred ROOT = Cred.ROOT;
    static final long SEQ = 0x200000400L;

    final Libcfs libcfs = Libcfs.create();
    final OsdDevice mem;
    final OsdDevice osd;
    final FakeLayouts layouts = new FakeLayouts();
    final TimeSource.Manual clock = TimeSource.manual(1_700_000_000_000_000_000L);
    private final AtomicInteger nextOid = new AtomicInteger(1);
    Mdd mdd;

    MddFixture() throws LustreException {
        this(MemOsdConfig.DEFAULT_MAX_INODES);
    }

    MddFixture(long maxInodes) throws LustreException {
        mem = OsdMem.create(MemOsdConfig.defaults("mdt-test").withLibcfs(libcfs).withMaxInodes(maxInodes));
        osd = AssertingOsd.wrap(mem);
        mdd = Mdd.mount(osd, MddConfig.defaults("lustre-MDD0000").withTime(clock), layouts);
    }

    /** Unmounts the MDD and mounts it again on the same OSD. */
    Mdd remount() throws LustreException {
        mdd.close();
        mdd = Mdd.mount(osd, MddConfig.defaults("lustre-MDD0000").withTime(clock), layouts);
        return mdd;
    }

    /** A new normal FID. */
    Fid fid() {
        return new Fid(SEQ, nextOid.getAndIncrement(), 0);
    }

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    MdAttr mkdir(Cred c, Fid parent, String name, int perm) throws LustreException {
        return mdd.create(c, parent, b(name), fid(), CreateSpec.dir(perm));
    }

    MdAttr mkfile(Cred c, Fid parent, String name, int perm) throws LustreException {
        return mdd.create(c, parent, b(name), fid(), CreateSpec.file(perm));
    }

    @Override
    public void close() {
        mdd.close();
        mem.close();
    }
}
