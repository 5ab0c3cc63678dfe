package org.jlustre.mdt.perm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.jlustre.common.Errno;
import org.jlustre.common.FileMode;
import org.jlustre.common.LustreException;
import org.jlustre.osd.LuAttr;
import org.jlustre.wire.mdt.PosixAclXattr;
import org.jlustre.wire.mdt.PosixAclXattr.Entry;
import org.junit.jupiter.api.Test;

/**
 * setattr's rules ({@code setattr_prepare}, {@code may_setattr}, {@code notify_change} in
 * fs/attr.c; {@code mdd_fix_attr} in mdd_object.c) and setting ACLs ({@code set_posix_acl},
 * {@code posix_acl_update_mode}), with Linux's errno for each refusal.
 */
class AttrRulesTest {

    static final int REG = FileMode.S_IFREG;
    static final Cred OWNER = Cred.user(1000, 1000, 2000);
    static final Cred OTHER = Cred.user(1003, 3000);
    static final Cred ROOT = Cred.ROOT;
    static final FileAttrs FILE = FileAttrs.of(REG | 0644, 1000, 1000);

    static void assertErrno(Errno errno, ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(LustreException.class, e -> assertThat(e.errno()).isEqualTo(errno));
    }

    static LuAttr fix(Cred c, FileAttrs old, LuAttr la) throws LustreException {
        AttrRules.fix(c, old, Optional.empty(), la, AttrRules.How.PLAIN);
        return la;
    }

    // ---- chmod ----

    @Test
    void chmodByTheOwnerOrFownerOnly() throws LustreException {
        assertThat(fix(OWNER, FILE, new LuAttr().mode(REG | 0600)).mode()).isEqualTo(REG | 0600);
        assertThat(fix(ROOT, FILE, new LuAttr().mode(REG | 0600)).mode()).isEqualTo(REG | 0600);
        assertErrno(Errno.EPERM, () -> fix(OTHER, FILE, new LuAttr().mode(REG | 0600)));
        Cred fowner = new Cred(5, 5, 5, 5, new int[0], Capability.bit(Capability.FOWNER));
        assertThat(fix(fowner, FILE, new LuAttr().mode(REG | 0600)).mode()).as("CAP_FOWNER").isEqualTo(REG | 0600);
    }

    /** setattr_prepare: "Also check the setgid bit!" — dropped unless in the group or CAP_FSETID. */
    @Test
    void chmodDropsSetgidWhenNotInTheGroup() throws LustreException {
        FileAttrs foreignGroup = FileAttrs.of(REG | 0644, 1000, 4242);
        LuAttr la = fix(OWNER, foreignGroup, new LuAttr().mode(REG | 02755));
        assertThat(la.mode()).isEqualTo(REG | 0755);
        assertThat(la.has(LuAttr.LA_MODE)).isTrue();
        assertThat(la.has(LuAttr.LA_TYPE)).as("the type is kept, not set").isFalse();
        assertThat(fix(OWNER, FILE, new LuAttr().mode(REG | 02755)).mode()).as("in the group").isEqualTo(REG | 02755);
        assertThat(fix(OWNER, FileAttrs.of(REG | 0644, 1000, 2000), new LuAttr().mode(REG | 02755)).mode())
                .as("a supplementary group").isEqualTo(REG | 02755);
        assertThat(fix(ROOT, foreignGroup, new LuAttr().mode(REG | 02755)).mode()).as("CAP_FSETID").isEqualTo(REG | 02755);
        assertThat(fix(OWNER, foreignGroup, new LuAttr().mode(REG | 02755).gid(2000)).mode())
                .as("the new group of a chmod+chgrp counts").isEqualTo(REG | 02755);
    }

    @Test
    void theFileTypeNeverChanges() throws LustreException {
        assertErrno(Errno.EPERM, () -> fix(ROOT, FILE, new LuAttr().mode(FileMode.S_IFDIR | 0755)));
        assertThat(fix(OWNER, FILE, new LuAttr().mode(0700)).mode()).as("permission bits only").isEqualTo(REG | 0700);
        assertErrno(Errno.EPERM, () -> fix(ROOT, FILE, new LuAttr().nlink(3)));
        assertErrno(Errno.EPERM, () -> fix(ROOT, FILE, new LuAttr().rdev(3)));
    }

    // ---- chown, chgrp ----

    @Test
    void chownNeedsCapChown() throws LustreException {
        assertErrno(Errno.EPERM, () -> fix(OWNER, FILE, new LuAttr().uid(1003)));
        assertErrno(Errno.EPERM, () -> fix(OTHER, FILE, new LuAttr().uid(1003)));
        assertErrno(Errno.EPERM, () -> fix(OTHER, FILE, new LuAttr().uid(1000)));
        assertThat(fix(OWNER, FILE, new LuAttr().uid(1000)).uid()).as("the owner to itself").isEqualTo(1000);
        assertThat(fix(ROOT, FILE, new LuAttr().uid(1003)).uid()).isEqualTo(1003);
        assertThat(fix(OWNER, FILE, new LuAttr().uid(-1)).uid()).as("-1 is unchanged").isEqualTo(1000);
        Cred chown = new Cred(5, 5, 5, 5, new int[0], Capability.bit(Capability.CHOWN));
        assertThat(fix(chown, FILE, new LuAttr().uid(7)).uid()).isEqualTo(7);
    }

    @Test
    void chgrpByTheOwnerToAGroupItIsIn() throws LustreException {
        assertThat(fix(OWNER, FILE, new LuAttr().gid(2000)).gid()).as("supplementary").isEqualTo(2000);
        assertThat(fix(OWNER, FileAttrs.of(REG | 0644, 1000, 2000), new LuAttr().gid(1000)).gid()).as("fsgid")
                .isEqualTo(1000);
        assertThat(fix(OWNER, FileAttrs.of(REG | 0644, 1000, 7777), new LuAttr().gid(7777)).gid())
                .as("unchanged, although not a member").isEqualTo(7777);
        assertErrno(Errno.EPERM, () -> fix(OWNER, FILE, new LuAttr().gid(3000)));
        assertErrno(Errno.EPERM, () -> fix(Cred.user(1003, 1000), FILE, new LuAttr().gid(1000)));
        assertThat(fix(ROOT, FILE, new LuAttr().gid(3000)).gid()).isEqualTo(3000);
    }

    /**
     * chown and chgrp each clear setuid, and setgid when group-executable, of non-directories,
     * even for root (chown_common adds ATTR_KILL_SUID|ATTR_KILL_SGID to every chown of a
     * non-directory; mdd_fix_attr alone would clear only one per change, the client's VFS the rest).
     */
    @Test
    void chownClearsSuidAndSgid() throws LustreException {
        FileAttrs suid = FileAttrs.of(REG | 06755, 1000, 1000);
        LuAttr la = fix(ROOT, suid, new LuAttr().uid(1003));
        assertThat(la.mode()).isEqualTo(REG | 0755);
        assertThat(la.has(LuAttr.LA_MODE)).isTrue();
        assertThat(fix(ROOT, suid, new LuAttr().gid(3000)).mode()).isEqualTo(REG | 0755);
        assertThat(fix(OWNER, suid, new LuAttr().gid(2000)).mode()).as("chgrp by the owner").isEqualTo(REG | 0755);
        assertThat(fix(ROOT, FileAttrs.of(REG | 04755, 1000, 1000), new LuAttr().uid(1000)).mode())
                .as("chown to the same owner clears too").isEqualTo(REG | 0755);
        assertThat(fix(ROOT, suid, new LuAttr().uid(1003).gid(3000)).mode()).isEqualTo(REG | 0755);
        FileAttrs lockMark = FileAttrs.of(REG | 02644, 1000, 1000);
        assertThat(fix(ROOT, lockMark, new LuAttr().gid(3000)).has(LuAttr.LA_MODE))
                .as("setgid without group x (a mandatory locking mark) stays").isFalse();
        assertThat(fix(ROOT, lockMark, new LuAttr().uid(3000)).has(LuAttr.LA_MODE)).isFalse();
        FileAttrs dir = FileAttrs.of(FileMode.S_IFDIR | 06755, 1000, 1000);
        assertThat(fix(ROOT, dir, new LuAttr().uid(1003).gid(3000)).has(LuAttr.LA_MODE)).as("directories keep them")
                .isFalse();
    }

    // ---- times ----

    /** may_setattr: "now" needs the owner, CAP_FOWNER or write permission (EACCES). */
    @Test
    void touchNeedsWritePermission() throws LustreException {
        FileAttrs shared = FileAttrs.of(REG | 0666, 1000, 1000);
        AttrRules.fix(OTHER, shared, Optional.empty(), new LuAttr().atime(1).mtime(1), AttrRules.How.PLAIN);
        assertErrno(Errno.EACCES,
                () -> AttrRules.fix(OTHER, FILE, Optional.empty(), new LuAttr().atime(1).mtime(1), AttrRules.How.PLAIN));
        AttrRules.fix(OWNER, FileAttrs.of(REG | 0444, 1000, 1000), Optional.empty(), new LuAttr().mtime(1),
                AttrRules.How.PLAIN);
    }

    /** setattr_prepare: explicit times need the owner or CAP_FOWNER (EPERM), write permission is not enough. */
    @Test
    void explicitTimesNeedTheOwner() throws LustreException {
        FileAttrs shared = FileAttrs.of(REG | 0666, 1000, 1000);
        assertErrno(Errno.EPERM, () -> AttrRules.fix(OTHER, shared, Optional.empty(), new LuAttr().atime(1).mtime(1),
                AttrRules.How.EXPLICIT_TIMES));
        AttrRules.fix(OWNER, FILE, Optional.empty(), new LuAttr().atime(1).mtime(1), AttrRules.How.EXPLICIT_TIMES);
        AttrRules.fix(ROOT, FILE, Optional.empty(), new LuAttr().atime(1).mtime(1), AttrRules.How.EXPLICIT_TIMES);
    }

    // ---- size, kill-priv, flags ----

    @Test
    void truncateNeedsWritePermissionUnlessTheOwnerOverrides() throws LustreException {
        FileAttrs readOnly = FileAttrs.of(REG | 0444, 1000, 1000);
        assertErrno(Errno.EACCES, () -> fix(OWNER, readOnly, new LuAttr().size(0)));
        AttrRules.fix(OWNER, readOnly, Optional.empty(), new LuAttr().size(0), new AttrRules.How(false, false, true));
        assertErrno(Errno.EACCES, () -> AttrRules.fix(OTHER, readOnly, Optional.empty(), new LuAttr().size(0),
                new AttrRules.How(false, false, true)));
        fix(ROOT, readOnly, new LuAttr().size(0));
    }

    /** LA_KILL_SUID/SGID (sent after a write by a caller without CAP_FSETID) clear the bits and go away. */
    @Test
    void killSuidAndSgid() throws LustreException {
        FileAttrs f = FileAttrs.of(REG | 06775, 1000, 1000);
        Cred groupWriter = Cred.user(1003, 1000);
        LuAttr la = fix(groupWriter, f, new LuAttr().valid(LuAttr.LA_KILL_SUID | LuAttr.LA_KILL_SGID).mtime(5));
        assertThat(la.mode()).isEqualTo(REG | 0775);
        assertThat(la.valid() & (LuAttr.LA_KILL_SUID | LuAttr.LA_KILL_SGID)).isZero();
        assertThat(la.has(LuAttr.LA_MODE | LuAttr.LA_MTIME)).isTrue();
        assertThat(AttrRules.modeAfterWrite(OTHER, REG | 06775)).isEqualTo(REG | 0775);
        assertThat(AttrRules.modeAfterWrite(OTHER, REG | 06745)).as("sgid without group x stays").isEqualTo(REG | 02745);
        assertThat(AttrRules.modeAfterWrite(ROOT, REG | 06775)).as("CAP_FSETID").isEqualTo(REG | 06775);
        assertThat(AttrRules.modeAfterWrite(OTHER, FileMode.S_IFDIR | 06775)).isEqualTo(FileMode.S_IFDIR | 06775);
    }

    @Test
    void flagsNeedTheOwnerAndImmutableNeedsCapLinuxImmutable() throws LustreException {
        assertErrno(Errno.EPERM, () -> fix(OTHER, FILE, new LuAttr().flags(0)));
        assertErrno(Errno.EPERM, () -> fix(OWNER, FILE, new LuAttr().flags(FileAttrs.IMMUTABLE_FL)));
        fix(ROOT, FILE, new LuAttr().flags(FileAttrs.IMMUTABLE_FL));
        FileAttrs immutable = new FileAttrs(REG | 0644, 1000, 1000, FileAttrs.IMMUTABLE_FL);
        assertErrno(Errno.EPERM, () -> fix(ROOT, immutable, new LuAttr().mode(REG | 0600)));
        assertErrno(Errno.EPERM, () -> fix(ROOT, immutable, new LuAttr().mtime(1)));
        fix(ROOT, immutable, new LuAttr().flags(0));
    }

    // ---- ACLs ----

    static byte[] xattr(Entry... entries) {
        return new PosixAclXattr(List.of(entries)).toBytes();
    }

    static final byte[] USER_1003_RW = xattr(new Entry(0x01, 6, -1), new Entry(0x02, 6, 1003), new Entry(0x04, 4, -1),
            new Entry(0x10, 6, -1), new Entry(0x20, 4, -1));

    /** posix_acl_update_mode: the mode follows the ACL (group bits from the mask). */
    @Test
    void accessAclSetsTheMode() throws LustreException {
        AttrRules.AclUpdate u = AttrRules.setAcl(OWNER, FILE, false, USER_1003_RW);
        assertThat(u.mode()).isEqualTo(REG | 0664);
        assertThat(u.store().orElseThrow().toString()).isEqualTo("u::rw-,u:1003:rw-,g::r--,m::rw-,o::r--");
    }

    /** An ACL the mode says in full is not stored; the mode changes. */
    @Test
    void equivalentAccessAclIsNotStored() throws LustreException {
        byte[] plain = xattr(new Entry(0x01, 7, -1), new Entry(0x04, 5, -1), new Entry(0x20, 0, -1));
        AttrRules.AclUpdate u = AttrRules.setAcl(OWNER, FILE, false, plain);
        assertThat(u.mode()).isEqualTo(REG | 0750);
        assertThat(u.store()).isEmpty();
    }

    @Test
    void settingAnAclDropsSetgidOutsideTheGroup() throws LustreException {
        FileAttrs f = FileAttrs.of(REG | 02644, 1000, 4242);
        assertThat(AttrRules.setAcl(OWNER, f, false, USER_1003_RW).mode()).isEqualTo(REG | 0664);
        assertThat(AttrRules.setAcl(ROOT, f, false, USER_1003_RW).mode()).isEqualTo(REG | 02664);
    }

    /** set_posix_acl: a non-owner gets EPERM; a default ACL on a file EACCES; validation after ownership. */
    @Test
    void aclErrorsInLinuxsOrder() throws LustreException {
        assertErrno(Errno.EPERM, () -> AttrRules.setAcl(OTHER, FILE, false, USER_1003_RW));
        assertErrno(Errno.EACCES, () -> AttrRules.setAcl(OWNER, FILE, true, USER_1003_RW));
        assertThat(AttrRules.setAcl(OWNER, FILE, true, null).store()).as("removing a file's default ACL").isEmpty();
        byte[] invalid = xattr(new Entry(0x01, 6, -1), new Entry(0x20, 4, -1));
        assertErrno(Errno.EPERM, () -> AttrRules.setAcl(OTHER, FILE, false, invalid));
        assertErrno(Errno.EINVAL, () -> AttrRules.setAcl(OWNER, FILE, false, invalid));
        assertErrno(Errno.EINVAL, () -> AttrRules.setAcl(OTHER, FILE, false, new byte[] {2, 0, 0, 0, 1}));
        assertErrno(Errno.EOPNOTSUPP, () -> AttrRules.setAcl(OTHER, FILE, false, new byte[] {1, 0, 0, 0}));
        FileAttrs dir = FileAttrs.of(FileMode.S_IFDIR | 0755, 1000, 1000);
        AttrRules.AclUpdate d = AttrRules.setAcl(OWNER, dir, true, USER_1003_RW);
        assertThat(d.mode()).as("a default ACL leaves the mode").isEqualTo(FileMode.S_IFDIR | 0755);
        assertThat(d.store()).isPresent();
        assertThat(AttrRules.setAcl(OWNER, dir, false, new byte[] {2, 0, 0, 0}).store()).as("no entries: remove")
                .isEmpty();
    }
}
