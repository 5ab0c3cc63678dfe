package org.jlustre.ost;

import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;
import org.jlustre.common.debug.DebugMask;
import org.jlustre.obdclass.Obd;
import org.jlustre.obdclass.ObdDevice;
import org.jlustre.obdclass.ObdType;
import org.jlustre.obdclass.Obdclass;
import org.jlustre.osd.OsdDevice;
import org.jlustre.ptlrpc.Ptlrpc;
import org.jlustre.wire.llog.LustreCfg;

/**
 * The {@code obdfilter} device type of a node ({@code ofd_obd_ops} registered by
 * {@code ofd_init}): an OST's config log attaches {@code obdfilter <fsname>-OST<idx>} and sets
 * it up, which mounts the ofd on the target's OSD (the device {@code <name>-osd} the server
 * mount attached, as {@code ofd_stack_init} finds its OSD by the mount's OSD name) and serves
 * it on the node's OSS services, started with the first OST and stopped with the last.
 *
 * <p>Thread-safe: the services are counted under this object's monitor.
 */
public final class OfdObdType implements ObdType {

    /** The type name. */
    public static final String NAME = "obdfilter";

    private final Ptlrpc node;
    /** Guarded by this. */
    private OstServices services;
    /** OSTs using {@link #services}; guarded by this. */
    private int users;

    /** The type for the node {@code node}. */
    public OfdObdType(Ptlrpc node) {
        this.node = node;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Obd create(Obdclass obdclass, ObdDevice device) {
        return new OfdObd(obdclass, device);
    }

    /** The OST serving {@code name} on this node, if one is set up. */
    public synchronized Ost find(String name) {
        return services == null ? null : services.find(name);
    }

    private synchronized OstServices acquire() throws LustreException {
        if (services == null) {
            services = OstServices.start(node);
        }
        users++;
        return services;
    }

    private synchronized void release() {
        if (--users == 0) {
            services.close();
            services = null;
        }
    }

    /**
     * The OST index in a target name {@code <fsname>-OST<hex4>} ({@code server_name2index}).
     *
     * @throws LustreException EINVAL naming a name of another form
     */
    static int indexOf(String name) throws LustreException {
        int at = name.lastIndexOf("-OST");
        String hex = at < 0 ? "" : name.substring(at + 4);
        if (hex.length() != 4 || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new LustreException(Errno.EINVAL, "'" + name + "' is not an OST name (<fsname>-OST<4 hex digits>)");
        }
        return Integer.parseInt(hex, 16);
    }

    /** One obdfilter device. */
    private final class OfdObd implements Obd {
        private final Obdclass obdclass;
        private final ObdDevice device;
        private Ofd ofd;
        private Ost ost;
        private boolean acquired;

        OfdObd(Obdclass obdclass, ObdDevice device) {
            this.obdclass = obdclass;
            this.device = device;
        }

        @Override
        public synchronized void setup(LustreCfg cfg) throws LustreException {
            if (ofd != null) {
                throw new LustreException(Errno.EEXIST, device.name() + " is set up already");
            }
            String osdName = device.name() + "-osd";
            OsdDevice osd = obdclass.devices().find(osdName).map(d -> d.impl(OsdDevice.class)).orElseThrow(
                    () -> new LustreException(Errno.ENODEV, device.name() + ": no OSD device " + osdName
                            + " to mount the ofd on"));
            int index = indexOf(device.name());
            ofd = Ofd.mount(osd, obdclass.libcfs(), device.name(), index);
            try {
                OstServices s = acquire();
                acquired = true;
                ost = s.serve(ofd);
            } catch (LustreException | RuntimeException e) {
                cleanup();
                throw e;
            }
            obdclass.libcfs().debug().logf(DebugMask.S_OST, DebugMask.D_CONSOLE, "%s: now serving on %s",
                    device.name(), osd.name());
        }

        @Override
        public synchronized void preCleanup() {
            if (ost != null) {
                ost.close();
                ost = null;
            }
        }

        @Override
        public synchronized void cleanup() {
            preCleanup();
            if (acquired) {
                acquired = false;
                release();
            }
            if (ofd != null) {
                ofd.close();
                ofd = null;
            }
        }
    }
}
