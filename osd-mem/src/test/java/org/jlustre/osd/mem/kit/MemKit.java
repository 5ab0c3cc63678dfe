package org.jlustre.osd.mem.kit;

import java.util.List;
import org.jlustre.common.Libcfs;
import org.jlustre.osd.OsdDevice;
import org.jlustre.osd.mem.MemOsdConfig;
import org.jlustre.osd.mem.OsdMem;
import org.jlustre.osd.testkit.AssertingOsd;
import org.jlustre.osd.testkit.DeviceSpec;

/**
 * How osd-mem runs the conformance kit: every surface at a tiny page size (to hit page
 * boundaries everywhere) and at the kernel's, each plain and under the asserting wrapper.
 */
public final class MemKit {

    private MemKit() {
    }

    /** One way of running the kit. */
    public enum Variant {
        /** 256-byte pages. */
        TINY_PAGES(256, false),
        /** 4 KiB pages. */
        KERNEL_PAGES(4096, false),
        /** 256-byte pages under {@link AssertingOsd}. */
        TINY_PAGES_ASSERTING(256, true),
        /** 4 KiB pages under {@link AssertingOsd}. */
        KERNEL_PAGES_ASSERTING(4096, true);

        private final int pageSize;
        private final boolean asserting;

        Variant(int pageSize, boolean asserting) {
            this.pageSize = pageSize;
            this.asserting = asserting;
        }

        /** A fresh device for the kit, on its own node context with a silent console. */
        public OsdDevice newDevice(DeviceSpec spec) throws Exception {
            Libcfs libcfs = Libcfs.create();
            libcfs.debug().setConsole(null);
            OsdDevice dev = OsdMem.create(MemOsdConfig.defaults(spec.name()).withLibcfs(libcfs)
                    .withPageSize(pageSize).withCapacity(spec.capacityBytes()).withMaxInodes(spec.maxInodes()));
            return asserting ? AssertingOsd.wrap(dev) : dev;
        }
    }

    /** Every variant, for {@code @MethodSource}. */
    public static List<Variant> variants() {
        return List.of(Variant.values());
    }
}
