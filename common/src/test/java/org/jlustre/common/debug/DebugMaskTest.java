package org.jlustre.common.debug;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link DebugMask}: the D_* and S_* tables of libcfs_debug.h (libcfs-facts 1a, 1b), how
 * {@code lctl get_param debug} prints a mask and how {@code set_param debug=...} parses one
 * ({@code libcfs_debug_str2mask} / {@code cfs_str2mask}, facts 1d).
 */
class DebugMaskTest {

    private static final int DEFAULT = 0x130E0588;
    private static final int CANTMASK = 0x02060400;

    static Stream<Arguments> masks() {
        return Stream.of(
                Arguments.of(DebugMask.D_TRACE, 0x00000001, "trace"),
                Arguments.of(DebugMask.D_INODE, 0x00000002, "inode"),
                Arguments.of(DebugMask.D_SUPER, 0x00000004, "super"),
                Arguments.of(DebugMask.D_TTY, 0x00000008, "tty"),
                Arguments.of(DebugMask.D_MALLOC, 0x00000010, "malloc"),
                Arguments.of(DebugMask.D_CACHE, 0x00000020, "cache"),
                Arguments.of(DebugMask.D_INFO, 0x00000040, "info"),
                Arguments.of(DebugMask.D_IOCTL, 0x00000080, "ioctl"),
                Arguments.of(DebugMask.D_NETERROR, 0x00000100, "neterror"),
                Arguments.of(DebugMask.D_NET, 0x00000200, "net"),
                Arguments.of(DebugMask.D_WARNING, 0x00000400, "warning"),
                Arguments.of(DebugMask.D_BUFFS, 0x00000800, "buffs"),
                Arguments.of(DebugMask.D_OTHER, 0x00001000, "other"),
                Arguments.of(DebugMask.D_DENTRY, 0x00002000, "dentry"),
                Arguments.of(DebugMask.D_NETTRACE, 0x00004000, "nettrace"),
                Arguments.of(DebugMask.D_PAGE, 0x00008000, "page"),
                Arguments.of(DebugMask.D_DLMTRACE, 0x00010000, "dlmtrace"),
                Arguments.of(DebugMask.D_ERROR, 0x00020000, "error"),
                Arguments.of(DebugMask.D_EMERG, 0x00040000, "emerg"),
                Arguments.of(DebugMask.D_HA, 0x00080000, "ha"),
                Arguments.of(DebugMask.D_RPCTRACE, 0x00100000, "rpctrace"),
                Arguments.of(DebugMask.D_VFSTRACE, 0x00200000, "vfstrace"),
                Arguments.of(DebugMask.D_READA, 0x00400000, "reada"),
                Arguments.of(DebugMask.D_MMAP, 0x00800000, "mmap"),
                Arguments.of(DebugMask.D_CONFIG, 0x01000000, "config"),
                Arguments.of(DebugMask.D_CONSOLE, 0x02000000, "console"),
                Arguments.of(DebugMask.D_QUOTA, 0x04000000, "quota"),
                Arguments.of(DebugMask.D_SEC, 0x08000000, "sec"),
                Arguments.of(DebugMask.D_LFSCK, 0x10000000, "lfsck"),
                Arguments.of(DebugMask.D_HSM, 0x20000000, "hsm"),
                Arguments.of(DebugMask.D_SNAPSHOT, 0x40000000, "snapshot"),
                Arguments.of(DebugMask.D_LAYOUT, 0x80000000, "layout"));
    }

    static Stream<Arguments> subsystems() {
        return Stream.of(
                Arguments.of(DebugMask.S_UNDEFINED, 0x00000001, "undefined"),
                Arguments.of(DebugMask.S_MDC, 0x00000002, "mdc"),
                Arguments.of(DebugMask.S_MDS, 0x00000004, "mds"),
                Arguments.of(DebugMask.S_OSC, 0x00000008, "osc"),
                Arguments.of(DebugMask.S_OST, 0x00000010, "ost"),
                Arguments.of(DebugMask.S_CLASS, 0x00000020, "class"),
                Arguments.of(DebugMask.S_LOG, 0x00000040, "log"),
                Arguments.of(DebugMask.S_LLITE, 0x00000080, "llite"),
                Arguments.of(DebugMask.S_RPC, 0x00000100, "rpc"),
                Arguments.of(DebugMask.S_MGMT, 0x00000200, "mgmt"),
                Arguments.of(DebugMask.S_LNET, 0x00000400, "lnet"),
                Arguments.of(DebugMask.S_LND, 0x00000800, "lnd"),
                Arguments.of(DebugMask.S_PINGER, 0x00001000, "pinger"),
                Arguments.of(DebugMask.S_FILTER, 0x00002000, "filter"),
                Arguments.of(DebugMask.S_LIBCFS, 0x00004000, "libcfs"),
                Arguments.of(DebugMask.S_ECHO, 0x00008000, "echo"),
                Arguments.of(DebugMask.S_LDLM, 0x00010000, "ldlm"),
                Arguments.of(DebugMask.S_LOV, 0x00020000, "lov"),
                Arguments.of(DebugMask.S_LQUOTA, 0x00040000, "lquota"),
                Arguments.of(DebugMask.S_OSD, 0x00080000, "osd"),
                Arguments.of(DebugMask.S_LFSCK, 0x00100000, "lfsck"),
                Arguments.of(DebugMask.S_SNAPSHOT, 0x00200000, "snapshot"),
                Arguments.of(DebugMask.S_LMV, 0x00800000, "lmv"),
                Arguments.of(DebugMask.S_SEC, 0x02000000, "sec"),
                Arguments.of(DebugMask.S_GSS, 0x04000000, "gss"),
                Arguments.of(DebugMask.S_MGC, 0x10000000, "mgc"),
                Arguments.of(DebugMask.S_MGS, 0x20000000, "mgs"),
                Arguments.of(DebugMask.S_FID, 0x40000000, "fid"),
                Arguments.of(DebugMask.S_FLD, 0x80000000, "fld"));
    }

    // ---- the tables ----

    @ParameterizedTest(name = "{2} = {1}")
    @MethodSource("masks")
    void maskBitHasLustresValueAndName(int constant, int value, String name) {
        assertThat(constant).isEqualTo(value);
        assertThat(DebugMask.maskToString(value)).isEqualTo(name);
        assertThat(DebugMask.parseMask("+" + name, 0, CANTMASK, false)).isEqualTo(value);
        assertThat(DebugMask.parseMask(name, 0, 0, false)).isEqualTo(value);
    }

    @ParameterizedTest(name = "{2} = {1}")
    @MethodSource("subsystems")
    void subsystemBitHasLustresValueAndName(int constant, int value, String name) {
        assertThat(constant).isEqualTo(value);
        assertThat(DebugMask.subsystemsToString(value)).isEqualTo(name);
        assertThat(DebugMask.subsystemName(value)).isEqualTo(name);
        assertThat(DebugMask.parseMask(name, 0, 0, true)).isEqualTo(value);
    }

    @Test
    void exactMaskAndSubsystemTables() {
        assertThat(DebugMask.MASK_NAMES).containsExactly("trace", "inode", "super", "tty", "malloc", "cache", "info",
                "ioctl", "neterror", "net", "warning", "buffs", "other", "dentry", "nettrace", "page", "dlmtrace",
                "error", "emerg", "ha", "rpctrace", "vfstrace", "reada", "mmap", "config", "console", "quota", "sec",
                "lfsck", "hsm", "snapshot", "layout");
        assertThat(DebugMask.SUBSYS_NAMES).containsExactly("undefined", "mdc", "mds", "osc", "ost", "class", "log",
                "llite", "rpc", "mgmt", "lnet", "lnd", "pinger", "filter", "libcfs", "echo", "ldlm", "lov", "lquota",
                "osd", "lfsck", "snapshot", "", "lmv", "", "sec", "gss", "", "mgc", "mgs", "fid", "fld");
    }

    @Test
    void cantMaskAndDefaultMatchLibcfs() {
        assertThat(DebugMask.D_CANTMASK).isEqualTo(CANTMASK);
        assertThat(DebugMask.D_DEFAULT).isEqualTo(DEFAULT);
    }

    // ---- printing (libcfs_debug_mask2str) ----

    @Test
    void defaultMaskPrintsLikeLctlGetParamDebug() {
        assertThat(DebugMask.maskToString(DEFAULT))
                .isEqualTo("tty ioctl neterror warning error emerg ha config console lfsck");
    }

    @Test
    void zeroMaskPrintsAsZero() {
        assertThat(DebugMask.maskToString(0)).isEqualTo("0");
        assertThat(DebugMask.subsystemsToString(0)).isEqualTo("0");
    }

    @Test
    void allSubsystemsPrintUnusedBitsAsEmptyTokens() {
        // The unused names are "" (not NULL) upstream, hence the double spaces.
        assertThat(DebugMask.subsystemsToString(-1)).isEqualTo("undefined mdc mds osc ost class log llite rpc mgmt "
                + "lnet lnd pinger filter libcfs echo ldlm lov lquota osd lfsck snapshot  lmv  sec gss  mgc mgs fid fld");
    }

    @Test
    void unusedSubsystemBitHasNoSingleName() {
        assertThat(DebugMask.subsystemName(1 << 22)).isEqualTo("undefined");
    }

    // ---- parsing (libcfs_debug_str2mask) ----

    @ParameterizedTest
    @ValueSource(strings = {"0x130E0588", "0x130e0588", "319686024", "02303402610", " 0x130E0588 "})
    void wholeNumberReplacesTheMask(String text) {
        assertThat(DebugMask.parseMask(text, 0x1, CANTMASK, false)).isEqualTo(DEFAULT);
    }

    @Test
    void numbersMayBeZeroNegativeOrAllBits() {
        assertThat(DebugMask.parseMask("0", DEFAULT, CANTMASK, false)).isZero();
        assertThat(DebugMask.parseMask("-1", DEFAULT, CANTMASK, false)).isEqualTo(-1);
        assertThat(DebugMask.parseMask("0xffffffff", 0, CANTMASK, false)).isEqualTo(-1);
    }

    @Test
    void plusNameAddsToTheCurrentMask() {
        assertThat(DebugMask.parseMask("+trace", DEFAULT, CANTMASK, false)).isEqualTo(DEFAULT | 0x1);
        assertThat(DebugMask.maskToString(DebugMask.parseMask("+trace", DEFAULT, CANTMASK, false)))
                .isEqualTo("trace tty ioctl neterror warning error emerg ha config console lfsck");
    }

    @Test
    void minusNameRemovesFromTheCurrentMask() {
        assertThat(DebugMask.parseMask("-ha", DEFAULT, CANTMASK, false)).isEqualTo(DEFAULT & ~0x80000);
    }

    @Test
    void firstNameWithoutSignStartsFromTheMinimumMask() {
        int mask = DebugMask.parseMask("trace info", DEFAULT, CANTMASK, false);
        assertThat(mask).isEqualTo(CANTMASK | 0x1 | 0x40);
        assertThat(DebugMask.maskToString(mask)).isEqualTo("trace info warning error emerg console");
        assertThat(DebugMask.parseMask("osd mds", -1, 0, true)).isEqualTo(0x00080004);
    }

    @Test
    void signedFirstTokenKeepsTheCurrentMaskForTheRest() {
        assertThat(DebugMask.parseMask("+trace info", 0x100, CANTMASK, false)).isEqualTo(0x100 | 0x1 | 0x40);
        assertThat(DebugMask.parseMask("info +trace -ha", DEFAULT, CANTMASK, false)).isEqualTo(CANTMASK | 0x41);
    }

    @Test
    void operatorAppliesToFollowingNamesUpToTheNextOperator() {
        // cfs_str2mask: "An operator applies to all following tokens up to the next operator."
        assertThat(DebugMask.parseMask("-ha config", DEFAULT, CANTMASK, false))
                .isEqualTo(DEFAULT & ~(0x80000 | 0x1000000));
        assertThat(DebugMask.parseMask("-ha +trace info", DEFAULT, CANTMASK, false))
                .isEqualTo((DEFAULT & ~0x80000) | 0x41);
    }

    @Test
    void namesEndAtPlusAndMinusWithoutBlanks() {
        assertThat(DebugMask.parseMask("+trace-ha+info", DEFAULT, CANTMASK, false))
                .isEqualTo((DEFAULT | 0x41) & ~0x80000);
    }

    @Test
    void allSetsEveryBitAndMinusAllLeavesTheMinimum() {
        assertThat(DebugMask.parseMask("all", 0, CANTMASK, false)).isEqualTo(-1);
        assertThat(DebugMask.parseMask("+all", 0, CANTMASK, false)).isEqualTo(-1);
        assertThat(DebugMask.parseMask("-all", DEFAULT, CANTMASK, false)).isEqualTo(CANTMASK);
        assertThat(DebugMask.parseMask("-all", 0x1, CANTMASK, false)).as("minmask, not current & minmask")
                .isEqualTo(CANTMASK);
        assertThat(DebugMask.parseMask("-all", -1, 0, true)).isZero();
        assertThat(DebugMask.parseMask("-all +trace", DEFAULT, CANTMASK, false)).isEqualTo(CANTMASK | 1);
    }

    @Test
    void namesAreCaseInsensitive() {
        assertThat(DebugMask.parseMask("+TRACE", 0, CANTMASK, false)).isEqualTo(1);
        assertThat(DebugMask.parseMask("Trace InFo", 0, CANTMASK, false)).isEqualTo(CANTMASK | 0x41);
        assertThat(DebugMask.parseMask("ALL", 0, CANTMASK, false)).isEqualTo(-1);
        assertThat(DebugMask.parseMask("OSD", 0, 0, true)).isEqualTo(0x80000);
    }

    @Test
    void commasAndBlanksSeparateNames() {
        assertThat(DebugMask.parseMask("trace,info", 0, CANTMASK, false)).isEqualTo(CANTMASK | 0x41);
        assertThat(DebugMask.parseMask(" +trace , +info\t", 0, CANTMASK, false)).isEqualTo(0x41);
    }

    @Test
    void printedMaskParsesBackToItself() {
        assertThat(DebugMask.parseMask(DebugMask.maskToString(DEFAULT), 0, CANTMASK, false)).isEqualTo(DEFAULT);
        assertThat(DebugMask.parseMask(DebugMask.subsystemsToString(-1), 0, 0, true))
                .isEqualTo(~((1 << 22) | (1 << 24) | (1 << 27)));
    }

    @Test
    void unknownNameIsRejectedNamingIt() {
        assertThatThrownBy(() -> DebugMask.parseMask("+trace +bogus", DEFAULT, CANTMASK, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'bogus'")
                .hasMessageContaining("debug flag");
        assertThatThrownBy(() -> DebugMask.parseMask("osd nosuchsys", -1, 0, true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'nosuchsys'")
                .hasMessageContaining("subsystem");
    }

    @Test
    void debugNamesAreNotSubsystemNamesAndViceVersa() {
        assertThatThrownBy(() -> DebugMask.parseMask("trace", 0, 0, true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'trace'");
        assertThatThrownBy(() -> DebugMask.parseMask("osd", 0, CANTMASK, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'osd'");
    }

    @Test
    void cNumberSyntax() {
        assertThat(DebugMask.parseCNumber("0x10")).isEqualTo(16L);
        assertThat(DebugMask.parseCNumber("010")).isEqualTo(8L);
        assertThat(DebugMask.parseCNumber("10")).isEqualTo(10L);
        assertThat(DebugMask.parseCNumber("-0x10")).isEqualTo(-16L);
        assertThat(DebugMask.parseCNumber("0")).isZero();
        assertThat(DebugMask.parseCNumber("trace")).isNull();
        assertThat(DebugMask.parseCNumber("0x")).isNull();
        assertThat(DebugMask.parseCNumber("08")).isNull();
    }
}
