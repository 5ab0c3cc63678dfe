package org.jlustre.osd.mem;

import java.lang.foreign.MemorySegment;
import java.util.Optional;
import org.jlustre.common.Errno;
import org.jlustre.common.Fid;
import org.jlustre.common.LustreException;
import org.jlustre.osd.IndexFeatures;
import org.jlustre.osd.KeyValueIndex;
import org.jlustre.osd.KeyValueIterator;
import org.jlustre.osd.Osd;
import org.jlustre.osd.OsdObject;
import org.jlustre.osd.Transaction;
import org.jlustre.wire.Le;

/**
 * A usage index ({@code dt_acct_features} on ACCT_USER/GROUP/PROJECT_OID; reference 2.9):
 * a u64 id (little-endian, the CPU order Lustre passes on x86) to a {@code lquota_acct_rec}
 * {u64 bspace bytes, u64 ispace inodes}, read-only and iterated in numeric id order. The seed
 * only had stubs here.
 */
final class AccountingIndex implements KeyValueIndex {

    private final MemObject obj;
    private final Usage.IdType type;

    AccountingIndex(MemObject obj, Usage.IdType type) {
        this.obj = obj;
        this.type = type;
    }

    /**
     * Which usage an ACCT FID stands for.
     *
     * @throws LustreException EINVAL for any other FID
     */
    static Usage.IdType typeOf(Fid fid) throws LustreException {
        if (fid.equals(Osd.ACCT_USER_FID)) {
            return Usage.IdType.USER;
        }
        if (fid.equals(Osd.ACCT_GROUP_FID)) {
            return Usage.IdType.GROUP;
        }
        if (fid.equals(Osd.ACCT_PROJECT_FID)) {
            return Usage.IdType.PROJECT;
        }
        throw new LustreException(Errno.EINVAL, "accounting features on " + fid
                + ", which is not an ACCT_USER/GROUP/PROJECT object");
    }

    @Override
    public OsdObject object() {
        return obj;
    }

    @Override
    public IndexFeatures<?> features() {
        return IndexFeatures.ACCOUNTING;
    }

    @Override
    public int keySize() {
        return 8;
    }

    @Override
    public int recSize() {
        return 16;
    }

    static byte[] record(Usage.Counter c) {
        byte[] rec = new byte[16];
        MemorySegment s = MemorySegment.ofArray(rec);
        s.set(Le.U64, 0, c.bytes.get());
        s.set(Le.U64, 8, c.inodes.get());
        return rec;
    }

    private long id(byte[] key) throws LustreException {
        if (key == null || key.length != 8) {
            throw new LustreException(Errno.EINVAL, "usage index keys are 8-byte ids, got "
                    + (key == null ? "null" : key.length + " bytes"));
        }
        return MemorySegment.ofArray(key).get(Le.U64, 0);
    }

    @Override
    public Optional<byte[]> lookup(byte[] key) throws LustreException {
        obj.existing();
        Usage.Counter c = obj.dev.usage().byId(type).get(id(key));
        return c == null ? Optional.empty() : Optional.of(record(c));
    }

    private LustreException readOnly() {
        return new LustreException(Errno.EOPNOTSUPP, "usage index " + obj.fid() + " is maintained by the OSD");
    }

    @Override
    public void declareInsert(byte[] key, Transaction th) throws LustreException {
        throw readOnly();
    }

    @Override
    public void insert(byte[] key, byte[] record, Transaction th) throws LustreException {
        throw readOnly();
    }

    @Override
    public void declareDelete(byte[] key, Transaction th) throws LustreException {
        throw readOnly();
    }

    @Override
    public void delete(byte[] key, Transaction th) throws LustreException {
        throw readOnly();
    }

    @Override
    public KeyValueIterator iterator() throws LustreException {
        obj.existing();
        return new SortedMapIterator<>(obj, obj.dev.usage().byId(type).sorted(), new SortedMapIterator.Codec<Long, Usage.Counter>() {
            @Override
            public Long key(byte[] bytes) {
                return MemorySegment.ofArray(bytes).get(Le.U64, 0);
            }

            @Override
            public byte[] bytes(Long key) {
                byte[] b = new byte[8];
                MemorySegment.ofArray(b).set(Le.U64, 0, key);
                return b;
            }

            @Override
            public long cookie(Long key) {
                return key;
            }

            @Override
            public Long fromCookie(long cookie) {
                return cookie;
            }

            @Override
            public byte[] record(Usage.Counter value) {
                return AccountingIndex.record(value);
            }
        }, 8, 16);
    }

    @Override
    public long size() throws LustreException {
        obj.existing();
        return obj.dev.usage().byId(type).size();
    }
}
