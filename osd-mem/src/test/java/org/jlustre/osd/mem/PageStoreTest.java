package org.jlustre.osd.mem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;

class PageStoreTest {

    @Test
    void freshPagesAreZeroAndPageSized() throws Exception {
        try (PageStore store = new PageStore(256)) {
            MemorySegment p = store.allocate(false);
            assertThat(p.byteSize()).isEqualTo(256);
            assertThat(p.toArray(ValueLayout.JAVA_BYTE)).containsOnly(0);
            assertThat(store.carvedPages()).isEqualTo(1);
        }
    }

    @Test
    void recycledPagesAreZeroedUnlessTheCallerOverwritesThem() throws Exception {
        try (PageStore store = new PageStore(128)) {
            MemorySegment p = store.allocate(false);
            p.fill((byte) 7);
            store.release(p);
            assertThat(store.freePages()).isEqualTo(1);
            MemorySegment again = store.allocate(false);
            assertThat(again.address()).isEqualTo(p.address());
            assertThat(again.toArray(ValueLayout.JAVA_BYTE)).containsOnly(0);
            again.fill((byte) 9);
            store.release(again);
            MemorySegment overwritten = store.allocate(true);
            assertThat(overwritten.get(ValueLayout.JAVA_BYTE, 0)).isEqualTo((byte) 9);
            assertThat(store.carvedPages()).isEqualTo(1);
        }
    }

    @Test
    void theZeroPageIsReadOnly() {
        try (PageStore store = new PageStore(64)) {
            assertThat(store.zeroPage().isReadOnly()).isTrue();
            assertThatThrownBy(() -> store.zeroPage().set(ValueLayout.JAVA_BYTE, 0, (byte) 1))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void pagesAreCarvedFromSlabsWithoutMoving() throws Exception {
        try (PageStore store = new PageStore(1 << 20)) {
            MemorySegment a = store.allocate(false);
            MemorySegment b = store.allocate(false);
            assertThat(a.address()).isNotEqualTo(b.address());
            assertThat(store.carvedPages()).isEqualTo(2);
        }
    }
}
