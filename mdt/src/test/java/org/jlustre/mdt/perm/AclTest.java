package org.jlustre.mdt.perm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jlustre.mdt.perm.Permissions.MAY_EXEC;
import static org.jlustre.mdt.perm.Permissions.MAY_READ;
import static org.jlustre.mdt.perm.Permissions.MAY_WRITE;
import static org.jlustre.wire.mdt.PosixAclXattr.ACL_GROUP;
import static org.jlustre.wire.mdt.PosixAclXattr.ACL_GROUP_OBJ;
import static org.jlustre.wire.mdt.PosixAclXattr.ACL_MASK;
import static org.jlustre.wire.mdt.PosixAclXattr.ACL_OTHER;
import static org.jlustre.wire.mdt.PosixAclXattr.ACL_USER;
import static org.jlustre.wire.mdt.PosixAclXattr.ACL_USER_OBJ;

import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.jlustre.common.Errno;
import org.jlustre.common.FileMode;
import org.jlustre.common.LustreException;
import org.jlustre.wire.mdt.PosixAclXattr;
import org.jlustre.wire.mdt.PosixAclXattr.Entry;
import org.junit.jupiter.api.Test;

/**
 * POSIX ACLs: validation as {@code posix_acl_valid}, the permission walk of
 * {@code posix_acl_permission} with its mask, and the changes of {@code posix_acl_chmod},
 * {@code posix_acl_equiv_mode} and {@code posix_acl_create} (fs/posix_acl.c; Lustre's copies in
 * mdd/mdd_acl.c).
 */
class AclTest {

    static final int OWNER = 1000;
    static final int GROUP = 1000;

    static Entry e(int tag, int perm) {
        return new Entry(tag, perm, -1);
    }

    static Entry e(int tag, int perm, int id) {
        return new Entry(tag, perm, id);
    }

    static byte[] xattr(Entry... entries) {
        return new PosixAclXattr(List.of(entries)).toBytes();
    }

    static Acl acl(Entry... entries) throws LustreException {
        return Acl.parse(xattr(entries)).orElseThrow();
    }

    static void assertEinval(String why, Entry... entries) {
        assertThatThrownBy(() -> Acl.parse(xattr(entries))).as(why)
                .isInstanceOfSatisfying(LustreException.class, ex -> assertThat(ex.errno()).isEqualTo(Errno.EINVAL));
    }

    // ---- posix_acl_valid ----

    @Test
    void minimalAndFullAclsAreValid() throws LustreException {
        assertThat(acl(e(ACL_USER_OBJ, 6), e(ACL_GROUP_OBJ, 4), e(ACL_OTHER, 4)).entries()).hasSize(3);
        Acl full = acl(e(ACL_USER_OBJ, 7), e(ACL_USER, 6, 1001), e(ACL_USER, 4, 1002), e(ACL_GROUP_OBJ, 5),
                e(ACL_GROUP, 7, 2000), e(ACL_MASK, 6), e(ACL_OTHER, 0));
        assertThat(full.toString()).isEqualTo("u::rwx,u:1001:rw-,u:1002:r--,g::r-x,g:2000:rwx,m::rw-,o::---");
        assertThat(Acl.parse(full.toXattr())).contains(full);
        assertThat(acl(e(ACL_USER_OBJ, 6), e(ACL_GROUP_OBJ, 4), e(ACL_MASK, 4), e(ACL_OTHER, 4)).entries())
                .as("a mask without named entries is allowed").hasSize(4);
    }

    @Test
    void invalidAclsAreEinval() {
        assertEinval("no entries but OTHER", e(ACL_OTHER, 4));
        assertEinval("USER_OBJ twice", e(ACL_USER_OBJ, 6), e(ACL_USER_OBJ, 6), e(ACL_GROUP_OBJ, 4), e(ACL_OTHER, 4));
        assertEinval("GROUP_OBJ before USER_OBJ", e(ACL_GROUP_OBJ, 4), e(ACL_USER_OBJ, 6), e(ACL_OTHER, 4));
        assertEinval("no GROUP_OBJ", e(ACL_USER_OBJ, 6), e(ACL_OTHER, 4));
        assertEinval("no OTHER", e(ACL_USER_OBJ, 6), e(ACL_GROUP_OBJ, 4));
        assertEinval("named user without a mask", e(ACL_USER_OBJ, 6), e(ACL_USER, 6, 1001), e(ACL_GROUP_OBJ, 4),
                e(ACL_OTHER, 4));
        assertEinval("named group without a mask", e(ACL_USER_OBJ, 6), e(ACL_GROUP_OBJ, 4), e(ACL_GROUP, 4, 9),
                e(ACL_OTHER, 4));
        assertEinval("USER after GROUP_OBJ", e(ACL_USER_OBJ, 6), e(ACL_GROUP_OBJ, 4), e(ACL_USER, 6, 1001),
                e(ACL_MASK, 6), e(ACL_OTHER, 4));
        assertEinval("MASK after OTHER", e(ACL_USER_OBJ, 6), e(ACL_GROUP_OBJ, 4), e(ACL_OTHER, 4), e(ACL_MASK, 6));
        assertEinval("two OTHERs", e(ACL_USER_OBJ, 6), e(ACL_GROUP_OBJ, 4), e(ACL_OTHER, 4), e(ACL_OTHER, 4));
        assertEinval("perm beyond rwx", e(ACL_USER_OBJ, 8), e(ACL_GROUP_OBJ, 4), e(ACL_OTHER, 4));
        assertEinval("unknown tag", e(ACL_USER_OBJ, 6), e(0x40, 4), e(ACL_GROUP_OBJ, 4), e(ACL_OTHER, 4));
        assertEinval("named user with the undefined id", e(ACL_USER_OBJ, 6), e(ACL_USER, 6, -1), e(ACL_GROUP_OBJ, 4),
                e(ACL_MASK, 6), e(ACL_OTHER, 4));
    }

    @Test
    void headerAloneIsNoAclAndBadVersionIsEopnotsupp() throws LustreException {
        assertThat(Acl.parse(new byte[] {2, 0, 0, 0})).isEmpty();
        assertThatThrownBy(() -> Acl.parse(HexFormat.of().parseHex("01000000")))
                .isInstanceOfSatisfying(LustreException.class, ex -> assertThat(ex.errno()).isEqualTo(Errno.EOPNOTSUPP));
    }

    /** posix_acl_from_xattr: the ids of unnamed entries are not kept. */
    @Test
    void idsOfUnnamedEntriesAreUndefined() throws LustreException {
        Acl a = Acl.parse(xattr(e(ACL_USER_OBJ, 6, 77), e(ACL_GROUP_OBJ, 4, 78), e(ACL_OTHER, 4, 79))).orElseThrow();
        assertThat(a.entries()).extracting(Entry::id).containsOnly(-1);
    }

    // ---- posix_acl_permission through Permissions.check ----

    /** u::rw-, u:1001:rwx, u:1002:r--, g::r--, g:2000:rw-, g:2001:--x, m::rw-, o::r-- on a 0664 file. */
    static final Acl MATRIX_ACL;

    static {
        try {
            MATRIX_ACL = acl(e(ACL_USER_OBJ, 6), e(ACL_USER, 7, 1001), e(ACL_USER, 4, 1002), e(ACL_GROUP_OBJ, 4),
                    e(ACL_GROUP, 6, 2000), e(ACL_GROUP, 1, 2001), e(ACL_MASK, 6), e(ACL_OTHER, 4));
        } catch (LustreException ex) {
            throw new ExceptionInInitializerError(ex);
        }
    }

    static final FileAttrs MATRIX_FILE = FileAttrs.of(FileMode.S_IFREG | 0664, OWNER, GROUP);

    static boolean may(Cred c, int mask) {
        return Permissions.permitted(c, MATRIX_FILE, Optional.of(MATRIX_ACL), mask);
    }

    @Test
    void ownerUsesUserObjNotTheAcl() {
        Cred owner = Cred.user(OWNER, 9999);
        assertThat(may(owner, MAY_READ | MAY_WRITE)).isTrue();
        assertThat(may(owner, MAY_EXEC)).isFalse();
    }

    @Test
    void namedUserIsLimitedByTheMask() {
        Cred u1001 = Cred.user(1001, 9999);
        assertThat(may(u1001, MAY_READ | MAY_WRITE)).isTrue();
        assertThat(may(u1001, MAY_EXEC)).as("rwx entry, rw- mask").isFalse();
        Cred u1002 = Cred.user(1002, 9999);
        assertThat(may(u1002, MAY_READ)).isTrue();
        assertThat(may(u1002, MAY_WRITE)).as("a named user does not fall back to other or its groups").isFalse();
        Cred u1002InGroup2000 = Cred.user(1002, 2000);
        assertThat(may(u1002InGroup2000, MAY_WRITE)).as("the named user entry wins over its groups").isFalse();
    }

    @Test
    void groupEntriesGrantWhenOneHoldsAllOfTheRequest() {
        assertThat(may(Cred.user(1010, GROUP), MAY_READ)).as("owning group r").isTrue();
        assertThat(may(Cred.user(1010, GROUP), MAY_WRITE)).as("owning group has no w").isFalse();
        assertThat(may(Cred.user(1011, 2000), MAY_READ | MAY_WRITE)).as("named group rw").isTrue();
        assertThat(may(Cred.user(1012, 5000, 2000), MAY_READ | MAY_WRITE)).as("named group as supplementary").isTrue();
        assertThat(may(Cred.user(1013, GROUP, 2000), MAY_WRITE)).as("the second matching group grants").isTrue();
    }

    /** posix_acl_permission: in some matching group but granted by none is EACCES, OTHER not consulted. */
    @Test
    void matchingGroupThatDeniesDoesNotFallBackToOther() {
        Cred g2001 = Cred.user(1014, 2001);
        assertThat(may(g2001, MAY_READ)).as("g:2001:--x denies r, o::r-- is not asked").isFalse();
        assertThat(may(g2001, MAY_EXEC)).as("--x entry, but the mask rw- removes x").isFalse();
        assertThat(may(Cred.user(1015, 7777), MAY_READ)).as("nobody's groups: other r").isTrue();
        assertThat(may(Cred.user(1015, 7777), MAY_WRITE)).isFalse();
    }

    @Test
    void maskLimitsGroupObjToo() throws LustreException {
        Acl a = acl(e(ACL_USER_OBJ, 7), e(ACL_GROUP_OBJ, 7), e(ACL_MASK, 4), e(ACL_OTHER, 0));
        FileAttrs f = FileAttrs.of(FileMode.S_IFREG | 0740, OWNER, GROUP);
        assertThat(Permissions.permitted(Cred.user(1020, GROUP), f, Optional.of(a), MAY_READ)).isTrue();
        assertThat(Permissions.permitted(Cred.user(1020, GROUP), f, Optional.of(a), MAY_WRITE)).isFalse();
    }

    /** The ACL is consulted only when the group bits (the mask) are not all clear: check_acl is skipped. */
    @Test
    void aclIgnoredWhenTheGroupBitsAreClear() {
        FileAttrs f = FileAttrs.of(FileMode.S_IFREG | 0604, OWNER, GROUP);
        assertThat(Permissions.permitted(Cred.user(1001, 9999), f, Optional.of(MATRIX_ACL), MAY_READ | MAY_WRITE))
                .as("u:1001 entry ignored: other bits r only").isFalse();
        assertThat(Permissions.permitted(Cred.user(1001, 9999), f, Optional.of(MATRIX_ACL), MAY_READ)).isTrue();
    }

    /** Root's capabilities still override an ACL's refusal; EACCES otherwise. */
    @Test
    void capabilitiesOverrideAclRefusals() throws LustreException {
        Permissions.check(Cred.ROOT, MATRIX_FILE, Optional.of(MATRIX_ACL), MAY_READ | MAY_WRITE);
        assertThatThrownBy(() -> Permissions.check(Cred.user(1014, 2001), MATRIX_FILE, Optional.of(MATRIX_ACL), MAY_READ))
                .isInstanceOfSatisfying(LustreException.class, ex -> {
                    assertThat(ex.errno()).isEqualTo(Errno.EACCES);
                    assertThat(ex.getMessage()).contains("g:2001:--x");
                });
    }

    // ---- chmod, equiv_mode, create ----

    /** posix_acl_chmod: USER_OBJ and OTHER from the mode, MASK from the group bits; named entries and GROUP_OBJ stay. */
    @Test
    void chmodRewritesUserObjMaskAndOther() throws LustreException {
        Acl after = MATRIX_ACL.chmod(FileMode.S_IFREG | 0751);
        assertThat(after.toString()).isEqualTo("u::rwx,u:1001:rwx,u:1002:r--,g::r--,g:2000:rw-,g:2001:--x,m::r-x,o::--x");
        assertThat(after.applyToMode(FileMode.S_IFREG | 0751)).isEqualTo(FileMode.S_IFREG | 0751);
    }

    /** Without a mask, chmod's group bits go to GROUP_OBJ. */
    @Test
    void chmodWithoutMaskRewritesGroupObj() throws LustreException {
        Acl a = acl(e(ACL_USER_OBJ, 6), e(ACL_GROUP_OBJ, 4), e(ACL_OTHER, 4));
        assertThat(a.chmod(0705).toString()).isEqualTo("u::rwx,g::---,o::r-x");
    }

    /** posix_acl_equiv_mode: the mask is the group bits; named entries or a mask make it not equivalent. */
    @Test
    void equivalentMode() throws LustreException {
        assertThat(MATRIX_ACL.applyToMode(FileMode.S_IFREG | 04000)).isEqualTo(FileMode.S_IFREG | 04664);
        assertThat(MATRIX_ACL.equivalentToMode()).isFalse();
        Acl plain = acl(e(ACL_USER_OBJ, 7), e(ACL_GROUP_OBJ, 5), e(ACL_OTHER, 1));
        assertThat(plain.equivalentToMode()).isTrue();
        assertThat(plain.applyToMode(FileMode.S_IFDIR | 01000)).isEqualTo(FileMode.S_IFDIR | 01751);
        assertThat(Acl.fromMode(0751)).isEqualTo(plain);
        assertThat(acl(e(ACL_USER_OBJ, 7), e(ACL_GROUP_OBJ, 5), e(ACL_MASK, 5), e(ACL_OTHER, 1)).equivalentToMode())
                .isFalse();
    }

    /**
     * posix_acl_create: the mode is ANDed with USER_OBJ, MASK (or GROUP_OBJ) and OTHER, the ACL
     * with the mode; a file does not keep the default ACL, a directory does.
     */
    @Test
    void inheritFromADefaultAcl() throws LustreException {
        Acl dflt = acl(e(ACL_USER_OBJ, 7), e(ACL_USER, 7, 1001), e(ACL_GROUP_OBJ, 5), e(ACL_MASK, 7), e(ACL_OTHER, 5));
        Acl.Inherited file = Acl.inherit(dflt, FileMode.S_IFREG | 0666);
        assertThat(file.mode()).isEqualTo(FileMode.S_IFREG | 0664);
        assertThat(file.access().orElseThrow().toString()).isEqualTo("u::rw-,u:1001:rwx,g::r-x,m::rw-,o::r--");
        assertThat(file.defaultAcl()).isEmpty();
        Acl.Inherited dir = Acl.inherit(dflt, FileMode.S_IFDIR | 0777);
        assertThat(dir.mode()).isEqualTo(FileMode.S_IFDIR | 0775);
        assertThat(dir.access().orElseThrow().toString()).isEqualTo("u::rwx,u:1001:rwx,g::r-x,m::rwx,o::r-x");
        assertThat(dir.defaultAcl()).contains(dflt);
    }

    /** A default ACL that says no more than a mode gives no access ACL, only the mode (Linux drops it). */
    @Test
    void inheritingAnEquivalentAclGivesOnlyTheMode() throws LustreException {
        Acl dflt = acl(e(ACL_USER_OBJ, 7), e(ACL_GROUP_OBJ, 0), e(ACL_OTHER, 0));
        Acl.Inherited file = Acl.inherit(dflt, FileMode.S_IFREG | 0644);
        assertThat(file.mode()).isEqualTo(FileMode.S_IFREG | 0600);
        assertThat(file.access()).isEmpty();
    }
}
