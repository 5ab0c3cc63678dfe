package org.jlustre.fuse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.jlustre.common.Errno;
import org.jlustre.common.Fid;
import org.jlustre.common.LustreException;
import org.junit.jupiter.api.Test;

/** Node ids and lookup references (fuse_lowlevel.h's forget contract). */
class NodeTableTest {

    private static final Fid ROOT = new Fid(Fid.SEQ_ROOT, 1, 0);
    private static final Fid A = new Fid(Fid.SEQ_NORMAL, 1, 0);
    private static final Fid B = new Fid(Fid.SEQ_NORMAL, 2, 0);

    @Test
    void aFidKeepsItsNodeIdWhileReferenced() throws Exception {
        NodeTable t = new NodeTable(ROOT);
        assertThat(t.fid(NodeTable.ROOT)).isEqualTo(ROOT);
        long a = t.reference(A);
        assertThat(a).isNotEqualTo(NodeTable.ROOT);
        assertThat(t.reference(A)).isEqualTo(a);
        assertThat(t.reference(B)).isNotEqualTo(a);
        t.forget(a, 1);
        assertThat(t.fid(a)).isEqualTo(A);
        t.forget(a, 1);
        assertThatThrownBy(() -> t.fid(a)).isInstanceOfSatisfying(LustreException.class,
                e -> assertThat(e.errno()).isEqualTo(Errno.ESTALE));
        assertThat(t.reference(A)).as("a new node id after the old was forgotten").isNotEqualTo(a);
        assertThat(t.size()).isEqualTo(3);
    }

    @Test
    void theRootIsNeverForgotten() throws Exception {
        NodeTable t = new NodeTable(ROOT);
        t.forget(NodeTable.ROOT, 100);
        assertThat(t.fid(NodeTable.ROOT)).isEqualTo(ROOT);
        assertThat(t.reference(ROOT)).isEqualTo(NodeTable.ROOT);
    }
}
