package org.jlustre.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.jlustre.common.debug.DebugMask;
import org.jlustre.common.fail.FailLoc;
import org.jlustre.common.param.ParamTree;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link Libcfs}: the node-wide parameters lctl reaches, wired to the debug log and fail-loc. */
class LibcfsTest {

    private static final String DEFAULT_DEBUG = "tty ioctl neterror warning error emerg ha config console lfsck";

    private Libcfs libcfs;
    private ParamTree params;

    @BeforeEach
    void setUp() {
        libcfs = new Libcfs(TimeSource.manual(1_700_000_000_000_000_000L), new SplittableRandom(7));
        libcfs.debug().setConsole(null);
        params = libcfs.params();
    }

    private String get(String name) throws LustreException {
        var values = params.get(name);
        assertThat(values).hasSize(1);
        assertThat(values.getFirst().name()).isEqualTo(name);
        return values.getFirst().value();
    }

    @Test
    void nodeWideParametersExist() throws LustreException {
        assertThat(params.list("*", false)).containsExactlyInAnyOrder(
                "debug", "subsystem_debug", "printk", "debug_mb", "fail_loc", "fail_val", "fail_err", "version");
    }

    @Test
    void defaultValuesReadAsLctlShowsThem() throws LustreException {
        assertThat(get("debug")).isEqualTo(DEFAULT_DEBUG);
        assertThat(get("subsystem_debug")).isEqualTo("undefined mdc mds osc ost class log llite rpc mgmt lnet lnd "
                + "pinger filter libcfs echo ldlm lov lquota osd lfsck snapshot  lmv  sec gss  mgc mgs fid fld");
        assertThat(get("printk")).isEqualTo("warning error emerg console");
        assertThat(get("debug_mb")).isEqualTo(Integer.toString(5 * Runtime.getRuntime().availableProcessors() + 1));
        assertThat(get("fail_loc")).isEqualTo("0");
        assertThat(get("fail_val")).isEqualTo("0");
        assertThat(get("fail_err")).isEqualTo("0");
        assertThat(get("version")).isEqualTo("jlustre-0.1.0").isEqualTo(Libcfs.VERSION);
    }

    @Test
    void setParamDebugPlusTraceAddsToTheMask() throws LustreException {
        assertThat(params.set("debug", "+trace")).containsExactly("debug");
        assertThat(get("debug")).isEqualTo("trace " + DEFAULT_DEBUG);
        assertThat(libcfs.debug().debugMask()).isEqualTo(0x130E0589);
        assertThat(libcfs.debug().enabled(DebugMask.S_OSD, DebugMask.D_TRACE)).isTrue();
    }

    @Test
    void setParamDebugMinusRemovesAndAbsoluteListStartsFromCantMask() throws LustreException {
        params.set("debug", "-ha -config");
        assertThat(get("debug")).isEqualTo("tty ioctl neterror warning error emerg console lfsck");
        params.set("debug", "info");
        assertThat(get("debug")).isEqualTo("info warning error emerg console");
        params.set("debug", "0");
        assertThat(get("debug")).isEqualTo("0");
        params.set("debug", "-1");
        assertThat(libcfs.debug().debugMask()).isEqualTo(-1);
        params.set("debug", "-all");
        assertThat(get("debug")).isEqualTo("warning error emerg console");
    }

    @Test
    void setParamDebugWithUnknownNameIsEinvalNamingIt() {
        assertThatThrownBy(() -> params.set("debug", "+trace +bogus"))
                .isInstanceOfSatisfying(LustreException.class, e -> {
                    assertThat(e.errno()).isEqualTo(Errno.EINVAL);
                    assertThat(e.getMessage()).contains("'bogus'");
                });
        assertThat(libcfs.debug().debugMask()).isEqualTo(DebugMask.D_DEFAULT);
    }

    @Test
    void subsystemDebugStartsFromNothing() throws LustreException {
        params.set("subsystem_debug", "osd mds");
        assertThat(get("subsystem_debug")).isEqualTo("mds osd");
        assertThat(libcfs.debug().subsystemMask()).isEqualTo(DebugMask.S_MDS | DebugMask.S_OSD);
        params.set("subsystem_debug", "-all");
        assertThat(get("subsystem_debug")).isEqualTo("0");
    }

    @Test
    void printkAlwaysKeepsEmerg() throws LustreException {
        params.set("printk", "0");
        assertThat(get("printk")).isEqualTo("emerg");
        params.set("printk", "+info");
        assertThat(get("printk")).isEqualTo("info emerg");
    }

    @Test
    void debugMbResizesAndRejectsOutOfRangeWithErange() throws LustreException {
        params.set("debug_mb", "64");
        assertThat(get("debug_mb")).isEqualTo("64");
        assertThat(libcfs.debug().debugMb()).isEqualTo(64);
        for (String bad : new String[] {"0", "4097", "-5"}) {
            assertThatThrownBy(() -> params.set("debug_mb", bad)).as(bad)
                    .isInstanceOfSatisfying(LustreException.class, e -> {
                        assertThat(e.errno()).isEqualTo(Errno.ERANGE);
                        assertThat(e.getMessage()).contains("'" + bad + "'");
                    });
        }
        assertThat(libcfs.debug().debugMb()).isEqualTo(64);
    }

    @Test
    void versionIsReadOnly() {
        assertThatThrownBy(() -> params.set("version", "2.16"))
                .isInstanceOfSatisfying(LustreException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EACCES));
    }

    @Test
    void failParamsDriveTheNodesFailLoc() throws LustreException {
        params.set("fail_val", "2");
        params.set("fail_loc", "0x20000195"); // SKIP 2, then fire
        FailLoc fail = libcfs.failLoc();
        assertThat(fail.loc()).isEqualTo(FailLoc.SKIP | 0x195);
        assertThat(fail.check(0x195)).isFalse();
        assertThat(fail.check(0x195)).isFalse();
        assertThat(fail.check(0x195)).isTrue();
        assertThat(get("fail_loc")).isEqualTo(Integer.toUnsignedString(FailLoc.FAILED | FailLoc.SKIP | 0x195));
        assertThat(libcfs.debug().snapshot()).anySatisfy(
                r -> assertThat(r.text()).isEqualTo("*** cfs_fail_loc=195, val=2***"));
    }

    @Test
    void contextsAreIndependent() throws LustreException {
        Libcfs other = Libcfs.create();
        params.set("debug", "+trace");
        assertThat(other.params().get("debug").getFirst().value()).isEqualTo(DEFAULT_DEBUG);
        assertThat(other.time()).isSameAs(TimeSource.system());
        assertThat(libcfs.time()).isNotSameAs(TimeSource.system());
        assertThat(Libcfs.global()).isSameAs(Libcfs.global()).isNotSameAs(other);
    }
}
