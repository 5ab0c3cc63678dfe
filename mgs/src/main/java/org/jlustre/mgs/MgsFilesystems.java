package org.jlustre.mgs;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jlustre.common.Fid;
import org.jlustre.common.LustreException;
import org.jlustre.llog.Llog;
import org.jlustre.llog.LlogContext;
import org.jlustre.llog.LlogHandle;
import org.jlustre.osd.DirectoryIterator;
import org.jlustre.osd.IndexFeatures;
import org.jlustre.osd.OsdDevice;
import org.jlustre.osd.OsdObject;
import org.jlustre.wire.llog.CfgMarker;
import org.jlustre.wire.llog.ConfigRecord;
import org.jlustre.wire.llog.LlogFlags;
import org.jlustre.wire.mgs.MgsTargetInfo;

/**
 * The filesystems the MGS knows ({@code mgs_fs_db_list}, {@code mgs_find_fsdb} /
 * {@code mgs_find_or_make_fsdb} in lustre/mgs/mgs_llog.c), one {@link Fsdb} each plus the one of
 * the params log, and the CONFIGS listing they are rebuilt from at setup
 * ({@code mgs_get_fsdb_from_llog}).
 *
 * <p>The table itself is a concurrent map and takes no lock; what is inside an {@link Fsdb} is
 * read and changed under that Fsdb's monitor.
 */
final class MgsFilesystems {

    /** The OSD holding CONFIGS, listed by {@link #listLogs}. */
    private final OsdDevice osd;
    /** The FID of CONFIGS. */
    private final Fid configsFid;
    /** Every filesystem by name, and {@link MgsLogs#PARAMS_LOG} for the params log; never shrinks. */
    private final Map<String, Fsdb> fsdbs = new ConcurrentHashMap<>();

    private MgsFilesystems(OsdDevice osd, Fid configsFid) {
        this.osd = osd;
        this.configsFid = configsFid;
    }

    /**
     * The filesystems of the logs in CONFIGS ({@code mgs_get_fsdb_from_llog}): their MDT and OST
     * indexes from the target logs' names and their generation from the highest marker step.
     */
    static MgsFilesystems load(OsdDevice osd, Fid configsFid, LlogContext ctx) throws LustreException {
        MgsFilesystems filesystems = new MgsFilesystems(osd, configsFid);
        for (String log : filesystems.listLogs()) {
            if (log.equals(MgsLogs.PARAMS_LOG)) {
                filesystems.getOrCreate(MgsLogs.PARAMS_LOG);
                continue;
            }
            int dash = log.lastIndexOf('-');
            if (dash <= 0) {
                continue;
            }
            String fs = log.substring(0, dash);
            String tail = log.substring(dash + 1);
            Fsdb db;
            try {
                MgsNames.checkFsname(fs);
            } catch (LustreException e) {
                continue;
            }
            db = filesystems.getOrCreate(fs);
            if ((tail.startsWith("MDT") || tail.startsWith("OST")) && tail.length() == 7) {
                MgsNames.Parsed p = MgsNames.parse(log);
                db.map(p.mdt()).set(p.index());
            }
            db.gen = Math.max(db.gen, maxStep(ctx, log));
        }
        return filesystems;
    }

    /** The highest marker step in {@code log}, which the filesystem's generation must not fall below. */
    private static int maxStep(LlogContext ctx, String log) throws LustreException {
        int[] max = {0};
        try (LlogHandle h = ctx.open(log, Llog.OpenMode.EXISTS)) {
            h.init(LlogFlags.IS_PLAIN, null);
            h.process((llh, rec) -> {
                try {
                    CfgMarker m = ConfigRecord.decode(rec.bytes()).marker();
                    if (m != null) {
                        max[0] = Math.max(max[0], m.step());
                    }
                } catch (IllegalArgumentException e) {
                    // not a config record: nothing to learn from it
                }
                return 0;
            });
        }
        return max[0];
    }

    /** The names of the logs in CONFIGS, sorted ({@code class_dentry_readdir}); the nodemap index and mountdata are not logs. */
    List<String> listLogs() throws LustreException {
        List<String> out = new ArrayList<>();
        try (OsdObject dir = osd.find(configsFid);
                DirectoryIterator it = dir.indexTry(IndexFeatures.DIRECTORY).iterator(0)) {
            it.get("");
            while (it.next() == 0) {
                String name = it.key();
                if (name.equals(".") || name.equals("..") || name.equals(Mgs.NODEMAP) || name.equals(Mgs.MOUNTDATA)) {
                    continue;
                }
                out.add(name);
            }
        }
        out.sort(null);
        return out;
    }

    /** The Fsdb of {@code fsname}, made empty if the MGS did not know it ({@code mgs_find_or_make_fsdb}). */
    Fsdb getOrCreate(String fsname) {
        return fsdbs.computeIfAbsent(fsname, Fsdb::new);
    }

    /** The Fsdb of {@code fsname}, or null for one the MGS does not know ({@code mgs_find_fsdb}). */
    Fsdb get(String fsname) {
        return fsdbs.get(fsname);
    }

    /** How many Fsdbs there are, the params log's included. */
    int size() {
        return fsdbs.size();
    }

    /** Every Fsdb name, sorted, the params log's included. */
    List<String> names() {
        return fsdbs.keySet().stream().sorted().toList();
    }

    /** Whether {@code fsname} is a filesystem the MGS knows (the params log is not one). */
    boolean knows(String fsname) {
        return fsdbs.containsKey(fsname) && !fsname.equals(MgsLogs.PARAMS_LOG);
    }

    /** A target's last registration and the NID table version it has. */
    record Registered(MgsTargetInfo mti, long version) {
    }

    /** The targets of {@code fsname} changed after version {@code since}, oldest first, for the NID table; takes the Fsdb's monitor. */
    List<Registered> targetsSince(String fsname, long since) {
        Fsdb db = fsdbs.get(fsname);
        if (db == null) {
            return List.of();
        }
        synchronized (db) {
            List<Registered> out = new ArrayList<>();
            db.targets.forEach((sv, mti) -> {
                long v = db.versions.getOrDefault(sv, 0L);
                if (v > since) {
                    out.add(new Registered(mti, v));
                }
            });
            out.sort(Comparator.comparingLong(Registered::version));
            return out;
        }
    }

    /** The NID table version of {@code fsname} (0 for an unknown one); takes the Fsdb's monitor. */
    long nidtblVersion(String fsname) {
        Fsdb db = fsdbs.get(fsname);
        if (db == null) {
            return 0;
        }
        synchronized (db) {
            return db.nidtblVersion;
        }
    }

    /** The filesystem logs with their record counts, for {@code mgs.MGS.live}; takes each Fsdb's monitor in turn. */
    String renderLive() {
        StringBuilder sb = new StringBuilder();
        for (String fs : names()) {
            Fsdb db = fsdbs.get(fs);
            synchronized (db) {
                sb.append("fsname: ").append(fs).append('\n');
                sb.append("flags: 0x0 gen: ").append(db.gen).append('\n');
                for (MgsTargetInfo t : db.targets.values()) {
                    sb.append(t.svname()).append('\n');
                }
            }
        }
        return sb.toString();
    }
}
