package org.jlustre.common.param;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link Param}: the typed entries and the C number and kstrtobool syntax they accept. */
class ParamTest {

    // ---- parseLong: strtoll(.., 0) ----

    @ParameterizedTest(name = "''{0}'' = {1}")
    @CsvSource(delimiter = '|', value = {
        "0x10|16", "0X1f|31", "010|8", "0|0", "7|7", "' 7 '|7", "-1|-1", "+5|5", "-0x10|-16", "-010|-8",
        "9223372036854775807|9223372036854775807", "0x7fffffffffffffff|9223372036854775807",
        "-9223372036854775808|-9223372036854775808", "-0x8000000000000000|-9223372036854775808"})
    void parseLongAcceptsCSyntax(String text, long expected) throws LustreException {
        assertThat(Param.parseLong(text)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "abc", "0x", "1.5", "--1", "+-1", "08", "0x-1", "12abc", "0xg", "1 2", "- 1"})
    void parseLongRejectsOtherTextWithEinvalNamingIt(String text) {
        assertThatThrownBy(() -> Param.parseLong(text))
                .isInstanceOfSatisfying(LustreException.class, e -> {
                    assertThat(e.errno()).isEqualTo(Errno.EINVAL);
                    assertThat(e.getMessage()).isEqualTo("invalid number '" + text.strip() + "'");
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {"9223372036854775808", "0xffffffffffffffff", "18446744073709551615",
        "-9223372036854775809", "0x10000000000000000", "99999999999999999999", "02000000000000000000000"})
    void parseLongRejectsValuesBeyondSixtyFourBitsWithErange(String text) {
        // kstrtoll reports -ERANGE; the value must never wrap around to a negative number.
        assertThatThrownBy(() -> Param.parseLong(text))
                .isInstanceOfSatisfying(LustreException.class, e -> {
                    assertThat(e.errno()).isEqualTo(Errno.ERANGE);
                    assertThat(e.getMessage()).isEqualTo("number out of range '" + text + "'");
                });
    }

    @Test
    void wrappedValuesDoNotSneakIntoARange() {
        Param p = Param.ofLong(() -> 0, v -> { }, -10, 10);
        assertThatThrownBy(() -> p.write("18446744073709551615"))
                .isInstanceOfSatisfying(LustreException.class, e -> assertThat(e.errno()).isEqualTo(Errno.ERANGE));
    }

    // ---- parseBoolean: kstrtobool words ----

    @ParameterizedTest
    @ValueSource(strings = {"1", "y", "Y", "yes", "on", "ON", "true", "True", " 1\n"})
    void parseBooleanAcceptsTrueWords(String text) throws LustreException {
        assertThat(Param.parseBoolean(text)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "n", "N", "no", "off", "Off", "false", "FALSE", " 0 "})
    void parseBooleanAcceptsFalseWords(String text) throws LustreException {
        assertThat(Param.parseBoolean(text)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "2", "-1", "maybe", "o", "enable"})
    void parseBooleanRejectsOtherWordsWithEinvalNamingThem(String text) {
        assertThatThrownBy(() -> Param.parseBoolean(text))
                .isInstanceOfSatisfying(LustreException.class, e -> {
                    assertThat(e.errno()).isEqualTo(Errno.EINVAL);
                    assertThat(e.getMessage()).isEqualTo("invalid boolean '" + text + "'");
                });
    }

    // ---- typed entries ----

    @Test
    void readOnlyReadsAndRefusesWritesWithEacces() throws LustreException {
        Param p = Param.readOnly(() -> "zfs");
        assertThat(p.read()).isEqualTo("zfs");
        assertThat(p.writable()).isFalse();
        assertThatThrownBy(() -> p.write("mem"))
                .isInstanceOfSatisfying(LustreException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EACCES));
    }

    @Test
    void ofStringStripsWhatItWrites() throws LustreException {
        AtomicReference<String> value = new AtomicReference<>("a");
        Param p = Param.ofString(value::get, value::set);
        assertThat(p.writable()).isTrue();
        p.write("  b c \n");
        assertThat(value.get()).isEqualTo("b c");
        assertThat(p.read()).isEqualTo("b c");
    }

    @Test
    void ofLongParsesChecksRangeAndReadsDecimal() throws LustreException {
        AtomicLong value = new AtomicLong(5);
        Param p = Param.ofLong(value::get, value::set, -10, 0x100);
        assertThat(p.read()).isEqualTo("5");
        p.write("0x100");
        assertThat(value.get()).isEqualTo(256);
        assertThat(p.read()).isEqualTo("256");
        p.write("-10");
        assertThat(p.read()).isEqualTo("-10");
        assertThatThrownBy(() -> p.write("257"))
                .isInstanceOfSatisfying(LustreException.class, e -> {
                    assertThat(e.errno()).isEqualTo(Errno.ERANGE);
                    assertThat(e.getMessage()).isEqualTo("value '257' out of range -10..256");
                });
        assertThatThrownBy(() -> p.write("-11"))
                .isInstanceOfSatisfying(LustreException.class, e -> assertThat(e.errno()).isEqualTo(Errno.ERANGE));
        assertThatThrownBy(() -> p.write("ten"))
                .isInstanceOfSatisfying(LustreException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EINVAL));
        assertThat(value.get()).isEqualTo(-10);
    }

    @Test
    void setterErrorsPassThrough() {
        Param p = Param.ofLong(() -> 0, v -> {
            throw new LustreException(Errno.EBUSY, "device busy");
        }, 0, 10);
        assertThatThrownBy(() -> p.write("1"))
                .isInstanceOfSatisfying(LustreException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EBUSY));
    }

    @Test
    void readOnlyLongPrintsDecimal() throws LustreException {
        Param p = Param.readOnlyLong(() -> -42);
        assertThat(p.read()).isEqualTo("-42");
        assertThat(p.writable()).isFalse();
    }

    @Test
    void ofBooleanReadsAsOneOrZero() throws LustreException {
        AtomicBoolean value = new AtomicBoolean();
        Param p = Param.ofBoolean(value::get, value::set);
        assertThat(p.read()).isEqualTo("0");
        p.write("on");
        assertThat(value.get()).isTrue();
        assertThat(p.read()).isEqualTo("1");
        assertThatThrownBy(() -> p.write("2"))
                .isInstanceOfSatisfying(LustreException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EINVAL));
        assertThat(value.get()).isTrue();
    }

    @Test
    void actionRejectsReadsWithEaccesAndRunsOnWrite() throws LustreException {
        AtomicReference<String> got = new AtomicReference<>();
        Param p = Param.action(got::set);
        assertThat(p.writable()).isTrue();
        assertThatThrownBy(p::read)
                .isInstanceOfSatisfying(LustreException.class, e -> {
                    assertThat(e.errno()).isEqualTo(Errno.EACCES);
                    assertThat(e.getMessage()).isEqualTo("write-only parameter");
                });
        p.write(" 1\n");
        assertThat(got.get()).isEqualTo("1");
    }
}
