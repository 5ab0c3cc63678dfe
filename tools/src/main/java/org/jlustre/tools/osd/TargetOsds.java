package org.jlustre.tools.osd;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import org.jlustre.common.Errno;
import org.jlustre.common.Libcfs;
import org.jlustre.common.LustreException;
import org.jlustre.obdclass.ObdDevice;
import org.jlustre.obdclass.Obdclass;
import org.jlustre.osd.OsdDevice;
import org.jlustre.target.ObjectDump;
import org.jlustre.target.OsdExport;
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

    /** Whether this process runs as root, so an export sets owners, devices and trusted xattrs. */
    public static boolean runningAsRoot() {
        return LocalTree.runningAsRoot();
    }

    /**
     * Writes {@code target}'s OSD into the local directory {@code dir} as an ldiskfs target's
     * tree ({@link OsdExport}, {@link LocalTree}), owners, devices and trusted xattrs only when
     * {@code privileged}; prints the summary and every line of what was left out to {@code out},
     * the errors to {@code err} as {@code error: osd export: ...}; returns 0 or the errno.
     */
    public static int export(Libcfs libcfs, String target, Path dir, boolean privileged, PrintWriter out,
            PrintWriter err) {
        try {
            OsdDevice dev = find(libcfs, target);
            LocalTree tree = LocalTree.at(dir, privileged);
            OsdExport.Result r = OsdExport.export(dev, tree);
            List<String> skipped = tree.finish();
            out.printf("exported %s to %s: %d directories, %d files (%d bytes), %d symlinks, %d special files, "
                    + "%d hard links, %d xattrs set%n", target, dir, r.directories(), r.files(), r.bytes(),
                    r.symlinks(), r.specials(), r.hardLinks(), tree.xattrsSet());
            for (String line : skipped) {
                out.println("skipped: " + line);
            }
            out.flush();
            return 0;
        } catch (LustreException e) {
            err.println("error: osd export: " + e.getMessage() + ": " + e.errno().message());
            err.flush();
            return e.errno().value();
        } catch (IOException e) {
            err.println("error: osd export: writing " + dir + ": " + e);
            err.flush();
            return Errno.EIO.value();
        }
    }
}
