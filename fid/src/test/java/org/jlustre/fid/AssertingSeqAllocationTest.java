package org.jlustre.fid;

import static org.assertj.core.api.Assertions.assertThat;

import org.jlustre.common.LustreException;
import org.jlustre.osd.OsdDevice;
import org.jlustre.osd.testkit.AssertingOsd;
import org.junit.jupiter.api.AfterEach;

/**
 * Every {@link SeqAllocationTest} case on the kit's asserting wrapper: each write of
 * {@code seq_ctl}, {@code seq_srv} and {@code fld} was declared in its transaction, one
 * transaction per thread, none left open.
 */
class AssertingSeqAllocationTest extends SeqAllocationTest {

    @Override
    OsdDevice newDevice(String name) throws LustreException {
        return AssertingOsd.wrap(super.newDevice(name));
    }

    @AfterEach
    void nothingLeftOpen() {
        assertThat(((AssertingOsd) dev).openTransactions()).isEmpty();
    }
}
