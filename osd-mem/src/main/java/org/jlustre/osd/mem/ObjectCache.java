package org.jlustre.osd.mem;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
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
 *       existing one becomes idle and joins the LRU queue (the lu_site LRU). When more than
 *       {@link #limit()} objects are idle, the coldest are dropped: the queue is walked from
 *       its head with a second chance for objects found again since they were queued (CLOCK).
 *       Held objects never count against the limit and cost nothing to skip.</li>
 *   <li>A destroyed object is unhashed at destroy, so later finds instantiate a fresh one.</li>
 * </ul>
 *
 * <p>Thread-safe and lock-free: reference counts use {@link MemObject#tryAcquire()}, which
 * refuses an object already dropped (count -1); the LRU is a concurrent queue whose entries are
 * validated when they reach the head.
 */
final class ObjectCache {

    private final MemDevice device;
    private final ConcurrentHashMap<Fid, MemObject> objects = new ConcurrentHashMap<>(1024);
    /** Idle objects, coldest first; an entry may be stale (re-acquired or dropped since). */
    private final ConcurrentLinkedQueue<MemObject> lru = new ConcurrentLinkedQueue<>();
    /** Entries in {@link #lru}. */
    private final AtomicInteger queued = new AtomicInteger();
    /** Made once: a method reference per miss would be an allocation per create. */
    private final Function<Fid, MemObject> instantiate = this::instantiate;
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
        evictIdle();
    }

    /** Objects in the cache, held or idle. */
    int size() {
        return objects.size();
    }

    /** Finds or instantiates the object of {@code fid}, with one reference taken. */
    MemObject find(Fid fid) {
        for (;;) {
            MemObject o = objects.get(fid);
            if (o == null) {
                o = objects.computeIfAbsent(fid, instantiate);
                if (o.claimFresh()) { // made by this call, with its first reference
                    device.stats().inc(MemStats.Counter.CACHE_MISS);
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

    /** A new handle; runs inside the map's per-key section, so existence cannot change meanwhile. */
    private MemObject instantiate(Fid fid) {
        return new MemObject(device, fid, device.objectTable().get(fid));
    }

    /** Called by an object whose count reached zero: drop it, or queue it as idle. */
    void released(MemObject o) {
        if (!o.exists()) {
            if (o.tryKill()) {
                objects.remove(o.fid(), o);
            }
            return;
        }
        if (o.markQueued()) {
            lru.add(o);
            if (queued.incrementAndGet() > limit) {
                evictIdle();
            }
        }
    }

    /** Removes a destroyed object so no later find returns it. */
    void unhash(MemObject o) {
        objects.remove(o.fid(), o);
    }

    /**
     * Drops idle objects from the cold end until at most three quarters of the limit remain
     * queued. Objects held again are taken off the queue (they rejoin when released); objects
     * found again since they were queued go to the back once.
     */
    private void evictIdle() {
        int target = limit - limit / 4;
        int budget = 2 * queued.get() + 1; // every entry gets at most its second chance
        while (queued.get() > target && budget-- > 0) {
            MemObject o = lru.poll();
            if (o == null) {
                return;
            }
            queued.decrementAndGet();
            o.clearQueued();
            if (o.isReferenced()) {
                continue;
            }
            if (o.takeRecent()) {
                if (o.markQueued()) {
                    lru.add(o);
                    queued.incrementAndGet();
                }
                continue;
            }
            if (o.tryKill()) {
                objects.remove(o.fid(), o);
            }
        }
    }

    /** Drops every unreferenced object ({@code lu_site_purge}); returns how many. */
    int purge() {
        for (MemObject o; (o = lru.poll()) != null; ) {
            queued.decrementAndGet();
            o.clearQueued();
        }
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
