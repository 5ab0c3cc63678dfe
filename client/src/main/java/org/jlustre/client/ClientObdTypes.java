package org.jlustre.client;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;
import org.jlustre.common.Nid;
import org.jlustre.mdc.Mdc;
import org.jlustre.mgc.Mgc;
import org.jlustre.obdclass.Obd;
import org.jlustre.obdclass.ObdDevice;
import org.jlustre.obdclass.ObdType;
import org.jlustre.obdclass.Obdclass;
import org.jlustre.osc.Osc;
import org.jlustre.ptlrpc.Ptlrpc;
import org.jlustre.wire.llog.LcfgCommand;
import org.jlustre.wire.llog.LustreCfg;

/**
 * The device types a client log sets up on a node ({@code lov}, {@code lmv}, {@code mdc},
 * {@code osc}), registered once per node. A client log's device names end in the mount's
 * config instance ({@code lustre-clilov-<instance>}), which finds the mount's
 * {@link ClientStack}:
 * <ul>
 * <li>{@code mdc}, {@code osc}: {@link TargetDevice};</li>
 * <li>{@code lmv}: {@code add_mdc <lmv> <mdt uuid> <index> <gen> <mdc uuid>}
 *     ({@code lmv_add_target}) starts the mdc naming that MDT as MDT {@code index};</li>
 * <li>{@code lov}: {@code lov_add_obd <lov> <ost uuid> <index> <gen>} ({@code lov_add_target}) starts the osc
 *     naming that OST as OST {@code index}.</li>
 * </ul>
 */
final class ClientObdTypes {

    /** The stacks of the mounts on this node, by config instance. */
    private final Map<String, ClientStack> stacks = new ConcurrentHashMap<>();

    /** The node's mgcs, shared by its mounts of the same MGS, with their users; guarded by this. */
    private final Map<String, Integer> mgcUsers = new java.util.HashMap<>();
    /** Guarded by this. */
    private final Map<String, Mgc> mgcs = new java.util.HashMap<>();

    private ClientObdTypes() {
    }

    /** The node's mgc for the MGS at {@code nids}, started by its first mount ({@code lustre_start_mgc}). */
    synchronized Mgc acquireMgc(Ptlrpc node, List<Nid> nids, Duration timeout, Duration poll) throws LustreException {
        String name = Mgc.nameFor(nids);
        Mgc mgc = mgcs.get(name);
        if (mgc == null) {
            mgc = new Mgc(node, nids, timeout, poll);
            mgcs.put(name, mgc);
        }
        mgcUsers.merge(name, 1, Integer::sum);
        return mgc;
    }

    /** Drops a mount's use of {@code mgc}, stopping it with the last ({@code lustre_stop_mgc}). */
    synchronized void releaseMgc(Mgc mgc) {
        if (mgcUsers.merge(mgc.name(), -1, Integer::sum) == 0) {
            mgcUsers.remove(mgc.name());
            mgcs.remove(mgc.name()).close();
        }
    }

    /** The client types of {@code obdclass}'s node, registered on first use. */
    static ClientObdTypes of(Obdclass obdclass) {
        return obdclass.libcfs().module(ClientObdTypes.class, l -> {
            ClientObdTypes t = new ClientObdTypes();
            obdclass.registerType(t.type("mdc", (oc, d, s) -> new TargetDevice<Mdc>(oc, d, s)));
            obdclass.registerType(t.type("osc", (oc, d, s) -> new TargetDevice<Osc>(oc, d, s)));
            obdclass.registerType(t.type("lmv", (oc, d, s) -> new LmvDevice(d, s)));
            obdclass.registerType(t.type("lov", (oc, d, s) -> new LovDevice(d, s)));
            return t;
        });
    }

    /** Lets the devices of config instance {@code instance} find {@code stack}. */
    void add(String instance, ClientStack stack) {
        stacks.put(instance, stack);
    }

    /** Forgets a mount. */
    void remove(String instance) {
        stacks.remove(instance);
    }

    /** Makes one device of a mount. */
    @FunctionalInterface
    private interface Maker {
        Obd make(Obdclass obdclass, ObdDevice device, ClientStack stack);
    }

    private ObdType type(String name, Maker maker) {
        return ObdType.of(name, (obdclass, device) -> {
            String n = device.name();
            ClientStack s = stacks.get(n.substring(n.lastIndexOf('-') + 1));
            if (s == null) {
                throw new LustreException(Errno.ENODEV, n + ": a " + name + " device belongs to a client mount, "
                        + "and no mount on this node has its config instance");
            }
            return maker.make(obdclass, device, s);
        });
    }

    /** A config buffer, EINVAL naming it when missing. */
    static String buf(LustreCfg cfg, int i, String device, String what) throws LustreException {
        String s = cfg.bufcount() > i ? cfg.string(i) : null;
        if (s == null || s.isEmpty()) {
            throw new LustreException(Errno.EINVAL, device + ": " + cfg.knownCommand() + " without " + what
                    + " (buffer " + i + ")");
        }
        return s;
    }

    /** A numeric config buffer. */
    static int index(LustreCfg cfg, int i, String device) throws LustreException {
        String s = buf(cfg, i, device, "the index");
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new LustreException(Errno.EINVAL, device + ": index '" + s + "' is not a number");
        }
    }

    /** The client's lmv: adds MDTs to the mount's {@link Lmv}. */
    private record LmvDevice(ObdDevice device, ClientStack stack) implements Obd {
        @Override
        public void setup(LustreCfg cfg) {
            // lmv_setup's lmv_desc carries nothing a client without striped directories uses
        }

        @Override
        public void process(LustreCfg cfg) throws LustreException {
            if (cfg.knownCommand() != LcfgCommand.ADD_MDC) {
                Obd.super.process(cfg);
                return;
            }
            String uuid = buf(cfg, 1, device.name(), "the MDT UUID");
            stack.lmv().add(index(cfg, 2, device.name()), stack.target(uuid, Mdc.class, device.name()));
        }

        @Override
        public void cleanup() {
            // the mdc devices close their connections
        }
    }

    /** The client's lov: OSTs for the mount's {@link Lov}. */
    private record LovDevice(ObdDevice device, ClientStack stack) implements Obd {
        @Override
        public void setup(LustreCfg cfg) {
            // lov_setup's lov_desc: the defaults the MDT applies to creates; the client maps layouts as given
        }

        @Override
        public void process(LustreCfg cfg) throws LustreException {
            if (cfg.knownCommand() != LcfgCommand.LOV_ADD_OBD) {
                Obd.super.process(cfg);
                return;
            }
            String uuid = buf(cfg, 1, device.name(), "the OST UUID");
            stack.lov().add(index(cfg, 2, device.name()), stack.target(uuid, Osc.class, device.name()));
        }

        @Override
        public void cleanup() {
            // the osc devices close their connections
        }
    }
}
