package org.jlustre.wire.mdt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.List;
import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;
import org.jlustre.wire.mdt.PosixAclXattr.Entry;
import org.junit.jupiter.api.Test;

/**
 * Pins the POSIX ACL xattr layout (include/uapi/linux/posix_acl_xattr.h,
 * include/uapi/linux/posix_acl.h) and {@code posix_acl_from_xattr}'s errors. The golden value
 * is what {@code getfattr -e hex -n system.posix_acl_access} prints on Linux after
 * {@code setfacl -m u:1000:rw} of a 0644 file: user::rw-, user:1000:rw-, group::r--, mask::rw-,
 * other::r--.
 */
class PosixAclXattrTest {

    private static final String SETFACL_U1000_RW = "02000000" + "01000600ffffffff" + "02000600e8030000"
            + "04000400ffffffff" + "10000600ffffffff" + "20000400ffffffff";

    private static final List<Entry> ENTRIES = List.of(new Entry(0x01, 6, -1), new Entry(0x02, 6, 1000),
            new Entry(0x04, 4, -1), new Entry(0x10, 6, -1), new Entry(0x20, 4, -1));

    @Test
    void constantsAreLinuxs() {
        assertThat(PosixAclXattr.VERSION).isEqualTo(2);
        assertThat(PosixAclXattr.HEADER_SIZE).isEqualTo(4);
        assertThat(PosixAclXattr.ENTRY_SIZE).isEqualTo(8);
        assertThat(new int[] {PosixAclXattr.OFF_TAG, PosixAclXattr.OFF_PERM, PosixAclXattr.OFF_ID})
                .containsExactly(0, 2, 4);
        assertThat(new int[] {PosixAclXattr.ACL_USER_OBJ, PosixAclXattr.ACL_USER, PosixAclXattr.ACL_GROUP_OBJ,
            PosixAclXattr.ACL_GROUP, PosixAclXattr.ACL_MASK, PosixAclXattr.ACL_OTHER})
                .containsExactly(0x01, 0x02, 0x04, 0x08, 0x10, 0x20);
        assertThat(new int[] {PosixAclXattr.ACL_READ, PosixAclXattr.ACL_WRITE, PosixAclXattr.ACL_EXECUTE})
                .containsExactly(4, 2, 1);
        assertThat(PosixAclXattr.ACL_UNDEFINED_ID).isEqualTo(-1);
        assertThat(PosixAclXattr.XATTR_ACCESS).isEqualTo("system.posix_acl_access");
        assertThat(PosixAclXattr.XATTR_DEFAULT).isEqualTo("system.posix_acl_default");
        assertThat(PosixAclXattr.size(5)).isEqualTo(44);
    }

    @Test
    void encodesAsLinuxStoresIt() {
        assertThat(HexFormat.of().formatHex(new PosixAclXattr(ENTRIES).toBytes())).isEqualTo(SETFACL_U1000_RW);
    }

    @Test
    void decodesWhatLinuxStores() throws LustreException {
        PosixAclXattr acl = PosixAclXattr.read(HexFormat.of().parseHex(SETFACL_U1000_RW));
        assertThat(acl.entries()).containsExactlyElementsOf(ENTRIES);
        assertThat(acl.entries().get(1).hasId()).isTrue();
        assertThat(acl.entries().get(0).hasId()).isFalse();
    }

    @Test
    void headerAloneIsNoEntries() throws LustreException {
        assertThat(PosixAclXattr.read(HexFormat.of().parseHex("02000000")).entries()).isEmpty();
        assertThat(new PosixAclXattr(List.of()).toBytes()).containsExactly(2, 0, 0, 0);
    }

    @Test
    void unsignedFieldsSurvive() throws LustreException {
        PosixAclXattr acl = new PosixAclXattr(List.of(new Entry(0xffff, 0xfff8, 0xfffffffe)));
        assertThat(PosixAclXattr.read(acl.toBytes())).isEqualTo(acl);
    }

    /** posix_acl_from_xattr: shorter than the header, or entries that are not whole, is EINVAL. */
    @Test
    void badSizesAreEinval() {
        for (String hex : List.of("", "02", "020000", "0200000001", "02000000" + "01000600ffffff")) {
            assertThatThrownBy(() -> PosixAclXattr.read(HexFormat.of().parseHex(hex))).as(hex)
                    .isInstanceOfSatisfying(LustreException.class, e -> {
                        assertThat(e.errno()).isEqualTo(Errno.EINVAL);
                        assertThat(e.getMessage()).contains(hex.length() / 2 + " bytes");
                    });
        }
    }

    /** posix_acl_from_xattr: a version other than 2 is EOPNOTSUPP (checked before the size of the entries). */
    @Test
    void otherVersionsAreEopnotsupp() {
        for (String hex : List.of("01000000", "03000000" + "01000600ffffffff", "00000002", "ffffffff0102")) {
            assertThatThrownBy(() -> PosixAclXattr.read(HexFormat.of().parseHex(hex))).as(hex)
                    .isInstanceOfSatisfying(LustreException.class,
                            e -> assertThat(e.errno()).isEqualTo(Errno.EOPNOTSUPP));
        }
    }

    @Test
    void entryFieldsMustFitSixteenBits() {
        assertThatThrownBy(() -> new Entry(0x10000, 0, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0x10000");
        assertThatThrownBy(() -> new Entry(1, -1, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
