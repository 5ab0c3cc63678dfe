package org.jlustre.mdt.mdd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jlustre.mdt.mdd.Errnos.errno;
import static org.jlustre.mdt.mdd.MddFixture.ROOT;
import static org.jlustre.mdt.mdd.MddFixture.b;

import java.util.List;
import org.jlustre.common.Errno;
import org.jlustre.common.Fid;
import org.jlustre.common.FileMode;
import org.jlustre.mdt.perm.Cred;
import org.jlustre.osd.XattrMode;
import org.jlustre.wire.mdt.PosixAclXattr;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** setattr with the ownership rules, and xattrs with their namespaces, limits and filters. */
class MddAttrTest {

    private static final Cred ALICE = Cred.user(1000, 1000, 60);
    private static final Cred BOB = Cred.user(1001, 1001);

    private final MddFixture f;
    private final Fid file;

    MddAttrTest() throws Exception {
        f = new MddFixture();
        Fid home = f.mkdir(ROOT, Fid.ROOT, "home", 0777).fid();
        file = f.mdd.create(ALICE, home, b("file"), f.fid(), CreateSpec.file(06755)).fid();
    }

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void chmodChownChgrpFollowTheOwnershipRules() throws Exception {
        errno(Errno.EPERM, () -> f.mdd.setattr(BOB, file, SetattrSpec.none().withMode(0777)));
        errno(Errno.EPERM, () -> f.mdd.setattr(ALICE, file, SetattrSpec.none().withUid(1001)));
        errno(Errno.EPERM, () -> f.mdd.setattr(ALICE, file, SetattrSpec.none().withGid(1001)));
        errno(Errno.EPERM, () -> f.mdd.setattr(BOB, file, SetattrSpec.none().withGid(1001)));
        f.clock.advance(5, java.util.concurrent.TimeUnit.SECONDS);
        long before = f.mdd.getattr(file).ctime();
        MdAttr a = f.mdd.setattr(ALICE, file, SetattrSpec.none().withGid(60));
        assertThat(a.gid()).isEqualTo(60);
        // chgrp of a group-executable file clears setgid, even by its owner
        assertThat(a.mode() & FileMode.S_ISGID).isZero();
        assertThat(a.ctime()).isEqualTo(before + 5);
        MdAttr c = f.mdd.setattr(ROOT, file, SetattrSpec.none().withUid(1001).withGid(1001));
        assertThat(c.uid()).isEqualTo(1001);
        MdAttr m = f.mdd.setattr(BOB, file, SetattrSpec.none().withMode(04700));
        assertThat(m.mode()).isEqualTo(FileMode.S_IFREG | 04700);
    }

    @Test
    void truncateNeedsWritePermissionAndARegularFile() throws Exception {
        errno(Errno.EACCES, () -> f.mdd.setattr(BOB, file, SetattrSpec.none().withSize(10)));
        assertThat(f.mdd.setattr(ALICE, file, SetattrSpec.none().withSize(10)).size()).isEqualTo(10);
        errno(Errno.EISDIR, () -> f.mdd.setattr(ROOT, Fid.ROOT, SetattrSpec.none().withSize(0)));
        Fid fifo = f.mdd.create(ROOT, Fid.ROOT, b("fifo"), f.fid(), CreateSpec.node(FileMode.S_IFIFO | 0666, 0)).fid();
        errno(Errno.EINVAL, () -> f.mdd.setattr(ROOT, fifo, SetattrSpec.none().withSize(0)));
    }

    @Test
    void explicitTimesAreTheOwnersWhileNowNeedsOnlyWritePermission() throws Exception {
        errno(Errno.EPERM, () -> f.mdd.setattr(BOB, file, SetattrSpec.none().withTimes(1, 2)));
        errno(Errno.EACCES, () -> f.mdd.setattr(BOB, file, SetattrSpec.none().withTimesNow(99)));
        MdAttr a = f.mdd.setattr(ALICE, file, SetattrSpec.none().withTimes(111, 222));
        assertThat(a.atime()).isEqualTo(111);
        assertThat(a.mtime()).isEqualTo(222);
        f.mdd.setattr(ALICE, file, SetattrSpec.none().withMode(0666));
        assertThat(f.mdd.setattr(BOB, file, SetattrSpec.none().withTimesNow(333)).mtime()).isEqualTo(333);
    }

    @Test
    void immutableFilesChangeNothingButTheirFlags() throws Exception {
        int immutable = 0x10;
        errno(Errno.EPERM, () -> f.mdd.setattr(ALICE, file, SetattrSpec.none().withFlags(immutable)));
        f.mdd.setattr(ROOT, file, SetattrSpec.none().withFlags(immutable));
        assertThat(f.mdd.getattr(file).flags()).isEqualTo(immutable);
        errno(Errno.EPERM, () -> f.mdd.setattr(ROOT, file, SetattrSpec.none().withMode(0600)));
        errno(Errno.EPERM, () -> f.mdd.unlink(ROOT, f.mdd.lookup(ROOT, Fid.ROOT, b("home")).fid(), b("file"), false));
        errno(Errno.EPERM, () -> f.mdd.setxattr(ROOT, file, "user.x", b("v"), XattrMode.SET));
        errno(Errno.EPERM, () -> f.mdd.open(ROOT, file, Opens.FMODE_WRITE));
        errno(Errno.EPERM, () -> f.mdd.link(ROOT, file, Fid.ROOT, b("l")));
        f.mdd.setattr(ROOT, file, SetattrSpec.none().withFlags(0));
        f.mdd.setattr(ROOT, file, SetattrSpec.none().withMode(0600));
    }

    @Test
    void userXattrsAreStoredListedAndRemovedWithTheirPermissions() throws Exception {
        f.mdd.setxattr(ALICE, file, "user.colour", b("blue"), XattrMode.SET);
        assertThat(f.mdd.getxattr(ALICE, file, "user.colour")).isEqualTo(b("blue"));
        errno(Errno.EEXIST, () -> f.mdd.setxattr(ALICE, file, "user.colour", b("red"), XattrMode.CREATE));
        errno(Errno.ENODATA, () -> f.mdd.setxattr(ALICE, file, "user.size", b("1"), XattrMode.REPLACE));
        errno(Errno.EACCES, () -> f.mdd.setxattr(BOB, file, "user.colour", b("red"), XattrMode.SET));
        assertThat(f.mdd.listxattr(ALICE, file)).containsExactly("user.colour");
        f.mdd.removexattr(ALICE, file, "user.colour");
        errno(Errno.ENODATA, () -> f.mdd.getxattr(ALICE, file, "user.colour"));
        errno(Errno.ENODATA, () -> f.mdd.removexattr(ALICE, file, "user.colour"));
        errno(Errno.EOPNOTSUPP, () -> f.mdd.setxattr(ALICE, file, "bogus.name", b("v"), XattrMode.SET));
        errno(Errno.ERANGE, () -> f.mdd.setxattr(ALICE, file, "user." + "n".repeat(251), b("v"), XattrMode.SET));
        byte[] big = new byte[f.osd.conf().maxEaSize() + 1];
        errno(Errno.E2BIG, () -> f.mdd.setxattr(ALICE, file, "user.big", big, XattrMode.SET));
        byte[] max = new byte[f.osd.conf().maxEaSize()];
        f.mdd.setxattr(ALICE, file, "user.max", max, XattrMode.SET);
        assertThat(f.mdd.getxattr(ALICE, file, "user.max")).hasSize(max.length);
    }

    @Test
    void trustedXattrsAreRootsAndTheMdtsOwnAreNeitherListedNorWritable() throws Exception {
        errno(Errno.EPERM, () -> f.mdd.setxattr(ALICE, file, "trusted.mine", b("v"), XattrMode.SET));
        f.mdd.setxattr(ROOT, file, "trusted.mine", b("v"), XattrMode.SET);
        errno(Errno.ENODATA, () -> f.mdd.getxattr(ALICE, file, "trusted.mine"));
        assertThat(f.mdd.getxattr(ROOT, file, "trusted.mine")).isEqualTo(b("v"));
        List<String> names = f.mdd.listxattr(ROOT, file);
        assertThat(names).contains("trusted.mine", "trusted.lov").doesNotContain("trusted.lma", "trusted.link");
        assertThat(f.mdd.listxattr(ALICE, file)).doesNotContain("trusted.mine", "trusted.lov");
        errno(Errno.EPERM, () -> f.mdd.setxattr(ROOT, file, "trusted.lma", new byte[24], XattrMode.SET));
        errno(Errno.EPERM, () -> f.mdd.removexattr(ROOT, file, "trusted.link"));
        // lustre.lov is the client's name for trusted.lov
        assertThat(f.mdd.getxattr(ROOT, file, "lustre.lov")).isEqualTo(f.mdd.getattr(file, true).layout());
    }

    @Test
    void anAccessAclIsStoredReturnedEnforcedAndSetsTheMode() throws Exception {
        f.mdd.setattr(ALICE, file, SetattrSpec.none().withMode(0600));
        errno(Errno.EACCES, () -> f.mdd.open(BOB, file, Opens.FMODE_READ));
        // user::rw-, user:1001:r--, group::---, mask::r--, other::---
        byte[] acl = new PosixAclXattr(List.of(new PosixAclXattr.Entry(PosixAclXattr.ACL_USER_OBJ, 6, -1),
                new PosixAclXattr.Entry(PosixAclXattr.ACL_USER, 4, 1001),
                new PosixAclXattr.Entry(PosixAclXattr.ACL_GROUP_OBJ, 0, -1),
                new PosixAclXattr.Entry(PosixAclXattr.ACL_MASK, 4, -1),
                new PosixAclXattr.Entry(PosixAclXattr.ACL_OTHER, 0, -1))).toBytes();
        errno(Errno.EPERM, () -> f.mdd.setxattr(BOB, file, "system.posix_acl_access", acl, XattrMode.SET));
        f.mdd.setxattr(ALICE, file, "system.posix_acl_access", acl, XattrMode.SET);
        assertThat(f.mdd.getxattr(BOB, file, "system.posix_acl_access")).isEqualTo(acl);
        assertThat(f.mdd.getattr(file).mode() & 0777).isEqualTo(0640); // group bits are the mask
        assertThat(f.mdd.open(BOB, file, Opens.FMODE_READ).fid()).isEqualTo(file);
        f.mdd.close(file);
        errno(Errno.EACCES, () -> f.mdd.open(BOB, file, Opens.FMODE_WRITE));
        errno(Errno.EACCES, () -> f.mdd.setxattr(ALICE, file, "system.posix_acl_default", acl, XattrMode.SET));
        errno(Errno.EINVAL, () -> f.mdd.setxattr(ALICE, file, "system.posix_acl_access", new byte[] {2, 0, 0, 0, 1},
                XattrMode.SET));
        f.mdd.removexattr(ALICE, file, "system.posix_acl_access");
        errno(Errno.EACCES, () -> f.mdd.open(BOB, file, Opens.FMODE_READ));
    }
}
