package org.jlustre.mdt;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;
import org.jlustre.common.Nid;
import org.jlustre.common.Uuid;
import org.jlustre.common.debug.DebugMask;
import org.jlustre.fid.TargetFid;
import org.jlustre.mdt.lod.Lod;
import org.jlustre.mdt.lod.LodConfig;
import org.jlustre.mdt.mdd.Mdd;
import org.jlustre.mdt.mdd.MddConfig;
import org.jlustre.mdt.osp.OspMdt;
import org.jlustre.mdt.osp.RemoteMdts;
import org.jlustre.obdclass.Obd;
import org.jlustre.obdclass.ObdDevice;
import org.jlustre.obdclass.ObdType;
import org.jlustre.obdclass.Obdclass;
import org.jlustre.osd.OsdDevice;
import org.jlustre.ptlrpc.Ptlrpc;
import org.jlustre.wire.llog.LcfgCommand;
import org.jlustre.wire.llog.LovDesc;
import org.jlustre.wire.llog.LustreCfg;

/**
 * The device types an MDT's config log sets up on a node (replayed with lov and osc renamed,
 * {@link org.jlustre.obdclass.ConfigReplay#forMdt}):
 * <ul>
 * <li>{@code lod} ({@code lod_obd_device_ops}): {@code setup <name>} with a {@code lov_desc}
 *     starts the {@link Lod} on the MDT's OSD ({@code <mdt>-osd}) with the log's default
 *     striping; {@code lov_add_obd <lod> <ost uuid> <index> <gen>} adds the OST through the
 *     osp device set up for that UUID;</li>
 * <li>{@code osp}: {@code setup <name> <target uuid> <node uuid>} (and {@code add_conn} for
 *     failover NIDs) names the OST or MDT and where it is; the LOD starts the OSP, which
 *     connects in the background, when the log adds the OST ({@code lov_add_obd}) or the MDT
 *     ({@code add_mdc}, an {@link OspMdt}) to it;</li>
 * <li>{@code mdt}: {@code setup <name> <uuid> <index> <lod> <failout>} mounts the namespace
 *     ({@link Mdd}) on the OSD over the LOD, opens the FID pieces, lists the {@code mdd}
 *     device, and serves the target on the node's {@link MdtServices}, started with the first
 *     MDT and stopped with the last.</li>
 * </ul>
 *
 * <p>Thread-safe: the services are counted under this object's monitor.
 */
public final class MdtObdTypes {

    private final Ptlrpc node;
    /** Guarded by this. */
    private MdtServices services;
    /** MDTs using {@link #services}; guarded by this. */
    private int users;
    /** The osp devices set up, by the OST UUID they name. */
    private final Map<String, OspObd> osps = new ConcurrentHashMap<>();

    private MdtObdTypes(Ptlrpc node) {
        this.node = node;
    }

    /** Registers {@code mdt}, {@code lod} and {@code osp} with {@code obdclass}, running on {@code node}. */
    public static MdtObdTypes register(Obdclass obdclass, Ptlrpc node) {
        MdtObdTypes t = new MdtObdTypes(node);
        obdclass.registerType(t.type("mdt", (oc, d) -> t.new MdtObd(oc, d)));
        obdclass.registerType(t.type("lod", (oc, d) -> t.new LodObd(oc, d)));
        obdclass.registerType(t.type("osp", (oc, d) -> t.new OspObd(oc, d)));
        return t;
    }

    /** Makes one device. */
    @FunctionalInterface
    private interface Maker {
        Obd make(Obdclass obdclass, ObdDevice device);
    }

    private ObdType type(String name, Maker maker) {
        return new ObdType() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Obd create(Obdclass obdclass, ObdDevice device) {
                return maker.make(obdclass, device);
            }
        };
    }

    /** The MDT serving {@code name} on this node, if one is set up. */
    public synchronized Mdt find(String name) {
        return services == null ? null : services.find(name);
    }

    private synchronized MdtServices acquire() throws LustreException {
        if (services == null) {
            services = MdtServices.start(node);
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

    /** The OSD device {@code <target>-osd} the server mount listed. */
    private static OsdDevice osdOf(Obdclass obdclass, String device, String target) throws LustreException {
        String osdName = target + "-osd";
        return obdclass.devices().find(osdName).map(d -> d.impl(OsdDevice.class)).orElseThrow(
                () -> new LustreException(Errno.ENODEV, device + ": no OSD device " + osdName));
    }

    /** A setup buffer, EINVAL naming it when missing. */
    private static String buf(LustreCfg cfg, int i, String device, String what) throws LustreException {
        String s = cfg.bufcount() > i ? cfg.string(i) : null;
        if (s == null || s.isEmpty()) {
            throw new LustreException(Errno.EINVAL, device + ": setup without " + what + " (buffer " + i + ")");
        }
        return s;
    }

    /** One lod device. */
    private final class LodObd implements Obd {
        private final Obdclass obdclass;
        private final ObdDevice device;
        private Lod lod;
        /** The OSPs to the other MDTs, added by {@code add_mdc}. */
        private RemoteMdts mdts;

        LodObd(Obdclass obdclass, ObdDevice device) {
            this.obdclass = obdclass;
            this.device = device;
        }

        synchronized Lod lod() {
            return lod;
        }

        synchronized RemoteMdts mdts() {
            return mdts;
        }

        @Override
        public synchronized void setup(LustreCfg cfg) throws LustreException {
            String name = device.name();
            if (!name.endsWith("-mdtlov")) {
                throw new LustreException(Errno.EINVAL, name + ": a lod's name is <mdt>-mdtlov");
            }
            String mdtName = name.substring(0, name.length() - "-mdtlov".length());
            OsdDevice osd = osdOf(obdclass, name, mdtName);
            LodConfig config = new LodConfig(name, 1, LodConfig.DEFAULT_STRIPE_SIZE, -1,
                    java.time.Duration.ofSeconds(100), LodConfig.DEFAULT_THRESHOLD_RR, LodConfig.DEFAULT_PRIO_FREE);
            if (cfg.bufcount() > 1 && cfg.buffer(1).length >= LovDesc.SIZE) {
                try {
                    config = config.withLovDesc(LovDesc.decode(MemorySegment.ofArray(cfg.buffer(1))));
                } catch (IllegalArgumentException e) {
                    throw new LustreException(Errno.EINVAL, name + ": bad lov_desc in setup: " + e.getMessage());
                }
            }
            lod = Lod.start(osd, obdclass.libcfs(), config);
            mdts = new RemoteMdts(mdtName);
        }

        /**
         * {@code lov_add_obd <lod> <ost uuid> <index> <gen>} adds an OST, {@code add_mdc <lod>
         * <mdt uuid> <index> <gen>} another MDT ({@code lod_add_device} with type osc or mdc),
         * each through the osp device set up for that UUID.
         */
        @Override
        public synchronized void process(LustreCfg cfg) throws LustreException {
            LcfgCommand cmd = cfg.knownCommand();
            if (cmd != LcfgCommand.LOV_ADD_OBD && cmd != LcfgCommand.ADD_MDC) {
                Obd.super.process(cfg);
                return;
            }
            String what = cmd == LcfgCommand.ADD_MDC ? "add_mdc" : "lov_add_obd";
            String kind = cmd == LcfgCommand.ADD_MDC ? "MDT" : "OST";
            if (lod == null) {
                throw new LustreException(Errno.EINVAL, device.name() + ": " + what + " before setup");
            }
            String uuid = buf(cfg, 1, device.name(), "the " + kind + " UUID");
            int index;
            try {
                index = Integer.parseInt(buf(cfg, 2, device.name(), "the " + kind + " index"));
            } catch (NumberFormatException e) {
                throw new LustreException(Errno.EINVAL, device.name() + ": " + what + " " + uuid + " with index '"
                        + cfg.string(2) + "'");
            }
            OspObd osp = osps.get(uuid);
            if (osp == null) {
                throw new LustreException(Errno.ENODEV, device.name() + ": " + what + " of " + uuid
                        + ", which no osp device names");
            }
            if (cmd == LcfgCommand.ADD_MDC) {
                OspMdt mdt = OspMdt.start(node, osp.device.name(), new Uuid(device.name() + "_UUID"), new Uuid(uuid),
                        index, osp.nids(), Lod.RPC_TIMEOUT);
                try {
                    mdts.add(mdt);
                } catch (LustreException e) {
                    mdt.close();
                    throw e;
                }
            } else {
                lod.addOst(node, osp.device.name(), new Uuid(uuid), index, osp.nids());
            }
            obdclass.libcfs().debug().logf(DebugMask.S_MDS, DebugMask.D_CONFIG, "%s: added %s (index %d) through %s",
                    device.name(), uuid, index, osp.device.name());
        }

        @Override
        public synchronized void cleanup() {
            if (mdts != null) {
                mdts.close();
                mdts = null;
            }
            if (lod != null) {
                lod.close();
                lod = null;
            }
        }
    }

    /** One osp device: the OST it names and its NIDs, until the LOD starts it. */
    private final class OspObd implements Obd {
        private final Obdclass obdclass;
        private final ObdDevice device;
        private String ostUuid;
        private final List<Nid> nids = new ArrayList<>();

        OspObd(Obdclass obdclass, ObdDevice device) {
            this.obdclass = obdclass;
            this.device = device;
        }

        synchronized List<Nid> nids() {
            return List.copyOf(nids);
        }

        @Override
        public synchronized void setup(LustreCfg cfg) throws LustreException {
            ostUuid = buf(cfg, 1, device.name(), "the OST UUID");
            addNids(buf(cfg, 2, device.name(), "the OST's node UUID"));
            if (osps.putIfAbsent(ostUuid, this) != null) {
                throw new LustreException(Errno.EEXIST, device.name() + ": another osp names " + ostUuid);
            }
        }

        private void addNids(String nodeUuid) throws LustreException {
            List<Long> found = obdclass.nidsOf(nodeUuid);
            if (found.isEmpty()) {
                throw new LustreException(Errno.EINVAL, device.name() + ": no add_uuid gave NIDs for " + nodeUuid);
            }
            for (long n : found) {
                nids.add(Nid.fromLnetNid(n));
            }
        }

        @Override
        public synchronized void process(LustreCfg cfg) throws LustreException {
            if (cfg.knownCommand() != LcfgCommand.ADD_CONN) {
                Obd.super.process(cfg);
                return;
            }
            addNids(buf(cfg, 1, device.name(), "the failover node UUID"));
        }

        @Override
        public synchronized void cleanup() {
            if (ostUuid != null) {
                osps.remove(ostUuid, this);
            }
        }
    }

    /** One mdt device. */
    private final class MdtObd implements Obd {
        private final Obdclass obdclass;
        private final ObdDevice device;
        private Mdd mdd;
        private TargetFid fid;
        private ObdDevice mddEntry;
        private Mdt mdt;
        private boolean acquired;

        MdtObd(Obdclass obdclass, ObdDevice device) {
            this.obdclass = obdclass;
            this.device = device;
        }

        @Override
        public synchronized void setup(LustreCfg cfg) throws LustreException {
            if (mdt != null) {
                throw new LustreException(Errno.EEXIST, device.name() + " is set up already");
            }
            String name = device.name();
            int index = indexOf(name);
            String lodName = buf(cfg, 3, name, "the lod name");
            LodObd lodObd = obdclass.devices().find(lodName).map(d -> d.impl(LodObd.class)).orElseThrow(
                    () -> new LustreException(Errno.ENODEV, name + ": no lod device " + lodName));
            Lod lod = lodObd.lod();
            if (lod == null) {
                throw new LustreException(Errno.EINVAL, name + ": lod " + lodName + " is not set up");
            }
            OsdDevice osd = osdOf(obdclass, name, name);
            try {
                String mddName = MdtStack.mddNameOf(name);
                mdd = Mdd.mount(osd, MddConfig.defaults(mddName).withTime(obdclass.libcfs().time()).withIndex(index),
                        lod);
                // MDT0 runs the controller; another MDT asks it over its osp to MDT0, once the log adds that
                fid = index == 0 ? TargetFid.mdt(osd, name, 0, null, obdclass.libcfs())
                        : TargetFid.mdtFedBy(osd, name, index, lodObd.mdts().mdt0Source(), obdclass.libcfs());
                mddEntry = obdclass.devices().attach("mdd", mddName, mddName + "_UUID");
                mddEntry.impl(mdd);
                mddEntry.status(ObdDevice.Status.UP);
                MdtServices s = acquire();
                acquired = true;
                mdt = s.serve(new MdtStack(name, index, osd, mdd, lod, obdclass.libcfs(), fid.site(),
                        ThreadLocalRandom.current().nextLong(), lodObd.mdts()));
            } catch (LustreException | RuntimeException e) {
                cleanup();
                throw e;
            }
            obdclass.libcfs().debug().logf(DebugMask.S_MDS, DebugMask.D_CONSOLE, "%s: now serving on %s", name,
                    osd.name());
        }

        @Override
        public synchronized void preCleanup() {
            if (mdt != null) {
                mdt.close();
                mdt = null;
            }
        }

        @Override
        public synchronized void cleanup() {
            preCleanup();
            if (acquired) {
                acquired = false;
                release();
            }
            if (mddEntry != null) {
                obdclass.devices().detach(mddEntry);
                mddEntry = null;
            }
            if (fid != null) {
                fid.close();
                fid = null;
            }
            if (mdd != null) {
                mdd.close();
                mdd = null;
            }
        }
    }

    /**
     * The MDT index in a target name {@code <fsname>-MDT<hex4>} ({@code server_name2index}).
     *
     * @throws LustreException EINVAL naming a name of another form
     */
    static int indexOf(String name) throws LustreException {
        int at = name.lastIndexOf("-MDT");
        String hex = at < 0 ? "" : name.substring(at + 4);
        if (hex.length() != 4 || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new LustreException(Errno.EINVAL, "'" + name + "' is not an MDT name (<fsname>-MDT<4 hex digits>)");
        }
        return Integer.parseInt(hex, 16);
    }
}
