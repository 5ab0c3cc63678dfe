package org.jlustre.target;

import static org.assertj.core.api.Assertions.assertThat;

import org.jlustre.common.LustreException;
import org.jlustre.osd.OsdDevice;
import org.jlustre.osd.testkit.AssertingOsd;
import org.junit.jupiter.api.AfterEach;

/**
 * Every {@link LastRcvdTest} case on the kit's asserting wrapper: each write of last_rcvd was
 * declared in its transaction, no handle is used after close, one transaction per thread, and
 * none is left open.
 */
class AssertingLastRcvdTest extends LastRcvdTest {

    @Override
    OsdDevice newDevice() throws LustreException {
        return AssertingOsd.wrap(super.newDevice());
    }

    @AfterEach
    void nothingLeftOpen() {
        assertThat(((AssertingOsd) dev).openTransactions()).isEmpty();
    }
}
