package org.jlustre.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;
import org.jlustre.common.Nid;
import org.junit.jupiter.api.Test;

/** The MGS spec of {@link LustreClient#mountTcp} and the client NID it picks. */
class TcpMountSpecTest {

    @Test
    void nidsPortAndFailover() throws Exception {
        TcpMount.Spec s = TcpMount.Spec.parse("10.0.0.1@tcp:1988,10.0.0.2@tcp");
        assertThat(s.nids()).containsExactly(Nid.parse("10.0.0.1@tcp"), Nid.parse("10.0.0.2@tcp"));
        assertThat(s.port()).isEqualTo(1988);
        assertThat(TcpMount.Spec.parse("192.168.1.5@tcp").port()).isEqualTo(988);
    }

    @Test
    void badSpecsAreEinvalNamingThePart() {
        assertThatThrownBy(() -> TcpMount.Spec.parse("10.0.0.1@tcp:x")).isInstanceOf(LustreException.class)
                .hasMessageContaining("'x'").matches(e -> ((LustreException) e).errno() == Errno.EINVAL);
        assertThatThrownBy(() -> TcpMount.Spec.parse("0@lo")).isInstanceOf(LustreException.class)
                .hasMessageContaining("not a tcp NID");
        assertThatThrownBy(() -> TcpMount.Spec.parse("10.0.0.1@tcp:70000")).isInstanceOf(LustreException.class)
                .hasMessageContaining("70000");
    }

    @Test
    void aLoopbackMgsGetsALoopbackClientNidOfItsOwn() throws Exception {
        Nid mine = TcpMount.localNid(Nid.parse("127.0.0.1@tcp"));
        assertThat(mine.address() >>> 24).isEqualTo(127);
        assertThat(mine.address() & 0xff).isBetween(2, 254);
    }
}
