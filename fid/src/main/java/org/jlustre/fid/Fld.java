package org.jlustre.fid;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jlustre.common.Errno;
import org.jlustre.common.Fid;
import org.jlustre.common.LustreException;
import org.jlustre.osd.IndexFeatures;
import org.jlustre.osd.KeyValueIndex;
import org.jlustre.osd.KeyValueIterator;
import org.jlustre.osd.ObjectFormat;
import org.jlustre.osd.OsdDevice;
import org.jlustre.osd.OsdObject;
import org.jlustre.osd.Transaction;
import org.jlustre.wire.Be;
import org.jlustre.wire.fid.LuSeqRange;

/**
 * The FID location database of one target (lustre/fld: fld_index.c, fld_cache.c,
 * fld_handler.c): which target owns which sequences. On disk the index {@code fld}
 * {@code [0x200000001:0x3:0x0]} maps a range's start (8 bytes big-endian) to the range with
 * every field big-endian (24 bytes), so it sorts by sequence; in memory a cache holds every
 * entry, with adjacent ranges of one owner joined ({@code fld_fix_new_list}), and answers
 * lookups.
 *
 * <p>MDT0 starts with the entries {@code fld_insert_special_entries} writes: IGIF
 * {@code [12, 0x100000000)}, {@code .lustre} {@code [0x200000002, +1)} and ROOT
 * {@code [0x200000007, +1)}, all MDT0's. The sequence controller adds every super-sequence it
 * hands out, in the transaction that hands it out; another target's sequence server adds the
 * super-sequence it receives.
 *
 * <p>An insert joins the new range to the entry before it when they touch and have the same
 * owner, as {@code fld_index_create} does: by deleting that entry's key and inserting the
 * joined range. Like Lustre it finds that entry through the cache lookup, which names the
 * entry before a sequence only when some entry follows it; a range appended after every entry
 * (what the controller does, handing out ranges in order) is stored as an entry of its own.
 *
 * <p>Thread-safe: one monitor guards the cache and the index updates ({@code lsf_lock}).
 */
public final class Fld implements AutoCloseable {

    /** The index's FID ({@code FLD_INDEX_OID}). */
    public static final Fid FID = LocalFile.FLD;
    /** Its name in the OSD root. */
    public static final String NAME = "fld";

    /** {@code IGIF_FLD_RANGE}. */
    static final LuSeqRange IGIF = LuSeqRange.of(Fid.SEQ_IGIF, Fid.SEQ_IDIF, 0, LuSeqRange.MDT);
    /** {@code DOT_LUSTRE_FLD_RANGE}. */
    static final LuSeqRange DOT_LUSTRE = LuSeqRange.of(Fid.SEQ_DOT_LUSTRE, Fid.SEQ_DOT_LUSTRE + 1, 0, LuSeqRange.MDT);
    /** {@code ROOT_FLD_RANGE}. */
    static final LuSeqRange ROOT = LuSeqRange.of(Fid.SEQ_ROOT, Fid.SEQ_ROOT + 1, 0, LuSeqRange.MDT);

    /** The target's name ({@code lsf_name}), for messages. */
    private final String name;
    /** The index object. */
    private final OsdObject object;
    /** The index. */
    private final KeyValueIndex index;
    /** Whether the index had no entry when opened ({@code lsf_new}). */
    private boolean fresh;
    /** The cache: joined ranges by start, unsigned order. Guarded by this. */
    private final TreeMap<Long, LuSeqRange> cache = new TreeMap<>(Long::compareUnsigned);

    private Fld(String name, OsdObject object, KeyValueIndex index) {
        this.name = name;
        this.object = object;
        this.index = index;
    }

    /**
     * Opens the fld of target {@code name} ({@code fld_index_init}): creates the index when
     * missing, loads every entry into the cache, and on MDT0 ({@code index} 0, an MDT) adds
     * the special entries that are missing.
     *
     * @throws LustreException EEXIST when {@code fld} in the root is another object; EINVAL
     *     when an entry's key is not its range's start; what the OSD reports
     */
    public static Fld open(OsdDevice dev, String name, int targetIndex, boolean mdt) throws LustreException {
        OsdObject o = LocalFile.findOrCreate(dev, FID, NAME, ObjectFormat.index(IndexFeatures.FLD));
        try {
            Fld fld = new Fld(name, o, o.indexTry(IndexFeatures.FLD));
            fld.load();
            fld.fresh = fld.cache.isEmpty();
            if (targetIndex == 0 && mdt) {
                for (LuSeqRange special : List.of(IGIF, DOT_LUSTRE, ROOT)) {
                    fld.insertEntry(special);
                }
            }
            return fld;
        } catch (LustreException | RuntimeException e) {
            o.close();
            throw e;
        }
    }

    private void load() throws LustreException {
        for (LuSeqRange r : entries()) {
            // a zeroed key and record of a fresh IAM index is no entry (fld_index_init)
            if (Long.compareUnsigned(r.start(), r.end()) < 0) {
                cacheInsert(r);
            }
        }
    }

    /**
     * The range holding {@code seq} ({@code fld_local_lookup}).
     *
     * @throws LustreException ENOENT when no entry holds it
     */
    public LuSeqRange lookup(long seq) throws LustreException {
        return find(seq).orElseThrow(() -> new LustreException(Errno.ENOENT, name + ": cannot find sequence 0x"
                + Long.toHexString(seq)));
    }

    /** The range holding {@code seq}, if an entry does. */
    public synchronized Optional<LuSeqRange> find(long seq) {
        Map.Entry<Long, LuSeqRange> e = cache.floorEntry(seq);
        return e != null && e.getValue().contains(seq) ? Optional.of(e.getValue()) : Optional.empty();
    }

    /** Every cached range, joined, in order. */
    public synchronized List<LuSeqRange> ranges() {
        return List.copyOf(cache.values());
    }

    /**
     * Every entry of the index as stored, by start (for tests and dumps; {@code fld_index_init}
     * walks them with an iterator from cookie 0).
     *
     * @throws LustreException EINVAL when an entry's key is not its range's start
     */
    public synchronized List<LuSeqRange> entries() throws LustreException {
        List<LuSeqRange> out = new ArrayList<>();
        try (KeyValueIterator it = index.iterator()) {
            int rc = it.load(0) > 0 ? 0 : it.next();
            while (rc == 0) {
                LuSeqRange r = LuSeqRange.fromBigEndianBytes(it.rec());
                long key = MemorySegment.ofArray(it.key()).get(Be.U64, 0);
                if (key != r.start()) {
                    throw new LustreException(Errno.EINVAL, name + ": fld key 0x" + Long.toHexString(key)
                            + " holds the range " + r);
                }
                out.add(r);
                rc = it.next();
            }
        }
        out.sort((a, b) -> Long.compareUnsigned(a.start(), b.start()));
        return out;
    }

    /**
     * Declares {@link #insert} of {@code range} in {@code th} ({@code fld_declare_index_create}).
     *
     * @throws LustreException EEXIST when an entry holds its start already; EINVAL for an empty
     *     or insane range
     */
    public synchronized void declareInsert(LuSeqRange range, Transaction th) throws LustreException {
        Plan p = plan(range);
        if (p.joinWith != null) {
            index.declareDelete(LuSeqRange.fldKey(p.joinWith.start()), th);
        }
        index.declareInsert(LuSeqRange.fldKey(p.stored.start()), th);
    }

    /**
     * Inserts {@code range} in {@code th}, joined to the entry before it when Lustre would
     * ({@code fld_index_create}), and caches it.
     *
     * @throws LustreException EEXIST when an entry holds its start or it overlaps the next entry
     */
    public synchronized void insert(LuSeqRange range, Transaction th) throws LustreException {
        Plan p = plan(range);
        if (p.joinWith != null) {
            index.delete(LuSeqRange.fldKey(p.joinWith.start()), th);
        }
        index.insert(LuSeqRange.fldKey(p.stored.start()), p.stored.toBigEndianBytes(), th);
        cacheInsert(range);
    }

    /**
     * Inserts {@code range} in a local transaction of its own unless an entry holds its start
     * already ({@code fld_insert_entry}, which takes EEXIST as done).
     */
    public void insertEntry(LuSeqRange range) throws LustreException {
        OsdDevice dev = object.device();
        synchronized (this) {
            if (find(range.start()).isPresent()) {
                return;
            }
            try (Transaction th = dev.transCreate()) {
                declareInsert(range, th);
                th.startLocal();
                insert(range, th);
            }
        }
    }

    /**
     * On an MDT other than MDT0 whose fld was empty when opened, copies its own entries from
     * MDT0's fld ({@code fld_update_from_controller}): what MDT0's controller granted it before.
     * Does nothing on MDT0 or an fld that had entries.
     *
     * @return how many entries were copied
     * @throws LustreException EINVAL when MDT0 answers a range of another owner; the RPC's error
     */
    public int updateFromController(FldClient mdt0, int targetIndex) throws LustreException {
        synchronized (this) {
            if (!fresh || targetIndex == 0) {
                return 0;
            }
        }
        List<LuSeqRange> ranges = mdt0.read(targetIndex, LuSeqRange.MDT);
        for (LuSeqRange r : ranges) {
            if (r.flags() != LuSeqRange.MDT || r.index() != targetIndex) {
                throw new LustreException(Errno.EINVAL, name + ": MDT0 sent " + r + " for MDT index " + targetIndex);
            }
        }
        for (LuSeqRange r : ranges) {
            insertEntry(r);
        }
        synchronized (this) {
            fresh = false;
        }
        return ranges.size();
    }

    /** What an insert stores: the range, or the range joined to {@code joinWith}, whose key goes. */
    private record Plan(LuSeqRange stored, LuSeqRange joinWith) {
    }

    private Plan plan(LuSeqRange range) throws LustreException {
        if (!range.isSane() || range.isExhausted()) {
            throw new LustreException(Errno.EINVAL, name + ": fld range " + range + " is empty or insane");
        }
        Map.Entry<Long, LuSeqRange> before = cache.floorEntry(range.start());
        if (before != null && before.getValue().contains(range.start())) {
            throw new LustreException(Errno.EEXIST, name + ": sequence 0x" + Long.toHexString(range.start())
                    + " is in " + before.getValue() + " already");
        }
        Map.Entry<Long, LuSeqRange> after = cache.higherEntry(range.start());
        if (after != null && Long.compareUnsigned(after.getKey(), range.end()) < 0) {
            throw new LustreException(Errno.EEXIST, name + ": " + range + " overlaps " + after.getValue());
        }
        // fld_cache_lookup names the entry before only when it stopped at a later one
        if (before != null && after != null && before.getValue().end() == range.start()
                && before.getValue().sameLocation(range)) {
            return new Plan(range.withBounds(before.getValue().start(), range.end()), before.getValue());
        }
        return new Plan(range, null);
    }

    /** Adds {@code r} to the cache, joined to neighbours of the same owner ({@code fld_fix_new_list}). */
    private void cacheInsert(LuSeqRange r) {
        LuSeqRange joined = r;
        Map.Entry<Long, LuSeqRange> before = cache.floorEntry(r.start());
        if (before != null && before.getValue().end() == r.start() && before.getValue().sameLocation(r)) {
            cache.remove(before.getKey());
            joined = joined.withBounds(before.getValue().start(), joined.end());
        }
        LuSeqRange next = cache.get(r.end());
        if (next != null && next.sameLocation(r)) {
            cache.remove(r.end());
            joined = joined.withBounds(joined.start(), next.end());
        }
        cache.put(joined.start(), joined);
    }

    /** The target's name. */
    public String name() {
        return name;
    }

    @Override
    public void close() {
        object.close();
    }
}
