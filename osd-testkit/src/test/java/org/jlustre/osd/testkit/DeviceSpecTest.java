package org.jlustre.osd.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DeviceSpecTest {

    @Test
    void presets() {
        assertThat(DeviceSpec.standard()).isEqualTo(new DeviceSpec("kit-OST0000", 256L << 20, 1_000_000));
        assertThat(DeviceSpec.small(1 << 20, 64)).isEqualTo(new DeviceSpec("kit-OST0001", 1 << 20, 64));
    }

    @Test
    void badValuesAreNamed() {
        assertThatThrownBy(() -> new DeviceSpec("", 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DeviceSpec("d", -5, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-5");
        assertThatThrownBy(() -> new DeviceSpec("d", 1, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0");
    }
}
