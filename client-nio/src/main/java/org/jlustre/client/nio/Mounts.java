package org.jlustre.client.nio;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.jlustre.client.LustreClient;
import org.jlustre.client.MountOptions;
import org.jlustre.common.LustreException;
import org.jlustre.common.Nid;
import org.jlustre.mdc.MdcCred;
import org.jlustre.ptlrpc.Ptlrpc;

/**
 * How {@code FileSystems.newFileSystem(lustre://MGS/FSNAME, env)} gets its client and its
 * credentials. The environment's keys (each optional):
 *
 * <ul>
 *   <li>{@value #CLIENT}: a mounted {@link LustreClient} of FSNAME to use (in-process use and
 *       tests); the filesystem never closes it, its owner does. The URI's MGS then only names
 *       the filesystem.
 *   <li>{@value #NODE}: a {@link Ptlrpc} node to mount on (an in-JVM one for tests); the MGS
 *       part of the URI is the MGS's NIDs, {@code NID[,NID...]} (failover NIDs after the first;
 *       a {@code :PORT} after a NID is ignored here). Closing the filesystem unmounts it.
 *   <li>neither: {@link LustreClient#mountTcp} mounts from a TCP node of its own, the MGS part
 *       being its spec {@code NID[:PORT][,NID...]} (every server on that port, 988 by default).
 *       Closing unmounts and closes the node.
 *   <li>{@value #UID}, {@value #GID} (Integer), {@value #GROUPS} (int[] or a collection of
 *       Integer), {@value #UMASK} (Integer): whom the calls are made for; root with umask 022
 *       when no uid is given (root has CAP_DAC_OVERRIDE and the rest, as a root process).
 *   <li>{@value #TIMEOUT} (Duration): how long one request waits for its reply before the
 *       client resends or fails ({@code obd_timeout}, 20 s by default); every call of the
 *       provider waits at most {@value #DEADLINE_FACTOR} times that.
 * </ul>
 */
final class Mounts {

    static final String CLIENT = LustreFileSystemProvider.ENV_CLIENT;
    static final String NODE = LustreFileSystemProvider.ENV_NODE;
    static final String UID = LustreFileSystemProvider.ENV_UID;
    static final String GID = LustreFileSystemProvider.ENV_GID;
    static final String GROUPS = LustreFileSystemProvider.ENV_GROUPS;
    static final String UMASK = LustreFileSystemProvider.ENV_UMASK;
    static final String TIMEOUT = LustreFileSystemProvider.ENV_TIMEOUT;
    /** How many request timeouts one call of the provider may take (the client resends within them). */
    static final int DEADLINE_FACTOR = 3;

    private Mounts() {
    }

    /** The filesystem {@code id} names, over the client {@code env} chooses; IOException when the mount fails. */
    static LustreFileSystem open(LustreFileSystemProvider provider, LustreUri id, Map<String, ?> env)
            throws IOException {
        MdcCred cred = credentials(env);
        Duration timeout = get(env, TIMEOUT, Duration.class, MountOptions.DEFAULT_TIMEOUT);
        Calls calls = new Calls(timeout.multipliedBy(DEADLINE_FACTOR));
        LustreClient given = get(env, CLIENT, LustreClient.class, null);
        if (given != null) {
            if (!given.fsname().equals(id.fsname())) {
                throw new IllegalArgumentException("client in '" + CLIENT + "' has mounted " + given.fsname()
                        + ", not " + id.fsname());
            }
            return new LustreFileSystem(provider, id, new Namespace(given, cred, calls), () -> { });
        }
        Ptlrpc node = get(env, NODE, Ptlrpc.class, null);
        try {
            LustreClient client = node != null
                    ? LustreClient.mount(node, new MountOptions(id.fsname(), mgsNids(id.authority()), timeout))
                    : LustreClient.mountTcp(id.authority(), id.fsname(), timeout);
            return new LustreFileSystem(provider, id, new Namespace(client, cred, calls), client::close);
        } catch (LustreException e) {
            throw new IOException("mount of " + id.toUri() + " failed: " + e.getMessage(), e);
        }
    }

    /** The NIDs of an MGS spec {@code NID[:PORT][,NID[:PORT]...]}; IllegalArgumentException naming a bad one. */
    static List<Nid> mgsNids(String spec) {
        List<Nid> nids = new ArrayList<>();
        for (String part : spec.split(",")) {
            int colon = part.lastIndexOf(':');
            String nid = colon < 0 ? part : part.substring(0, colon);
            try {
                nids.add(Nid.parse(nid));
            } catch (LustreException e) {
                throw new IllegalArgumentException("MGS '" + spec + "': " + e.getMessage(), e);
            }
        }
        return List.copyOf(nids);
    }

    private static MdcCred credentials(Map<String, ?> env) {
        Integer uid = get(env, UID, Integer.class, null);
        int umask = get(env, UMASK, Integer.class, 022);
        if (uid == null) {
            return MdcCred.root().withUmask(umask);
        }
        int gid = get(env, GID, Integer.class, uid);
        Object groups = env.get(GROUPS);
        int[] ids;
        if (groups == null) {
            ids = new int[0];
        } else if (groups instanceof int[] a) {
            ids = a;
        } else if (groups instanceof Collection<?> c) {
            ids = c.stream().mapToInt(g -> (Integer) g).toArray();
        } else {
            throw new IllegalArgumentException("'" + GROUPS + "' is a " + groups.getClass().getName()
                    + ", not an int[] or a collection of Integer");
        }
        return MdcCred.user(uid, gid, ids).withUmask(umask);
    }

    private static <T> T get(Map<String, ?> env, String key, Class<T> type, T otherwise) {
        Object value = env.get(key);
        if (value == null) {
            return otherwise;
        }
        if (!type.isInstance(value)) {
            throw new IllegalArgumentException("'" + key + "' is a " + value.getClass().getName() + ", not a "
                    + type.getSimpleName());
        }
        return type.cast(value);
    }
}
