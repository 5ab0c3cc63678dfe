package org.jlustre.osd;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jlustre.common.Errno;
import org.jlustre.common.Fid;
import org.jlustre.common.LustreException;

/**
 * A referenced object of an OSD ({@code dt_object} with {@code dt_object_operations},
 * dt_object.h and lu_object.c; reference 2.2, 2.4). {@link OsdDevice#find} returns one
 * reference; {@link #close()} releases it ({@code lu_object_put}).
 *
 * <p>The object cache: while any reference is held, every {@link OsdDevice#find} of the same
 * FID on the same device returns the same object. An object that does not exist is dropped
 * from the cache when its last reference is released. A destroyed object is never handed out
 * again: after {@link #destroy}, {@code find} of the FID returns a new object that does not
 * exist, even while the destroyed one is still referenced.
 *
 * <p>Rules every implementation follows, with the errno of each case:
 * <ul>
 *   <li>Every operation that reads or changes the object (attributes, xattrs, links, destroy,
 *       body and index operations, {@link #sync}) requires it to exist: {@link Errno#ENOENT}
 *       otherwise, also after it was destroyed. The identity accessors, {@link #exists()},
 *       {@link #fileType()}, the locks, the declares, {@link #create}, {@link #indexTry},
 *       {@link #body()} (the view) and {@link #close()} do not.</li>
 *   <li>{@link #create} of an existing object fails with {@link Errno#EEXIST}.</li>
 *   <li>Updates need a started transaction that declared them
 *       (see {@link Transaction}); declares may name objects that do not exist yet.</li>
 *   <li>Xattr names are 1 to {@link Osd#XATTR_NAME_MAX} bytes of UTF-8: an empty or longer
 *       name is {@link Errno#ERANGE}, as the Linux xattr calls answer, and a name containing a
 *       NUL is {@link Errno#EINVAL}; values are at most {@link DeviceParams#maxEaSize()} bytes:
 *       {@link Errno#E2BIG} otherwise.</li>
 *   <li>Using an object after its last {@link #close()} is a caller bug.</li>
 * </ul>
 *
 * <p>Thread-safe: the OSD keeps itself consistent under concurrent calls; the dt locks let
 * callers make multi-step updates atomic to each other.
 */
public interface OsdObject extends AutoCloseable {

    /** The object's FID. */
    Fid fid();

    /** The device the object belongs to. */
    OsdDevice device();

    /** Whether the object exists ({@code dt_object_exists}: created and not destroyed). */
    boolean exists();

    /** The S_IFMT bits of an existing object ({@code lu_object_attr}), 0 otherwise. */
    int fileType();

    // ---- dt locks (reference 2.8) ----

    /** Takes the shared lock, blocking ({@code dt_read_lock}). */
    void readLock(ObjectRole role);

    /** Releases the shared lock. */
    void readUnlock();

    /** Takes the exclusive lock, blocking ({@code dt_write_lock}). */
    void writeLock(ObjectRole role);

    /** Releases the exclusive lock. */
    void writeUnlock();

    /** Whether the current thread holds the exclusive lock ({@code dt_write_locked}). */
    boolean isWriteLocked();

    // ---- attributes ----

    /**
     * Fills {@code out} with every attribute the OSD stores ({@code do_attr_get}): all of
     * {@link LuAttr#LA_ALL}, and {@link LuAttr#LA_DIRENT_CNT} for directories. The size is
     * the body's logical size; blocks count the allocated space in 512-byte units; the block
     * size is the last one set, else the OSD's preferred I/O size.
     */
    void attrGet(LuAttr out) throws LustreException;

    /** Convenience: a new {@link LuAttr} filled by {@link #attrGet(LuAttr)}. */
    default LuAttr attrGet() throws LustreException {
        LuAttr a = new LuAttr();
        attrGet(a);
        return a;
    }

    /** Declares an {@link #attrSet}. */
    void declareAttrSet(LuAttr attr, Transaction th) throws LustreException;

    /**
     * Changes the attributes whose bits are valid in {@code attr} ({@code do_attr_set}). The
     * type bits of the mode never change; {@code LA_KILL_SUID}/{@code LA_KILL_SGID} clear those
     * bits; a smaller {@code LA_SIZE} frees the data past it, a larger one extends with a hole;
     * {@code LA_BLOCKS}, {@code LA_LSIZE} and {@code LA_LBLOCKS} are the OSD's own and ignored.
     * Usage accounting follows uid, gid and projid changes.
     */
    void attrSet(LuAttr attr, Transaction th) throws LustreException;

    // ---- create / destroy ----

    /** Declares a {@link #create}; allowed on an object that does not exist. */
    void declareCreate(LuAttr attr, AllocationHint hint, ObjectFormat format, Transaction th)
            throws LustreException;

    /**
     * Creates the object ({@code do_create}) with the valid attributes of {@code attr}: size 0,
     * nlink 1. The format decides the type: S_IFREG for REGULAR and INDEX, S_IFDIR for DIR,
     * S_IFLNK for SYM, whatever type bits the mode carries; a NODE takes its type (character,
     * block, FIFO or socket) from the mode, {@link Errno#EINVAL} without one. Unset times
     * default to the device's current time, an unset owner to 0.
     *
     * @throws LustreException {@link Errno#EEXIST} if it exists; {@link Errno#ENOSPC} when the
     *     device has no inode left
     */
    void create(LuAttr attr, AllocationHint hint, ObjectFormat format, Transaction th) throws LustreException;

    /** Declares a {@link #destroy}. */
    void declareDestroy(Transaction th) throws LustreException;

    /**
     * Destroys the object with all its data, entries and xattrs, whatever its link count
     * ({@code do_destroy}); this reference stays usable only for {@link #exists()} (false) and
     * {@link #close()}.
     */
    void destroy(Transaction th) throws LustreException;

    // ---- index negotiation ----

    /**
     * Negotiates an index on the object ({@code do_index_try}; reference 2.11).
     *
     * <ul>
     *   <li>{@link IndexFeatures#DIRECTORY}: {@link Errno#ENOTDIR} if the object exists and is
     *       not a directory.</li>
     *   <li>Key/value features: {@link Errno#ERANGE} for {@code DT_IND_RANGE};
     *       {@link Errno#EINVAL} for variable or non-unique keys or records, or minimum and
     *       maximum sizes that differ, or a zero key size; {@link Errno#E2BIG} for keys over 256
     *       or records over 65536 bytes; {@link Errno#EINVAL} if the object exists and is not an
     *       index of the same sizes.</li>
     *   <li>{@link IndexFeatures#ACCOUNTING}: {@link Errno#EINVAL} on anything but the ACCT
     *       objects; {@link Errno#EOPNOTSUPP} when the OSD has no usage accounting.</li>
     *   <li>{@link IndexFeatures#OBJECT_TABLE}: {@link Errno#EOPNOTSUPP} when the OSD has no
     *       object-table iterator.</li>
     * </ul>
     * The object need not exist yet (it may be created with {@link ObjectFormat#index}
     * afterwards); index operations fail with ENOENT until it does.
     */
    <I extends Index> I indexTry(IndexFeatures<I> features) throws LustreException;

    // ---- links ----

    /** Declares a {@link #refAdd}. */
    void declareRefAdd(Transaction th) throws LustreException;

    /**
     * Increments the link count ({@code do_ref_add}).
     *
     * @throws LustreException {@link Errno#EMLINK} at {@link DeviceParams#maxNlink()}
     */
    void refAdd(Transaction th) throws LustreException;

    /** Declares a {@link #refDel}. */
    void declareRefDel(Transaction th) throws LustreException;

    /**
     * Decrements the link count ({@code do_ref_del}); at 0 it stays 0 and the OSD logs it, as
     * osd-ldiskfs does ("maybe an upgraded file?").
     */
    void refDel(Transaction th) throws LustreException;

    // ---- xattrs ----

    /**
     * Reads an xattr value into {@code buf} ({@code do_xattr_get}). An empty {@code buf}
     * asks for the size only.
     *
     * @return the value's length
     * @throws LustreException {@link Errno#ENODATA} if absent; {@link Errno#ERANGE} if
     *     {@code buf} is non-empty and too small
     */
    int xattrGet(String name, MemorySegment buf) throws LustreException;

    /** Convenience: the whole value, or ENODATA naming the xattr. */
    default byte[] xattrGet(String name) throws LustreException {
        byte[] b = new byte[xattrGet(name, MemorySegment.NULL)];
        int n = xattrGet(name, MemorySegment.ofArray(b));
        return n == b.length ? b : java.util.Arrays.copyOf(b, n);
    }

    /**
     * The whole value of an xattr, or null when the object has no xattr of that name: the
     * probe MDD, the OFD and the exporters make for xattrs that are usually absent (a
     * directory's ACLs and default layout, a new object's {@code trusted.fid}). Lustre's
     * {@code dt_xattr_get} reports absence as a return value ({@code -ENODATA}), not a failure;
     * this does the same, so a probe costs a look-up rather than an exception.
     *
     * @return a copy of the value (the caller may keep or change it), or null when absent
     * @throws LustreException ENOENT when the object does not exist; the name errors of
     *     {@link #xattrGet(String, MemorySegment)}
     */
    byte[] xattrGetOrNull(String name) throws LustreException;

    /** Declares an {@link #xattrSet} of a value of {@code size} bytes. */
    void declareXattrSet(String name, int size, XattrMode mode, Transaction th) throws LustreException;

    /**
     * Sets an xattr ({@code do_xattr_set}).
     *
     * @throws LustreException {@link Errno#EEXIST} for {@link XattrMode#CREATE} of an existing
     *     name; {@link Errno#ENODATA} for {@link XattrMode#REPLACE} of a missing one
     */
    void xattrSet(String name, MemorySegment value, XattrMode mode, Transaction th) throws LustreException;

    /** Declares an {@link #xattrDel}. */
    void declareXattrDel(String name, Transaction th) throws LustreException;

    /** Removes an xattr ({@code do_xattr_del}); removing an absent name succeeds. */
    void xattrDel(String name, Transaction th) throws LustreException;

    /**
     * Lists xattr names ({@code do_xattr_list}): each followed by a NUL, in the order they were
     * first set. An empty {@code buf} asks for the size only.
     *
     * @return the bytes used (or needed)
     * @throws LustreException {@link Errno#ERANGE} if {@code buf} is non-empty and too small
     */
    int xattrList(MemorySegment buf) throws LustreException;

    /** Convenience: the names {@link #xattrList} returns. */
    default List<String> xattrNames() throws LustreException {
        byte[] b = new byte[xattrList(MemorySegment.NULL)];
        int n = xattrList(MemorySegment.ofArray(b));
        List<String> names = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < n; i++) {
            if (b[i] == 0) {
                names.add(new String(b, start, i - start, StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
        return names;
    }

    // ---- body ----

    /** The object's data. */
    Body body();

    /** Flushes a range of the object ({@code do_object_sync}); trivially done in memory. */
    void sync(long start, long end) throws LustreException;

    /** Releases this reference ({@code lu_object_put}). */
    @Override
    void close();
}
