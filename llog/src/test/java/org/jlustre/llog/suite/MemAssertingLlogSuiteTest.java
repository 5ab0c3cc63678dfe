package org.jlustre.llog.suite;

import static org.assertj.core.api.Assertions.assertThat;

import org.jlustre.common.Libcfs;
import org.jlustre.osd.OsdDevice;
import org.jlustre.osd.mem.MemOsdConfig;
import org.jlustre.osd.mem.OsdMem;
import org.jlustre.osd.testkit.AssertingOsd;

/**
 * The llog test suite on osd-mem under the kit's asserting wrapper (256-byte pages): every
 * update declared, every transaction stopped, no object used after release.
 */
class MemAssertingLlogSuiteTest extends LlogSuiteConformance {

    @Override
    protected OsdDevice newDevice(Libcfs libcfs) throws Exception {
        return AssertingOsd.wrap(OsdMem.create(MemOsdConfig.defaults("llog-MGS0000").withLibcfs(libcfs).withPageSize(256)));
    }

    @Override
    protected void afterSuite(OsdDevice device) {
        assertThat(((AssertingOsd) device).openTransactions()).isEmpty();
    }
}
