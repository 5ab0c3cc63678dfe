package org.jlustre.llog;

import java.lang.foreign.MemorySegment;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.jlustre.common.Errno;
import org.jlustre.common.FileMode;
import org.jlustre.common.Fid;
import org.jlustre.common.LustreException;
import org.jlustre.common.debug.DebugMask;
import org.jlustre.common.fail.FailLoc;
import org.jlustre.osd.AllocationHint;
import org.jlustre.osd.DirectoryIndex;
import org.jlustre.osd.IndexFeatures;
import org.jlustre.osd.LuAttr;
import org.jlustre.osd.ObjectFormat;
import org.jlustre.osd.ObjectRole;
import org.jlustre.osd.OsdObject;
import org.jlustre.osd.Transaction;
import org.jlustre.wire.Le;
import org.jlustre.wire.llog.LlogCookie;
import org.jlustre.wire.llog.LlogFlags;
import org.jlustre.wire.llog.LlogHeader;
import org.jlustre.wire.llog.LlogLogid;
import org.jlustre.wire.llog.LlogRecType;
import org.jlustre.wire.llog.LlogRecordHeader;

/**
 * An open llog ({@code struct llog_handle} with the {@code llog_osd} operations): the object,
 * its header as last read or written, and the operations of reference 4.3-4.8: create, init,
 * append with the chunk padding rule, in-place modification, cancel with ZAP_WHEN_EMPTY,
 * destroy, and (through {@link LlogProcessor}) forward and reverse processing.
 *
 * <p>Every write runs inside an OSD transaction with its declares: the methods without a
 * {@link Transaction} open a local one as {@code llog_write} does; the others join the
 * caller's, after the matching {@code declare*}.
 *
 * <p>Locking: {@link #lock} is taken exclusively by appends, cancels and destroy, and shared by
 * processing, like {@code lgh_lock}; header fields are read and changed under it. Appends,
 * in-place writes and cancels also hold the object's dt write lock, and header and chunk reads
 * its read lock ({@code llog_osd_next_block}), so a reader through another handle never sees a
 * header ahead of its record.
 */
public final class LlogHandle implements AutoCloseable {

    /** lgc_subsys of records the MDS writes for OSTs ({@code LLOG_MDS_OST_ORIG_CTXT}). */
    static final int LLOG_MDS_OST_ORIG_CTXT = 2;
    /** lgc_subsys of size-change records ({@code LLOG_SIZE_ORIG_CTXT}). */
    static final int LLOG_SIZE_ORIG_CTXT = 4;

    private final LlogContext ctx;
    /** The log's object; null for a handle read through an {@link LlogService}. */
    private final OsdObject obj;
    /** The service and id of a remote handle ({@code llog_client_ops}); null for local ones. */
    private final LlogService service;
    private final LlogLogid remoteId;
    private final String name;
    /** The storage the FID came from, when this handle generated it for a new log. */
    private final LocalOidStorage generatedBy;
    final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();

    private LlogHeader hdr;
    private int lastIdx;
    private long maxSize;
    private int curIdx;
    private long curOffset;
    private boolean destroyed;
    private long timestamp;
    /** The catalog this plain log belongs to, and its slot there ({@code phd_cat_handle}, cookie index). */
    private LlogCatalog catalog;
    private int catalogSlot;
    private boolean closed;
    /** Buffers for the header parts an append or a cancel writes (under {@link #lock}). */
    private final MemorySegment headerFixed = MemorySegment.ofArray(new byte[LlogHeader.FIXED_SIZE]);
    private final MemorySegment headerWord = MemorySegment.ofArray(new byte[4]);
    private final MemorySegment headerTail = MemorySegment.ofArray(new byte[LlogRecordHeader.TAIL_SIZE]);
    /** How many processing walks run on this handle; guarded by this. */
    private int busy;
    /** {@link #release} was asked while processing ran. */
    private boolean closePending;

    LlogHandle(LlogContext ctx, OsdObject obj, String name, LocalOidStorage generatedBy) {
        this.ctx = ctx;
        this.obj = obj;
        this.name = name;
        this.generatedBy = generatedBy;
        this.service = null;
        this.remoteId = null;
    }

    /** A read-only handle on log {@code id} served by {@code service} ({@code llog_client_open}). */
    LlogHandle(LlogContext ctx, LlogService service, LlogLogid id, String name) {
        this.ctx = ctx;
        this.obj = null;
        this.name = name;
        this.generatedBy = null;
        this.service = service;
        this.remoteId = id;
    }

    /** Whether this handle reads the log through an {@link LlogService} rather than from the OSD. */
    public boolean isRemote() {
        return service != null;
    }

    private void requireLocal(String op) throws LustreException {
        if (service != null) {
            throw new LustreException(Errno.EOPNOTSUPP, "can't " + op + " " + describe()
                    + ": a remote llog handle is read-only");
        }
    }

    // ---- identity ----

    /** The context. */
    public LlogContext context() {
        return ctx;
    }

    /** The log's id ({@code lgh_id}). */
    public LlogLogid logid() {
        return obj != null ? LlogLogid.of(obj.fid()) : remoteId;
    }

    /** The log's FID. */
    public Fid fid() {
        return obj != null ? obj.fid() : remoteId.fid();
    }

    /** The name, for a named log; null otherwise. */
    public String name() {
        return name;
    }

    /** Whether the object exists and was not destroyed through this handle ({@code llog_exist}). */
    public boolean exists() {
        return (obj == null || obj.exists()) && !destroyed;
    }

    /** The header, or null before {@link #init}; callers must not change it. */
    public LlogHeader header() {
        return hdr;
    }

    /** {@code lgh_last_idx}: the last index used. */
    public int lastIndex() {
        return lastIdx;
    }

    /** Records in the log, the header included ({@code llh_count}). */
    public int count() {
        return hdr.count();
    }

    /** {@code lgh_max_size}: appends at or past it fail with ENOSPC; 0 for no cap. */
    public long maxSize() {
        return maxSize;
    }

    /** Sets {@code lgh_max_size}. */
    public void setMaxSize(long bytes) {
        this.maxSize = bytes;
    }

    /** {@code lgh_cur_idx}: the record processing is on. */
    public int currentIndex() {
        return curIdx;
    }

    /** {@code lgh_cur_offset}: the file offset of the record processing is on. */
    public long currentOffset() {
        return curOffset;
    }

    void setCurrent(int index, long offset) {
        this.curIdx = index;
        this.curOffset = offset;
    }

    /** The object (for tests that damage it on purpose, and for the catalog); null for a remote handle. */
    public OsdObject object() {
        return obj;
    }

    boolean isDestroyed() {
        return destroyed;
    }

    void attachTo(LlogCatalog cat, int slot) {
        this.catalog = cat;
        this.catalogSlot = slot;
    }

    LlogCatalog catalog() {
        return catalog;
    }

    /** The slot of this plain log in its catalog (the cookie index of its logid record). */
    public int catalogSlot() {
        return catalogSlot;
    }

    /** The last second the catalog updated this log's mtime ({@code lgh_timestamp}). */
    long lastTouch() {
        return timestamp;
    }

    void setLastTouch(long seconds) {
        this.timestamp = seconds;
    }

    /** The object's size. */
    public long size() throws LustreException {
        requireLocal("stat");
        return obj.attrGet().size();
    }

    private String describe() {
        return (name != null ? "llog '" + name + "' " : "llog ") + fid() + " of " + ctx.name();
    }

    // ---- create ----

    /** Declares {@link #create(Transaction)}: the object, its last-oid update, its name. */
    public void declareCreate(Transaction th) throws LustreException {
        requireLocal("create");
        if (obj.exists()) {
            return;
        }
        obj.declareCreate(newLogAttr(), AllocationHint.NONE, ObjectFormat.REGULAR, th);
        if (generatedBy != null) {
            generatedBy.declareUpdate(th);
        }
        if (name != null) {
            try (OsdObject d = ctx.device().find(ctx.directory())) {
                d.indexTry(IndexFeatures.DIRECTORY).declareInsert(name, th);
            }
        }
    }

    /**
     * Creates the log's object, S_IFREG 0644, empty, and links a named log into the
     * context's directory ({@code llog_osd_create}).
     *
     * @throws LustreException EEXIST if it exists
     */
    public void create(Transaction th) throws LustreException {
        requireLocal("create");
        if (obj.exists()) {
            throw new LustreException(Errno.EEXIST, describe() + " already exists");
        }
        obj.create(newLogAttr(), AllocationHint.NONE, ObjectFormat.REGULAR, th);
        if (generatedBy != null) {
            generatedBy.update(th);
        }
        if (name != null) {
            try (OsdObject d = ctx.device().find(ctx.directory())) {
                DirectoryIndex dir = d.indexTry(IndexFeatures.DIRECTORY);
                // a name left behind by a log destroyed by id already points here
                if (!obj.fid().equals(dir.lookup(name).map(e -> e.fid()).orElse(null))) {
                    dir.insert(name, obj.fid(), FileMode.S_IFREG, th);
                }
            }
        }
    }

    /** Creates the log in its own local transaction ({@code llog_open_create}'s part). */
    public void create() throws LustreException {
        requireLocal("create");
        try (Transaction th = ctx.device().transCreate()) {
            declareCreate(th);
            th.startLocal();
            create(th);
        }
    }

    private LuAttr newLogAttr() {
        long now = ctx.libcfs().time().realSeconds();
        return new LuAttr().mode(FileMode.S_IFREG | 0644).atime(now).mtime(now).ctime(now);
    }

    // ---- init / header ----

    /**
     * Reads the header or builds a fresh one ({@code llog_init_handle}).
     *
     * @param flags {@code IS_PLAIN} or {@code IS_CAT} (or 0 to take the type from the log)
     *     plus extension flags, which are added to the header
     * @param uuid the target uuid the log must carry (null: no check; also written into a
     *     fresh header)
     * @throws LustreException EINVAL when the log's type differs from {@code flags} or it has
     *     none; EEXIST when the uuid differs; EIO or EFAULT for a damaged header, naming it
     */
    public void init(int flags, String uuid) throws LustreException {
        if (hdr != null) {
            throw new IllegalStateException(describe() + " initialised twice");
        }
        int ext = flags & LlogFlags.EXT_MASK;
        boolean onDisk = service != null || size() > 0;
        LlogHeader h = service != null ? service.readHeader(remoteId, flags) : readHeader(flags, uuid);
        int type = LlogFlags.IS_PLAIN | LlogFlags.IS_CAT;
        if (onDisk) {
            if (((h.flags() & LlogFlags.IS_PLAIN) != 0 && (flags & LlogFlags.IS_CAT) != 0)
                    || ((h.flags() & LlogFlags.IS_CAT) != 0 && (flags & LlogFlags.IS_PLAIN) != 0)) {
                throw new LustreException(Errno.EINVAL, describe() + ": llog type is "
                        + ((h.flags() & LlogFlags.IS_CAT) != 0 ? "catalog" : "plain") + " but initializing "
                        + ((flags & LlogFlags.IS_CAT) != 0 ? "catalog" : "plain"));
            }
            if ((h.flags() & type) == 0) {
                throw new LustreException(Errno.EINVAL, describe() + ": llog type is not specified");
            }
            flags = h.flags();
            if (uuid != null && !uuid.equals(h.tgtUuid())) {
                throw new LustreException(Errno.EEXIST, describe() + ": llog uuid mismatch: " + uuid + "/"
                        + h.tgtUuid());
            }
        }
        if ((flags & LlogFlags.IS_CAT) != 0) {
            h.setSize(LlogCatalog.LOGID_REC_SIZE);
            h.setFlags(h.flags() | LlogFlags.IS_FIXSIZE);
            if (h.catIdx() < 0 || h.catIdx() >= h.bitmapBits()) {
                ctx.libcfs().debug().logf(DebugMask.S_LOG, DebugMask.D_WARNING,
                        "%s: catalog %s has llh_cat_idx %d past its bitmap of %d, processing it from the start",
                        ctx.name(), describe(), h.catIdx(), h.bitmapBits());
                h.setCatIdx(0);
            }
        } else if ((flags & LlogFlags.IS_PLAIN) == 0) {
            throw new LustreException(Errno.EINVAL, describe() + ": unknown flags 0x" + Integer.toHexString(flags)
                    + " (expected 0x" + Integer.toHexString(LlogFlags.IS_CAT) + " or 0x"
                    + Integer.toHexString(LlogFlags.IS_PLAIN) + ")");
        }
        h.setFlags(h.flags() | ext);
        hdr = h;
        lastIdx = h.lastIndex();
    }

    /**
     * {@code llog_osd_read_header}: an empty object gets a fresh header (not yet written);
     * otherwise the chunk is read and validated.
     */
    private LlogHeader readHeader(int flags, String uuid) throws LustreException {
        long size = size();
        if (size == 0) {
            return LlogHeader.fresh(ctx.chunkSize(), ctx.libcfs().time().realSeconds(), flags, uuid);
        }
        byte[] raw = new byte[ctx.chunkSize()];
        MemorySegment buf = MemorySegment.ofArray(raw);
        int n;
        obj.readLock(ObjectRole.SRC_CHILD);
        try {
            n = obj.body().read(0, buf);
        } finally {
            obj.readUnlock();
        }
        int lrhLen = n >= LlogRecordHeader.SIZE ? buf.get(Le.U32, LlogRecordHeader.OFF_LEN) : 0;
        if (n < LlogRecordHeader.SIZE || n < lrhLen) {
            throw new LustreException(Errno.EFAULT, "error reading " + describe() + " log header size " + n);
        }
        int type = buf.get(Le.U32, LlogRecordHeader.OFF_TYPE);
        if (type != LlogRecType.LLOG_HDR_MAGIC) {
            throw new LustreException(Errno.EIO, "bad " + describe() + " header magic: 0x" + Integer.toHexString(type)
                    + " (expected 0x" + Integer.toHexString(LlogRecType.LLOG_HDR_MAGIC) + ")"
                    + (LlogRecType.hasSwabbedMagic(type) ? ": a big-endian log, which this OSD does not write" : ""));
        }
        if (lrhLen < LlogHeader.MIN_CHUNK_SIZE || lrhLen > ctx.chunkSize() || Integer.bitCount(lrhLen) != 1) {
            throw new LustreException(Errno.EIO, "incorrectly sized " + describe() + " header: 0x"
                    + Integer.toHexString(lrhLen) + " (expected at least 0x" + Integer.toHexString(LlogHeader.MIN_CHUNK_SIZE)
                    + ")");
        }
        LlogHeader h = LlogHeader.read(buf.asSlice(0, lrhLen));
        if (h.lastIndex() < 0 || h.lastIndex() >= h.bitmapBits() || h.tailLen() != lrhLen) {
            throw new LustreException(Errno.EIO, "incorrectly sized " + describe() + " tailer: 0x"
                    + Integer.toHexString(h.tailLen()));
        }
        return h;
    }

    /**
     * {@code llog_max_idx}: the largest usable index, the bitmap's, or for catalogs
     * {@code fail_val} while OBD_FAIL_CAT_RECORDS is set (reference 5, test 10).
     */
    int maxIndex() {
        FailLoc fl = ctx.libcfs().failLoc();
        if ((hdr.flags() & LlogFlags.IS_CAT) != 0 && fl.precheck(Llog.OBD_FAIL_CAT_RECORDS)) {
            return fl.val();
        }
        return hdr.maxIndex();
    }

    /** {@code llog_is_full}. */
    boolean isFull() {
        return lastIdx >= maxIndex();
    }

    private void requireHeader() {
        if (hdr == null) {
            throw new IllegalStateException(describe() + " used before init()");
        }
    }

    // ---- writing ----

    /** Declares an append or modification of a record ({@code llog_declare_write_rec}). */
    public void declareWrite(int idx, Transaction th) throws LustreException {
        requireLocal("write");
        obj.body().declareWrite(0, ctx.chunkSize(), th);
        if (idx != Llog.HEADER_IDX) {
            obj.body().declareWrite(Math.max(0, obj.exists() ? size() : 0), 2L * ctx.chunkSize(), th);
        }
    }

    /**
     * Appends a record in its own local transaction ({@code llog_write} with
     * {@code LLOG_NEXT_IDX}).
     *
     * @param record a whole record (header, body, tail) whose {@code lrh_len} and
     *     {@code lrh_type} are set; its index and tail are filled in
     * @return the index given to the record
     */
    public int append(MemorySegment record) throws LustreException {
        requireLocal("append to");
        try (Transaction th = ctx.device().transCreate()) {
            declareWrite(Llog.NEXT_IDX, th);
            th.startLocal();
            return appendLocked(record, th).index();
        }
    }

    /**
     * Appends a record in the caller's transaction, after {@link #declareWrite}
     * ({@code llog_write_rec}); the record is changed in place (index and tail).
     *
     * @return the cookie of the new record
     * @throws LustreException E2BIG for a record longer than a chunk; ENOSPC when the log is
     *     at its size cap or (plain logs) its last index
     */
    public LlogCookie append(MemorySegment record, Transaction th) throws LustreException {
        return appendLocked(record, th);
    }

    private LlogCookie appendLocked(MemorySegment record, Transaction th) throws LustreException {
        requireLocal("append to");
        lock.writeLock().lock();
        obj.writeLock(ObjectRole.SRC_CHILD);
        try {
            return doAppend(record, th);
        } finally {
            obj.writeUnlock();
            lock.writeLock().unlock();
        }
    }

    private int checkRecord(MemorySegment record) throws LustreException {
        requireHeader();
        if (!exists()) {
            throw new LustreException(Errno.ENOENT, describe() + " does not exist");
        }
        if (record.byteSize() < LlogRecordHeader.MIN_REC_SIZE) {
            throw new LustreException(Errno.EINVAL, "llog record of " + record.byteSize() + " bytes for " + describe());
        }
        int reclen = record.get(Le.U32, LlogRecordHeader.OFF_LEN);
        if (reclen != record.byteSize() || reclen % 8 != 0 || reclen < LlogRecordHeader.MIN_REC_SIZE) {
            throw new LustreException(Errno.EINVAL, "llog record lrh_len " + reclen + " for a record of "
                    + record.byteSize() + " bytes (" + describe() + ")");
        }
        if (reclen > hdr.chunkSize()) {
            throw new LustreException(Errno.E2BIG, "llog record of " + reclen + " bytes is larger than the chunk of "
                    + describe());
        }
        if (reclen < hdr.chunkSize() && reclen > hdr.chunkSize() - LlogRecordHeader.MIN_REC_SIZE) {
            // it would leave 8 or 16 bytes of a chunk, too few for a padding record
            // (llog_osd_pad asserts len >= LLOG_MIN_REC_SIZE)
            throw new LustreException(Errno.EINVAL, "llog record of " + reclen + " bytes would leave "
                    + (hdr.chunkSize() - reclen) + " bytes of a " + hdr.chunkSize() + "-byte chunk, too few to pad ("
                    + describe() + ")");
        }
        return reclen;
    }

    /** The append path of {@code llog_osd_write_rec} (reference 4.4), under the write lock. */
    private LlogCookie doAppend(MemorySegment record, Transaction th) throws LustreException {
        int reclen = checkRecord(record);
        int chunk = hdr.chunkSize();
        boolean fixsize = (hdr.flags() & LlogFlags.IS_FIXSIZE) != 0;
        if (fixsize && reclen != hdr.size()) {
            throw new LustreException(Errno.EINVAL, "record of " + reclen + " bytes in fixed-size " + describe()
                    + " of " + hdr.size() + "-byte records");
        }
        long size = size();
        long offset = size;
        if (maxSize > 0 && offset >= maxSize) {
            lastIdx = hdr.bitmapBits() - 1; // signal that this log is full
            throw new LustreException(Errno.ENOSPC, describe() + " is too large: " + offset + " >= " + maxSize);
        }
        int origLastIdx = lastIdx;
        // what an append changes in the header, to put back if it fails (no copy of the bitmap)
        int beforeLast = hdr.lastIndex();
        int beforeCount = hdr.count();
        int beforeSize = hdr.size();
        boolean bitSet = false;
        int left = chunk - (int) (offset & (chunk - 1));
        if (!fixsize && left != 0 && left != reclen && left < reclen + LlogRecordHeader.MIN_REC_SIZE) {
            writePad(offset, left, lastIdx + 1, th);
            offset += left;
            lastIdx++;
        }
        if (isFull()) {
            if ((hdr.flags() & LlogFlags.IS_CAT) == 0) {
                throw new LustreException(Errno.ENOSPC, describe() + " is full at index " + lastIdx);
            }
            lastIdx = 0; // a catalog wraps around
        }
        int index = ++lastIdx;
        try {
            hdr.setLastIndex(index);
            LlogRecordHeader.write(record, 0, reclen, index, record.get(Le.U32, LlogRecordHeader.OFF_TYPE),
                    record.get(Le.U32, LlogRecordHeader.OFF_ID));
            LlogRecordHeader.writeTail(record, 0, reclen, index);
            if (!hdr.set(index)) {
                throw new IllegalStateException("index " + index + " already set in the bitmap of " + describe());
            }
            bitSet = true;
            hdr.setCount(hdr.count() + 1);
            if (!fixsize && (hdr.size() == 0 || reclen < hdr.size())) {
                hdr.setSize(reclen);
            }
            if (size == 0) {
                writeWholeHeader(th);
            } else {
                writeHeaderBits(index, true, th);
            }
            pauseForTest();
            // a new log's first record follows the header just written
            long at = fixsize ? chunk + (long) (index - 1) * reclen : size == 0 ? chunk : offset;
            obj.body().writeRecord(at, record, th);
        } catch (LustreException | RuntimeException e) {
            if (bitSet) {
                hdr.clear(index);
            }
            hdr.setLastIndex(beforeLast);
            hdr.setCount(beforeCount);
            hdr.setSize(beforeSize);
            lastIdx = origLastIdx;
            throw e;
        }
        return new LlogCookie(logid(), subsystemOf(record.get(Le.U32, LlogRecordHeader.OFF_TYPE)), index);
    }

    private static int subsystemOf(int type) {
        if (type == LlogRecType.MDS_UNLINK_REC || type == LlogRecType.MDS_SETATTR64_REC) {
            return LLOG_MDS_OST_ORIG_CTXT;
        }
        return type == LlogRecType.OST_SZ_REC ? LLOG_SIZE_ORIG_CTXT : -1;
    }

    /**
     * The OBD_FAIL_LLOG_PROCESS_TIMEOUT pause of {@code llog_osd_write_rec}: while it is set
     * with {@code fail_val} equal to this log's oid, an append sleeps a second after updating
     * the header and before writing the record (llog test 10h).
     */
    private void pauseForTest() {
        FailLoc fl = ctx.libcfs().failLoc();
        if (fl.precheck(Llog.OBD_FAIL_LLOG_PROCESS_TIMEOUT) && fl.val() == obj.fid().oid()) {
            fl.race(Llog.OBD_FAIL_LLOG_PROCESS_TIMEOUT);
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** {@code llog_osd_pad}: a padding record of {@code len} bytes, index set, bit not set. */
    private void writePad(long offset, int len, int index, Transaction th) throws LustreException {
        MemorySegment pad = MemorySegment.ofArray(new byte[len]);
        LlogRecordHeader.write(pad, 0, len, index, LlogRecType.LLOG_PAD_MAGIC, 0);
        LlogRecordHeader.writeTail(pad, 0, len, index);
        obj.body().writeRecord(offset, pad, th);
    }

    /** Writes the whole chunk-size header. */
    void writeWholeHeader(Transaction th) throws LustreException {
        MemorySegment buf = MemorySegment.ofArray(new byte[hdr.chunkSize()]);
        hdr.write(buf);
        obj.body().writeRecord(0, buf, th);
    }

    /**
     * Writes the fixed part of the header and the bitmap word of {@code index} (and the tail
     * when {@code withTail}), as an append or a single cancel updates it.
     */
    void writeHeaderBits(int index, boolean withTail, Transaction th) throws LustreException {
        // the buffers are the handle's: callers hold the write lock
        MemorySegment fixed = headerFixed;
        hdr.writeFixed(fixed);
        obj.body().writeRecord(0, fixed, th);
        MemorySegment word = headerWord;
        word.set(Le.U32, 0, hdr.bitmapWord(index));
        obj.body().writeRecord(hdr.bitmapWordOffset(index), word, th);
        if (withTail) {
            MemorySegment tail = headerTail;
            tail.set(Le.U32, LlogRecordHeader.OFF_TAIL_LEN, hdr.tailLen());
            tail.set(Le.U32, LlogRecordHeader.OFF_TAIL_INDEX, hdr.lastIndex());
            obj.body().writeRecord(hdr.tailOffset(), tail, th);
        }
    }

    /**
     * Rewrites record {@code idx} in place in its own local transaction ({@code llog_write}
     * with an index): the body only, header and tail stay. {@code idx} 0 rewrites the whole
     * header as the handle holds it (callers change it through {@link #setHeaderFlags}).
     *
     * @throws LustreException ENOENT for an index not in use; EFAULT when the record's index
     *     differs or its offset is unknown (neither fixed-size nor the record processing is on)
     */
    public void modify(MemorySegment record, int idx) throws LustreException {
        requireLocal("modify");
        try (Transaction th = ctx.device().transCreate()) {
            declareWrite(idx, th);
            th.startLocal();
            lock.writeLock().lock();
            obj.writeLock(ObjectRole.SRC_CHILD);
            try {
                doModify(record, idx, th);
            } finally {
                obj.writeUnlock();
                lock.writeLock().unlock();
            }
        }
    }

    /** Rewrites the whole header in its own local transaction. */
    public void writeHeader() throws LustreException {
        requireHeader();
        requireLocal("write the header of");
        try (Transaction th = ctx.device().transCreate()) {
            declareWrite(Llog.HEADER_IDX, th);
            th.startLocal();
            writeWholeHeader(th);
        }
    }

    /** Changes the header flags in memory (llog test 3b clears FIXSIZE, then rewrites the header). */
    public void setHeaderFlags(int flags) {
        requireHeader();
        hdr.setFlags(flags);
    }

    /**
     * Changes {@code llh_size} in memory: the fixed record size of a FIXSIZE log (llog test 3a
     * makes a plain log fixed-size this way before its first record).
     */
    public void setHeaderSize(int size) {
        requireHeader();
        if (size < 0 || size > hdr.chunkSize() || size % 8 != 0) {
            throw new IllegalArgumentException("llh_size " + size + " for " + describe());
        }
        hdr.setSize(size);
    }

    private void doModify(MemorySegment record, int idx, Transaction th) throws LustreException {
        int reclen = checkRecord(record);
        if (!hdr.isSet(idx)) {
            throw new LustreException(Errno.ENOENT, describe() + ": modify unset record " + idx);
        }
        int recIndex = record.get(Le.U32, LlogRecordHeader.OFF_INDEX);
        if (idx != recIndex) {
            throw new LustreException(Errno.EFAULT, describe() + ": modify index mismatch " + idx + " " + recIndex);
        }
        long offset;
        if ((hdr.flags() & LlogFlags.IS_FIXSIZE) != 0) {
            offset = hdr.chunkSize() + (long) (idx - 1) * reclen;
        } else if (curIdx == idx && curIdx > 0) {
            offset = curOffset;
        } else {
            throw new LustreException(Errno.EFAULT, describe() + ": can't get record offset, idx:" + idx + ", len:"
                    + reclen);
        }
        int bodyLen = reclen - LlogRecordHeader.SIZE - LlogRecordHeader.TAIL_SIZE;
        obj.body().writeRecord(offset + LlogRecordHeader.SIZE, record.asSlice(LlogRecordHeader.SIZE, bodyLen), th);
    }

    // ---- cancel ----

    /** Cancels one record ({@code llog_cancel_rec}); see {@link #cancel(int[])}. */
    public int cancel(int index) throws LustreException {
        return cancel(new int[] {index});
    }

    /**
     * Cancels records in one local transaction ({@code llog_cancel_arr_rec}): their bits are
     * cleared and the count lowered; a catalog moves its first-index marker. When a
     * ZAP_WHEN_EMPTY log is left with only its header and is full, or belongs to a catalog
     * that has moved on to another log, it is destroyed in the same transaction.
     *
     * @return 0, or {@link Llog#DEL_PLAIN} when the log was destroyed
     * @throws LustreException EINVAL for index 0; ENOENT for a record already cancelled (the
     *     others are still cancelled); nothing changes on any other error
     */
    public int cancel(int[] indices) throws LustreException {
        requireHeader();
        requireLocal("cancel records of");
        boolean zap = (hdr.flags() & LlogFlags.ZAP_WHEN_EMPTY) != 0;
        for (int index : indices) {
            if (index == 0) {
                throw new LustreException(Errno.EINVAL, describe() + ": can't cancel index 0 which is header");
            }
        }
        try (Transaction th = ctx.device().transCreate()) {
            declareWrite(Llog.HEADER_IDX, th);
            if (zap) {
                declareDestroy(th);
            }
            if ((hdr.flags() & LlogFlags.IS_CAT) != 0) {
                obj.declareAttrSet(new LuAttr(), th);
            }
            th.startLocal();
            lock.writeLock().lock();
            obj.writeLock(ObjectRole.SRC_CHILD);
            try {
                return doCancel(indices, th);
            } finally {
                obj.writeUnlock();
                lock.writeLock().unlock();
            }
        }
    }

    private int doCancel(int[] indices, Transaction th) throws LustreException {
        LlogHeader before = hdr.copy();
        int cleared = 0;
        int missing = 0;
        try {
            for (int index : indices) {
                if (index < 0 || index >= hdr.bitmapBits() || !hdr.clear(index)) {
                    missing++;
                    continue;
                }
                hdr.setCount(hdr.count() - 1);
                cleared++;
                if ((hdr.flags() & LlogFlags.IS_CAT) != 0) {
                    setFirstIndex(index);
                }
            }
            if (cleared == 0) {
                throw new LustreException(Errno.ENOENT, describe() + ": index " + indices[0] + " already clear");
            }
            if (indices.length == 1) {
                writeHeaderBits(indices[0], false, th);
            } else {
                writeWholeHeader(th);
            }
            if ((hdr.flags() & LlogFlags.IS_CAT) != 0) {
                obj.attrSet(new LuAttr().mtime(ctx.libcfs().time().realSeconds()), th);
            }
            if ((hdr.flags() & LlogFlags.ZAP_WHEN_EMPTY) != 0 && hdr.count() == 1
                    && (lastIdx >= hdr.bitmapBits() - 1 || (catalog != null && catalog.currentLog() != this))) {
                hdr.setFlags(hdr.flags() & ~LlogFlags.ZAP_WHEN_EMPTY);
                destroy(th);
                return Llog.DEL_PLAIN;
            }
        } catch (LustreException | RuntimeException e) {
            hdr = before;
            throw e;
        }
        if (missing > 0) {
            throw new LustreException(Errno.ENOENT, describe() + ": " + missing + " of " + indices.length
                    + " records were already cancelled");
        }
        return 0;
    }

    /**
     * {@code llog_cat_set_first_idx}: after cancelling {@code idx} from a catalog, move
     * {@code llh_cat_idx} (the index just before the oldest live entry) past the cancelled
     * run, wrapping around the bitmap and skipping the header bit.
     */
    private void setFirstIndex(int idx) {
        if (hdr.catIdx() != idx - 1) {
            return;
        }
        int bits = hdr.bitmapBits();
        hdr.setCatIdx(idx);
        int i = idx;
        while (i != lastIdx) {
            i = (i + 1) % bits;
            if (!hdr.isSet(i)) {
                hdr.setCatIdx(i);
            } else if (i == 0) {
                hdr.setCatIdx(0);
            } else {
                break;
            }
        }
        ctx.libcfs().debug().logf(DebugMask.S_LOG, DebugMask.D_HA, "catlog %s first idx %d, last_idx %d",
                obj.fid(), hdr.catIdx(), lastIdx);
    }

    // ---- destroy / close ----

    /** Declares {@link #destroy(Transaction)}. */
    public void declareDestroy(Transaction th) throws LustreException {
        requireLocal("destroy");
        if (name != null) {
            try (OsdObject d = ctx.device().find(ctx.directory())) {
                d.indexTry(IndexFeatures.DIRECTORY).declareDelete(name, th);
            }
        }
        obj.declareRefDel(th);
        obj.declareDestroy(th);
    }

    /** Destroys the log in the caller's transaction: name, link and object ({@code llog_osd_destroy}). */
    public void destroy(Transaction th) throws LustreException {
        requireLocal("destroy");
        if (!obj.exists()) {
            return;
        }
        if (name != null) {
            try (OsdObject d = ctx.device().find(ctx.directory())) {
                DirectoryIndex dir = d.indexTry(IndexFeatures.DIRECTORY);
                if (dir.lookup(name).isPresent()) {
                    dir.delete(name, th);
                }
            }
        }
        obj.refDel(th);
        obj.destroy(th);
        destroyed = true;
    }

    /** Destroys the log in its own local transaction ({@code llog_destroy}). */
    public void destroy() throws LustreException {
        requireLocal("destroy");
        if (!obj.exists()) {
            return;
        }
        try (Transaction th = ctx.device().transCreate()) {
            declareDestroy(th);
            th.startLocal();
            lock.writeLock().lock();
            try {
                destroy(th);
            } finally {
                lock.writeLock().unlock();
            }
        }
    }

    // ---- processing (LlogProcessor does the walking) ----

    /** Processes every live record from the start ({@code llog_process}). */
    public int process(LlogCallback cb) throws LustreException {
        return process(cb, 0, 0);
    }

    /**
     * Processes live records after index {@code firstIdx} up to {@code lastIdx} (0: to the
     * end) ({@code llog_process} with {@code llog_process_cat_data}).
     *
     * @return 0, {@link Llog#PROC_BREAK} or a callback's negative result;
     *     {@link Llog#DEL_PLAIN} becomes 0
     */
    public int process(LlogCallback cb, int firstIdx, int lastIdx) throws LustreException {
        int rc = processRaw(cb, firstIdx, lastIdx);
        return rc == Llog.DEL_PLAIN ? 0 : rc;
    }

    /** Like {@link #process(LlogCallback, int, int)} but passing {@link Llog#DEL_PLAIN} on. */
    int processRaw(LlogCallback cb, int firstIdx, int lastIdx) throws LustreException {
        requireHeader();
        checkRange(firstIdx, lastIdx);
        enter();
        try {
            return new LlogProcessor(this).forward(cb, firstIdx, lastIdx);
        } finally {
            leave();
        }
    }

    /** Processes live records from the last back to the first ({@code llog_reverse_process}). */
    public int reverseProcess(LlogCallback cb) throws LustreException {
        return reverseProcess(cb, 0, 0);
    }

    /** Reverse processing of the indices after {@code firstIdx} down from {@code lastIdx} (0: the end). */
    public int reverseProcess(LlogCallback cb, int firstIdx, int lastIdx) throws LustreException {
        requireHeader();
        checkRange(firstIdx, lastIdx);
        enter();
        try {
            return new LlogProcessor(this).reverse(cb, firstIdx, lastIdx);
        } finally {
            leave();
        }
    }

    private void checkRange(int firstIdx, int lastIdx) throws LustreException {
        int bits = hdr.bitmapBits();
        if (firstIdx < 0 || firstIdx >= bits || lastIdx < 0 || lastIdx >= bits) {
            throw new LustreException(Errno.EINVAL, "index range " + firstIdx + ".." + lastIdx + " outside the "
                    + bits + " indices of " + describe());
        }
    }

    private synchronized void enter() {
        busy++;
    }

    private void leave() {
        boolean closeNow;
        synchronized (this) {
            busy--;
            closeNow = busy == 0 && closePending;
        }
        if (closeNow) {
            close();
        }
    }

    /**
     * Closes the handle, or, while processing runs on it (a callback cancelled its last record
     * through the catalog, which then forgets the log), once processing returns: the
     * {@code llog_handle_put} of a handle the processing thread still holds.
     */
    void release() {
        synchronized (this) {
            if (busy > 0) {
                closePending = true;
                return;
            }
        }
        close();
    }

    /** How processing reads this log's chunks. */
    LlogBlockReader blocks() {
        if (service == null) {
            return new LlogBlocks(this);
        }
        int flags = hdr.flags();
        return new LlogBlockReader() {
            @Override
            public int next(LlogCursor cursor, int nextIdx, MemorySegment buf) {
                return service.nextBlock(remoteId, flags, cursor, nextIdx, buf);
            }

            @Override
            public int prev(int prevIdx, MemorySegment buf) {
                return service.prevBlock(remoteId, flags, prevIdx, buf);
            }
        };
    }

    /**
     * {@code lgh_last_idx} once no append is half done: an append sets the header bit before it
     * writes the record, under the write lock, so processing reads the index under the read
     * lock and every record up to it is on disk ({@code lgh_last_sem} in llog.c).
     */
    int settledLastIndex() {
        lock.readLock().lock();
        try {
            return lastIdx;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Releases the object ({@code llog_close}); the log itself stays. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            if (obj != null) {
                obj.close();
            }
        }
    }

    @Override
    public String toString() {
        return describe();
    }
}
