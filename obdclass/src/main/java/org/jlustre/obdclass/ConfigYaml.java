package org.jlustre.obdclass;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jlustre.common.Nid;
import org.jlustre.wire.llog.CfgMarker;
import org.jlustre.wire.llog.ConfigRecord;
import org.jlustre.wire.llog.LcfgCommand;
import org.jlustre.wire.llog.LlogRecType;
import org.jlustre.wire.llog.LustreCfg;

/**
 * How {@code lctl llog_print} shows a config log ({@code llog_print_cb} with
 * {@code class_config_yaml_output}, lustre/obdclass/obd_config.c and the keyword table of
 * lustre_cfg.h): one YAML flow mapping per live record,
 * {@code - { index: 2, event: attach, device: lustre-clilov, type: lov, UUID: lustre-clilov_UUID }},
 * with {@code flags}, {@code num}, {@code nid} and {@code device} only when set and each
 * non-empty buffer under its keyword. Markers are not shown, nor records outside a marked
 * section or inside a cancelled ({@link CfgMarker#CM_SKIP}) one. One instance prints one log.
 */
public final class ConfigYaml {

    private record Event(String name, List<String> keywords) {
    }

    private static final Map<LcfgCommand, Event> EVENTS = Map.ofEntries(
            Map.entry(LcfgCommand.ATTACH, new Event("attach", List.of("type", "UUID"))),
            Map.entry(LcfgCommand.DETACH, new Event("detach", List.of())),
            Map.entry(LcfgCommand.SETUP, new Event("setup", List.of("UUID", "node", "options", "failout"))),
            Map.entry(LcfgCommand.CLEANUP, new Event("cleanup", List.of("flags"))),
            Map.entry(LcfgCommand.ADD_UUID, new Event("add_uuid", List.of("node"))),
            Map.entry(LcfgCommand.DEL_UUID, new Event("del_uuid", List.of("node"))),
            Map.entry(LcfgCommand.MOUNTOPT, new Event("new_profile", List.of("name", "lov", "lmv"))),
            Map.entry(LcfgCommand.DEL_MOUNTOPT, new Event("del_mount_option", List.of("name"))),
            Map.entry(LcfgCommand.SET_TIMEOUT, new Event("set_timeout", List.of("parameter"))),
            Map.entry(LcfgCommand.SET_LDLM_TIMEOUT, new Event("set_ldlm_timeout", List.of("parameter"))),
            Map.entry(LcfgCommand.ADD_CONN, new Event("add_conn", List.of("node"))),
            Map.entry(LcfgCommand.DEL_CONN, new Event("del_conn", List.of("node"))),
            Map.entry(LcfgCommand.LOV_ADD_OBD, new Event("add_osc", List.of("ost", "index", "gen", "UUID"))),
            Map.entry(LcfgCommand.LOV_DEL_OBD, new Event("del_osc", List.of("ost", "index", "gen", "UUID"))),
            Map.entry(LcfgCommand.LOV_ADD_INA, new Event("add_osc_inactive", List.of("ost", "index", "gen",
                    "UUID"))),
            Map.entry(LcfgCommand.ADD_MDC, new Event("add_mdc", List.of("mdt", "index", "gen", "UUID"))),
            Map.entry(LcfgCommand.DEL_MDC, new Event("del_mdc", List.of("mdt", "index", "gen", "UUID"))),
            Map.entry(LcfgCommand.PARAM, new Event("conf_param", List.of("parameter", "value"))),
            Map.entry(LcfgCommand.SET_PARAM, new Event("set_param", List.of("parameter", "value"))),
            Map.entry(LcfgCommand.POOL_NEW, new Event("new_pool", List.of("fsname", "pool"))),
            Map.entry(LcfgCommand.POOL_ADD, new Event("add_pool", List.of("fsname", "pool", "ost"))),
            Map.entry(LcfgCommand.POOL_REM, new Event("remove_pool", List.of("fsname", "pool", "ost"))),
            Map.entry(LcfgCommand.POOL_DEL, new Event("del_pool", List.of("fsname", "pool"))));

    private boolean inMarker;
    private boolean skipping;

    /**
     * The line for one record of the log ({@code null} when it is not shown): config records
     * as above, other records as {@code [index]: %05d  [type]: %02x  [len]: %04d}.
     */
    public String line(int index, int type, int len, java.lang.foreign.MemorySegment record) {
        if (type != LlogRecType.OBD_CFG_REC) {
            return String.format(Locale.ROOT, "[index]: %05d  [type]: %02x  [len]: %04d", index, type, len);
        }
        ConfigRecord cr;
        try {
            cr = ConfigRecord.decode(record);
        } catch (IllegalArgumentException e) {
            return String.format(Locale.ROOT, "- { index: %d, event: unparsable, error: %s }", index, e.getMessage());
        }
        LustreCfg cfg = cr.cfg();
        if (cfg.command() == LcfgCommand.MARKER.value()) {
            CfgMarker m = cr.marker();
            if (m != null && (m.flags() & CfgMarker.CM_START) != 0) {
                inMarker = true;
                skipping = (m.flags() & CfgMarker.CM_SKIP) != 0;
            } else if (m != null && (m.flags() & CfgMarker.CM_END) != 0) {
                inMarker = false;
                skipping = false;
            }
            return null;
        }
        if (!inMarker || skipping) {
            return null;
        }
        return format(index, cfg);
    }

    /** One config command as a YAML flow mapping. */
    public static String format(int index, LustreCfg cfg) {
        LcfgCommand c = cfg.knownCommand();
        Event ev = c != null ? EVENTS.get(c) : null;
        String name = ev != null ? ev.name() : c != null ? c.name().toLowerCase(Locale.ROOT)
                : String.format(Locale.ROOT, "%#x", cfg.command());
        StringBuilder sb = new StringBuilder("- { index: ").append(index).append(", event: ").append(name);
        if (cfg.flags() != 0) {
            sb.append(", flags: ").append(hex8(cfg.flags()));
        }
        if (cfg.num() != 0) {
            sb.append(", num: ").append(hex8(cfg.num()));
        }
        if (cfg.nid() != 0) {
            sb.append(", nid: ").append(Nid.toString(cfg.nid())).append(String.format(Locale.ROOT, "(%#x)",
                    cfg.nid()));
        }
        String dev = cfg.bufcount() > 0 ? cfg.string(0) : null;
        if (dev != null && !dev.isEmpty()) {
            sb.append(", device: ").append(dev);
        }
        if (c == LcfgCommand.SET_PARAM && cfg.bufcount() > 1 && cfg.string(1) != null) {
            // set_param shows its setting split at '=' and not the upcall in buffer 2
            String p = cfg.string(1);
            int eq = p.indexOf('=');
            sb.append(", parameter: ").append(eq < 0 ? p : p.substring(0, eq));
            if (eq >= 0) {
                sb.append(", value: ").append(p.substring(eq + 1));
            }
        } else {
            for (int i = 1; i < cfg.bufcount(); i++) {
                if (cfg.buffer(i).length == 0) {
                    continue;
                }
                String key = ev != null && i - 1 < ev.keywords().size() ? ev.keywords().get(i - 1) : "buf" + i;
                String v = cfg.string(i);
                sb.append(", ").append(key).append(": ").append(v == null ? "" : v);
            }
        }
        return sb.append(" }").toString();
    }

    /** C's {@code %#08x}: "0x" and the digits, zero-padded to eight characters in all. */
    private static String hex8(int v) {
        String digits = Integer.toHexString(v);
        return "0x" + "0".repeat(Math.max(0, 6 - digits.length())) + digits;
    }
}
