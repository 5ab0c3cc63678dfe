package org.jlustre.target;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jlustre.common.Errno;
import org.jlustre.common.Fid;
import org.jlustre.common.FileMode;
import org.jlustre.common.LustreException;
import org.jlustre.osd.DirEntry;
import org.jlustre.osd.DirectoryIndex;
import org.jlustre.osd.IndexFeatures;
import org.jlustre.osd.OsdDevice;
import org.jlustre.osd.OsdObject;
import org.jlustre.wire.target.LrServerData;

/**
 * The names a target's objects have on an ldiskfs target, resolved to the FIDs they have on any
 * OSD, so that a tool can copy one out as {@code debugfs -R "dump NAME FILE"} does: a FID in
 * text form {@code [0x..:0x..:0x..]}; {@code last_rcvd} and {@code reply_data} (their fixed
 * local FIDs); {@code O/<seq>/LAST_ID} and {@code O/<seq>/d<oid % 32>/<oid>} as osd-ldiskfs
 * names objects ({@code osd_compat.c}: the sequence in decimal for the legacy and reserved
 * ones, in hex otherwise; sequence 0 means the IDIF sequence of the OST's index, read from
 * last_rcvd); and any other path looked up directory by directory from the OSD root
 * ({@code CONFIGS/<log>}). Targets add their own names with {@link #with}; those are asked first.
 *
 * <p>Immutable and thread-safe.
 */
public final class TargetObjects {

    /** {@code REPLY_DATA_OID}: reply_data is {@code [0x200000001:0x15:0x0]}. */
    public static final Fid REPLY_DATA_FID = Fid.localFile(21);
    /** Its name in the OSD root. */
    public static final String REPLY_DATA = "reply_data";

    /** Resolves the names one kind of target adds. */
    @FunctionalInterface
    public interface Resolver {
        /** The FID {@code name} stands for on {@code dev}, or empty when the name is not one of this resolver's. */
        Optional<Fid> resolve(OsdDevice dev, String name) throws LustreException;
    }

    private static final TargetObjects STANDARD = new TargetObjects(List.of());

    /** Extra resolvers, asked in order before the standard names. */
    private final List<Resolver> extra;

    private TargetObjects(List<Resolver> extra) {
        this.extra = List.copyOf(extra);
    }

    /** The names every target has. */
    public static TargetObjects standard() {
        return STANDARD;
    }

    /** These names plus those of {@code resolver}, which is asked first. */
    public TargetObjects with(Resolver resolver) {
        List<Resolver> l = new ArrayList<>();
        l.add(resolver);
        l.addAll(extra);
        return new TargetObjects(l);
    }

    /**
     * The FID of the existing object {@code name} on {@code dev}.
     *
     * @throws LustreException ENOENT naming {@code name} when nothing has that name or its
     *     object does not exist; EINVAL for a malformed FID or object path
     */
    public Fid resolve(OsdDevice dev, String name) throws LustreException {
        if (name.isEmpty()) {
            throw new LustreException(Errno.EINVAL, "empty object name");
        }
        Fid fid = null;
        for (Resolver r : extra) {
            Optional<Fid> f = r.resolve(dev, name);
            if (f.isPresent()) {
                fid = f.get();
                break;
            }
        }
        if (fid == null) {
            fid = standardName(dev, name);
        }
        try (OsdObject o = dev.find(fid)) {
            if (!o.exists()) {
                throw new LustreException(Errno.ENOENT, "no object '" + name + "' (" + fid + ") on " + dev.name());
            }
        }
        return fid;
    }

    private static Fid standardName(OsdDevice dev, String name) throws LustreException {
        if (name.startsWith("[") || name.startsWith("0x")) {
            return Fid.parse(name);
        }
        String path = name.startsWith("/") ? name.substring(1) : name;
        switch (path) {
            case LastRcvd.NAME -> {
                return LastRcvd.FID;
            }
            case REPLY_DATA -> {
                return REPLY_DATA_FID;
            }
            default -> {
                // a path below
            }
        }
        String[] parts = path.split("/", -1);
        if (parts.length >= 3 && parts[0].equals("O")) {
            return objectPath(dev, name, parts);
        }
        return lookupPath(dev, name, parts);
    }

    /** {@code O/<seq>/LAST_ID} and {@code O/<seq>/d<n>/<oid>}. */
    private static Fid objectPath(OsdDevice dev, String name, String[] parts) throws LustreException {
        long seq = parseSeq(parts[1], name);
        if (parts.length == 3 && parts[2].equals("LAST_ID")) {
            return seq == 0 ? Fid.idif(0, ostIndex(dev, name)) : Fid.of(seq, 0, 0);
        }
        if (parts.length == 4 && parts[2].startsWith("d")) {
            long oid;
            int dir;
            try {
                oid = Long.parseUnsignedLong(parts[3]);
                dir = Integer.parseInt(parts[2].substring(1));
            } catch (NumberFormatException e) {
                throw new LustreException(Errno.EINVAL, "'" + name + "': expected O/<seq>/d<0-31>/<object id>");
            }
            if (Long.remainderUnsigned(oid, LrServerData.SUBDIR_COUNT) != dir) {
                throw new LustreException(Errno.ENOENT, "no object '" + name + "': object " + oid + " is in d"
                        + Long.remainderUnsigned(oid, LrServerData.SUBDIR_COUNT) + ", not d" + dir);
            }
            try {
                return seq == 0 ? Fid.idif(oid, ostIndex(dev, name)) : Fid.of(seq, oid);
            } catch (IllegalArgumentException e) {
                throw new LustreException(Errno.EINVAL, "'" + name + "': " + e.getMessage());
            }
        }
        throw new LustreException(Errno.ENOENT, "no object '" + name
                + "' (O/<seq>/LAST_ID or O/<seq>/d<oid % 32>/<oid>)");
    }

    /** A sequence as osd-ldiskfs names its directory: decimal, or hex for normal sequences. */
    private static long parseSeq(String s, String name) throws LustreException {
        try {
            long dec = s.chars().allMatch(Character::isDigit) ? Long.parseUnsignedLong(s) : -1;
            if (dec >= 0 && dec <= Fid.SEQ_RSVD) {
                return dec;
            }
            return Long.parseUnsignedLong(s.startsWith("0x") ? s.substring(2) : s, 16);
        } catch (NumberFormatException e) {
            throw new LustreException(Errno.EINVAL, "'" + name + "': bad sequence '" + s + "'");
        }
    }

    /** The OST index, from last_rcvd (what IDIF FIDs of sequence 0 carry). */
    private static int ostIndex(OsdDevice dev, String name) throws LustreException {
        try (OsdObject o = dev.find(LastRcvd.FID)) {
            if (!o.exists() || o.attrGet().size() < LrServerData.SIZE) {
                throw new LustreException(Errno.ENOENT, "no object '" + name + "': sequence 0 needs the OST index "
                        + "from last_rcvd, and " + dev.name() + " has no last_rcvd");
            }
            byte[] b = new byte[LrServerData.SIZE];
            o.body().readRecord(0, MemorySegment.ofArray(b));
            return LrServerData.decode(MemorySegment.ofArray(b), 0).osdIndex();
        }
    }

    /** A path looked up directory by directory from the OSD root. */
    private static Fid lookupPath(OsdDevice dev, String name, String[] parts) throws LustreException {
        Fid at = dev.rootFid();
        for (String part : parts) {
            if (part.isEmpty()) {
                throw new LustreException(Errno.EINVAL, "'" + name + "' has an empty path component");
            }
            try (OsdObject dir = dev.find(at)) {
                if (!dir.exists() || !FileMode.isDir(dir.fileType())) {
                    throw new LustreException(Errno.ENOENT, "no object '" + name + "': " + at + " is not a directory");
                }
                DirectoryIndex index = dir.indexTry(IndexFeatures.DIRECTORY);
                Optional<Fid> next = index.lookup(part).map(DirEntry::fid);
                if (next.isEmpty()) {
                    throw new LustreException(Errno.ENOENT, "no object '" + name + "' on " + dev.name() + " (no '"
                            + part + "')");
                }
                at = next.get();
            }
        }
        return at;
    }
}
