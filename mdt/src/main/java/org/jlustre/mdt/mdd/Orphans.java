package org.jlustre.mdt.mdd;

import java.util.ArrayList;
import java.util.List;
import org.jlustre.common.Fid;
import org.jlustre.common.FileMode;
import org.jlustre.common.LustreException;
import org.jlustre.osd.DirEntry;
import org.jlustre.osd.DirectoryIndex;
import org.jlustre.osd.DirectoryIterator;
import org.jlustre.osd.OsdObject;
import org.jlustre.osd.Transaction;
import org.jlustre.osd.XattrMode;
import org.jlustre.wire.mdt.Lma;

/**
 * PENDING, the orphan directory (mdd_orphans.c; reference-targets 4.6): an open object that
 * loses its last name is inserted there under {@code "0x%llx:0x%x:0x%x"} of its FID, gets
 * PENDING's link (and, for a directory, ".." pointing at PENDING) and {@code LMAI_ORPHAN} in its
 * LMA, and is destroyed at its last close or, after a restart, by {@link #cleanup}.
 *
 * <p>Thread-safe: the OSD serialises updates of PENDING's entries; each orphan is changed
 * under its own dt lock.
 */
final class Orphans {

    private final MddContext ctx;
    /** PENDING's FID. */
    final Fid pending;

    Orphans(MddContext ctx, Fid pending) {
        this.ctx = ctx;
        this.pending = pending;
    }

    /** {@code mdd_orphan_key_fill}: the FID as {@code DFID} without brackets. */
    static String key(Fid f) {
        return "0x" + Long.toHexString(f.seq()) + ":0x" + Integer.toHexString(f.oid()) + ":0x"
                + Integer.toHexString(f.ver());
    }

    /** Declares {@link #insert} ({@code mdd_orphan_declare_insert}) of the locked object {@code o}. */
    void declareInsert(OsdObject o, int type, Transaction th) throws LustreException {
        try (OsdObject p = ctx.dev.find(pending)) {
            DirectoryIndex dir = ctx.dir(p);
            dir.declareInsert(key(o.fid()), th);
            o.declareRefAdd(th);
            o.declareXattrSet(Lma.XATTR_NAME, Lma.SIZE, XattrMode.SET, th);
            if (FileMode.isDir(type)) {
                o.declareRefAdd(th);
                p.declareRefAdd(th);
                DirectoryIndex child = ctx.dir(o);
                child.declareDelete("..", th);
                child.declareInsert("..", th);
            }
        }
    }

    /** Makes {@code o} an orphan ({@code mdd_orphan_insert} and {@code mdd_mark_orphan_object}). */
    void insert(OsdObject o, int type, Transaction th) throws LustreException {
        try (OsdObject p = ctx.dev.find(pending)) {
            ctx.dir(p).insert(key(o.fid()), o.fid(), type, th);
            o.refAdd(th);
            if (FileMode.isDir(type)) {
                o.refAdd(th);
                p.refAdd(th);
                DirectoryIndex child = ctx.dir(o);
                child.delete("..", th);
                child.insert("..", pending, FileMode.S_IFDIR, th);
            }
            Lma lma = ctx.lma(o);
            Lma old = lma == null ? Lma.of(o.fid()) : lma;
            Lma marked = new Lma(old.compat(), old.incompat() | Lma.LMAI_ORPHAN, old.selfFid());
            MddContext.setXattr(o, Lma.XATTR_NAME, marked.toBytes(), XattrMode.SET, th);
        }
    }

    /** Declares {@link #remove}. */
    void declareRemove(Fid f, int type, Transaction th) throws LustreException {
        try (OsdObject p = ctx.dev.find(pending)) {
            ctx.dir(p).declareDelete(key(f), th);
            if (FileMode.isDir(type)) {
                p.declareRefDel(th);
            }
        }
    }

    /** Removes an orphan's PENDING entry (before it is destroyed). */
    void remove(Fid f, int type, Transaction th) throws LustreException {
        try (OsdObject p = ctx.dev.find(pending)) {
            ctx.dir(p).delete(key(f), th);
            if (FileMode.isDir(type)) {
                p.refDel(th);
            }
        }
    }

    /**
     * Destroys an orphan at its last close ({@code mdd_close} -> {@code mdd_orphan_destroy}):
     * its PENDING entry, the object and its OST objects, in one transaction.
     */
    void destroy(OsdObject o) throws LustreException {
        if (!o.exists()) {
            return;
        }
        int type = o.fileType();
        byte[] lov = MddContext.xattrOrNull(o, XattrNames.LOV);
        try (Transaction th = ctx.transaction()) {
            declareRemove(o.fid(), type, th);
            ctx.declareDestroy(o, lov, th);
            th.start();
            remove(o.fid(), type, th);
            ctx.destroy(o, lov, th);
        }
    }

    /**
     * Destroys every orphan a previous mount left in PENDING ({@code mdd_orphan_cleanup}): nothing
     * can have them open after a restart. Entries whose object is gone are just removed.
     *
     * @return how many entries were cleaned
     */
    int cleanup() throws LustreException {
        List<DirEntry> entries = new ArrayList<>();
        try (OsdObject p = ctx.dev.find(pending); DirectoryIterator it = ctx.dir(p).iterator(0)) {
            it.get("");
            while (it.next() == 0) {
                DirEntry e = it.entry();
                if (!e.name().equals(".") && !e.name().equals("..")) {
                    entries.add(e);
                }
            }
        }
        for (DirEntry e : entries) {
            try (Locks l = Locks.of(ctx.dev, e.fid())) {
                OsdObject o = l.get(e.fid());
                if (o.exists()) {
                    int type = o.fileType();
                    byte[] lov = MddContext.xattrOrNull(o, XattrNames.LOV);
                    try (Transaction th = ctx.transaction()) {
                        declareRemoveByName(e, type, th);
                        ctx.declareDestroy(o, lov, th);
                        th.startLocal();
                        removeByName(e, type, th);
                        ctx.destroy(o, lov, th);
                    }
                } else {
                    try (Transaction th = ctx.transaction()) {
                        declareRemoveByName(e, 0, th);
                        th.startLocal();
                        removeByName(e, 0, th);
                    }
                }
            }
        }
        return entries.size();
    }

    private void declareRemoveByName(DirEntry e, int type, Transaction th) throws LustreException {
        try (OsdObject p = ctx.dev.find(pending)) {
            ctx.dir(p).declareDelete(e.name(), th);
            if (FileMode.isDir(type)) {
                p.declareRefDel(th);
            }
        }
    }

    private void removeByName(DirEntry e, int type, Transaction th) throws LustreException {
        try (OsdObject p = ctx.dev.find(pending)) {
            ctx.dir(p).delete(e.name(), th);
            if (FileMode.isDir(type)) {
                p.refDel(th);
            }
        }
    }
}
