package org.jlustre.mdt.mdd;

import org.jlustre.common.Fid;
import org.jlustre.common.LustreException;
import org.jlustre.osd.ObjectRole;
import org.jlustre.osd.OsdDevice;
import org.jlustre.osd.OsdObject;

/**
 * The objects one namespace operation changes, referenced and write-locked (the dt locks
 * {@code mdd_write_lock} takes) in ascending FID order. One total order for every operation
 * means no two operations can each hold a lock the other waits for; Lustre gets the same from
 * parent-before-child plus its rename lock and the LDLM above, which jlustre's MDD cannot
 * assume. Callers look names up before locking and check them again once locked.
 *
 * <p>An operation locks one to four objects, so they are kept in two small arrays sorted by
 * insertion rather than a sorted map (its entries, values view and list were a tenth of what a
 * create allocated). Used by one thread; {@link #close()} unlocks in reverse order and drops
 * the references.
 */
final class Locks implements AutoCloseable {

    /** The FIDs, ascending; {@code count} of them are set. */
    private final Fid[] fids;
    /** The referenced object of each FID. */
    private final OsdObject[] objects;
    private int count;
    /** How many of the objects, from the first, are write-locked. */
    private int locked;

    private Locks(int capacity) {
        fids = new Fid[capacity];
        objects = new OsdObject[capacity];
    }

    /** References and write-locks the objects of {@code fids} (nulls and repeats ignored). */
    static Locks of(OsdDevice dev, Fid... fids) throws LustreException {
        Locks l = new Locks(fids.length);
        try {
            for (Fid f : fids) {
                if (f != null && l.indexOf(f) < 0) {
                    l.insert(f, dev.find(f));
                }
            }
            while (l.locked < l.count) {
                l.objects[l.locked].writeLock(ObjectRole.TGT_CHILD);
                l.locked++;
            }
            return l;
        } catch (LustreException | RuntimeException e) {
            l.close();
            throw e;
        }
    }

    private int indexOf(Fid f) {
        for (int i = 0; i < count; i++) {
            if (fids[i].equals(f)) {
                return i;
            }
        }
        return -1;
    }

    /** Adds {@code f} in FID order. */
    private void insert(Fid f, OsdObject o) {
        int i = count;
        while (i > 0 && fids[i - 1].compareTo(f) > 0) {
            fids[i] = fids[i - 1];
            objects[i] = objects[i - 1];
            i--;
        }
        fids[i] = f;
        objects[i] = o;
        count++;
    }

    /** The locked object of {@code fid}; a caller bug if it was not locked. */
    OsdObject get(Fid fid) {
        int i = indexOf(fid);
        if (i < 0) {
            throw new IllegalStateException(fid + " is not locked by this operation");
        }
        return objects[i];
    }

    /** Whether the lock set holds exactly these FIDs' objects (nulls ignored). */
    boolean covers(Fid... fids) {
        for (Fid f : fids) {
            if (f != null && indexOf(f) < 0) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
        while (locked > 0) {
            locked--;
            objects[locked].writeUnlock();
        }
        for (int i = 0; i < count; i++) {
            objects[i].close();
            objects[i] = null;
            fids[i] = null;
        }
        count = 0;
    }
}
