package org.jlustre.fuse;

import java.util.HashMap;
import java.util.Map;
import org.jlustre.common.Errno;
import org.jlustre.common.Fid;
import org.jlustre.common.LustreException;

/**
 * The kernel's node ids and the FIDs they stand for. The kernel holds a lookup reference per
 * entry we answered (lookup, create, mkdir, mknod, symlink, link, readdirplus) and gives them
 * back with forget; a node id lives while it has references, so a FID keeps one node id as long
 * as the kernel knows it, and a new one after it was forgotten (the generation tells them
 * apart). The root is node id 1 and is never forgotten (fuse_lowlevel.h).
 */
final class NodeTable {

    /** FUSE_ROOT_ID. */
    static final long ROOT = 1;

    /** One node id: its FID and the kernel's lookup references. */
    private static final class Node {
        final long id;
        final Fid fid;
        long lookups;

        Node(long id, Fid fid) {
            this.id = id;
            this.fid = fid;
        }
    }

    private final Map<Long, Node> byId = new HashMap<>();
    private final Map<Fid, Node> byFid = new HashMap<>();
    private long nextId = ROOT + 1;

    NodeTable(Fid root) {
        Node node = new Node(ROOT, root);
        byId.put(ROOT, node);
        byFid.put(root, node);
    }

    /** The FID of node {@code id}; ESTALE if the kernel names one it was told to forget. */
    synchronized Fid fid(long id) throws LustreException {
        Node node = byId.get(id);
        if (node == null) {
            throw new LustreException(Errno.ESTALE, "node id " + id + " is not known");
        }
        return node.fid;
    }

    /** Takes a lookup reference on {@code fid}'s node id (allocating one) and returns the id. */
    synchronized long reference(Fid fid) {
        Node node = byFid.computeIfAbsent(fid, f -> {
            Node n = new Node(nextId++, f);
            byId.put(n.id, n);
            return n;
        });
        node.lookups++;
        return node.id;
    }

    /** Drops {@code count} references of node {@code id} (forget); the id goes at zero. */
    synchronized void forget(long id, long count) {
        Node node = byId.get(id);
        if (node == null || id == ROOT) {
            return;
        }
        node.lookups -= count;
        if (node.lookups <= 0) {
            byId.remove(id);
            byFid.remove(node.fid);
        }
    }

    /** How many node ids are known (the root included). */
    synchronized int size() {
        return byId.size();
    }
}
