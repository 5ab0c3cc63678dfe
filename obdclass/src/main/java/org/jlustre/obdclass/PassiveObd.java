package org.jlustre.obdclass;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jlustre.common.LustreException;
import org.jlustre.common.param.Param;
import org.jlustre.common.param.ParamGroup;
import org.jlustre.wire.llog.LcfgCommand;
import org.jlustre.wire.llog.LustreCfg;

/**
 * A device of a type this node does not run yet (lov, lmv, mdc, osc, mdt, obdfilter until
 * their layers exist): configuration attaches and sets it up like any other, and it keeps
 * what its log told it (setup buffers, targets added, connections, parameters), readable as
 * {@code <type>.<name>.config}, but it serves nothing. It lets a node replay a whole config
 * log through the real processing code before every device type is written.
 */
public final class PassiveObd implements Obd {

    /** A type whose devices are passive. */
    public static ObdType type(String name) {
        return ObdType.of(name, PassiveObd::new);
    }

    private final ObdDevice device;
    private final ParamGroup params;
    private final List<String> setup = new ArrayList<>();
    private final List<String> commands = new ArrayList<>();
    private final Map<String, String> settings = new LinkedHashMap<>();

    private PassiveObd(Obdclass obdclass, ObdDevice device) throws LustreException {
        this.device = device;
        this.params = obdclass.libcfs().params().createGroup(device.type(), device.name());
        params.add("uuid", Param.readOnly(() -> device.uuid() + "\n"));
        params.add("config", Param.readOnly(this::render));
    }

    @Override
    public synchronized void setup(LustreCfg cfg) {
        setup.clear();
        for (int i = 1; i < cfg.bufcount(); i++) {
            setup.add(cfg.string(i));
        }
    }

    @Override
    public synchronized void process(LustreCfg cfg) {
        LcfgCommand c = cfg.knownCommand();
        StringBuilder sb = new StringBuilder(c != null ? c.name().toLowerCase(java.util.Locale.ROOT)
                : "0x" + Integer.toHexString(cfg.command()));
        for (int i = 1; i < cfg.bufcount(); i++) {
            sb.append(' ').append(cfg.string(i));
        }
        commands.add(sb.toString());
    }

    /** A parameter the log set on this device ({@code lov.stripesize=1048576}). */
    synchronized void setting(String key, String value) {
        settings.put(key, value);
    }

    /** What the log said, in order: setup buffers, commands, settings. */
    public synchronized String render() {
        StringBuilder sb = new StringBuilder();
        sb.append("setup: ").append(String.join(" ", setup)).append('\n');
        for (String c : commands) {
            sb.append(c).append('\n');
        }
        settings.forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
        return sb.toString();
    }

    /** The commands processed after setup, as {@code render} lists them. */
    public synchronized List<String> commands() {
        return List.copyOf(commands);
    }

    /** The settings the log gave. */
    public synchronized Map<String, String> settings() {
        return Map.copyOf(settings);
    }

    @Override
    public void cleanup() {
        params.close();
    }

    @Override
    public String toString() {
        return "passive " + device;
    }
}
