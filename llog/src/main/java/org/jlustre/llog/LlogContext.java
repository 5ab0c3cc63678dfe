package org.jlustre.llog;

import org.jlustre.common.Errno;
import org.jlustre.common.Fid;
import org.jlustre.common.Libcfs;
import org.jlustre.common.LustreException;
import org.jlustre.osd.DirectoryIndex;
import org.jlustre.osd.IndexFeatures;
import org.jlustre.osd.OsdDevice;
import org.jlustre.osd.OsdObject;
import org.jlustre.wire.llog.LlogFlags;
import org.jlustre.wire.llog.LlogHeader;
import org.jlustre.wire.llog.LlogLogid;

/**
 * An llog context on one OSD ({@code struct llog_ctxt} with {@code llog_osd_ops}): where
 * named logs live ({@code loc_dir}, e.g. the MGS's CONFIGS directory, else the OSD root), the
 * chunk size new logs get, and the local-OID storage their FIDs come from
 * ({@code FID_SEQ_LLOG_NAME} for named logs, {@code FID_SEQ_LLOG} for the others).
 *
 * <p>A remote context ({@link #remote}) has no OSD: it opens read-only handles on the logs an
 * {@link LlogService} serves, like a client's {@code LLOG_CONFIG_REPL_CTXT} with
 * {@code llog_client_ops}.
 *
 * <p>Thread-safe; handles it opens are each used by their opener (with the handle's own lock
 * for appends and processing).
 */
public final class LlogContext implements AutoCloseable {

    private final OsdDevice dev;
    private final Libcfs libcfs;
    private final Fid dir;
    private final int chunkSize;
    private final String name;
    private final LlogService service;
    private LocalOidStorage unnamed;
    private LocalOidStorage named;

    /**
     * A context writing {@code chunkSize} chunks, with named logs in directory {@code dir}
     * (null for the OSD root).
     *
     * @param name how messages name the context's owner (an obd name)
     */
    public LlogContext(OsdDevice dev, Libcfs libcfs, Fid dir, int chunkSize, String name) {
        if (chunkSize < LlogHeader.MIN_CHUNK_SIZE || Integer.bitCount(chunkSize) != 1) {
            throw new IllegalArgumentException("llog chunk size " + chunkSize + " is not a power of two >= "
                    + LlogHeader.MIN_CHUNK_SIZE);
        }
        this.dev = dev;
        this.libcfs = libcfs;
        this.dir = dir;
        this.chunkSize = chunkSize;
        this.name = name;
        this.service = null;
    }

    private LlogContext(LlogService service, Libcfs libcfs, String name) {
        this.dev = null;
        this.libcfs = libcfs;
        this.dir = null;
        this.chunkSize = LlogHeader.MIN_CHUNK_SIZE;
        this.name = name;
        this.service = service;
    }

    /**
     * A client context reading the logs {@code service} serves: {@link #open} gives read-only
     * handles; creating, erasing and writing fail with EOPNOTSUPP.
     *
     * @param name how messages name the client (e.g. an MGC name)
     */
    public static LlogContext remote(LlogService service, Libcfs libcfs, String name) {
        return new LlogContext(service, libcfs, name);
    }

    /** Whether this is a client context ({@link #remote}). */
    public boolean isRemote() {
        return service != null;
    }

    private void requireLocal(String op) throws LustreException {
        if (service != null) {
            throw new LustreException(Errno.EOPNOTSUPP, "can't " + op + " through remote llog context " + name);
        }
    }

    /** A context with 8 KiB chunks and named logs in {@code dir} (null: the OSD root). */
    public static LlogContext of(OsdDevice dev, Libcfs libcfs, Fid dir) {
        return new LlogContext(dev, libcfs, dir, LlogHeader.MIN_CHUNK_SIZE, dev.name());
    }

    /** The OSD; null for a remote context. */
    public OsdDevice device() {
        return dev;
    }

    /** The node context: time, fail-loc, debug log. */
    public Libcfs libcfs() {
        return libcfs;
    }

    /** The chunk size of new logs ({@code loc_chunk_size}). */
    public int chunkSize() {
        return chunkSize;
    }

    /** The owner's name, for messages. */
    public String name() {
        return name;
    }

    /** The directory named logs live in. */
    public Fid directory() {
        return dir != null || dev == null ? dir : dev.rootFid();
    }

    synchronized LocalOidStorage storage(boolean forNamed) throws LustreException {
        if (forNamed) {
            if (named == null) {
                named = LocalOidStorage.open(dev, Fid.SEQ_LLOG_NAME);
            }
            return named;
        }
        if (unnamed == null) {
            unnamed = LocalOidStorage.open(dev, Fid.SEQ_LLOG);
        }
        return unnamed;
    }

    /**
     * Opens a named log ({@code llog_open} by name): looked up in the directory; when absent,
     * {@link Llog.OpenMode#NEW} gives it a fresh FID (created by {@link LlogHandle#create}),
     * {@link Llog.OpenMode#EXISTS} fails with ENOENT naming it.
     */
    public LlogHandle open(String logName, Llog.OpenMode mode) throws LustreException {
        if (logName == null || logName.isEmpty()) {
            throw new LustreException(Errno.EINVAL, "empty llog name");
        }
        if (service != null) {
            if (mode != Llog.OpenMode.EXISTS) {
                requireLocal("create llog '" + logName + "'");
            }
            return new LlogHandle(this, service, service.open(null, logName), logName);
        }
        Fid fid;
        try (OsdObject d = dev.find(directory())) {
            DirectoryIndex index = d.indexTry(IndexFeatures.DIRECTORY);
            fid = index.lookup(logName).map(e -> e.fid()).orElse(null);
        }
        if (fid == null) {
            if (mode != Llog.OpenMode.NEW) {
                throw new LustreException(Errno.ENOENT, "no llog '" + logName + "' in " + directory() + " of " + name);
            }
            return newHandle(storage(true), logName);
        }
        return new LlogHandle(this, dev.find(fid), logName, null);
    }

    /**
     * Opens a log by its id ({@code llog_open} by logid).
     *
     * @throws LustreException ENOENT naming the id when the log does not exist
     */
    public LlogHandle open(LlogLogid id) throws LustreException {
        if (service != null) {
            return new LlogHandle(this, service, service.open(id, null), null);
        }
        OsdObject o = dev.find(id.fid());
        if (!o.exists()) {
            o.close();
            throw new LustreException(Errno.ENOENT, "no llog " + id.fid() + " on " + name);
        }
        return new LlogHandle(this, o, null, null);
    }

    /** A new unnamed log with a fresh FID, to be created by {@link LlogHandle#create} ({@code LLOG_OPEN_NEW}). */
    public LlogHandle openNew() throws LustreException {
        requireLocal("create an llog");
        return newHandle(storage(false), null);
    }

    /** Opens a named log and creates it if it does not exist ({@code llog_open_create}). */
    public LlogHandle openCreate(String logName) throws LustreException {
        requireLocal("create llog '" + logName + "'");
        LlogHandle h = open(logName, Llog.OpenMode.NEW);
        try {
            if (!h.exists()) {
                h.create();
            }
            return h;
        } catch (LustreException | RuntimeException e) {
            h.close();
            throw e;
        }
    }

    /** A handle for a FID nobody used yet; generated FIDs that exist (orphans) are skipped, as llog_osd_open does. */
    private LlogHandle newHandle(LocalOidStorage storage, String logName) throws LustreException {
        for (;;) {
            OsdObject o = dev.find(storage.generate());
            if (!o.exists()) {
                return new LlogHandle(this, o, logName, storage);
            }
            o.close();
        }
    }

    /** Destroys a named plain log ({@code llog_erase}); a missing one is ENOENT. */
    public void erase(String logName) throws LustreException {
        requireLocal("erase llog '" + logName + "'");
        try (LlogHandle h = open(logName, Llog.OpenMode.EXISTS)) {
            h.init(LlogFlags.IS_PLAIN, null);
            h.destroy();
        }
    }

    /** Destroys a plain log by id ({@code llog_erase}); a missing one is ENOENT. */
    public void erase(LlogLogid id) throws LustreException {
        requireLocal("erase llog " + id.fid());
        try (LlogHandle h = open(id)) {
            h.init(LlogFlags.IS_PLAIN, null);
            h.destroy();
        }
    }

    @Override
    public synchronized void close() {
        if (named != null) {
            named.close();
            named = null;
        }
        if (unnamed != null) {
            unnamed.close();
            unnamed = null;
        }
    }
}
