package org.jlustre.fuse;

import static org.assertj.core.api.Assertions.assertThat;

import org.jlustre.client.FileAttr;
import org.jlustre.common.Fid;
import org.jlustre.common.FileMode;
import org.jlustre.mdc.MdcCred;
import org.junit.jupiter.api.Test;

/** access(2)'s answer from the mode bits, as generic_permission gives it. */
class PermissionsTest {

    private static final int R = 4;
    private static final int W = 2;
    private static final int X = 1;

    private static FileAttr file(int mode, int uid, int gid) {
        return new FileAttr(new Fid(Fid.SEQ_NORMAL, 1, 0), FileMode.S_IFREG | mode, 1, uid, gid, 0, 0, 0, 0, 0, 0);
    }

    @Test
    void ownerGroupAndOthersEachGetTheirBits() {
        FileAttr f = file(0640, 100, 200);
        assertThat(Permissions.allows(f, MdcCred.user(100, 1), R | W)).isTrue();
        assertThat(Permissions.allows(f, MdcCred.user(100, 1), X)).isFalse();
        assertThat(Permissions.allows(f, MdcCred.user(101, 200), R)).isTrue();
        assertThat(Permissions.allows(f, MdcCred.user(101, 200), W)).isFalse();
        assertThat(Permissions.allows(f, MdcCred.user(101, 1, 200), R)).as("a supplementary group").isTrue();
        assertThat(Permissions.allows(f, MdcCred.user(101, 1), R)).isFalse();
        assertThat(Permissions.allows(file(0604, 100, 200), MdcCred.user(101, 200), R))
                .as("the group's bits, not the others'").isFalse();
    }

    @Test
    void rootPassesAllButExecutingWhatNobodyMay() {
        assertThat(Permissions.allows(file(0000, 100, 200), MdcCred.root(), R | W)).isTrue();
        assertThat(Permissions.allows(file(0644, 100, 200), MdcCred.root(), X)).isFalse();
        assertThat(Permissions.allows(file(0744, 100, 200), MdcCred.root(), X)).isTrue();
    }
}
