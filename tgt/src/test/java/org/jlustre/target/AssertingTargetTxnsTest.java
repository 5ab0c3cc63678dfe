package org.jlustre.target;

import static org.assertj.core.api.Assertions.assertThat;

import org.jlustre.common.LustreException;
import org.jlustre.osd.OsdDevice;
import org.jlustre.osd.testkit.AssertingOsd;
import org.junit.jupiter.api.AfterEach;

/**
 * Every {@link TargetTxnsTest} case on the kit's asserting wrapper: the hooks' writes of
 * last_rcvd and reply_data were declared at start, and no transaction is left open.
 */
class AssertingTargetTxnsTest extends TargetTxnsTest {

    @Override
    OsdDevice newDevice() throws LustreException {
        return AssertingOsd.wrap(super.newDevice());
    }

    @AfterEach
    void nothingLeftOpen() {
        assertThat(((AssertingOsd) dev).openTransactions()).isEmpty();
    }
}
