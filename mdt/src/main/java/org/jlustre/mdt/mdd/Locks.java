package org.jlustre.mdt.mdd;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
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
 * <p>Used by one thread; {@link #close()} unlocks in reverse order and drops the references.
 */
final class Locks implements AutoCloseable {

    private final TreeMap<Fid, OsdObject> objects = new TreeMap<>();
    private final List<OsdObject> locked = new ArrayList<>();

    private Locks() {
    }

    /** References and write-locks the objects of {@code fids} (nulls and repeats ignored). */
    static Locks of(OsdDevice dev, Fid... fids) throws LustreException {
        Locks l = new Locks();
        try {
            for (Fid f : fids) {
                if (f != null && !l.objects.containsKey(f)) {
                    l.objects.put(f, dev.find(f));
                }
            }
            for (OsdObject o : l.objects.values()) {
                o.writeLock(ObjectRole.TGT_CHILD);
                l.locked.add(o);
            }
            return l;
        } catch (LustreException | RuntimeException e) {
            l.close();
            throw e;
        }
    }

    /** The locked object of {@code fid}; a caller bug if it was not locked. */
    OsdObject get(Fid fid) {
        OsdObject o = objects.get(fid);
        if (o == null) {
            throw new IllegalStateException(fid + " is not locked by this operation");
        }
        return o;
    }

    /** Whether the lock set holds exactly these FIDs' objects (nulls ignored). */
    boolean covers(Fid... fids) {
        for (Fid f : fids) {
            if (f != null && !objects.containsKey(f)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
        for (int i = locked.size() - 1; i >= 0; i--) {
            locked.get(i).writeUnlock();
        }
        locked.clear();
        objects.values().forEach(OsdObject::close);
        objects.clear();
    }
}
