package org.jlustre.server;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;
import org.jlustre.common.Nid;
import org.jlustre.llog.Llog;
import org.jlustre.llog.LlogContext;
import org.jlustre.llog.LlogHandle;
import org.jlustre.wire.llog.CfgMarker;
import org.jlustre.wire.llog.ConfigRecord;
import org.jlustre.wire.llog.LcfgCommand;
import org.jlustre.wire.llog.LlogFlags;
import org.jlustre.wire.llog.LlogRecType;
import org.jlustre.wire.llog.LustreCfg;

/**
 * MDT0's NIDs as a server finds them in the client log {@code <fsname>-client}
 * (obd_mount_server.c {@code client_lwp_config_process}): within the {@code 'add mdc'} section
 * of {@code <fsname>-MDT0000} the first {@code add_uuid} is the NID the LWP connects to; the
 * {@code add_uuid} records of {@code 'add failnid'} sections and every {@code add_conn} of
 * {@code <fsname>-MDT0000-mdc} add failover NIDs. Sections marked skipped or excluded are left
 * out. Stateless: one walk per call.
 */
final class Mdt0Nids {

    private Mdt0Nids() {
    }

    /**
     * MDT0's NIDs in {@code log} of {@code ctx}, primary first; empty while MDT0 has not
     * registered (the log has no {@code 'add mdc'} section for it yet).
     *
     * @throws LustreException ENOENT when the log does not exist; EINVAL naming a record that
     *     is not a valid config record
     */
    static List<Nid> find(LlogContext ctx, String log, String fsname) throws LustreException {
        String mdt0 = fsname + "-MDT0000";
        String mdc = mdt0 + "-mdc";
        Set<Nid> nids = new LinkedHashSet<>();
        Map<String, List<Nid>> uuids = new HashMap<>();
        // 0: outside MDT0's sections; 1: 'add mdc' before its first add_uuid; 2: after it or in 'add failnid'
        int[] state = {0};
        boolean[] skipped = {false};
        LustreException[] bad = {null};
        try (LlogHandle llh = ctx.open(log, Llog.OpenMode.EXISTS)) {
            llh.init(LlogFlags.IS_PLAIN, null);
            llh.process((h, rec) -> {
                if (rec.type() != LlogRecType.OBD_CFG_REC) {
                    return 0;
                }
                ConfigRecord cr;
                try {
                    cr = ConfigRecord.decode(rec.bytes());
                } catch (IllegalArgumentException e) {
                    bad[0] = new LustreException(Errno.EINVAL, log + " record #" + rec.index() + ": " + e.getMessage());
                    return bad[0].rc();
                }
                LustreCfg cfg = cr.cfg();
                LcfgCommand cmd = cfg.knownCommand();
                if (cmd == LcfgCommand.MARKER) {
                    CfgMarker m = cr.marker();
                    if (m == null) {
                        return 0;
                    }
                    if ((m.flags() & (CfgMarker.CM_SKIP | CfgMarker.CM_EXCLUDE)) != 0) {
                        skipped[0] = (m.flags() & CfgMarker.CM_START) != 0;
                        return 0;
                    }
                    boolean ours = mdt0.equals(m.targetName())
                            && (m.comment().startsWith("add mdc") || m.comment().startsWith("add failnid"));
                    if (ours && (m.flags() & CfgMarker.CM_START) != 0) {
                        state[0] = m.comment().startsWith("add failnid") ? 2 : 1;
                    } else if (ours && (m.flags() & CfgMarker.CM_END) != 0) {
                        state[0] = 0;
                    }
                    return 0;
                }
                if (skipped[0] || cmd == null) {
                    return 0;
                }
                if (cmd == LcfgCommand.ADD_UUID && state[0] != 0 && cfg.bufcount() > 1) {
                    Nid nid = nidOf(cfg);
                    if (nid == null) {
                        return 0;
                    }
                    if (state[0] == 1) {
                        nids.add(nid); // lustre_lwp_setup: only the first NID makes the LWP
                        state[0] = 2;
                    }
                    uuids.computeIfAbsent(cfg.string(1), k -> new ArrayList<>()).add(nid);
                } else if (cmd == LcfgCommand.ADD_CONN && cfg.bufcount() > 1 && mdc.equals(cfg.string(0))
                        && !nids.isEmpty()) {
                    nids.addAll(uuids.getOrDefault(cfg.string(1), List.of()));
                }
                return 0;
            });
        }
        if (bad[0] != null) {
            throw bad[0];
        }
        return List.copyOf(nids);
    }

    /** The NID of an {@code add_uuid}: {@code lcfg_nid}, or a large NID as text in buffer 2 (as class_add_uuid). */
    private static Nid nidOf(LustreCfg cfg) {
        if (cfg.nid() != 0) {
            return Nid.fromLnetNid(cfg.nid());
        }
        if (cfg.bufcount() > 2) {
            try {
                return Nid.parse(cfg.string(2));
            } catch (LustreException e) {
                return null;
            }
        }
        return null;
    }
}
