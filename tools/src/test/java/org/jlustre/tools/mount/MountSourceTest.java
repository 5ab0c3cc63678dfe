package org.jlustre.tools.mount;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.jlustre.common.Nid;
import org.junit.jupiter.api.Test;

/** {@code mount -t lustre}'s device syntax, as {@code jlustre mount} reads it. */
class MountSourceTest {

    @Test
    void oneNidAndAFilesystem() throws Exception {
        MountSource s = MountSource.parse("10.0.0.1@tcp:/lustre");
        assertThat(s.fsname()).isEqualTo("lustre");
        assertThat(s.mgsNids()).containsExactly(Nid.parse("10.0.0.1@tcp"));
        assertThat(s.ports()).isEmpty();
    }

    @Test
    void failoverNidsAndPorts() throws Exception {
        MountSource s = MountSource.parse("10.0.0.1@tcp:9988:10.0.0.2@tcp,10.0.0.3@tcp:/scratch");
        assertThat(s.mgsNids()).containsExactly(Nid.parse("10.0.0.1@tcp"), Nid.parse("10.0.0.2@tcp"),
                Nid.parse("10.0.0.3@tcp"));
        assertThat(s.ports()).isEqualTo(Map.of(Nid.parse("10.0.0.1@tcp").toLnetNid(), 9988));
        assertThat(s.fsname()).isEqualTo("scratch");
    }

    @Test
    void badSourcesAreNamed() {
        assertThatThrownBy(() -> MountSource.parse("10.0.0.1@tcp")).hasMessageContaining("not MGSNID:/fsname");
        assertThatThrownBy(() -> MountSource.parse("10.0.0.1@tcp:/")).hasMessageContaining("not MGSNID:/fsname");
        assertThatThrownBy(() -> MountSource.parse("988:10.0.0.1@tcp:/x")).hasMessageContaining("port 988 follows no NID");
        assertThatThrownBy(() -> MountSource.parse("10.0.0.1@tcp::10.0.0.2@tcp:/x")).hasMessageContaining("empty MGS NID");
        assertThatThrownBy(() -> MountSource.parse("nonsense:/x")).hasMessageContaining("MGS NID 'nonsense'");
    }
}
