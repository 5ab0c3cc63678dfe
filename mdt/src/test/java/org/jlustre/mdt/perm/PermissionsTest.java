package org.jlustre.mdt.perm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jlustre.mdt.perm.Permissions.MAY_EXEC;
import static org.jlustre.mdt.perm.Permissions.MAY_READ;
import static org.jlustre.mdt.perm.Permissions.MAY_WRITE;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jlustre.common.Errno;
import org.jlustre.common.FileMode;
import org.jlustre.common.LustreException;
import org.junit.jupiter.api.Test;

/**
 * The permission matrix of {@code generic_permission} (fs/namei.c) and
 * {@code __mdd_permission_internal} (mdd_permission.c) over mode bits: owner, group,
 * supplementary group, other, root and its two DAC capabilities, for files and directories.
 * Each row is what a Linux ext4 of the same mode and owners answers.
 */
class PermissionsTest {

    static final int OWNER = 1000;
    static final int GROUP = 1000;

    /** The file's owner. */
    static final Cred OWNER_CRED = Cred.user(OWNER, GROUP);
    /** Another user whose primary group is the file's group. */
    static final Cred GROUP_CRED = Cred.user(1001, GROUP);
    /** Another user in the file's group only as a supplementary group. */
    static final Cred SUPP_CRED = Cred.user(1002, 2000, 3000, GROUP);
    /** Somebody else. */
    static final Cred OTHER_CRED = Cred.user(1003, 3000, 4000);
    /** Root on a trusted client. */
    static final Cred ROOT = Cred.ROOT;
    /** uid 0 without capabilities (a squashed or capability-dropped root): an ordinary user. */
    static final Cred ROOT_NO_CAPS = new Cred(0, 0, 0, 0, new int[0], Capability.NONE);
    /** A user with only CAP_DAC_READ_SEARCH. */
    static final Cred READ_SEARCH = new Cred(1004, 5000, 1004, 5000, new int[0], Capability.bit(Capability.DAC_READ_SEARCH));
    /** A user with only CAP_DAC_OVERRIDE. */
    static final Cred OVERRIDE = new Cred(1005, 5000, 1005, 5000, new int[0], Capability.bit(Capability.DAC_OVERRIDE));

    private record Row(String who, Cred cred, int mode, int mask, Errno expected) {
    }

    private static final List<Row> ROWS = new ArrayList<>();

    private static void row(String who, Cred cred, int mode, int mask, Errno expected) {
        ROWS.add(new Row(who, cred, mode, mask, expected));
    }

    static {
        int reg = FileMode.S_IFREG;
        int dir = FileMode.S_IFDIR;
        // 0640 file: owner rw, group r, other nothing
        row("owner", OWNER_CRED, reg | 0640, MAY_READ, null);
        row("owner", OWNER_CRED, reg | 0640, MAY_WRITE, null);
        row("owner", OWNER_CRED, reg | 0640, MAY_READ | MAY_WRITE, null);
        row("owner", OWNER_CRED, reg | 0640, MAY_EXEC, Errno.EACCES);
        row("group", GROUP_CRED, reg | 0640, MAY_READ, null);
        row("group", GROUP_CRED, reg | 0640, MAY_WRITE, Errno.EACCES);
        row("supplementary", SUPP_CRED, reg | 0640, MAY_READ, null);
        row("supplementary", SUPP_CRED, reg | 0640, MAY_WRITE, Errno.EACCES);
        row("other", OTHER_CRED, reg | 0640, MAY_READ, Errno.EACCES);
        row("root", ROOT, reg | 0640, MAY_READ | MAY_WRITE, null);
        row("root: no x bit anywhere", ROOT, reg | 0640, MAY_EXEC, Errno.EACCES);
        row("uid 0 without capabilities is other", ROOT_NO_CAPS, reg | 0640, MAY_READ, Errno.EACCES);
        // the owner gets the owner bits and nothing else, even when group and other grant more
        row("owner of 0077", OWNER_CRED, reg | 0077, MAY_READ, Errno.EACCES);
        row("group of 0077", GROUP_CRED, reg | 0077, MAY_READ | MAY_WRITE | MAY_EXEC, null);
        // a group member gets the group bits, not other's
        row("group of 0604", GROUP_CRED, reg | 0604, MAY_READ, Errno.EACCES);
        row("supplementary of 0604", SUPP_CRED, reg | 0604, MAY_READ, Errno.EACCES);
        row("other of 0604", OTHER_CRED, reg | 0604, MAY_READ, null);
        // execute: root needs some x bit
        row("root, x for owner only", ROOT, reg | 0100, MAY_EXEC, null);
        row("root, x for other only", ROOT, reg | 0001, MAY_EXEC, null);
        row("root, no x", ROOT, reg | 0666, MAY_EXEC, Errno.EACCES);
        row("root, no x, read", ROOT, reg | 0000, MAY_READ, null);
        row("other, 0755 x", OTHER_CRED, reg | 0755, MAY_READ | MAY_EXEC, null);
        row("other, 0755 w", OTHER_CRED, reg | 0755, MAY_WRITE, Errno.EACCES);
        // CAP_DAC_READ_SEARCH: reading files, reading and searching directories
        row("read-search reads a 0000 file", READ_SEARCH, reg | 0000, MAY_READ, null);
        row("read-search cannot write", READ_SEARCH, reg | 0000, MAY_WRITE, Errno.EACCES);
        row("read-search cannot read+write", READ_SEARCH, reg | 0444, MAY_READ | MAY_WRITE, Errno.EACCES);
        row("read-search cannot execute", READ_SEARCH, reg | 0000, MAY_EXEC, Errno.EACCES);
        row("read-search lists a 0000 dir", READ_SEARCH, dir | 0000, MAY_READ | MAY_EXEC, null);
        row("read-search cannot write a dir", READ_SEARCH, dir | 0000, MAY_WRITE | MAY_EXEC, Errno.EACCES);
        // CAP_DAC_OVERRIDE: everything on directories, files unless execute with no x bit
        row("override writes a 0000 file", OVERRIDE, reg | 0000, MAY_READ | MAY_WRITE, null);
        row("override cannot execute without x", OVERRIDE, reg | 0000, MAY_EXEC, Errno.EACCES);
        row("override executes with one x", OVERRIDE, reg | 0010, MAY_EXEC, null);
        row("override searches a 0000 dir", OVERRIDE, dir | 0000, MAY_EXEC, null);
        row("override writes a 0000 dir", OVERRIDE, dir | 0000, MAY_WRITE | MAY_EXEC, null);
        // directories for everybody
        row("root writes a 0000 dir", ROOT, dir | 0000, MAY_WRITE | MAY_EXEC, null);
        row("owner, 0500 dir, search", OWNER_CRED, dir | 0500, MAY_EXEC, null);
        row("owner, 0500 dir, create", OWNER_CRED, dir | 0500, MAY_WRITE | MAY_EXEC, Errno.EACCES);
        row("group, 0730 dir, create", GROUP_CRED, dir | 0730, MAY_WRITE | MAY_EXEC, null);
        row("group, 0730 dir, list", GROUP_CRED, dir | 0730, MAY_READ, Errno.EACCES);
        row("supplementary, 0710 dir, search", SUPP_CRED, dir | 0710, MAY_EXEC, null);
        row("other, 0710 dir, search", OTHER_CRED, dir | 0710, MAY_EXEC, Errno.EACCES);
        row("other, 0711 dir, search", OTHER_CRED, dir | 0711, MAY_EXEC, null);
        row("nothing asked", OTHER_CRED, reg | 0000, 0, null);
    }

    @Test
    void modeBitMatrix() {
        for (Row r : ROWS) {
            FileAttrs file = FileAttrs.of(r.mode(), OWNER, GROUP);
            String what = r.who() + " mode 0" + Integer.toOctalString(r.mode()) + " mask " + r.mask();
            assertThat(Permissions.permitted(r.cred(), file, Optional.empty(), r.mask())).as(what)
                    .isEqualTo(r.expected() == null);
            if (r.expected() == null) {
                try {
                    Permissions.check(r.cred(), file, Optional.empty(), r.mask());
                } catch (LustreException e) {
                    throw new AssertionError(what + ": " + e.getMessage(), e);
                }
            } else {
                assertThatThrownBy(() -> Permissions.check(r.cred(), file, Optional.empty(), r.mask())).as(what)
                        .isInstanceOfSatisfying(LustreException.class,
                                e -> assertThat(e.errno()).isEqualTo(r.expected()));
            }
        }
    }

    /** The refusal names the mode, the owner, what was asked and who asked. */
    @Test
    void refusalNamesTheCase() {
        assertThatThrownBy(() -> Permissions.check(OTHER_CRED, FileAttrs.of(FileMode.S_IFREG | 0640, OWNER, GROUP),
                Optional.empty(), MAY_READ | MAY_WRITE))
                .isInstanceOfSatisfying(LustreException.class, e -> {
                    assertThat(e.errno()).isEqualTo(Errno.EACCES);
                    assertThat(e.getMessage()).contains("0100640", "1000:1000", "rw", "uid 1003");
                });
    }

    /** inode_permission: writing an immutable file is EPERM, for root too; reading it is allowed. */
    @Test
    void immutableFileRefusesWritesWithEperm() throws LustreException {
        FileAttrs file = new FileAttrs(FileMode.S_IFREG | 0666, OWNER, GROUP, FileAttrs.IMMUTABLE_FL);
        for (Cred c : List.of(OWNER_CRED, OTHER_CRED, ROOT)) {
            assertThatThrownBy(() -> Permissions.check(c, file, Optional.empty(), MAY_WRITE))
                    .isInstanceOfSatisfying(LustreException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EPERM));
            Permissions.check(c, file, Optional.empty(), MAY_READ);
        }
    }

    /** MAY_* bits beyond rwx (MAY_APPEND, MAY_OPEN...) are ignored, as generic_permission masks them. */
    @Test
    void bitsBeyondRwxAreIgnored() throws LustreException {
        Permissions.check(OWNER_CRED, FileAttrs.of(FileMode.S_IFREG | 0600, OWNER, GROUP), Optional.empty(),
                MAY_READ | 0x8 | 0x20);
    }

    // ---- sticky directories and may_delete ----

    static final FileAttrs STICKY_TMP = FileAttrs.of(FileMode.S_IFDIR | 01777, 0, 0);
    static final FileAttrs VICTIM = FileAttrs.of(FileMode.S_IFREG | 0644, OWNER, GROUP);

    /** __check_sticky: the file's owner, the directory's owner or CAP_FOWNER; others EPERM. */
    @Test
    void stickyDirectoryDeletion() throws LustreException {
        Permissions.checkDelete(OWNER_CRED, STICKY_TMP, Optional.empty(), VICTIM);
        Permissions.checkDelete(ROOT, STICKY_TMP, Optional.empty(), VICTIM);
        FileAttrs ownedDir = FileAttrs.of(FileMode.S_IFDIR | 01777, 1003, 3000);
        Permissions.checkDelete(OTHER_CRED, ownedDir, Optional.empty(), VICTIM);
        Cred fowner = new Cred(1006, 5000, 1006, 5000, new int[0], Capability.bit(Capability.FOWNER));
        Permissions.checkDelete(fowner, STICKY_TMP, Optional.empty(), VICTIM);
        Permissions.checkDelete(ROOT_NO_CAPS, STICKY_TMP, Optional.empty(), VICTIM); // as the directory's owner
        for (Cred c : List.of(GROUP_CRED, SUPP_CRED, OTHER_CRED)) {
            assertThatThrownBy(() -> Permissions.checkDelete(c, STICKY_TMP, Optional.empty(), VICTIM)).as("%s", c)
                    .isInstanceOfSatisfying(LustreException.class, e -> {
                        assertThat(e.errno()).isEqualTo(Errno.EPERM);
                        assertThat(e.getMessage()).contains("sticky");
                    });
        }
    }

    /** Without the sticky bit anybody with w+x on the directory may delete. */
    @Test
    void withoutStickyWriteOnTheDirectoryIsEnough() throws LustreException {
        FileAttrs tmp = FileAttrs.of(FileMode.S_IFDIR | 0777, 0, 0);
        Permissions.checkDelete(OTHER_CRED, tmp, Optional.empty(), VICTIM);
        Permissions.checkSticky(OTHER_CRED, tmp, VICTIM);
    }

    /** may_delete: the directory's w+x comes first (EACCES), before the sticky rule's EPERM. */
    @Test
    void directoryPermissionComesBeforeSticky() {
        FileAttrs closed = FileAttrs.of(FileMode.S_IFDIR | 01755, 0, 0);
        assertThatThrownBy(() -> Permissions.checkDelete(OTHER_CRED, closed, Optional.empty(), VICTIM))
                .isInstanceOfSatisfying(LustreException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EACCES));
        FileAttrs noSearch = FileAttrs.of(FileMode.S_IFDIR | 0776, 0, 0);
        assertThatThrownBy(() -> Permissions.checkDelete(OTHER_CRED, noSearch, Optional.empty(), VICTIM))
                .isInstanceOfSatisfying(LustreException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EACCES));
    }

    /** may_delete: an append-only directory, or an immutable or append-only victim, is EPERM even for root. */
    @Test
    void flaggedDirectoryOrVictimIsEperm() {
        FileAttrs appendDir = new FileAttrs(FileMode.S_IFDIR | 0777, 0, 0, FileAttrs.APPEND_FL);
        FileAttrs open = FileAttrs.of(FileMode.S_IFDIR | 0777, 0, 0);
        for (FileAttrs[] c : new FileAttrs[][] {{appendDir, VICTIM},
            {open, new FileAttrs(FileMode.S_IFREG | 0644, OWNER, GROUP, FileAttrs.IMMUTABLE_FL)},
            {open, new FileAttrs(FileMode.S_IFREG | 0644, OWNER, GROUP, FileAttrs.APPEND_FL)}}) {
            assertThatThrownBy(() -> Permissions.checkDelete(ROOT, c[0], Optional.empty(), c[1]))
                    .isInstanceOfSatisfying(LustreException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EPERM));
        }
    }

    /** may_create: w+x on the directory. */
    @Test
    void createNeedsWriteAndSearch() throws LustreException {
        Permissions.checkCreate(GROUP_CRED, FileAttrs.of(FileMode.S_IFDIR | 0730, OWNER, GROUP), Optional.empty());
        assertThatThrownBy(() -> Permissions.checkCreate(GROUP_CRED, FileAttrs.of(FileMode.S_IFDIR | 0720, OWNER, GROUP),
                Optional.empty()))
                .isInstanceOfSatisfying(LustreException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EACCES));
    }
}
