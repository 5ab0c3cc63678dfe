package org.jlustre.mdt.perm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.jlustre.common.FileMode;
import org.jlustre.common.LustreException;
import org.jlustre.wire.mdt.PosixAclXattr;
import org.jlustre.wire.mdt.PosixAclXattr.Entry;
import org.junit.jupiter.api.Test;

/** A new file's owner, group, mode and ACLs: inode_init_owner, posix_acl_create, mdd_create_sanity_check. */
class CreateRulesTest {

    static final int REG = FileMode.S_IFREG;
    static final int DIR = FileMode.S_IFDIR;
    static final Cred USER = Cred.user(1000, 1000, 2000);
    static final FileAttrs PLAIN_DIR = FileAttrs.of(DIR | 0777, 0, 0);
    static final FileAttrs SGID_DIR = FileAttrs.of(DIR | 02777, 0, 2000);
    static final FileAttrs SGID_FOREIGN = FileAttrs.of(DIR | 02777, 0, 4242);

    @Test
    void ownerAndGroupAreTheCallersFsIds() {
        Cred c = new Cred(1, 2, 1000, 1000, new int[0], 0);
        CreateRules.NewFile f = CreateRules.newFile(c, PLAIN_DIR, Optional.empty(), REG | 0666, 022);
        assertThat(f.uid()).isEqualTo(1000);
        assertThat(f.gid()).isEqualTo(1000);
        assertThat(f.mode()).as("umask applied without a default ACL").isEqualTo(REG | 0644);
        assertThat(f.access()).isEmpty();
        assertThat(f.defaultAcl()).isEmpty();
    }

    @Test
    void setgidDirectoryGivesItsGroupAndSubdirectoriesKeepSgid() {
        CreateRules.NewFile file = CreateRules.newFile(USER, SGID_DIR, Optional.empty(), REG | 0666, 022);
        assertThat(file.gid()).isEqualTo(2000);
        assertThat(file.mode()).isEqualTo(REG | 0644);
        CreateRules.NewFile dir = CreateRules.newFile(USER, SGID_DIR, Optional.empty(), DIR | 0777, 022);
        assertThat(dir.gid()).isEqualTo(2000);
        assertThat(dir.mode()).isEqualTo(DIR | 02755);
        CreateRules.NewFile foreignDir = CreateRules.newFile(USER, SGID_FOREIGN, Optional.empty(), DIR | 0755, 0);
        assertThat(foreignDir.mode()).as("even when not in the group").isEqualTo(DIR | 02755);
    }

    /** A group-executable setgid file in a setgid directory keeps S_ISGID only for group members or CAP_FSETID. */
    @Test
    void setgidFileInAForeignGroupLosesSgid() {
        assertThat(CreateRules.newFile(USER, SGID_FOREIGN, Optional.empty(), REG | 02775, 0).mode())
                .isEqualTo(REG | 0775);
        assertThat(CreateRules.newFile(USER, SGID_DIR, Optional.empty(), REG | 02775, 0).mode()).isEqualTo(REG | 02775);
        assertThat(CreateRules.newFile(Cred.ROOT, SGID_FOREIGN, Optional.empty(), REG | 02775, 0).mode())
                .isEqualTo(REG | 02775);
        assertThat(CreateRules.newFile(USER, SGID_FOREIGN, Optional.empty(), REG | 02765, 0).mode())
                .as("no group x: a locking mark, kept").isEqualTo(REG | 02765);
        assertThat(CreateRules.newFile(USER, PLAIN_DIR, Optional.empty(), REG | 02775, 0).mode())
                .as("not a setgid directory: not touched").isEqualTo(REG | 02775);
    }

    /** With a default ACL the umask is not applied; the mode comes from the ACL. */
    @Test
    void defaultAclReplacesTheUmask() throws LustreException {
        Acl dflt = Acl.parse(new PosixAclXattr(List.of(new Entry(0x01, 7, -1), new Entry(0x02, 6, 1003),
                new Entry(0x04, 7, -1), new Entry(0x10, 7, -1), new Entry(0x20, 7, -1))).toBytes()).orElseThrow();
        CreateRules.NewFile f = CreateRules.newFile(USER, PLAIN_DIR, Optional.of(dflt), REG | 0666, 077);
        assertThat(f.mode()).isEqualTo(REG | 0666);
        assertThat(f.access().orElseThrow().toString()).isEqualTo("u::rw-,u:1003:rw-,g::rwx,m::rw-,o::rw-");
        assertThat(f.defaultAcl()).isEmpty();
        CreateRules.NewFile d = CreateRules.newFile(USER, SGID_DIR, Optional.of(dflt), DIR | 0750, 077);
        assertThat(d.mode()).isEqualTo(DIR | 02750);
        assertThat(d.defaultAcl()).contains(dflt);
        assertThat(d.gid()).isEqualTo(2000);
    }

    /** posix_acl_create: symbolic links get no ACL and no umask. */
    @Test
    void symlinksGetNeitherAclNorUmask() throws LustreException {
        Acl dflt = Acl.fromMode(0700);
        CreateRules.NewFile l = CreateRules.newFile(USER, PLAIN_DIR, Optional.of(dflt), FileMode.S_IFLNK | 0777, 022);
        assertThat(l.mode()).isEqualTo(FileMode.S_IFLNK | 0777);
        assertThat(l.access()).isEmpty();
    }
}
