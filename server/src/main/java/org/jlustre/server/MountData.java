package org.jlustre.server;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;
import org.jlustre.common.Nid;
import org.jlustre.wire.mgs.LustreDiskData;
import org.jlustre.wire.mgs.LddFlags;
import org.jlustre.wire.mgs.MgsTargetInfo;

/**
 * What a target is started from: the equivalent of Lustre's mount data
 * ({@code struct lustre_disk_data} that mkfs.lustre writes and mount.lustre reads; reference
 * 6.1): the filesystem name, the target's type and index (or "the MGS chooses"), the MGS's
 * NIDs, the parameters to register with, and the registration flags.
 *
 * <p>An MDT formatted with {@code mkfs.lustre --mgs --mdt} carries {@code LDD_F_SV_TYPE_MGS}
 * too ({@link #mgs()}): one device holds the MGS's {@code CONFIGS} and the MDT's objects, and
 * the mount starts the MGS on it before the MDT, whose MGC talks to that local MGS
 * ({@code server_fill_super}); it has no {@code mgsnode}.
 *
 * @param fsname the filesystem name (1..8 characters)
 * @param type what the target is
 * @param index the index, or -1 for {@code NEED_INDEX}
 * @param mgsNodes the MGS's NIDs ({@code mgsnode=}); empty for an MGT or a combined MGS/MDT
 * @param params space-separated {@code key=value} parameters ({@code --param})
 * @param flags {@link LddFlags}: the type bits (MGS also on a combined MGS/MDT), VIRGIN for a
 *     never-registered target, WRITECONF to regenerate its logs, UPDATE to rewrite them
 * @param osdType the OSD the target runs on ({@code osd-mem}; on disk its {@code ldd_mount_type})
 */
public record MountData(String fsname, TargetType type, int index, List<Nid> mgsNodes, String params, int flags,
        String osdType) {

    /** The OSD a target is formatted on unless told otherwise ({@code mkfs.lustre --backfstype}). */
    public static final String DEFAULT_OSD_TYPE = "osd-mem";

    /** Validates. */
    public MountData {
        Objects.requireNonNull(fsname, "fsname");
        Objects.requireNonNull(type, "type");
        LustreDiskData.mountType(Objects.requireNonNull(osdType, "osdType")); // one a mount type can name
        mgsNodes = List.copyOf(mgsNodes);
        params = params == null ? "" : params.strip();
        if (index < -1 || index >= MgsTargetInfo.NO_INDEX) {
            throw new IllegalArgumentException("target index " + index + " (0.." + (MgsTargetInfo.NO_INDEX - 1)
                    + ", or -1 for the MGS to choose)");
        }
        boolean combined = (flags & LddFlags.SV_TYPE_MGS) != 0 && type != TargetType.MGT;
        if (combined && type != TargetType.MDT) {
            throw new IllegalArgumentException("an MGS shares its device with an MDT only, not with an " + type);
        }
        if (combined && index < 0) {
            throw new IllegalArgumentException("a combined MGS/MDT of " + fsname + " needs its MDT index");
        }
        if (type != TargetType.MGT && !combined && mgsNodes.isEmpty()) {
            throw new IllegalArgumentException(type + " of " + fsname + " has no mgsnode");
        }
    }

    /** A freshly formatted target ({@code mkfs.lustre}): VIRGIN, and NEED_INDEX when {@code index} is -1. */
    public static MountData format(String fsname, TargetType type, int index, List<Nid> mgsNodes, String params) {
        int flags = type.flag() | LddFlags.VIRGIN | LddFlags.UPDATE | (index < 0 ? LddFlags.NEED_INDEX : 0);
        return new MountData(fsname, type, index, mgsNodes, params, flags, DEFAULT_OSD_TYPE);
    }

    /**
     * A freshly formatted MDT that runs the MGS on its own device ({@code mkfs.lustre --mgs --mdt
     * --index=N}): flags MGS|MDT|VIRGIN|UPDATE, no mgsnode. Index -1 means 0, as mkfs.lustre gives
     * an MDT formatted without {@code --index}.
     */
    public static MountData formatCombined(String fsname, int index, String params) {
        int flags = LddFlags.SV_TYPE_MGS | LddFlags.SV_TYPE_MDT | LddFlags.VIRGIN | LddFlags.UPDATE;
        return new MountData(fsname, TargetType.MDT, Math.max(index, 0), List.of(), params, flags, DEFAULT_OSD_TYPE);
    }

    /** Whether the target also runs the MGS on its device: a combined MGS/MDT ({@code IS_MGS} of an MDT). */
    public boolean mgs() {
        return type != TargetType.MGT && (flags & LddFlags.SV_TYPE_MGS) != 0;
    }

    /** The same on another OSD ({@code mkfs.lustre --backfstype}). */
    public MountData withOsdType(String newOsdType) {
        return new MountData(fsname, type, index, mgsNodes, params, flags, newOsdType);
    }

    /** The same with {@code WRITECONF} ({@code tunefs.lustre --writeconf}). */
    public MountData writeconf() {
        return new MountData(fsname, type, index, mgsNodes, params, flags | LddFlags.WRITECONF, osdType);
    }

    /**
     * The same without {@code VIRGIN} ({@code mkfs.lustre --replace}): a fresh device that takes
     * the place of a registered target with the same index, so the MGS takes it back
     * ({@code mgs_set_index} refuses a taken index only to a VIRGIN target) and keeps its logs.
     *
     * @throws IllegalArgumentException for a target with no index to replace (an MGT, or -1)
     */
    public MountData replace() {
        if (type == TargetType.MGT) {
            throw new IllegalArgumentException("--replace is for an MDT or OST: an MGS has no index to take back");
        }
        if (index < 0) {
            throw new IllegalArgumentException("--replace needs the --index of the " + type + " it replaces");
        }
        return new MountData(fsname, type, index, mgsNodes, params, flags & ~LddFlags.VIRGIN, osdType);
    }

    /** The same with other flags. */
    public MountData withFlags(int newFlags) {
        return new MountData(fsname, type, index, mgsNodes, params, newFlags, osdType);
    }

    /** The same after registration: the index the MGS gave and the flags it left. */
    public MountData registered(int newIndex, int newFlags) {
        return new MountData(fsname, type, newIndex, mgsNodes, params, newFlags, osdType);
    }

    /** Whether the target never registered. */
    public boolean virgin() {
        return (flags & LddFlags.VIRGIN) != 0;
    }

    /**
     * The service name ({@code ldd_svname}, {@code server_make_name}): {@code lustre:OST0001}
     * before registration ({@code lustre:OSTffff} with NEED_INDEX), {@code lustre=OST0001} with
     * WRITECONF, {@code lustre-OST0001} after; {@code MGS} for an MGT.
     */
    public String svname() {
        if (type == TargetType.MGT) {
            return "MGS";
        }
        int i = index < 0 ? MgsTargetInfo.NO_INDEX : index;
        // server_make_name: '=' asks for a writeconf, ':' marks a first registration
        String sep = (flags & LddFlags.WRITECONF) != 0 ? "=" : virgin() ? ":" : "-";
        return fsname + sep + type.label() + String.format(Locale.ROOT, "%04x", i);
    }

    /** The registered-style name {@code lustre-OST0001} (the device and log name). */
    public String deviceName() {
        return type == TargetType.MGT ? "MGS" : fsname + "-" + type.label() + String.format(Locale.ROOT, "%04x",
                index < 0 ? MgsTargetInfo.NO_INDEX : index);
    }

    /** The {@code mgs_target_info} a registration sends, for a target at {@code nids}. */
    MgsTargetInfo targetInfo(long[] nids, int instance) {
        int f = flags | LddFlags.IR_CAPABLE;
        return new MgsTargetInfo(org.jlustre.wire.ptlrpc.ObdConnectData.JLUSTRE_OCD_VERSION,
                index < 0 ? MgsTargetInfo.NO_INDEX : index, 0, f, instance, fsname, svname(), "", nids, params);
    }

    /** What {@code CONFIGS/mountdata} holds for this target (its OSD as {@code ldd_mount_type}). */
    public LustreDiskData toDisk() {
        StringBuilder p = new StringBuilder();
        if (!mgsNodes.isEmpty()) {
            p.append("mgsnode=").append(String.join(",", mgsNodes.stream().map(Nid::toString).toList()));
        }
        if (!params.isEmpty()) {
            p.append(p.isEmpty() ? "" : " ").append(params);
        }
        return new LustreDiskData(0, 0, 0, 1, flags, index < 0 ? 0 : index, LustreDiskData.mountType(osdType), fsname,
                svname(), "", "user_xattr", p.toString());
    }

    /**
     * The mount data of {@code ldd} ({@code ldd_parse} and the mount's reading of it): the type
     * from the flags, the index unless NEED_INDEX, the MGS's NIDs from {@code mgsnode=} (',' and
     * ':' separated), the other params as they stand.
     *
     * @throws LustreException EINVAL for no target type, an MGS with an OST, or a bad NID,
     *     naming it
     */
    public static MountData fromDisk(LustreDiskData ldd) throws LustreException {
        int f = ldd.flags();
        TargetType type;
        if ((f & LddFlags.SV_TYPE_MDT) != 0) {
            type = TargetType.MDT; // with SV_TYPE_MGS too on a combined MGS/MDT
        } else if ((f & LddFlags.SV_TYPE_OST) != 0) {
            type = TargetType.OST;
        } else if ((f & LddFlags.SV_TYPE_MGS) != 0) {
            type = TargetType.MGT;
        } else {
            throw new LustreException(Errno.EINVAL, ldd.svname() + ": mount data flags " + LddFlags.describe(f)
                    + " name no target type");
        }
        java.util.List<Nid> mgs = new java.util.ArrayList<>();
        java.util.List<String> rest = new java.util.ArrayList<>();
        for (String p : ldd.params().strip().split("\\s+")) {
            if (p.startsWith("mgsnode=")) {
                for (String n : p.substring("mgsnode=".length()).split("[,:]")) {
                    if (!n.isEmpty()) {
                        Nid nid = Nid.parse(n);
                        if (!mgs.contains(nid)) {
                            mgs.add(nid);
                        }
                    }
                }
            } else if (!p.isEmpty()) {
                rest.add(p);
            }
        }
        int index = type == TargetType.MGT ? 0 : (f & LddFlags.NEED_INDEX) != 0 ? -1 : ldd.svindex();
        try {
            return new MountData(ldd.fsname(), type, index, mgs, String.join(" ", rest), f,
                    LustreDiskData.osdType(ldd.mountType()));
        } catch (IllegalArgumentException e) {
            throw new LustreException(Errno.EINVAL, ldd.svname() + ": " + e.getMessage());
        }
    }

    @Override
    public String toString() {
        return svname() + " (" + LddFlags.describe(flags) + (params.isEmpty() ? "" : ", params '" + params + "'")
                + ")";
    }
}
