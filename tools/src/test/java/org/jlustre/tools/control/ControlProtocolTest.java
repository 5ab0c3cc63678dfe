package org.jlustre.tools.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;
import org.junit.jupiter.api.Test;

/** {@link ControlProtocol}'s request words: what a client writes, a server reads back. */
class ControlProtocolTest {

    @Test
    void plainWordsNeedNoEscapes() throws Exception {
        assertThat(ControlProtocol.request(List.of("lctl", "get_param", "timeout"))).isEqualTo("lctl get_param timeout");
        assertThat(ControlProtocol.words("lctl  get_param   timeout ")).containsExactly("lctl", "get_param", "timeout");
    }

    @Test
    void anyWordRoundTrips() throws Exception {
        List<String> words = List.of("lctl", "set_param", "jobid_name=%e %u\\x", "", "a\tb\nc\rd", "\\e");
        String line = ControlProtocol.request(words);
        assertThat(line).doesNotContain("\n").isEqualTo("lctl set_param jobid_name=%e\\s%u\\\\x \\e a\\tb\\nc\\rd \\\\e");
        assertThat(ControlProtocol.words(line)).isEqualTo(words);
    }

    @Test
    void badEscapesAndEmptyRequestsAreEinvalNamingTheWord() {
        assertThatThrownBy(() -> ControlProtocol.words("lctl get\\q")).isInstanceOf(LustreException.class)
                .satisfies(e -> assertThat(((LustreException) e).errno()).isEqualTo(Errno.EINVAL))
                .hasMessageContaining("'\\q'").hasMessageContaining("get\\q");
        assertThatThrownBy(() -> ControlProtocol.words("lctl dl\\")).isInstanceOf(LustreException.class)
                .hasMessageContaining("backslash ends the word 'dl\\'");
        assertThatThrownBy(() -> ControlProtocol.words("   ")).isInstanceOf(LustreException.class)
                .hasMessageContaining("empty request");
    }
}
