package org.jlustre.osd.mem;

import java.util.Optional;
import org.jlustre.common.Errno;
import org.jlustre.common.Fid;
import org.jlustre.common.LustreException;
import org.jlustre.osd.IndexFeatures;
import org.jlustre.osd.KeyValueIndex;
import org.jlustre.osd.KeyValueIterator;
import org.jlustre.osd.OsdObject;
import org.jlustre.osd.Transaction;
import org.jlustre.osd.UpdateType;

/**
 * The key/value view of a {@link MemObject} created as {@code DFT_INDEX}: fixed-size keys
 * in unsigned byte order, unique, with working delete (the seed's generic index had neither
 * order, nor a duplicate check, nor delete).
 */
final class MemKeyValueIndex implements KeyValueIndex {

    /** Largest key, as osd-zfs allows ({@code ZAP_MAXNAMELEN}). */
    static final int MAX_KEY = 256;
    /** Largest record ({@code ZAP_MAXVALUELEN}). */
    static final int MAX_REC = 65536;

    private final MemObject obj;
    private final IndexFeatures<?> features;

    MemKeyValueIndex(MemObject obj, IndexFeatures<?> features) {
        this.obj = obj;
        this.features = features;
    }

    /**
     * Refuses what osd-zfs refuses ({@code osd_index_try}): ranges (ERANGE), variable or
     * non-unique keys and records, unequal min/max or zero sizes (EINVAL), oversize (E2BIG).
     */
    static void checkFeatures(Fid fid, IndexFeatures<?> f) throws LustreException {
        if ((f.flags() & IndexFeatures.DT_IND_RANGE) != 0) {
            throw new LustreException(Errno.ERANGE, "range indexes are not supported: " + f + " on " + fid);
        }
        int bad = IndexFeatures.DT_IND_VARKEY | IndexFeatures.DT_IND_VARREC | IndexFeatures.DT_IND_NONUNQ;
        if ((f.flags() & bad) != 0 || f.keySizeMin() != f.keySizeMax() || f.recSizeMin() != f.recSizeMax()
                || f.keySizeMax() <= 0 || f.recSizeMax() < 0) {
            throw new LustreException(Errno.EINVAL, "only fixed-size unique keys and records are supported: " + f
                    + " on " + fid);
        }
        if (f.keySizeMax() > MAX_KEY || f.recSizeMax() > MAX_REC) {
            throw new LustreException(Errno.E2BIG, "index sizes too large: " + f + " (max key " + MAX_KEY
                    + ", max record " + MAX_REC + ") on " + fid);
        }
    }

    @Override
    public OsdObject object() {
        return obj;
    }

    @Override
    public IndexFeatures<?> features() {
        return features;
    }

    @Override
    public int keySize() {
        return features.keySizeMax();
    }

    @Override
    public int recSize() {
        return features.recSizeMax();
    }

    KvData data() throws LustreException {
        Inode i = obj.existing();
        if (i.kind != Inode.Kind.INDEX || i.kv() == null) {
            throw new LustreException(Errno.EINVAL, "object " + obj.fid() + " is not an index");
        }
        return i.kv();
    }

    private void checkKey(KvData d, byte[] key) throws LustreException {
        if (key == null || key.length != d.keySize) {
            throw new LustreException(Errno.EINVAL, "key of " + (key == null ? "null" : key.length + " bytes")
                    + " for an index of " + d.keySize + "-byte keys (" + obj.fid() + ")");
        }
    }

    @Override
    public Optional<byte[]> lookup(byte[] key) throws LustreException {
        obj.dev.stats().inc(MemStats.Counter.LOOKUP);
        KvData d = data();
        checkKey(d, key);
        byte[] rec = d.records.get(key);
        return rec == null ? Optional.empty() : Optional.of(rec.clone());
    }

    @Override
    public void declareInsert(byte[] key, Transaction th) throws LustreException {
        obj.dev.declare(th, UpdateType.INSERT, obj);
    }

    @Override
    public void insert(byte[] key, byte[] record, Transaction th) throws LustreException {
        obj.dev.started(th);
        obj.dev.stats().inc(MemStats.Counter.INSERT);
        KvData d = data();
        checkKey(d, key);
        if (record == null || record.length != d.recSize) {
            throw new LustreException(Errno.EINVAL, "record of " + (record == null ? "null" : record.length + " bytes")
                    + " for an index of " + d.recSize + "-byte records (" + obj.fid() + ")");
        }
        Inode i = obj.existing();
        i.charge(obj.dev.usage(), d.recordCost());
        if (d.records.putIfAbsent(key.clone(), record.clone()) != null) {
            i.charge(obj.dev.usage(), -d.recordCost());
            throw new LustreException(Errno.EEXIST, "key already exists in index " + obj.fid());
        }
        obj.dev.trace().object("insert", obj);
    }

    @Override
    public void declareDelete(byte[] key, Transaction th) throws LustreException {
        obj.dev.declare(th, UpdateType.DELETE, obj);
    }

    @Override
    public void delete(byte[] key, Transaction th) throws LustreException {
        obj.dev.started(th);
        obj.dev.stats().inc(MemStats.Counter.DELETE);
        KvData d = data();
        checkKey(d, key);
        if (d.records.remove(key) == null) {
            throw new LustreException(Errno.ENOENT, "no such key in index " + obj.fid());
        }
        obj.existing().charge(obj.dev.usage(), -d.recordCost());
        obj.dev.trace().object("delete", obj);
    }

    @Override
    public KeyValueIterator iterator() throws LustreException {
        KvData d = data();
        return new SortedMapIterator<>(obj, d.records, d.codec(), d.keySize, d.recSize);
    }

    @Override
    public long size() throws LustreException {
        return data().records.size();
    }
}
