package org.jlustre.osd.mem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MemOsdConfigTest {

    private final MemOsdConfig base = MemOsdConfig.defaults("lustre-OST0000");

    @Test
    void defaultsMatchTheSeedsStatfs() {
        assertThat(base.pageSize()).isEqualTo(4096);
        assertThat(base.capacityBytes()).isEqualTo(1L << 30);
        assertThat(base.maxInodes()).isEqualTo(1L << 20);
        assertThat(base.maxNameLen()).isEqualTo(255);
        assertThat(base.maxEaSize()).isEqualTo(65536);
    }

    @Test
    void pageSizeMustBeAPowerOfTwoInRange() {
        assertThatThrownBy(() -> base.withPageSize(100)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("100");
        assertThatThrownBy(() -> base.withPageSize(32)).hasMessageContaining("32");
        assertThatThrownBy(() -> base.withPageSize(32 << 20)).hasMessageContaining(Integer.toString(32 << 20));
        assertThat(base.withPageSize(64).pageSize()).isEqualTo(64);
    }

    @Test
    void capacityAndInodesMustBePositive() {
        assertThatThrownBy(() -> base.withCapacity(0)).hasMessageContaining("capacity 0");
        assertThatThrownBy(() -> base.withMaxInodes(0)).hasMessageContaining("max inodes 0");
    }

    @Test
    void namesMustBeUsableAsParameterComponents() {
        assertThatThrownBy(() -> MemOsdConfig.defaults("a/b")).hasMessageContaining("'a/b'");
        assertThatThrownBy(() -> MemOsdConfig.defaults("")).hasMessageContaining("''");
    }
}
