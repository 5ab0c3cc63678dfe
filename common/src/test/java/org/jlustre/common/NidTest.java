package org.jlustre.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link Nid}: libcfs_str2nid / libcfs_nid2str and the 64-bit lnet_nid_t packing. */
class NidTest {

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({
        "192.168.1.5@tcp,  0x00020000c0a80105",
        "10.0.0.1@o2ib1,   0x000500010a000001",
        "0@lo,             0x0009000000000000",
        "5@gni,            0x000d000000000005",
        "1.2.3.4@tcp7,     0x0002000701020304",
        "255.255.255.255@o2ib65535, 0x0005ffffffffffff",
        "4294967295@kfi,   0x00100000ffffffff",
    })
    void parsesPrintsAndPacksLikeLnet(String text, String packedHex) throws LustreException {
        long packed = Long.parseUnsignedLong(packedHex.substring(2), 16);
        Nid nid = Nid.parse(text);
        assertThat(nid).hasToString(text);
        assertThat(nid.toLnetNid()).isEqualTo(packed);
        assertThat(Nid.fromLnetNid(packed)).isEqualTo(nid);
        assertThat(Nid.toString(packed)).isEqualTo(text);
    }

    @Test
    void fieldsOfAParsedNid() throws LustreException {
        Nid nid = Nid.parse("10.0.0.1@o2ib1");
        assertThat(nid.lnd()).isEqualTo(Nid.O2IBLND);
        assertThat(nid.netNum()).isEqualTo(1);
        assertThat(nid.address()).isEqualTo(0x0a000001);
        assertThat(nid.net()).isEqualTo(0x00050001);
        assertThat(nid.netName()).isEqualTo("o2ib1");
    }

    @Test
    void lndNumbersAreLnets() {
        assertThat(Nid.SOCKLND).isEqualTo(2);
        assertThat(Nid.O2IBLND).isEqualTo(5);
        assertThat(Nid.LOLND).isEqualTo(9);
        assertThat(Nid.GNILND).isEqualTo(13);
        assertThat(Nid.GNIIPLND).isEqualTo(14);
        assertThat(Nid.PTL4LND).isEqualTo(15);
        assertThat(Nid.KFILND).isEqualTo(16);
    }

    @Test
    void defaultNetworkIsTcp() throws LustreException {
        assertThat(Nid.parse("192.168.1.5")).isEqualTo(Nid.tcp(0xc0a80105)).hasToString("192.168.1.5@tcp");
    }

    @Test
    void networkNumberZeroIsNotPrinted() throws LustreException {
        assertThat(Nid.parse("1.2.3.4@tcp0")).hasToString("1.2.3.4@tcp");
        assertThat(Nid.parse(" 1.2.3.4@tcp ")).hasToString("1.2.3.4@tcp");
    }

    @Test
    void loopbackConstantIsZeroAtLo() {
        assertThat(Nid.LO).hasToString("0@lo");
        assertThat(Nid.LO.toLnetNid()).isEqualTo(0x0009000000000000L);
    }

    @Test
    void anyNidPrintsAsQuestionMark() {
        assertThat(Nid.LNET_NID_ANY).isEqualTo(-1L);
        assertThat(Nid.toString(-1L)).isEqualTo("<?>");
        assertThatThrownBy(() -> Nid.fromLnetNid(-1L)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("LNET_NID_ANY");
    }

    @Test
    void unknownLndTypePrintsLikeLibcfs() {
        // libcfs_nid2str: "%x@<%u:%u>" when no LND is known for the type
        assertThat(Nid.toString(0x0000_0000_c0a8_0105L)).isEqualTo("c0a80105@<0:0>");
        assertThat(Nid.toString(0x00ff_0003_0000_002aL)).isEqualTo("2a@<255:3>");
        assertThat(Nid.toString(0x0002_0000_7f00_0001L)).isEqualTo("127.0.0.1@tcp");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.2.3@tcp", "256.1.1.1@tcp", "1.2.3.4@nosuch", "x@lo", "1.2.3.4@tcp99999",
        "1.2.3.4.5@tcp", "1..3.4@tcp", "-1@lo", "4294967296@lo", "1.2.3.4@", "@tcp", "1.2.3.1000@tcp"})
    void rejectsBadTextWithEinvalNamingIt(String text) {
        assertThatThrownBy(() -> Nid.parse(text))
                .isInstanceOfSatisfying(LustreException.class, e -> {
                    assertThat(e.errno()).isEqualTo(Errno.EINVAL);
                    assertThat(e.getMessage()).contains("'" + text + "'");
                });
    }

    @Test
    void rejectsEmptyAndNullWithEinval() {
        for (String text : new String[] {"", "   ", null}) {
            assertThatThrownBy(() -> Nid.parse(text))
                    .isInstanceOfSatisfying(LustreException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EINVAL));
        }
    }

    @Test
    void constructorRejectsFieldsOutOfRange() {
        assertThatThrownBy(() -> new Nid(0, 0, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0");
        assertThatThrownBy(() -> new Nid(0x10000, 0, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("65536");
        assertThatThrownBy(() -> new Nid(Nid.SOCKLND, 0x10000, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("65536");
        assertThatThrownBy(() -> new Nid(Nid.SOCKLND, -1, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1");
    }

    @Test
    void highAddressBytesPrintUnsigned() {
        assertThat(Nid.tcp(0xfffefdfc)).hasToString("255.254.253.252@tcp");
    }
}
