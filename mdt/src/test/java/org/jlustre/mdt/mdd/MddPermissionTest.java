package org.jlustre.mdt.mdd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jlustre.mdt.mdd.Errnos.errno;
import static org.jlustre.mdt.mdd.MddFixture.ROOT;
import static org.jlustre.mdt.mdd.MddFixture.b;

import org.jlustre.common.Errno;
import org.jlustre.common.Fid;
import org.jlustre.common.FileMode;
import org.jlustre.mdt.perm.Acl;
import org.jlustre.mdt.perm.Cred;
import org.jlustre.osd.XattrMode;
import org.jlustre.wire.mdt.PosixAclXattr;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Which checks each operation makes with the caller's credentials: search on the directories
 * of a lookup, write+search on the parent of a create, unlink or rename, the sticky rule,
 * setgid and default-ACL inheritance at create.
 */
class MddPermissionTest {

    private static final Cred ALICE = Cred.user(1000, 1000);
    private static final Cred BOB = Cred.user(1001, 1001);
    private static final Cred CAROL_IN_STAFF = Cred.user(1002, 1002, 50);

    private final MddFixture f;

    MddPermissionTest() throws Exception {
        f = new MddFixture();
    }

    @AfterEach
    void close() {
        f.close();
    }

    /** A directory in ROOT owned by {@code owner} with {@code perm}. */
    private Fid dir(String name, int perm, int uid, int gid) throws Exception {
        Fid d = f.mkdir(ROOT, Fid.ROOT, name, perm).fid();
        f.mdd.setattr(ROOT, d, SetattrSpec.none().withUid(uid).withGid(gid).withMode(perm));
        return d;
    }

    @Test
    void lookupNeedsSearchPermissionOnTheDirectory() throws Exception {
        Fid d = dir("private", 0700, 1000, 1000);
        Fid file = f.mkfile(ALICE, d, "f", 0644).fid();
        assertThat(f.mdd.lookup(ALICE, d, b("f")).fid()).isEqualTo(file);
        errno(Errno.EACCES, () -> f.mdd.lookup(BOB, d, b("f")));
        errno(Errno.EACCES, () -> f.mdd.lookup(BOB, d, b("nothing")));
        assertThat(f.mdd.lookup(ROOT, d, b("f")).fid()).isEqualTo(file); // CAP_DAC_OVERRIDE / READ_SEARCH
        // group search through a supplementary group
        Fid staff = dir("staff", 0710, 0, 50);
        f.mkfile(ROOT, staff, "g", 0644);
        assertThat(f.mdd.lookup(CAROL_IN_STAFF, staff, b("g")).nlink()).isEqualTo(1);
        errno(Errno.EACCES, () -> f.mdd.lookup(BOB, staff, b("g")));
        errno(Errno.EACCES, () -> f.mdd.readdir(BOB, d, 0, 4096, 3));
    }

    @Test
    void createUnlinkAndRenameNeedWriteAndSearchOnTheParent() throws Exception {
        Fid d = dir("d", 0755, 1000, 1000);
        Fid mine = f.mkfile(ALICE, d, "mine", 0644).fid();
        assertThat(f.mdd.getattr(mine).uid()).isEqualTo(1000);
        assertThat(f.mdd.getattr(mine).gid()).isEqualTo(1000);
        errno(Errno.EACCES, () -> f.mkfile(BOB, d, "bobs", 0644));
        errno(Errno.EACCES, () -> f.mdd.unlink(BOB, d, b("mine"), false));
        errno(Errno.EACCES, () -> f.mdd.rename(BOB, d, b("mine"), d, b("other")));
        errno(Errno.EACCES, () -> f.mdd.link(BOB, mine, d, b("l")));
        // EEXIST before EACCES, as Linux looks the name up first
        errno(Errno.EEXIST, () -> f.mkfile(BOB, d, "mine", 0644));
        errno(Errno.ENOENT, () -> f.mdd.unlink(BOB, d, b("absent"), false));
        f.mdd.rename(ALICE, d, b("mine"), d, b("renamed"));
        f.mdd.unlink(ALICE, d, b("renamed"), false);
    }

    @Test
    void stickyDirectoryLetsOnlyOwnersRemoveEntries() throws Exception {
        Fid tmp = dir("tmp", 01777, 0, 0);
        f.mkfile(ALICE, tmp, "alices", 0644);
        f.mkfile(BOB, tmp, "bobs", 0644);
        errno(Errno.EPERM, () -> f.mdd.unlink(BOB, tmp, b("alices"), false));
        errno(Errno.EPERM, () -> f.mdd.rename(BOB, tmp, b("alices"), tmp, b("stolen")));
        errno(Errno.EPERM, () -> f.mdd.rename(BOB, tmp, b("bobs"), tmp, b("alices")));
        f.mdd.unlink(BOB, tmp, b("bobs"), false);
        f.mdd.unlink(ROOT, tmp, b("alices"), false);
    }

    @Test
    void setgidDirectoryGivesItsGroupAndItsSetgidBitToSubdirectories() throws Exception {
        Fid shared = dir("shared", 02775, 0, 50);
        MdAttr file = f.mkfile(CAROL_IN_STAFF, shared, "file", 0664);
        assertThat(file.gid()).isEqualTo(50);
        assertThat(file.mode() & FileMode.S_ISGID).isZero();
        MdAttr sub = f.mkdir(CAROL_IN_STAFF, shared, "sub", 0755);
        assertThat(sub.gid()).isEqualTo(50);
        assertThat(sub.mode()).isEqualTo(FileMode.S_IFDIR | 02755);
        // a group-executable setgid file by someone outside the group loses setgid
        Fid open = dir("open", 02777, 0, 50);
        MdAttr alices = f.mdd.create(ALICE, open, b("prog"), f.fid(), CreateSpec.file(02775));
        assertThat(alices.gid()).isEqualTo(50);
        assertThat(alices.mode() & 07777).isEqualTo(0775);
    }

    @Test
    void umaskAppliesWithoutADefaultAclAndTheDefaultAclIsInheritedWithout() throws Exception {
        MdAttr plain = f.mdd.create(ALICE, dir("plain", 0777, 0, 0), b("f"), f.fid(), CreateSpec.file(0666).withUmask(022));
        assertThat(plain.mode() & 0777).isEqualTo(0644);

        Fid d = dir("acl", 0777, 1000, 1000);
        // default ACL: user::rwx, group::r-x, other::---
        byte[] dflt = new PosixAclXattr(java.util.List.of(
                new PosixAclXattr.Entry(PosixAclXattr.ACL_USER_OBJ, 7, -1),
                new PosixAclXattr.Entry(PosixAclXattr.ACL_GROUP_OBJ, 5, -1),
                new PosixAclXattr.Entry(PosixAclXattr.ACL_OTHER, 0, -1))).toBytes();
        f.mdd.setxattr(ALICE, d, "system.posix_acl_default", dflt, XattrMode.SET);
        MdAttr file = f.mdd.create(ALICE, d, b("f"), f.fid(), CreateSpec.file(0666).withUmask(022));
        assertThat(file.mode() & 0777).isEqualTo(0640); // 0666 & the ACL, no umask
        MdAttr sub = f.mdd.create(ALICE, d, b("sub"), f.fid(), CreateSpec.dir(0777).withUmask(077));
        assertThat(sub.mode() & 0777).isEqualTo(0750);
        assertThat(Acl.parse(f.mdd.getxattr(ALICE, sub.fid(), "system.posix_acl_default"))).isPresent();
        errno(Errno.EACCES, () -> f.mdd.lookup(BOB, sub.fid(), b("x")));
    }
}
