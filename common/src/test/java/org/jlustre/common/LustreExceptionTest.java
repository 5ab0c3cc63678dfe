package org.jlustre.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/** {@link LustreException}: the one checked exception, carrying its errno. */
class LustreExceptionTest {

    @Test
    void carriesErrnoMessageAndNegativeReturnCode() {
        LustreException e = new LustreException(Errno.ENOENT, "object [0x200000400:0x1:0x0] not found");
        assertThat(e.errno()).isSameAs(Errno.ENOENT);
        assertThat(e.rc()).isEqualTo(-2);
        assertThat(e.getMessage()).isEqualTo("object [0x200000400:0x1:0x0] not found");
        assertThat(e.getCause()).isNull();
    }

    @Test
    void toStringAppendsStrerrorAndReturnCode() {
        assertThat(new LustreException(Errno.EINVAL, "bad value 'x'"))
                .hasToString("LustreException: bad value 'x': Invalid argument (-22)");
        assertThat(new LustreException(Errno.ENOTSUPP, "no"))
                .hasToString("LustreException: no: Unknown error 524 (-524)");
    }

    @Test
    void keepsTheCause() {
        IOException cause = new IOException("disk gone");
        LustreException e = new LustreException(Errno.EIO, "write failed", cause);
        assertThat(e.getCause()).isSameAs(cause);
        assertThat(e.errno()).isSameAs(Errno.EIO);
        assertThat(e.rc()).isEqualTo(-5);
    }

    @Test
    void isCheckedNotRuntime() {
        assertThat(Exception.class).isAssignableFrom(LustreException.class);
        assertThat(RuntimeException.class.isAssignableFrom(LustreException.class)).isFalse();
    }

    @Test
    void rejectsNullErrno() {
        assertThatThrownBy(() -> new LustreException(null, "x")).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("errno");
        assertThatThrownBy(() -> new LustreException(null, "x", new IOException()))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("errno");
    }
}
