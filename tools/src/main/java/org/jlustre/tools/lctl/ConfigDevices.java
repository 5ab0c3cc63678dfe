package org.jlustre.tools.lctl;

import org.jlustre.common.Errno;
import org.jlustre.common.Libcfs;
import org.jlustre.common.LustreException;
import org.jlustre.common.obd.ObdDevice;
import org.jlustre.llog.LlogContext;
import org.jlustre.mgc.Mgc;
import org.jlustre.mgs.Mgs;

/**
 * Which device an lctl llog or config command acts on ({@code lctl --device}): the MGS by
 * default, as Lustre's lctl does for config logs; an MGC device reads the same logs from its
 * MGS over the llog RPCs.
 */
final class ConfigDevices {

    /** What {@code --device} said; {@code MGS} when nothing. */
    static final class Selection {
        String device = Mgs.NAME;
    }

    private ConfigDevices() {
    }

    static ObdDevice device(Libcfs libcfs, Selection sel) throws LustreException {
        return libcfs.devices().lookup(sel.device);
    }

    /** The config-log context of the selected device. */
    static LlogContext context(Libcfs libcfs, Selection sel) throws LustreException {
        ObdDevice d = device(libcfs, sel);
        Mgs mgs = d.impl(Mgs.class);
        if (mgs != null) {
            return mgs.context();
        }
        Mgc mgc = d.impl(Mgc.class);
        if (mgc != null) {
            return mgc.remoteContext();
        }
        throw new LustreException(Errno.EINVAL, "device " + d.name() + " (" + d.type() + ") has no config logs");
    }

    /** The MGS this process runs. */
    static Mgs mgs(Libcfs libcfs, Selection sel) throws LustreException {
        ObdDevice d = device(libcfs, sel);
        Mgs mgs = d.impl(Mgs.class);
        if (mgs == null) {
            throw new LustreException(Errno.EINVAL, "device " + d.name() + " (" + d.type() + ") is not an MGS");
        }
        return mgs;
    }
}
