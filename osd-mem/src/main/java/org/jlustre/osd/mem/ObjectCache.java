package org.jlustre.osd.mem;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.jlustre.common.Fid;

/**
 * The object cache (an {@code lu_site}): at most one live {@link MemObject} per FID, found
 * again while anyone holds a reference (reference 2.2).
 *
 * <ul>
 *   <li>An object is instantiated on a miss, its existence read from the {@link ObjectTable}
 *       inside the map's per-key critical section, so it cannot race with a create or destroy
 *       of the same FID.</li>
 *   <li>On the last release, an object that does not exist or was destroyed is dropped; an
 *       existing one stays cached until the cache holds more than its limit of unreferenced
 *       objects or is purged.</li>
 *   <li>A destroyed object is unhashed at destroy, so later finds instantiate a fresh one.</li>
 * </ul>
 *
 * <p>Thread-safe and lock-free on hits; reference counts use {@link MemObject#tryAcquire()},
 * which refuses an object already dropped (count -1).
 */
final class ObjectCache {

    private final MemDevice device;
    private final ConcurrentHashMap<Fid, MemObject> objects = new ConcurrentHashMap<>(1024);
    private final ReentrantLock sweeping = new ReentrantLock();
    private volatile int limit;

    ObjectCache(MemDevice device, int limit) {
        this.device = device;
        this.limit = limit;
    }

    int limit() {
        return limit;
    }

    void setLimit(int limit) {
        this.limit = limit;
        trim();
    }

    int size() {
        return objects.size();
    }

    /** Finds or instantiates the object of {@code fid}, with one reference taken. */
    MemObject find(Fid fid) {
        for (;;) {
            MemObject o = objects.get(fid);
            if (o == null) {
                MemObject[] made = new MemObject[1];
                o = objects.computeIfAbsent(fid, f -> made[0] = new MemObject(device, f, device.objectTable().get(f)));
                if (o == made[0]) {
                    device.stats().inc(MemStats.Counter.CACHE_MISS);
                    if (objects.size() > limit) {
                        trim();
                    }
                    return o;
                }
            }
            if (o.tryAcquire()) {
                if (!o.isDying()) {
                    device.stats().inc(MemStats.Counter.CACHE_HIT);
                    return o;
                }
                o.release();
            }
            objects.remove(fid, o);
        }
    }

    /** Called by an object whose count reached zero: drops it unless it exists and is alive. */
    void released(MemObject o) {
        if ((!o.exists() || objects.size() > limit) && o.tryKill()) {
            objects.remove(o.fid(), o);
        }
    }

    /** Removes a destroyed object so no later find returns it. */
    void unhash(MemObject o) {
        objects.remove(o.fid(), o);
    }

    /** Drops unreferenced objects until the cache is within three quarters of its limit. */
    private void trim() {
        if (!sweeping.tryLock()) {
            return;
        }
        try {
            int target = limit - limit / 4;
            for (Map.Entry<Fid, MemObject> e : objects.entrySet()) {
                if (objects.size() <= target) {
                    break;
                }
                MemObject o = e.getValue();
                if (o.tryKill()) {
                    objects.remove(e.getKey(), o);
                }
            }
        } finally {
            sweeping.unlock();
        }
    }

    /** Drops every unreferenced object ({@code lu_site_purge}); returns how many. */
    int purge() {
        int dropped = 0;
        for (Map.Entry<Fid, MemObject> e : objects.entrySet()) {
            MemObject o = e.getValue();
            if (o.tryKill()) {
                objects.remove(e.getKey(), o);
                dropped++;
            }
        }
        return dropped;
    }

    /** Objects still referenced, for the leak report at unmount. */
    long referenced() {
        return objects.values().stream().filter(MemObject::isReferenced).count();
    }

    /** The cached object of a FID without taking a reference, or null (for dumps). */
    MemObject peek(Fid fid) {
        return objects.get(fid);
    }
}
