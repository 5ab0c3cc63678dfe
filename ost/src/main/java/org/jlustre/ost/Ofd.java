package org.jlustre.ost;

import java.lang.foreign.MemorySegment;
import java.util.concurrent.ConcurrentHashMap;
import org.jlustre.common.Errno;
import org.jlustre.common.Fid;
import org.jlustre.common.FileMode;
import org.jlustre.common.Libcfs;
import org.jlustre.common.LustreException;
import org.jlustre.common.debug.DebugMask;
import org.jlustre.common.param.LprocfsStats;
import org.jlustre.osd.AllocationHint;
import org.jlustre.osd.LuAttr;
import org.jlustre.osd.ObjectFormat;
import org.jlustre.osd.ObjectRole;
import org.jlustre.osd.Osd;
import org.jlustre.osd.OsdDevice;
import org.jlustre.osd.OsdObject;
import org.jlustre.osd.Transaction;
import org.jlustre.osd.XattrMode;
import org.jlustre.wire.ObdStatfs;

/**
 * The object filter device of one OST ({@code struct ofd_device}, lustre/ofd): data objects
 * named by FID on an OSD, with Lustre's rules for creating, changing and removing them. The
 * request handlers ({@link OstHandlers}) call it; tests call it directly.
 *
 * <p>Mount ({@code ofd_fs_setup}) creates the {@code health_check} object
 * {@code [0x200000001:0x1018:0x0]} if missing; each object sequence's {@code LAST_ID} is loaded
 * on first use ({@link OfdSeq}). Objects are precreated by the MDT in batches, each batch in one
 * transaction that also advances {@code LAST_ID} ({@code ofd_precreate_objects}), with the mode
 * {@link #UNSET_ATTRS_MODE} that marks an owner not set yet; the first setattr or write carrying
 * an owner sets it and clears those bits ({@code ofd_attr_handle_id}). Size changes only by
 * writes and punches. Bulk I/O is in {@link OfdIo}.
 *
 * <p>Thread-safe: per-sequence state is under each {@link OfdSeq}'s lock, objects are changed
 * under their dt write lock, and the OSD keeps itself consistent.
 */
public final class Ofd implements AutoCloseable {

    /** {@code OFD_UNSET_ATTRS_MODE}: S_IFREG|S_ISUID|S_ISGID|S_ISVTX|0666, "owner not yet set". */
    public static final int UNSET_ATTRS_MODE = FileMode.S_IFREG | 04000 | 02000 | 01000 | 0666;
    /** {@code OFD_HEALTH_CHECK_OID}. */
    public static final int HEALTH_CHECK_OID = 0x1018;
    /** The {@code health_check} object {@code [0x200000001:0x1018:0x0]}. */
    public static final Fid HEALTH_CHECK_FID = Fid.localFile(HEALTH_CHECK_OID);
    /** {@code OST_MAX_PRECREATE}: the most objects one create request may ask beyond LAST_ID. */
    public static final int OST_MAX_PRECREATE = 20000;
    /** {@code OFD_PRECREATE_BATCH_DEFAULT} ({@code OST_MIN_PRECREATE * 4}): objects per transaction. */
    public static final int PRECREATE_BATCH = 128;
    /** {@code OFD_PRECREATE_BATCH_SMALL}: objects per transaction on an OST under 1 GiB. */
    public static final int PRECREATE_BATCH_SMALL = 8;
    /** {@code LUSTRE_DATA_SEQ_MAX_WIDTH}: oids per normal data sequence. */
    public static final long DATA_SEQ_MAX_WIDTH = 0xffffffffL;

    /** The {@code trusted.fid} xattr name ({@code XATTR_NAME_FID}). */
    public static final String XATTR_NAME_FID = "trusted.fid";

    private final OsdDevice osd;
    private final Libcfs libcfs;
    private final String name;
    private final int index;
    private final int precreateBatch;
    /** Loaded sequences by {@code ostid_seq}; an entry never changes once loaded. */
    private final ConcurrentHashMap<Long, OfdSeq> seqs = new ConcurrentHashMap<>();
    private final Grants grants;
    private final OfdIo io;
    /** {@code obdfilter.<name>.stats}, Lustre's counters ({@code ofd_stats_counter_init}). */
    private final LprocfsStats stats;

    private Ofd(OsdDevice osd, Libcfs libcfs, String name, int index) throws LustreException {
        this.osd = osd;
        this.libcfs = libcfs;
        this.name = name;
        this.index = index;
        ObdStatfs sf = osd.statfs();
        this.precreateBatch = sf.blocks() * sf.bsize() < (1L << 30) ? PRECREATE_BATCH_SMALL : PRECREATE_BATCH;
        this.grants = new Grants(osd);
        this.stats = new LprocfsStats(libcfs.time());
        OfdStats.declare(stats);
        this.io = new OfdIo(this);
    }

    /**
     * Mounts the ofd of OST {@code name} (index {@code index}) on {@code osd}
     * ({@code ofd_init0}, {@code ofd_fs_setup}): creates {@code health_check} if missing and
     * loads the legacy group's {@code LAST_ID}.
     *
     * @throws LustreException EINVAL for a corrupt {@code LAST_ID}; what the OSD reports
     */
    public static Ofd mount(OsdDevice osd, Libcfs libcfs, String name, int index) throws LustreException {
        if (index < 0 || index > 0xffff) {
            throw new LustreException(Errno.EINVAL, name + ": OST index " + index + " is not in 0..65535");
        }
        Ofd ofd = new Ofd(osd, libcfs, name, index);
        ofd.healthCheckSetup();
        ofd.seq(Fid.SEQ_OST_MDT0);
        libcfs.debug().logf(DebugMask.S_FILTER, DebugMask.D_CONFIG, "%s: mounted on %s (%s), precreate batch %d",
                name, osd.name(), osd.type(), ofd.precreateBatch);
        return ofd;
    }

    private void healthCheckSetup() throws LustreException {
        try (OsdObject o = osd.find(HEALTH_CHECK_FID)) {
            if (o.exists()) {
                return;
            }
            LuAttr attr = new LuAttr().mode(FileMode.S_IFREG | 0644).valid(LuAttr.LA_MODE | LuAttr.LA_TYPE);
            try (Transaction th = osd.transCreate()) {
                o.declareCreate(attr, AllocationHint.NONE, ObjectFormat.REGULAR, th);
                th.startLocal();
                o.create(attr, AllocationHint.NONE, ObjectFormat.REGULAR, th);
            }
        }
    }

    /** The OST's name ({@code lustre-OST0000}). */
    public String name() {
        return name;
    }

    /** The OST's index. */
    public int index() {
        return index;
    }

    /** The OSD it runs on. */
    public OsdDevice osd() {
        return osd;
    }

    /** The node context. */
    Libcfs libcfs() {
        return libcfs;
    }

    /** The grants. */
    public Grants grants() {
        return grants;
    }

    /** The counters of {@code obdfilter.<name>.stats}. */
    public LprocfsStats stats() {
        return stats;
    }

    /** The bulk I/O paths. */
    public OfdIo io() {
        return io;
    }

    // ---- sequences and object FIDs ----

    /** {@code ostid_seq}: every IDIF sequence is the legacy group 0. */
    static long groupOf(long seq) {
        return seq >= Fid.SEQ_IDIF && seq <= Fid.SEQ_IDIF_MAX ? Fid.SEQ_OST_MDT0 : seq;
    }

    /** Whether objects may live in {@code seq}: the legacy group 0, IDIF, or a normal sequence. */
    static boolean isDataSeq(long seq) {
        return seq == Fid.SEQ_OST_MDT0 || (seq >= Fid.SEQ_IDIF && seq <= Fid.SEQ_IDIF_MAX)
                || Long.compareUnsigned(seq, Fid.SEQ_NORMAL) >= 0;
    }

    /**
     * The loaded sequence {@code seq} ({@code ofd_seq_load}), loading its {@code LAST_ID}.
     *
     * @throws LustreException EINVAL for a sequence that holds no data objects, or a corrupt
     *     {@code LAST_ID}
     */
    OfdSeq seq(long seq) throws LustreException {
        long group = groupOf(seq);
        OfdSeq s = seqs.get(group);
        if (s != null) {
            return s;
        }
        if (!isDataSeq(group)) {
            throw new LustreException(Errno.EINVAL, name + ": sequence 0x" + Long.toHexString(seq)
                    + " holds no OST objects");
        }
        synchronized (seqs) {
            s = seqs.get(group);
            if (s == null) {
                s = OfdSeq.load(osd, name, group, index);
                seqs.put(group, s);
            }
        }
        return s;
    }

    /** The FID of object {@code oid} of {@code seq} ({@code ostid_to_fid}): IDIF for the legacy group. */
    public Fid objectFid(long seq, long oid) throws LustreException {
        if (groupOf(seq) == Fid.SEQ_OST_MDT0) {
            if (oid < 0 || oid > Fid.IDIF_MAX_OID) {
                throw new LustreException(Errno.EINVAL, name + ": object id " + Long.toUnsignedString(oid)
                        + " does not fit an IDIF FID");
            }
            return Fid.idif(oid, index);
        }
        if (oid < 0 || oid > DATA_SEQ_MAX_WIDTH) {
            throw new LustreException(Errno.EINVAL, name + ": object id " + Long.toUnsignedString(oid)
                    + " does not fit sequence 0x" + Long.toHexString(seq));
        }
        return Fid.of(seq, oid);
    }

    /** The last object id created in {@code seq}. */
    public long lastId(long seq) throws LustreException {
        return seq(seq).lastId();
    }

    /**
     * Every loaded sequence and its last id, as {@code obdfilter.*.last_id} lists them
     * ({@code ofd_last_id_seq_show}): {@code <seq>:<last id>} with the legacy group shown as
     * its IDIF sequence.
     */
    public String renderLastIds() {
        StringBuilder sb = new StringBuilder();
        seqs.values().stream().sorted((a, b) -> Long.compareUnsigned(a.seq(), b.seq())).forEach(s -> {
            long seq = s.seq() == Fid.SEQ_OST_MDT0 ? Fid.SEQ_IDIF | ((long) index << 16) : s.seq();
            sb.append("0x").append(Long.toHexString(seq)).append(':').append(Long.toUnsignedString(s.lastId()))
                    .append('\n');
        });
        return sb.toString();
    }

    // ---- create and orphans ----

    /**
     * OST_CREATE without DELORPHAN ({@code ofd_create_hdl}): precreates the objects of
     * {@code seq} after its last id up to {@code oid}, in batches of one transaction each, and
     * returns the last id afterwards. An MDT behind the OST (oid below LAST_ID) is told LAST_ID
     * + 1 and nothing is created; one more than {@link #OST_MAX_PRECREATE} behind is refused.
     *
     * @throws LustreException EINVAL for a bad sequence or an oid far behind LAST_ID; ENOSPC
     *     when not even one object could be created
     */
    public long precreate(long seq, long oid, TxnRecord rec) throws LustreException {
        OfdSeq s = seq(seq);
        synchronized (s) {
            long diff = oid - s.lastId();
            if (diff <= -OST_MAX_PRECREATE) {
                throw new LustreException(Errno.EINVAL, name + ": invalid precreate request for 0x"
                        + Long.toHexString(seq) + ":" + oid + ", last_id " + s.lastId()
                        + ". Likely MDS last_id corruption");
            }
            if (diff < 0) {
                console("%s: MDS LAST_ID 0x%x:%d is %d behind OST LAST_ID %d, trust the OST", name, seq, oid, -diff,
                        s.lastId());
                return s.lastId() + 1;
            }
            return createUpTo(s, oid, diff, rec);
        }
    }

    /**
     * OST_CREATE with DELORPHAN ({@code ofd_create_hdl}, {@code ofd_orphans_destroy}): the MDT
     * (re)connected and last used {@code oid}; objects above it are destroyed and LAST_ID set
     * to it, unless the export asked {@code skipOrphan} (then the old LAST_ID is returned and the
     * objects are not reused). An MDT more than {@link #OST_MAX_PRECREATE} behind is told LAST_ID
     * + 1; one ahead gets its objects created.
     *
     * @return the id to reply
     */
    public long orphansDestroy(long seq, long oid, boolean skipOrphan, TxnRecord rec) throws LustreException {
        OfdSeq s = seq(seq);
        synchronized (s) {
            long last = s.lastId();
            long diff = oid - last;
            if (-diff > OST_MAX_PRECREATE) {
                console("%s: too large difference between MDS LAST_ID 0x%x:%d and OST LAST_ID %d, trust the OST", name,
                        seq, oid, last);
                return last + 1;
            }
            if (diff > 0) {
                return createUpTo(s, oid, diff, rec);
            }
            if (diff == 0) {
                return oid;
            }
            console("%s: deleting orphan objects from 0x%x:%d to 0x%x:%d", name, seq, oid + 1, seq, last);
            for (long id = last; id > oid; id--) {
                Fid fid = objectFid(seq, id);
                try {
                    destroyObject(fid, rec);
                } catch (LustreException e) {
                    if (e.errno() != Errno.ENOENT) {
                        libcfs.debug().logf(DebugMask.S_FILTER, DebugMask.D_ERROR,
                                "%s: error destroying precreated id %s: rc = %d", name, fid, e.rc());
                    }
                }
                if (!skipOrphan) {
                    s.lastIdSet(id - 1);
                }
            }
            if (skipOrphan) {
                return last;
            }
            s.writeAlone(rec);
            return s.lastId();
        }
    }

    /** Creates objects lastId+1 .. lastId+diff in batches; caller holds {@code s}. */
    private long createUpTo(OfdSeq s, long oid, long diff, TxnRecord rec) throws LustreException {
        if (diff > 5L * OST_MAX_PRECREATE) {
            // LU-14: a reformatted OST at an old index precreates only the last batch
            diff = OST_MAX_PRECREATE / 2;
            console("%s: precreate FID 0x%x:%d is over %d higher than LAST_ID %d, only precreating the last %d objects."
                    + " OST replaced or reformatted?", name, s.seq(), oid, 5L * OST_MAX_PRECREATE, s.lastId(), diff);
            s.lastIdSet(oid - diff);
        }
        long created = 0;
        LustreException failure = null;
        while (diff > 0) {
            int count = (int) Math.min(diff, precreateBatch);
            try {
                int n = precreateObjects(s, s.lastId() + 1, count, rec);
                created += n;
                diff -= n;
                if (n < count) {
                    break;
                }
            } catch (LustreException e) {
                failure = e;
                break;
            }
        }
        if (created == 0 && failure != null) {
            libcfs.debug().logf(DebugMask.S_FILTER, DebugMask.D_ERROR, "%s: unable to precreate: rc = %d", name,
                    failure.rc());
            throw failure;
        }
        return s.lastId();
    }

    /**
     * One batch ({@code ofd_precreate_objects}): objects {@code next .. next+count-1} created in
     * one transaction that also writes LAST_ID. Existing objects are skipped (still counted).
     * When the OSD runs out of objects part way, LAST_ID records what was made, in the same
     * transaction.
     *
     * @return how many ids were consumed
     */
    private int precreateObjects(OfdSeq s, long next, int count, TxnRecord rec) throws LustreException {
        LuAttr attr = new LuAttr().mode(UNSET_ATTRS_MODE).atime(0).mtime(0).ctime(0)
                .valid(LuAttr.LA_TYPE | LuAttr.LA_MODE | LuAttr.LA_ATIME | LuAttr.LA_MTIME | LuAttr.LA_CTIME);
        OsdObject[] objs = new OsdObject[count];
        try {
            for (int i = 0; i < count; i++) {
                objs[i] = osd.find(objectFid(s.seq(), next + i));
            }
            int done = 0;
            try (Transaction th = osd.transCreate()) {
                for (OsdObject o : objs) {
                    if (!o.exists()) {
                        o.declareCreate(attr, AllocationHint.NONE, ObjectFormat.REGULAR, th);
                    }
                }
                s.declareWrite(th);
                rec.declare(th);
                th.start();
                LustreException failure = null;
                for (OsdObject o : objs) {
                    if (!o.exists()) {
                        try {
                            o.create(attr, AllocationHint.NONE, ObjectFormat.REGULAR, th);
                        } catch (LustreException e) {
                            failure = e;
                            break;
                        }
                    }
                    done++;
                }
                if (done > 0) {
                    s.lastIdSet(next + done - 1);
                    s.write(th);
                }
                if (done == 0 && failure != null) {
                    throw failure;
                }
                rec.record(th);
            }
            return done;
        } finally {
            for (OsdObject o : objs) {
                if (o != null) {
                    o.close();
                }
            }
        }
    }

    // ---- attributes ----

    /** The object of {@code fid}, referenced, which must exist ({@code ofd_object_find_exists}). */
    OsdObject findExisting(Fid fid) throws LustreException {
        OsdObject o = osd.find(fid);
        if (!o.exists()) {
            o.close();
            throw new LustreException(Errno.ENOENT, name + ": object " + fid + " does not exist");
        }
        return o;
    }

    /** OST_GETATTR ({@code ofd_attr_get}). */
    public LuAttr getattr(Fid fid) throws LustreException {
        try (OsdObject o = findExisting(fid)) {
            return o.attrGet();
        }
    }

    /**
     * OST_SETATTR ({@code ofd_attr_set}): owner, group, project, times and mode bits; never
     * the size (that is a punch) nor the type. The first owner clears the "unset" bits
     * ({@code ofd_attr_handle_id}). {@code ffUpdate}, when not null, says what to store as
     * {@code trusted.fid} in the same transaction ({@code ofd_object_ff_update}).
     *
     * @return the attributes afterwards
     */
    public LuAttr setattr(Fid fid, LuAttr change, FilterFidUpdate ffUpdate, TxnRecord rec) throws LustreException {
        LuAttr la = new LuAttr(change);
        la.valid(la.valid() & ~(LuAttr.LA_TYPE | LuAttr.LA_SIZE | LuAttr.LA_BLOCKS));
        try (OsdObject o = findExisting(fid)) {
            o.writeLock(ObjectRole.TGT_CHILD);
            try {
                handleOwner(o, la, true);
                try (Transaction th = osd.transCreate()) {
                    if (la.valid() != 0) {
                        o.declareAttrSet(la, th);
                    }
                    MemorySegment filterFid = filterFid(o, ffUpdate);
                    boolean ff = filterFid != null;
                    if (ff) {
                        o.declareXattrSet(XATTR_NAME_FID, (int) filterFid.byteSize(), XattrMode.SET, th);
                    }
                    rec.declare(th);
                    th.start();
                    if (la.valid() != 0) {
                        o.attrSet(la, th);
                    }
                    if (ff) {
                        o.xattrSet(XATTR_NAME_FID, filterFid, XattrMode.SET, th);
                    }
                    rec.record(th);
                }
                return o.attrGet();
            } finally {
                o.writeUnlock();
            }
        }
    }

    /**
     * {@code ofd_attr_handle_id}: an owner (uid, gid, projid) is set only while the object's
     * matching "unset" bit is there, unless this is a setattr; setting one clears its bit
     * (S_ISUID for uid, S_ISGID for gid, S_ISVTX for projid). Caller holds the object's lock.
     */
    static void handleOwner(OsdObject o, LuAttr la, boolean isSetattr) throws LustreException {
        if (!la.has(LuAttr.LA_UID) && !la.has(LuAttr.LA_GID) && !la.has(LuAttr.LA_PROJID)) {
            return;
        }
        int mode = o.attrGet().mode();
        if (!isSetattr) {
            if ((mode & 04000) == 0) {
                la.valid(la.valid() & ~LuAttr.LA_UID);
            }
            if ((mode & 02000) == 0) {
                la.valid(la.valid() & ~LuAttr.LA_GID);
            }
            if ((mode & 01000) == 0) {
                la.valid(la.valid() & ~LuAttr.LA_PROJID);
            }
        }
        int mask = 0;
        if (la.has(LuAttr.LA_UID) && (mode & 04000) != 0) {
            mask |= 04000;
        }
        if (la.has(LuAttr.LA_GID) && (mode & 02000) != 0) {
            mask |= 02000;
        }
        if (la.has(LuAttr.LA_PROJID) && (mode & 01000) != 0) {
            mask |= 01000;
        }
        if (mask != 0) {
            int base = la.has(LuAttr.LA_MODE) ? (mode & FileMode.S_IFMT) | (la.mode() & ~FileMode.S_IFMT) : mode;
            la.mode(base & ~mask);
            la.valid(la.valid() | LuAttr.LA_MODE);
        }
    }

    /**
     * The {@code trusted.fid} to store on {@code o} for {@code update}: null when there is no
     * update or it would store what the object holds. Caller holds the object's lock.
     */
    static MemorySegment filterFid(OsdObject o, FilterFidUpdate update) throws LustreException {
        if (update == null) {
            return null;
        }
        byte[] old = o.xattrGetOrNull(XATTR_NAME_FID);
        MemorySegment value = update.merge(old);
        if (value == null || old != null && MemorySegment.ofArray(old).mismatch(value) == -1) {
            return null;
        }
        return value;
    }

    // ---- punch and destroy ----

    /**
     * OST_PUNCH ({@code ofd_object_punch}): truncates at {@code start} (the end is always
     * {@link Osd#OBJECT_EOF}) and applies the times of {@code la} in the same transaction.
     *
     * @return the attributes afterwards
     */
    public LuAttr punch(Fid fid, long start, LuAttr la, TxnRecord rec) throws LustreException {
        if (start < 0) {
            throw new LustreException(Errno.EINVAL, name + ": punch of " + fid + " from negative offset " + start);
        }
        if (start > osd.conf().maxBytes()) {
            throw new LustreException(Errno.EFBIG, name + ": punch of " + fid + " to " + start
                    + " past the maximum object size " + osd.conf().maxBytes());
        }
        LuAttr times = new LuAttr(la == null ? new LuAttr() : la);
        times.valid(times.valid() & (LuAttr.LA_ATIME | LuAttr.LA_MTIME | LuAttr.LA_CTIME));
        try (OsdObject o = findExisting(fid)) {
            o.writeLock(ObjectRole.TGT_CHILD);
            try (Transaction th = osd.transCreate()) {
                o.body().declarePunch(start, Osd.OBJECT_EOF, th);
                if (times.valid() != 0) {
                    o.declareAttrSet(times, th);
                }
                rec.declare(th);
                th.start();
                o.body().punch(start, Osd.OBJECT_EOF, th);
                if (times.valid() != 0) {
                    o.attrSet(times, th);
                }
                rec.record(th);
            } finally {
                o.writeUnlock();
            }
            return o.attrGet();
        }
    }

    /** OST_DESTROY of one object ({@code ofd_destroy_by_fid}): ENOENT when it does not exist. */
    public void destroy(Fid fid, TxnRecord rec) throws LustreException {
        destroyObject(fid, rec);
    }

    private void destroyObject(Fid fid, TxnRecord rec) throws LustreException {
        try (OsdObject o = findExisting(fid)) {
            o.writeLock(ObjectRole.TGT_CHILD);
            try (Transaction th = osd.transCreate()) {
                o.declareDestroy(th);
                rec.declare(th);
                th.start();
                o.destroy(th);
                rec.record(th);
            } finally {
                o.writeUnlock();
            }
        }
    }

    // ---- statfs ----

    /**
     * OST_STATFS ({@code ofd_statfs}): the OSD's, with the space granted to clients taken out of
     * what is available, so {@code df} never shows space already promised.
     */
    public ObdStatfs statfs() throws LustreException {
        ObdStatfs sf = osd.statfs();
        long promised = (grants.totalGranted() + sf.bsize() - 1) / sf.bsize();
        long bavail = sf.bavail() - Math.min(sf.bavail(), promised);
        return new ObdStatfs(sf.type(), sf.blocks(), sf.bfree(), bavail, sf.files(), sf.ffree(), sf.fsid(),
                sf.bsize(), sf.namelen(), sf.maxbytes(), sf.state(), sf.fprecreated(),
                (int) Math.min(Integer.MAX_VALUE, grants.totalGranted() / sf.bsize()));
    }

    private void console(String fmt, Object... args) {
        libcfs.debug().logf(DebugMask.S_FILTER, DebugMask.D_CONSOLE, fmt, args);
    }

    /** Unmounts: the OSD stays (its owner closes it). */
    @Override
    public void close() {
        libcfs.debug().logf(DebugMask.S_FILTER, DebugMask.D_CONFIG, "%s: unmounted", name);
    }

    @Override
    public String toString() {
        return name + " on " + osd.name();
    }
}
