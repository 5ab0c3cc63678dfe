package org.jlustre.osd.mem.kit;

import org.jlustre.osd.OsdDevice;
import org.jlustre.osd.testkit.DeviceSpec;
import org.jlustre.osd.testkit.DirectoryConformance;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

@ParameterizedClass
@MethodSource("org.jlustre.osd.mem.kit.MemKit#variants")
class MemDirectoryConformanceTest extends DirectoryConformance {

    @Parameter
    MemKit.Variant variant;

    @Override
    protected OsdDevice newDevice(DeviceSpec spec) throws Exception {
        return variant.newDevice(spec);
    }
}
