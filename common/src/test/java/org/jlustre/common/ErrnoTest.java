package org.jlustre.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link Errno}: Linux numbers as Lustre puts them on the wire, glibc strerror texts. */
class ErrnoTest {

    static Stream<Arguments> pinned() {
        return Stream.of(
                Arguments.of(Errno.EPERM, 1, "Operation not permitted"),
                Arguments.of(Errno.ENOENT, 2, "No such file or directory"),
                Arguments.of(Errno.EIO, 5, "Input/output error"),
                Arguments.of(Errno.E2BIG, 7, "Argument list too long"),
                Arguments.of(Errno.EAGAIN, 11, "Resource temporarily unavailable"),
                Arguments.of(Errno.ENOMEM, 12, "Cannot allocate memory"),
                Arguments.of(Errno.EACCES, 13, "Permission denied"),
                Arguments.of(Errno.EEXIST, 17, "File exists"),
                Arguments.of(Errno.ENOTDIR, 20, "Not a directory"),
                Arguments.of(Errno.EISDIR, 21, "Is a directory"),
                Arguments.of(Errno.EINVAL, 22, "Invalid argument"),
                Arguments.of(Errno.EFBIG, 27, "File too large"),
                Arguments.of(Errno.ENOSPC, 28, "No space left on device"),
                Arguments.of(Errno.EROFS, 30, "Read-only file system"),
                Arguments.of(Errno.ERANGE, 34, "Numerical result out of range"),
                Arguments.of(Errno.ENAMETOOLONG, 36, "File name too long"),
                Arguments.of(Errno.ENOSYS, 38, "Function not implemented"),
                Arguments.of(Errno.ENOTEMPTY, 39, "Directory not empty"),
                Arguments.of(Errno.ENODATA, 61, "No data available"),
                Arguments.of(Errno.EPROTO, 71, "Protocol error"),
                Arguments.of(Errno.EOVERFLOW, 75, "Value too large for defined data type"),
                Arguments.of(Errno.EOPNOTSUPP, 95, "Operation not supported"),
                Arguments.of(Errno.EADDRINUSE, 98, "Address already in use"),
                Arguments.of(Errno.ESHUTDOWN, 108, "Cannot send after transport endpoint shutdown"),
                Arguments.of(Errno.ETIMEDOUT, 110, "Connection timed out"),
                Arguments.of(Errno.ESTALE, 116, "Stale file handle"),
                Arguments.of(Errno.EDQUOT, 122, "Disk quota exceeded"),
                Arguments.of(Errno.ENOTSUPP, 524, "Unknown error 524"));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("pinned")
    void numberAndStrerrorTextArePinned(Errno errno, int value, String message) {
        assertThat(errno.value()).isEqualTo(value);
        assertThat(errno.rc()).isEqualTo(-value);
        assertThat(errno.message()).isEqualTo(message);
        assertThat(Errno.of(value)).isSameAs(errno);
        assertThat(Errno.of(-value)).isSameAs(errno);
    }

    @Test
    void ofAcceptsTheNegativeReturnCode() {
        assertThat(Errno.of(-2)).isSameAs(Errno.ENOENT);
        assertThat(Errno.ofOrNull(-22)).isSameAs(Errno.EINVAL);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 4711, 41, 58, 134, 520, 531, -4711, Integer.MIN_VALUE})
    void ofRejectsNumbersThatAreNoLinuxErrnoNamingThem(int value) {
        assertThatThrownBy(() -> Errno.of(value)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(Integer.toString(value));
        assertThat(Errno.ofOrNull(value)).isNull();
    }

    @Test
    void aliasesShareTheirNumber() {
        assertThat(Errno.EWOULDBLOCK).isSameAs(Errno.EAGAIN);
        assertThat(Errno.EDEADLOCK).isSameAs(Errno.EDEADLK);
        assertThat(Errno.EDEADLK.value()).isEqualTo(35);
    }

    @Test
    void everyErrnoHasAUniqueNumberThatMapsBack() {
        assertThat(Arrays.stream(Errno.values()).mapToInt(Errno::value).distinct().count())
                .isEqualTo(Errno.values().length);
        for (Errno e : Errno.values()) {
            assertThat(Errno.of(e.value())).as(e.name()).isSameAs(e);
            assertThat(e.message()).as(e.name()).isNotBlank();
        }
    }

    @Test
    void kernelInternalErrnosPrintAsUnknownError() {
        for (Errno e : Errno.values()) {
            if (e.value() >= 512) {
                assertThat(e.message()).as(e.name()).isEqualTo("Unknown error " + e.value());
            }
        }
    }
}
