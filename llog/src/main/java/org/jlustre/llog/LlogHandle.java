package org.jlustre.llog;

import java.lang.foreign.MemorySegment;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.jlustre.common.Errno;
import org.jlustre.common.Fid;
import org.jlustre.common.LustreException;
import org.jlustre.common.fail.FailLoc;
import org.jlustre.osd.OsdObject;
import org.jlustre.osd.Transaction;
import org.jlustre.wire.llog.LlogCookie;
import org.jlustre.wire.llog.LlogFlags;
import org.jlustre.wire.llog.LlogHeader;
import org.jlustre.wire.llog.LlogLogid;

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
 *
 * <p>This class holds the handle's state and its public contract; the work is done by one
 * class per concern: {@link LlogHeaderLoader} (init), {@link LlogObjectLifecycle} (create,
 * destroy), {@link LlogRecordWriter} (append, modify), {@link LlogRecordCanceller} (cancel),
 * {@link LlogHeaderWriter} (header updates), {@link LlogProcessor} with {@link LlogBlocks} or
 * {@link RemoteLlogBlocks} (processing). Local-only operations check {@link #isRemote} here,
 * before the helper runs.
 */
public final class LlogHandle implements AutoCloseable {

    /** The context the log lives in: its device, directory, chunk size, libcfs. */
    private final LlogContext ctx;
    /** The log's object; null for a handle read through an {@link LlogService}. */
    private final OsdObject obj;
    /** The service and id of a remote handle ({@code llog_client_ops}); null for local ones. */
    private final LlogService service;
    /** The id of a remote handle's log; null for local ones. */
    private final LlogLogid remoteId;
    /** The log's name in the context's directory, for a named log; null otherwise. */
    private final String name;
    /** The storage the FID came from, when this handle generated it for a new log. */
    private final LocalOidStorage generatedBy;
    /** {@code lgh_lock}: exclusive for appends, cancels and destroy, shared for processing. */
    final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();

    /** {@code lgh_hdr}, as last read or written; null before {@link #init}; changed under {@link #lock}. */
    private LlogHeader hdr;
    /** {@code lgh_last_idx}; changed under the write side of {@link #lock}. */
    private int lastIdx;
    /** {@code lgh_max_size}; 0 for no cap. */
    private long maxSize;
    /** {@code lgh_cur_idx}: the record processing is on. */
    private int curIdx;
    /** {@code lgh_cur_offset}: that record's file offset. */
    private long curOffset;
    /** Set once the log was destroyed through this handle. */
    private boolean destroyed;
    /** {@code lgh_timestamp}: the last second the catalog updated the mtime. */
    private long timestamp;
    /** The catalog this plain log belongs to, and its slot there ({@code phd_cat_handle}, cookie index). */
    private LlogCatalog catalog;
    /** The cookie index of this plain log's entry in {@link #catalog}. */
    private int catalogSlot;
    /** Set by {@link #close}; guarded by this. */
    private boolean closed;
    /** Writes the header to the object, whole or the parts an append or a cancel changes. */
    private final LlogHeaderWriter headerWriter = new LlogHeaderWriter(this);
    /** Appends and in-place rewrites. */
    private final LlogRecordWriter records = new LlogRecordWriter(this, headerWriter);
    /** Cancels, with the destroy of an emptied ZAP_WHEN_EMPTY log. */
    private final LlogRecordCanceller canceller = new LlogRecordCanceller(this, headerWriter);
    /** Creation and destruction of the object and its name. */
    private final LlogObjectLifecycle lifecycle = new LlogObjectLifecycle(this);
    /** How many processing walks run on this handle; guarded by this. */
    private int busy;
    /** {@link #release} was asked while processing ran. */
    private boolean closePending;

    /** A handle on local object {@code obj}, named {@code name} or not, its FID made by {@code generatedBy} or not. */
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

    /** Refuses {@code op} on a remote handle with EOPNOTSUPP: it is read-only. */
    void requireLocal(String op) throws LustreException {
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

    /** Moves the processing position; called by {@link LlogProcessor}. */
    void setCurrent(int index, long offset) {
        this.curIdx = index;
        this.curOffset = offset;
    }

    /** The object (for tests that damage it on purpose, and for the catalog); null for a remote handle. */
    public OsdObject object() {
        return obj;
    }

    /** Whether the log was destroyed through this handle. */
    boolean isDestroyed() {
        return destroyed;
    }

    /** Notes that {@link LlogObjectLifecycle} destroyed the log. */
    void markDestroyed() {
        this.destroyed = true;
    }

    /** Binds this plain log to {@code cat}, whose entry for it is at {@code slot}. */
    void attachTo(LlogCatalog cat, int slot) {
        this.catalog = cat;
        this.catalogSlot = slot;
    }

    /** The catalog this plain log belongs to, or null ({@code phd_cat_handle}). */
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

    /** Records the second the catalog last updated this log's mtime. */
    void setLastTouch(long seconds) {
        this.timestamp = seconds;
    }

    /** The object's size. */
    public long size() throws LustreException {
        requireLocal("stat");
        return obj.attrGet().size();
    }

    /** The service of a remote handle; null for a local one. */
    LlogService service() {
        return service;
    }

    /** The log id of a remote handle; null for a local one. */
    LlogLogid remoteId() {
        return remoteId;
    }

    /** The storage that generated this handle's FID for a new log, or null. */
    LocalOidStorage generatedBy() {
        return generatedBy;
    }

    /** Replaces the header: a cancel that failed puts back its copy; under the write side of {@link #lock}. */
    void setHeader(LlogHeader header) {
        this.hdr = header;
    }

    /** Sets {@code lgh_last_idx}; an append does, under the write side of {@link #lock}. */
    void setLastIndex(int index) {
        this.lastIdx = index;
    }

    /** The log as error messages name it: name if any, FID, context. */
    String describe() {
        return (name != null ? "llog '" + name + "' " : "llog ") + fid() + " of " + ctx.name();
    }

    // ---- create ----

    /** Declares {@link #create(Transaction)}: the object, its last-oid update, its name. */
    public void declareCreate(Transaction th) throws LustreException {
        requireLocal("create");
        lifecycle.declareCreate(th);
    }

    /**
     * Creates the log's object, S_IFREG 0644, empty, and links a named log into the
     * context's directory ({@code llog_osd_create}).
     *
     * @throws LustreException EEXIST if it exists
     */
    public void create(Transaction th) throws LustreException {
        requireLocal("create");
        lifecycle.create(th);
    }

    /** Creates the log in its own local transaction ({@code llog_open_create}'s part). */
    public void create() throws LustreException {
        requireLocal("create");
        lifecycle.createLocal();
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
        LlogHeader h = new LlogHeaderLoader(this).load(flags, uuid);
        hdr = h;
        lastIdx = h.lastIndex();
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

    /** Refuses to work on a handle not yet {@link #init initialised}. */
    void requireHeader() {
        if (hdr == null) {
            throw new IllegalStateException(describe() + " used before init()");
        }
    }

    // ---- writing ----

    /** Declares an append or modification of a record ({@code llog_declare_write_rec}). */
    public void declareWrite(int idx, Transaction th) throws LustreException {
        requireLocal("write");
        records.declareWrite(idx, th);
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
        return records.appendLocal(record);
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
        requireLocal("append to");
        return records.append(record, th);
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
        records.modifyLocal(record, idx);
    }

    /** Rewrites the whole header in its own local transaction. */
    public void writeHeader() throws LustreException {
        requireHeader();
        requireLocal("write the header of");
        headerWriter.writeWholeLocal();
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
        return canceller.cancel(indices);
    }

    // ---- destroy / close ----

    /** Declares {@link #destroy(Transaction)}. */
    public void declareDestroy(Transaction th) throws LustreException {
        requireLocal("destroy");
        lifecycle.declareDestroy(th);
    }

    /** Destroys the log in the caller's transaction: name, link and object ({@code llog_osd_destroy}). */
    public void destroy(Transaction th) throws LustreException {
        requireLocal("destroy");
        lifecycle.destroy(th);
    }

    /** Destroys the log in its own local transaction ({@code llog_destroy}). */
    public void destroy() throws LustreException {
        requireLocal("destroy");
        lifecycle.destroyLocal();
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

    /** Refuses a processing range outside the bitmap with EINVAL. */
    private void checkRange(int firstIdx, int lastIdx) throws LustreException {
        int bits = hdr.bitmapBits();
        if (firstIdx < 0 || firstIdx >= bits || lastIdx < 0 || lastIdx >= bits) {
            throw new LustreException(Errno.EINVAL, "index range " + firstIdx + ".." + lastIdx + " outside the "
                    + bits + " indices of " + describe());
        }
    }

    /** Counts a processing walk in ({@code llog_handle_get}); takes this handle's monitor. */
    private synchronized void enter() {
        busy++;
    }

    /** Counts a walk out and closes the handle if a {@link #release} waited for it ({@code llog_handle_put}). */
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
        return new RemoteLlogBlocks(service, remoteId, hdr.flags());
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

    /** The log as {@link #describe} names it. */
    @Override
    public String toString() {
        return describe();
    }
}
