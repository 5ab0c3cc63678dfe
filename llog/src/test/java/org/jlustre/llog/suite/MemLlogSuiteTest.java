package org.jlustre.llog.suite;

import org.jlustre.common.Libcfs;
import org.jlustre.osd.OsdDevice;
import org.jlustre.osd.mem.MemOsdConfig;
import org.jlustre.osd.mem.OsdMem;

/** The llog test suite on osd-mem (1 GiB, 4 KiB pages). */
class MemLlogSuiteTest extends LlogSuiteConformance {

    @Override
    protected OsdDevice newDevice(Libcfs libcfs) throws Exception {
        return OsdMem.create(MemOsdConfig.defaults("llog-MGS0000").withLibcfs(libcfs));
    }
}
