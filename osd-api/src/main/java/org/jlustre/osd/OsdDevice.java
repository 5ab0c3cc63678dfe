package org.jlustre.osd;

import java.util.List;

import org.jlustre.common.Errno;
import org.jlustre.common.Fid;
import org.jlustre.common.LustreException;
import org.jlustre.wire.ObdStatfs;

/**
 * An object storage device ({@code dt_device} with {@code dt_device_operations} and its
 * {@code lu_site}; reference 2.1-2.3): a flat store of objects named by FID, with the
 * transactions every update runs in.
 *
 * <p>Every OSD provides the root directory {@link Osd#ROOT_FID} {@code [0x200000001:0xd:0x0]}
 * from the start; everything else is created by upper layers through this API.
 *
 * <p>Thread-safe. {@link #close()} is the unmount: objects and transactions of a closed
 * device must no longer be used.
 */
public interface OsdDevice extends AutoCloseable {

    /** The device name, e.g. {@code lustre-MDT0000-osd} or a target name. */
    String name();

    /** The OSD type, e.g. {@code osd-mem}. */
    String type();

    /** What this backend supports. */
    OsdCapabilities capabilities();

    /** The root directory's FID ({@code dt_root_get}): {@link Osd#ROOT_FID} on every OSD. */
    Fid rootFid();

    /**
     * Finds or instantiates the object of a FID and takes a reference ({@code lu_object_find});
     * see {@link OsdObject} for the cache rules. The object need not exist.
     *
     * @throws LustreException {@link Errno#EINVAL} for the zero FID
     */
    OsdObject find(Fid fid) throws LustreException;

    /** Allocates a transaction handle ({@code dt_trans_create}); always stop it. */
    Transaction transCreate() throws LustreException;

    /**
     * Device-wide space and object counts ({@code dt_statfs}), truthful when
     * {@link OsdCapabilities#spaceAccounting()}: free space shrinks as data and objects are
     * added and grows when they are removed.
     */
    ObdStatfs statfs() throws LustreException;

    /** Static limits ({@code dt_conf_get}). */
    DeviceParams conf();

    /** Flushes everything committed ({@code dt_sync}); blocking. */
    void sync() throws LustreException;

    /** Hints that committing soon would help ({@code dt_commit_async}); non-blocking. */
    void commitAsync();

    /**
     * Makes the device read-only: every later transaction start fails with
     * {@link Errno#EROFS}, reads keep working.
     */
    void setReadOnly();

    /** Whether the device is read-only. */
    boolean isReadOnly();

    /**
     * Registers per-device transaction hooks ({@code dt_txn_callback_add}); they run for
     * every non-local transaction started after this call.
     */
    TxnHooks.Registration addTxnHooks(TxnHooks hooks);

    /**
     * The FID of every object that exists, in FID order ({@code struct dt_it_ops} of the object
     * table iterator, {@code dt_otable_features}, which LFSCK and OI scrub walk): a snapshot
     * taken during the call, for tools that visit every object, including those no directory
     * names (an OST's objects, unnamed llogs). Objects created or destroyed meanwhile may or may
     * not be listed; {@link #find} tells which exist.
     */
    List<Fid> objectFids() throws LustreException;

    /**
     * Drops every cached object nobody references ({@code lu_site_purge}); no data is lost,
     * the next {@link #find} instantiates the object afresh.
     *
     * @return how many objects were dropped
     */
    int purgeCache();

    /** Unmounts the device; references still held are reported in the debug log. */
    @Override
    void close();
}
