package org.jlustre.target;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Set;
import java.util.HashSet;
import org.jlustre.common.Errno;
import org.jlustre.common.Fid;
import org.jlustre.common.FileMode;
import org.jlustre.common.LustreException;
import org.jlustre.osd.DirEntry;
import org.jlustre.osd.DirectoryIterator;
import org.jlustre.osd.IndexFeatures;
import org.jlustre.osd.LuAttr;
import org.jlustre.osd.OsdDevice;
import org.jlustre.osd.OsdObject;
import org.jlustre.osd.SeekWhence;
import org.jlustre.wire.target.LrServerData;
import org.jlustre.wire.target.TargetFeatures;

/**
 * Walks a target's OSD as the directory tree an ldiskfs target shows when mounted with
 * {@code -t ldiskfs}, handing every directory, file, symlink and special file with its
 * attributes and xattrs to a {@link Sink} (the {@code jlustre osd export} command writes them
 * to a local directory).
 *
 * <p>Names: everything reachable from the OSD root by name keeps its path ({@code ROOT/...},
 * {@code CONFIGS/...}, {@code last_rcvd}, {@code PENDING} ...); a FID reached again under another
 * name is a hard link. Every other object gets the name osd-ldiskfs gives it
 * ({@code osd_compat.c}, {@link TargetObjects}): an OST's objects and a sequence's
 * {@code LAST_ID} under {@code O/<seq>/d<oid % 32>/<oid>} and {@code O/<seq>/LAST_ID} (with the
 * 32 {@code d<n>} directories every sequence has), unnamed llogs under
 * {@code O/1/d<oid % 32>/<oid>}. Objects with no name on ldiskfs either (an MDT object only in
 * the OI) are counted and left out. Names that are not valid UTF-8 cannot be local path names
 * here: they are reported and left out.
 *
 * <p>The walk reads the OSD beside the target's own updates, as {@code debugfs} on a mounted
 * device would: an object being written may be copied half old, half new.
 */
public final class OsdExport {

    /** How much of a body is read at once. */
    private static final int CHUNK = 64 * 1024;
    /** Mode of the directories osd-ldiskfs makes for objects ({@code O}, {@code O/<seq>}, {@code d<n>}). */
    private static final int OBJECT_DIR_MODE = FileMode.S_IFDIR | 0755;

    /**
     * The names in the root that osd-ldiskfs gives objects created by FID alone: the
     * {@code osd_lf_maps} entries with {@code OLF_SHOW_NAME} (osd_scrub.c), which
     * {@code osd_obj_spec_insert} (osd_compat.c) links into the root at create. CATALOGS is the
     * one a target here makes by FID only (llog's catalog list); the others are made by name too.
     * OIDs from {@code enum local_oid} (lustre_fid.h).
     */
    private static final Map<Fid, String> ROOT_NAMED_FIDS = Map.ofEntries(
            Map.entry(Fid.localFile(4118), "CATALOGS"), // LLOG_CATALOGS_OID
            Map.entry(Fid.localFile(3), "fld"), // FLD_INDEX_OID
            Map.entry(Fid.localFile(11), "last_rcvd"), // LAST_RECV_OID
            Map.entry(Fid.localFile(21), "reply_data"), // REPLY_DATA_OID
            Map.entry(Fid.localFile(8), "lov_objid"), // MDD_LOV_OBJ_OID
            Map.entry(Fid.localFile(4121), "lov_objseq"), // MDD_LOV_OBJ_OSEQ
            Map.entry(Fid.localFile(4), "seq_ctl"), // FID_SEQ_CTL_OID
            Map.entry(Fid.localFile(5), "seq_srv"), // FID_SEQ_SRV_OID
            Map.entry(Fid.localFile(4120), "health_check"), // OFD_HEALTH_CHECK_OID
            Map.entry(Fid.localFile(4117), "LAST_GROUP"), // OFD_LAST_GROUP_OID
            Map.entry(Fid.localFile(4125), "BATCHID"), // BATCHID_COMMITTED_OID
            Map.entry(Fid.of(Fid.SEQ_UPDATE_LOG, 0), "update_log")); // MDT0's update log

    /**
     * One object as it is written.
     *
     * @param fid its FID
     * @param attr its attributes (mode with type bits, uid, gid, times in seconds, rdev, size)
     * @param xattrs its extended attributes by name ({@code trusted.lma}, {@code user.x} ...), in name order
     */
    public record Node(Fid fid, LuAttr attr, Map<String, byte[]> xattrs) {
    }

    /** A regular file's data, read in extents so holes stay holes. */
    public interface Contents {
        /** Called for each piece of data, in offset order. */
        @FunctionalInterface
        interface Chunk {
            void accept(long pos, ByteBuffer data) throws IOException;
        }

        /** Hands every data extent to {@code chunk}, in pieces of at most 64 KiB; holes are skipped. */
        void forEachData(Chunk chunk) throws IOException, LustreException;
    }

    /** Where the tree goes. Paths are relative, '/'-separated, parents always made first. */
    public interface Sink {
        /** A directory. */
        void directory(String path, Node node) throws IOException;

        /** A regular file of {@code node.attr().size()} bytes. */
        void file(String path, Node node, Contents data) throws IOException, LustreException;

        /** A symbolic link to {@code target}. */
        void symlink(String path, String target, Node node) throws IOException;

        /** A fifo, socket, character or block device ({@code node.attr().mode()}, {@code rdev()}). */
        void special(String path, Node node) throws IOException;

        /** Another name of the object already written at {@code existing}. */
        void hardLink(String path, String existing) throws IOException;

        /** A line for the report: something left out, and why. */
        void skipped(String line);
    }

    /**
     * What an export wrote.
     *
     * @param directories directories written
     * @param files regular files written
     * @param symlinks symbolic links written
     * @param specials fifos, sockets and devices handed to the sink
     * @param hardLinks extra names of objects already written
     * @param bytes data bytes copied (holes not counted)
     * @param unnamed objects with no ldiskfs name, left out
     * @param badNames entries whose name is not valid UTF-8, left out
     */
    public record Result(int directories, int files, int symlinks, int specials, int hardLinks, long bytes,
            int unnamed, int badNames) {
    }

    /** The device. */
    private final OsdDevice dev;
    /** The sink. */
    private final Sink sink;
    /** Where each FID written by name went (hard links); the walk's thread only. */
    private final Map<Fid, String> written = new HashMap<>();
    /** Objects a name reached but that were left out (a bad name): not exported again by FID. */
    private final Set<Fid> leftOut = new HashSet<>();
    /** Every path handed to the sink; the walk's thread only. */
    private final Set<String> paths = new HashSet<>();
    private int directories;
    private int files;
    private int symlinks;
    private int specials;
    private int hardLinks;
    private long bytes;
    private int unnamed;
    private int badNames;

    private OsdExport(OsdDevice dev, Sink sink) {
        this.dev = dev;
        this.sink = sink;
    }

    /**
     * Exports {@code dev} to {@code sink}: the named tree from the OSD root, then every other
     * object under its ldiskfs object name.
     *
     * @throws LustreException what the OSD reports
     * @throws IOException what the sink reports
     */
    public static Result export(OsdDevice dev, Sink sink) throws LustreException, IOException {
        OsdExport e = new OsdExport(dev, sink);
        e.walkNames();
        e.objectNames();
        return new Result(e.directories, e.files, e.symlinks, e.specials, e.hardLinks, e.bytes, e.unnamed,
                e.badNames);
    }

    /** The tree from the OSD root, breadth first so parents come first. */
    private void walkNames() throws LustreException, IOException {
        written.put(dev.rootFid(), "");
        Deque<Map.Entry<Fid, String>> dirs = new ArrayDeque<>();
        dirs.add(Map.entry(dev.rootFid(), ""));
        while (!dirs.isEmpty()) {
            Map.Entry<Fid, String> d = dirs.poll();
            for (DirEntry e : entries(d.getKey())) {
                String name = utf8(e.nameBytes());
                if (name == null) {
                    badNames++;
                    leftOut.add(e.fid());
                    sink.skipped("name " + hex(e.nameBytes()) + " in '" + d.getValue() + "' (" + e.fid()
                            + ") is not valid UTF-8: left out");
                    continue;
                }
                String path = d.getValue().isEmpty() ? name : d.getValue() + "/" + name;
                String earlier = written.get(e.fid());
                if (earlier != null) {
                    if (FileMode.type(e.type()) == FileMode.S_IFDIR) {
                        sink.skipped("directory " + e.fid() + " is named both '" + earlier + "' and '" + path
                                + "': the second name left out");
                        continue;
                    }
                    sink.hardLink(path, earlier);
                    paths.add(path);
                    hardLinks++;
                    continue;
                }
                if (writeObject(path, e.fid())) {
                    dirs.add(Map.entry(e.fid(), path));
                }
            }
        }
    }

    /** A directory's entries but "." and "..". */
    private List<DirEntry> entries(Fid dir) throws LustreException {
        List<DirEntry> out = new ArrayList<>();
        try (OsdObject o = dev.find(dir); DirectoryIterator it = o.indexTry(IndexFeatures.DIRECTORY).iterator(0)) {
            it.get("");
            while (it.next() == 0) {
                DirEntry e = it.entry();
                byte[] n = e.nameBytes();
                if ((n.length == 1 && n[0] == '.') || (n.length == 2 && n[0] == '.' && n[1] == '.')) {
                    continue;
                }
                out.add(e);
            }
        }
        return out;
    }

    /**
     * Writes the object {@code fid} at {@code path} by its type; true when it is a directory
     * whose entries come next. An entry whose object is gone is reported.
     */
    private boolean writeObject(String path, Fid fid) throws LustreException, IOException {
        try (OsdObject o = dev.find(fid)) {
            if (!o.exists()) {
                sink.skipped("'" + path + "' names " + fid + ", which does not exist: left out");
                return false;
            }
            LuAttr attr = o.attrGet();
            Node node = new Node(fid, attr, xattrs(o));
            written.put(fid, path);
            paths.add(path);
            int type = FileMode.type(attr.mode());
            if (type == FileMode.S_IFDIR) {
                sink.directory(path, node);
                directories++;
                return true;
            }
            if (type == FileMode.S_IFREG) {
                sink.file(path, node, chunk -> copy(o, chunk));
                files++;
            } else if (type == FileMode.S_IFLNK) {
                byte[] target = new byte[(int) Math.min(attr.size(), 4096)];
                int n = target.length == 0 ? 0 : o.body().read(0, MemorySegment.ofArray(target));
                String t = utf8(Arrays.copyOf(target, Math.max(n, 0)));
                if (t == null) {
                    badNames++;
                    leftOut.add(fid);
                    written.remove(fid);
                    paths.remove(path);
                    sink.skipped("symlink '" + path + "' (" + fid + ") points at " + hex(target)
                            + ", not valid UTF-8: left out");
                    return false;
                }
                sink.symlink(path, t, node);
                symlinks++;
            } else {
                sink.special(path, node);
                specials++;
            }
            return false;
        }
    }

    /** The data of a body in extents, through {@code dbo_lseek}'s SEEK_DATA/SEEK_HOLE. */
    private void copy(OsdObject o, Contents.Chunk chunk) throws LustreException, IOException {
        long size = o.attrGet().size();
        byte[] buf = new byte[CHUNK];
        long pos = 0;
        while (pos < size) {
            long data;
            try {
                data = o.body().seek(pos, SeekWhence.DATA);
            } catch (LustreException e) {
                if (e.errno() == Errno.ENXIO) {
                    return; // only a hole is left
                }
                throw e;
            }
            long hole = o.body().seek(data, SeekWhence.HOLE);
            for (long at = data; at < hole;) {
                int len = (int) Math.min(buf.length, hole - at);
                int n = o.body().read(at, MemorySegment.ofArray(buf).asSlice(0, len));
                if (n <= 0) {
                    return; // truncated while we read
                }
                chunk.accept(at, ByteBuffer.wrap(buf, 0, n));
                bytes += n;
                at += n;
            }
            pos = hole;
        }
    }

    /** Every xattr of {@code o}, in name order. */
    private static Map<String, byte[]> xattrs(OsdObject o) throws LustreException {
        Map<String, byte[]> out = new TreeMap<>();
        for (String name : o.xattrNames()) {
            byte[] value = o.xattrGetOrNull(name);
            if (value != null) { // null: removed while we listed
                out.put(name, value);
            }
        }
        return new LinkedHashMap<>(out);
    }

    /** The objects no name reached, under their osd-ldiskfs object names. */
    private void objectNames() throws LustreException, IOException {
        boolean ost = isOst();
        Map<String, Fid> byPath = new TreeMap<>();
        for (Fid fid : dev.objectFids()) {
            if (written.containsKey(fid) || leftOut.contains(fid)) {
                continue;
            }
            String path = objectPath(fid, ost);
            if (path == null) {
                unnamed++;
                continue;
            }
            byPath.put(path, fid);
        }
        if (unnamed > 0) {
            sink.skipped(unnamed + " object(s) have no name on ldiskfs either (only in its OI): left out");
        }
        for (Map.Entry<String, Fid> e : byPath.entrySet()) {
            String path = e.getKey();
            int slash = path.lastIndexOf('/');
            if (slash < 0 && paths.contains(path)) {
                sink.skipped("'" + path + "' (" + e.getValue() + ") is taken by another object: left out");
                continue;
            }
            if (slash > 0) {
                makeObjectDirs(path.substring(0, slash));
            }
            writeObject(path, e.getValue());
        }
    }

    /**
     * The directories above an object name, and for a new {@code O/<seq>} its 32 {@code d<n>}
     * (osd-ldiskfs makes them all with the sequence).
     */
    private void makeObjectDirs(String dir) throws IOException {
        String[] parts = dir.split("/");
        StringBuilder at = new StringBuilder();
        for (String p : parts) {
            if (!at.isEmpty()) {
                at.append('/');
            }
            at.append(p);
            String path = at.toString();
            if (!paths.add(path)) {
                continue;
            }
            sink.directory(path, objectDir());
            directories++;
            if (path.chars().filter(c -> c == '/').count() == 1 && path.startsWith("O/")) {
                for (int i = 0; i < LrServerData.SUBDIR_COUNT; i++) {
                    if (paths.add(path + "/d" + i)) {
                        sink.directory(path + "/d" + i, objectDir());
                        directories++;
                    }
                }
            }
        }
    }

    /** The attributes of a directory osd-ldiskfs makes for objects. */
    private static Node objectDir() {
        return new Node(Fid.of(0, 0, 0), new LuAttr().mode(OBJECT_DIR_MODE).uid(0).gid(0), Map.of());
    }

    /**
     * An unnamed object's ldiskfs name (a root name from {@link #ROOT_NAMED_FIDS}, else
     * {@code osd_obj_map_insert}, {@code osd_seq_name}), or null when it has none.
     */
    static String objectPath(Fid fid, boolean ost) {
        String rootName = ROOT_NAMED_FIDS.get(fid);
        if (rootName != null) {
            return rootName;
        }
        long seq;
        long oid;
        if (fid.isIdif()) {
            seq = 0;
            oid = fid.idifObjectId();
        } else if (fid.isLlog() || (ost && fid.isNormal()) || (ost && fid.isMdt0())) {
            seq = fid.seq();
            oid = fid.oidUnsigned();
        } else {
            return null;
        }
        String seqName = Long.compareUnsigned(seq, Fid.SEQ_RSVD) <= 0 ? Long.toUnsignedString(seq)
                : Long.toHexString(seq);
        if (oid == 0) {
            return "O/" + seqName + "/LAST_ID";
        }
        return "O/" + seqName + "/d" + Long.remainderUnsigned(oid, LrServerData.SUBDIR_COUNT) + "/"
                + Long.toUnsignedString(oid);
    }

    /** Whether last_rcvd says the device is an OST's ({@code OBD_INCOMPAT_OST}). */
    private boolean isOst() throws LustreException {
        try (OsdObject o = dev.find(LastRcvd.FID)) {
            if (!o.exists() || o.attrGet().size() < LrServerData.SIZE) {
                return false;
            }
            byte[] b = new byte[LrServerData.SIZE];
            o.body().readRecord(0, MemorySegment.ofArray(b));
            return (LrServerData.decode(MemorySegment.ofArray(b), 0).featureIncompat() & TargetFeatures.INCOMPAT_OST)
                    != 0;
        }
    }

    /** The name as text, or null when it is not valid UTF-8. */
    private static String utf8(byte[] b) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder("0x");
        for (byte x : b) {
            sb.append(String.format("%02x", x & 0xff));
        }
        return sb.toString();
    }
}
