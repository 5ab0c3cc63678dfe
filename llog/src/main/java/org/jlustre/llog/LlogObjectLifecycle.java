package org.jlustre.llog;

import org.jlustre.common.Errno;
import org.jlustre.common.FileMode;
import org.jlustre.common.LustreException;
import org.jlustre.osd.AllocationHint;
import org.jlustre.osd.DirectoryIndex;
import org.jlustre.osd.IndexFeatures;
import org.jlustre.osd.LuAttr;
import org.jlustre.osd.ObjectFormat;
import org.jlustre.osd.OsdObject;
import org.jlustre.osd.Transaction;

/**
 * Creating and destroying a local llog's object together with its name in the context's
 * directory ({@code llog_osd_declare_create}, {@code llog_osd_create}, {@code llog_osd_destroy}
 * in lustre/obdclass/llog_osd.c). {@link LlogHandle} checks the handle is local before it
 * calls in.
 *
 * <p>Locking: creation takes no handle lock (nobody appends to a log that does not exist yet);
 * {@link #destroy(Transaction)} runs under whatever the caller holds (a cancel holds the
 * handle's write lock), {@link #destroyLocal} takes the handle's write lock itself.
 */
final class LlogObjectLifecycle {

    private final LlogHandle h;

    /** Only keeps {@code h}: the handle builds this while it is itself being built. */
    LlogObjectLifecycle(LlogHandle h) {
        this.h = h;
    }

    /** Declares {@link #create(Transaction)}: the object, its last-oid update, its name. */
    void declareCreate(Transaction th) throws LustreException {
        OsdObject obj = h.object();
        if (obj.exists()) {
            return;
        }
        obj.declareCreate(newLogAttr(), AllocationHint.NONE, ObjectFormat.REGULAR, th);
        LocalOidStorage generatedBy = h.generatedBy();
        if (generatedBy != null) {
            generatedBy.declareUpdate(th);
        }
        if (h.name() != null) {
            try (OsdObject d = directory()) {
                d.indexTry(IndexFeatures.DIRECTORY).declareInsert(h.name(), th);
            }
        }
    }

    /** Creates the object, S_IFREG 0644 and empty, and links a named log into the directory. */
    void create(Transaction th) throws LustreException {
        OsdObject obj = h.object();
        if (obj.exists()) {
            throw new LustreException(Errno.EEXIST, h.describe() + " already exists");
        }
        obj.create(newLogAttr(), AllocationHint.NONE, ObjectFormat.REGULAR, th);
        LocalOidStorage generatedBy = h.generatedBy();
        if (generatedBy != null) {
            generatedBy.update(th);
        }
        if (h.name() != null) {
            try (OsdObject d = directory()) {
                DirectoryIndex dir = d.indexTry(IndexFeatures.DIRECTORY);
                // a name left behind by a log destroyed by id already points here
                if (!obj.fid().equals(dir.lookup(h.name()).map(e -> e.fid()).orElse(null))) {
                    dir.insert(h.name(), obj.fid(), FileMode.S_IFREG, th);
                }
            }
        }
    }

    /** Creates the log in its own local transaction ({@code llog_open_create}'s part). */
    void createLocal() throws LustreException {
        try (Transaction th = h.context().device().transCreate()) {
            declareCreate(th);
            th.startLocal();
            create(th);
        }
    }

    /** The attributes of a new log's object: a regular file, 0644, all times now. */
    private LuAttr newLogAttr() {
        long now = h.context().libcfs().time().realSeconds();
        return new LuAttr().mode(FileMode.S_IFREG | 0644).atime(now).mtime(now).ctime(now);
    }

    /** Declares {@link #destroy(Transaction)}: the name, the link and the object. */
    void declareDestroy(Transaction th) throws LustreException {
        if (h.name() != null) {
            try (OsdObject d = directory()) {
                d.indexTry(IndexFeatures.DIRECTORY).declareDelete(h.name(), th);
            }
        }
        OsdObject obj = h.object();
        obj.declareRefDel(th);
        obj.declareDestroy(th);
    }

    /** Removes the name, the link and the object in the caller's transaction; a gone object is left be. */
    void destroy(Transaction th) throws LustreException {
        OsdObject obj = h.object();
        if (!obj.exists()) {
            return;
        }
        if (h.name() != null) {
            try (OsdObject d = directory()) {
                DirectoryIndex dir = d.indexTry(IndexFeatures.DIRECTORY);
                if (dir.lookup(h.name()).isPresent()) {
                    dir.delete(h.name(), th);
                }
            }
        }
        obj.refDel(th);
        obj.destroy(th);
        h.markDestroyed();
    }

    /** Destroys the log in its own local transaction, under the handle's write lock ({@code llog_destroy}). */
    void destroyLocal() throws LustreException {
        if (!h.object().exists()) {
            return;
        }
        try (Transaction th = h.context().device().transCreate()) {
            declareDestroy(th);
            th.startLocal();
            h.lock.writeLock().lock();
            try {
                destroy(th);
            } finally {
                h.lock.writeLock().unlock();
            }
        }
    }

    /** The context's directory of named logs; the caller closes it. */
    private OsdObject directory() throws LustreException {
        return h.context().device().find(h.context().directory());
    }
}
