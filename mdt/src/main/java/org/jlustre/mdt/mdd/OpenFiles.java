package org.jlustre.mdt.mdd;

import java.util.concurrent.ConcurrentHashMap;
import org.jlustre.common.Fid;

/**
 * Open counts per object ({@code mdd_object.mod_count}) and whether an open object lost its
 * last name ({@code ORPHAN_OBJ}): such an object lives in PENDING until its last close. Only
 * open objects have an entry.
 *
 * <p>Thread-safe map; each entry is changed only under its object's dt write lock
 * ({@link Locks}), which is what makes "open" and "last unlink" exclusive.
 */
final class OpenFiles {

    /** An open object's state; guarded by its object's dt write lock. */
    private static final class State {
        int count;
        boolean orphan;
    }

    private final ConcurrentHashMap<Fid, State> states = new ConcurrentHashMap<>();

    /** Counts one more open. */
    void open(Fid fid) {
        states.computeIfAbsent(fid, f -> new State()).count++;
    }

    /**
     * Counts one close.
     *
     * @return -1 when the object was not open, else whether this was the last close of an
     *     orphan (1) or not (0)
     */
    int close(Fid fid) {
        State s = states.get(fid);
        if (s == null) {
            return -1;
        }
        if (--s.count > 0) {
            return 0;
        }
        states.remove(fid);
        return s.orphan ? 1 : 0;
    }

    /** How many opens the object has. */
    int count(Fid fid) {
        State s = states.get(fid);
        return s == null ? 0 : s.count;
    }

    /** Marks an open object as an orphan. */
    void markOrphan(Fid fid) {
        State s = states.get(fid);
        if (s != null) {
            s.orphan = true;
        }
    }

    /** Whether the object is an open orphan ({@code mdd_is_dead_obj}). */
    boolean isOrphan(Fid fid) {
        State s = states.get(fid);
        return s != null && s.orphan;
    }

    /** How many objects are open. */
    int size() {
        return states.size();
    }
}
