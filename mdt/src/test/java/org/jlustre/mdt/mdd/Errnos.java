package org.jlustre.mdt.mdd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;

/** Asserting the errno an MDD call fails with. */
final class Errnos {

    private Errnos() {
    }

    /** A call that may throw. */
    interface Call {
        void run() throws Exception;
    }

    /** Asserts {@code call} fails with a {@link LustreException} carrying {@code e}. */
    static void errno(Errno e, Call call) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(LustreException.class,
                x -> assertThat(x.errno()).as(x.getMessage()).isEqualTo(e));
    }
}
