package org.jlustre.osd.mem;

import org.jlustre.common.LustreException;
import org.jlustre.common.param.Param;
import org.jlustre.common.param.ParamGroup;
import org.jlustre.common.param.ParamTree;

/**
 * The parameters of an osd-mem device under {@code osd-mem.<name>}: the usual OSD ones
 * (fstype, mntdev, blocksize, kbytes*, files*, force_sync, stats) and the seed's debugging
 * aids (verbose_debug, an object table dump, the cache flush).
 */
final class MemParams {

    /** Lines of the object table dump before it is cut. */
    static final int DUMP_LINES = 10_000;

    private MemParams() {
    }

    static ParamGroup register(MemDevice dev, ParamTree tree) throws LustreException {
        ParamGroup g = tree.createGroup(OsdMem.TYPE, dev.name());
        Usage u = dev.usage();
        g.add("fstype", Param.readOnly(() -> "mem"));
        g.add("mntdev", Param.readOnly(() -> "lustre-mem"));
        g.add("blocksize", Param.readOnlyLong(() -> MemDevice.STATFS_BSIZE));
        g.add("kbytestotal", Param.readOnlyLong(() -> u.capacityBytes() >> 10));
        g.add("kbytesfree", Param.readOnlyLong(() -> u.freeBytes() >> 10));
        g.add("kbytesavail", Param.readOnlyLong(() -> u.freeBytes() >> 10));
        g.add("filestotal", Param.readOnlyLong(u::maxInodes));
        g.add("filesfree", Param.readOnlyLong(u::freeInodes));
        g.add("page_size", Param.readOnlyLong(() -> dev.pageStore().pageSize()));
        g.add("pages_allocated", Param.readOnlyLong(() -> dev.pageStore().carvedPages()));
        g.add("objects_count", Param.readOnlyLong(() -> dev.objectTable().size()));
        g.add("nonrotational", Param.readOnlyLong(() -> 1));
        g.add("force_sync", Param.action(v -> dev.sync()));
        g.add("readonly", Param.ofBoolean(dev::isReadOnly, on -> {
            if (on) {
                dev.setReadOnly();
            } else if (dev.isReadOnly()) {
                throw new LustreException(org.jlustre.common.Errno.EINVAL,
                        "a read-only device stays read-only until it is unmounted");
            }
        }));
        g.add("verbose_debug", Param.ofBoolean(dev.trace()::verbose, dev.trace()::setVerbose));
        g.add("stats", Param.ofString(dev.stats()::render, v -> dev.stats().clear()));
        g.add("objects", Param.readOnly(() -> dev.dumpObjects(DUMP_LINES)));
        g.add("lu_cache_nr", Param.ofLong(() -> dev.cache().limit(), v -> dev.cache().setLimit((int) (long) v), 0,
                Integer.MAX_VALUE));
        g.add("cached_objects", Param.readOnlyLong(() -> dev.cache().size()));
        g.add("cache_flush", Param.action(v -> dev.purgeCache()));
        return g;
    }
}
