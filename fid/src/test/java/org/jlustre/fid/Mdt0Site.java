package org.jlustre.fid;

import org.jlustre.common.Libcfs;
import org.jlustre.common.LustreException;
import org.jlustre.osd.OsdDevice;
import org.jlustre.osd.mem.MemOsdConfig;
import org.jlustre.osd.mem.OsdMem;
import org.jlustre.wire.fid.LuSeqRange;

/** MDT0's FID layer on one device, as the MDT mounts it: the fld, the controller, the server fed by it. */
final class Mdt0Site implements AutoCloseable {

    static final String TARGET = "lustre-MDT0000";

    final OsdDevice dev;
    final Fld fld;
    final SeqController ctl;
    final SeqServer srv;

    private Mdt0Site(OsdDevice dev, Fld fld, SeqController ctl, SeqServer srv) {
        this.dev = dev;
        this.fld = fld;
        this.ctl = ctl;
        this.srv = srv;
    }

    /** A fresh osd-mem device. */
    static OsdDevice newDevice(String name) throws LustreException {
        return OsdMem.create(MemOsdConfig.defaults(name).withLibcfs(Libcfs.create()));
    }

    /** Mounts (or mounts again) MDT0's FID layer on {@code dev}. */
    static Mdt0Site mount(OsdDevice dev) throws LustreException {
        Fld fld = Fld.open(dev, TARGET, 0, true);
        SeqController ctl = SeqController.open(dev, TARGET, 0, fld, log());
        SeqServer srv = SeqServer.open(dev, TARGET, 0, LuSeqRange.MDT, ctl, fld, log());
        return new Mdt0Site(dev, fld, ctl, srv);
    }

    static org.jlustre.common.debug.DebugLog log() {
        Libcfs l = Libcfs.create();
        l.debug().setConsole(null);
        return l.debug();
    }

    /** Closes the FID layer, not the device. */
    @Override
    public void close() {
        srv.close();
        ctl.close();
        fld.close();
    }
}
