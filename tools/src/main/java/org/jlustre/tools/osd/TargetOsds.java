package org.jlustre.tools.osd;

import java.io.OutputStream;
import java.io.PrintWriter;
import java.util.List;
import org.jlustre.common.Errno;
import org.jlustre.common.Libcfs;
import org.jlustre.common.LustreException;
import org.jlustre.obdclass.ObdDevice;
import org.jlustre.obdclass.Obdclass;
import org.jlustre.osd.OsdDevice;
import org.jlustre.target.ObjectDump;
import org.jlustre.target.TargetObjects;

/**
 * The OSDs of the targets a node runs, found as Lustre's tools find devices: in the node's
 * device table ({@code lctl dl}), where a target {@code lustre-OST0000} lists its OSD as
 * {@code lustre-OST0000-osd}.
 */
public final class TargetOsds {

    private TargetOsds() {
    }

    /**
     * The OSD of {@code target} (a target name, or the OSD device's own name) on the node of
     * {@code libcfs}.
     *
     * @throws LustreException ENODEV naming the target and the OSDs the node has
     */
    public static OsdDevice find(Libcfs libcfs, String target) throws LustreException {
        var devices = Obdclass.of(libcfs).devices();
        for (String name : List.of(target, target + "-osd")) {
            var d = devices.find(name);
            if (d.isPresent() && d.get().impl(OsdDevice.class) != null) {
                return d.get().impl(OsdDevice.class);
            }
        }
        List<String> osds = devices.list().stream().filter(d -> d.impl(OsdDevice.class) != null)
                .map(ObdDevice::name).toList();
        throw new LustreException(Errno.ENODEV, "no target " + target + " with an OSD in this process"
                + (osds.isEmpty() ? " (it runs none)" : " (OSDs: " + String.join(", ", osds) + ")"));
    }

    /**
     * Copies object {@code name} of {@code target}'s OSD to {@code out}, the errors on
     * {@code err} as {@code error: osd dump: ...}; returns 0 or the errno.
     */
    public static int dump(Libcfs libcfs, String target, String name, OutputStream out, PrintWriter err) {
        try {
            ObjectDump.dump(find(libcfs, target), TargetObjects.standard(), name, out);
            return 0;
        } catch (LustreException e) {
            err.println("error: osd dump: " + e.getMessage() + ": " + e.errno().message());
            err.flush();
            return e.errno().value();
        }
    }
}
