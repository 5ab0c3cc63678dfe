package org.jlustre.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.MemorySegment;
import org.jlustre.common.Fid;
import org.jlustre.common.Utf8;
import org.junit.jupiter.api.Test;

/** lu_dirent names are bytes: a name that is not UTF-8 survives pack and read. */
class LuDirentNameTest {

    @Test
    void nameThatIsNotUtf8SurvivesRead() {
        byte[] name = {'n', (byte) 0xff, (byte) 0x80, 'x'};
        byte[] buf = new byte[64];
        LuDirent.pack(MemorySegment.ofArray(buf), 0, new Fid(0x200000401L, 1, 0), 3, name, LuDirent.LUDA_TYPE, 0100000);
        LuDirent read = LuDirent.read(MemorySegment.ofArray(buf), 0);
        assertThat(read.nameBytes()).containsExactly(name);
        assertThat(Utf8.encode(read.name())).containsExactly(name);
    }
}
