package org.jlustre.mdt.lod;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.random.RandomGenerator;
import org.jlustre.common.Errno;
import org.jlustre.common.Fid;
import org.jlustre.common.Libcfs;
import org.jlustre.common.LustreException;
import org.jlustre.common.debug.DebugMask;
import org.jlustre.llog.LlogContext;
import org.jlustre.mdt.mdd.LayoutOps;
import org.jlustre.mdt.osp.Osp;
import org.jlustre.mdt.osp.OspConfig;
import org.jlustre.common.Nid;
import org.jlustre.common.Uuid;
import org.jlustre.osc.Osc;
import org.jlustre.osc.OscConfig;
import org.jlustre.ptlrpc.Ptlrpc;
import org.jlustre.osd.OsdDevice;
import org.jlustre.osd.Transaction;
import org.jlustre.osd.TxnKey;
import org.jlustre.wire.ObdStatfs;
import org.jlustre.wire.llog.LlogHeader;
import org.jlustre.wire.mdt.LovMdsMd;
import org.jlustre.wire.mdt.LovUserMd;

/**
 * The MDT's layout layer (lustre/lod): what a new regular file's {@code trusted.lov} is and
 * which OST objects it names, over one {@link Osp} per OST; the unlink records of a destroyed
 * layout's objects; the OSTs' space summed into the MDT's statfs. It is MDD's
 * {@code LayoutOps}.
 *
 * <p>A layout comes from the client's request ({@code lov_user_md} v1/v3: stripe count, size,
 * first OST, pool), with what it leaves unset from the parent directory's default and then from
 * the file system's ({@code lod.*.stripecount}, {@code stripesize}, {@code stripeoffset}, from
 * the config log's {@code lov_desc}). Stripe count -1 means every OST; a count above the OSTs
 * there are is cut to them. Objects come from the OSPs' pools in the order {@link LodQos}
 * gives (round-robin, or weighted by free space when the OSTs are unbalanced) or, with a
 * first OST, from it on in index order ({@code lod_alloc_specific}); OSTs with objects at hand
 * first, then waiting for precreates until the create timeout ({@code lod_alloc_rr}'s speeds).
 * A file gets fewer stripes when not enough OSTs can give objects (at least 3/4 of a default
 * count, as {@code min_stripe_count}); none at all fails with ENOSPC when every OST is full,
 * ETIMEDOUT otherwise. The layout is {@code lov_mds_md_v1}, or v3 with a pool.
 *
 * <p>With no OST configured, a file gets no layout (null), as a file created with
 * O_LOV_DELAY_CREATE. Thread-safe.
 */
public final class Lod implements LayoutOps, AutoCloseable {

    /** How long an OSP's RPC waits for its reply. */
    public static final java.time.Duration RPC_TIMEOUT = java.time.Duration.ofSeconds(20);

    /** The objects a transaction reserved per file, released at stop unless created. */
    private static final TxnKey<Map<Fid, List<LodAllocator.Reserved>>> RESERVED = new TxnKey<>("lod reserved objects");


    private final OsdDevice dev;
    private final Libcfs libcfs;
    private final LlogContext syncLogs;
    private final boolean ownsSyncLogs;
    private final String name;
    private final ConcurrentSkipListMap<Integer, Osp> osts = new ConcurrentSkipListMap<>();
    /** Pools by name ({@code lod_pool_new}); guarded by itself. */
    private final Map<String, Set<Integer>> pools = new HashMap<>();
    private final LodQos qos;
    private final LodAllocator allocator;
    private final LodParams params;
    /** {@code ld_default_stripe_count} (-1: every OST). */
    private volatile int stripeCount;
    /** {@code ld_default_stripe_size}. */
    private volatile long stripeSize;
    /** {@code ld_default_stripe_offset} (-1: any). */
    private volatile int stripeOffset;

    private Lod(OsdDevice dev, Libcfs libcfs, LodConfig config, LlogContext syncLogs, boolean ownsSyncLogs,
            RandomGenerator random) {
        this.dev = dev;
        this.libcfs = libcfs;
        this.syncLogs = syncLogs;
        this.ownsSyncLogs = ownsSyncLogs;
        this.name = config.name();
        this.stripeCount = config.stripeCount();
        this.stripeSize = config.stripeSize();
        this.stripeOffset = config.stripeOffset();
        this.qos = new LodQos(random, config.qosThresholdRrPercent(), config.qosPrioFreePercent());
        this.allocator = new LodAllocator(name, libcfs, qos, config.createTimeout());
        this.params = new LodParams(libcfs.params(), this, qos);
    }

    /**
     * A LOD on the MDT's device {@code dev} with no OST yet; the OSPs' sync catalogs are unnamed
     * logs of {@code syncLogs} (the MDT's one context for unnamed logs, so their FIDs never
     * collide with other users').
     */
    public static Lod start(OsdDevice dev, Libcfs libcfs, LodConfig config, LlogContext syncLogs,
            RandomGenerator random) {
        return new Lod(dev, libcfs, config, syncLogs, false, random);
    }

    /** The same with a context of its own and a random start for round-robin. */
    public static Lod start(OsdDevice dev, Libcfs libcfs, LodConfig config) {
        LlogContext ctxt = new LlogContext(dev, libcfs, null, LlogHeader.MIN_CHUNK_SIZE, config.name());
        return new Lod(dev, libcfs, config, ctxt, true, new SplittableRandom());
    }

    /** The device name. */
    public String name() {
        return name;
    }

    // ---- OSTs and pools ----

    /**
     * Adds the OST {@code osc} reaches ({@code lod_add_device}): starts its OSP, which connects
     * in the background. {@code osc} must be made with {@code OscConfig.asMdt(true)}.
     *
     * @throws LustreException EEXIST when that index is there already
     */
    public Osp addOst(Osc osc, OspConfig config) throws LustreException {
        if (osts.containsKey(config.ostIndex())) {
            osc.close();
            throw new LustreException(Errno.EEXIST, name + ": OST index " + config.ostIndex() + " already added");
        }
        Osp osp = Osp.start(dev, syncLogs, osc, config, libcfs);
        if (osts.putIfAbsent(config.ostIndex(), osp) != null) {
            osp.close();
            throw new LustreException(Errno.EEXIST, name + ": OST index " + config.ostIndex() + " already added");
        }
        return osp;
    }

    /**
     * Adds OST {@code index} as the config log names it ({@code attach osp <ospName>},
     * {@code setup <ospName> <ostUuid> <nid>}, {@code lov_add_obd}): an OSC on {@code node} to
     * {@code nids} with the MDT's connect flags, our UUID {@code <lod name>_UUID}, requests
     * timing out after {@link #RPC_TIMEOUT}, and an OSP with Lustre's defaults. Never blocks on
     * the network: the OSP connects in the background.
     */
    public Osp addOst(Ptlrpc node, String ospName, Uuid ostUuid, int index, List<Nid> nids) throws LustreException {
        OscConfig oc = new OscConfig(ospName, new Uuid(name + "_UUID"), ostUuid, index, nids, RPC_TIMEOUT,
                OscConfig.DEFAULT_RPCS_IN_FLIGHT, true, true);
        return addOst(new Osc(node, oc), OspConfig.named(ospName, index));
    }

    /** The OSP of OST {@code index}. */
    public Optional<Osp> ost(int index) {
        return Optional.ofNullable(osts.get(index));
    }

    /** The OSPs, by OST index. */
    public List<Osp> osts() {
        return List.copyOf(osts.values());
    }

    /** {@code lctl pool_new}: an empty pool. */
    public void poolNew(String pool) throws LustreException {
        checkPoolName(pool);
        synchronized (pools) {
            if (pools.putIfAbsent(pool, new TreeSet<>()) != null) {
                throw new LustreException(Errno.EEXIST, name + ": pool " + pool + " exists");
            }
        }
    }

    /** {@code lctl pool_add}: OST {@code index} joins {@code pool}. */
    public void poolAdd(String pool, int index) throws LustreException {
        synchronized (pools) {
            Set<Integer> p = pools.get(pool);
            if (p == null) {
                throw new LustreException(Errno.ENOENT, name + ": no pool " + pool);
            }
            if (!p.add(index)) {
                throw new LustreException(Errno.EEXIST, name + ": OST " + index + " is in pool " + pool + " already");
            }
        }
    }

    private void checkPoolName(String pool) throws LustreException {
        if (pool.isEmpty() || pool.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > LovMdsMd.LOV_MAXPOOLNAME) {
            throw new LustreException(Errno.EINVAL, name + ": pool name '" + pool + "' not 1.." + LovMdsMd.LOV_MAXPOOLNAME
                    + " bytes");
        }
    }

    // ---- defaults (the parameters) ----

    int stripeCount() {
        return stripeCount;
    }

    void stripeCount(int v) {
        stripeCount = v;
    }

    long stripeSize() {
        return stripeSize;
    }

    void stripeSize(long v) {
        stripeSize = LodConfig.fixStripeSize(v);
    }

    int stripeOffset() {
        return stripeOffset;
    }

    void stripeOffset(int v) {
        stripeOffset = v;
    }

    // ---- LayoutOps ----

    /**
     * Chooses the layout of new regular file {@code file} and reserves its objects: from the
     * request {@code userLayout} ({@code lov_user_md}, or null), the parent's default
     * {@code parentDefault} (or null) and the file system's defaults. Declares the
     * {@code lov_objid} writes in {@code th}; objects not handed to the file by {@link #create}
     * go back to their pools when {@code th} stops. May wait for precreates, up to the create
     * timeout. Call before {@code th} starts.
     *
     * @return the {@code trusted.lov} to store, or null when there is no OST
     * @throws LustreException EINVAL/EOPNOTSUPP for a bad request (naming the field), ENOSPC
     *     when every OST is full, ETIMEDOUT when no OST gave an object in time
     */
    @Override
    public byte[] declareCreate(Transaction th, Fid file, byte[] userLayout, byte[] parentDefault)
            throws LustreException {
        LovUserMd req = userLayout == null ? null : LodLayout.request(userLayout, name + ": layout request for " + file);
        LovUserMd def = null;
        if (parentDefault != null) {
            try {
                def = LodLayout.request(parentDefault, "default layout");
            } catch (LustreException e) {
                // lod_ah_init: a damaged default is skipped, the file system's applies
                libcfs.debug().logf(DebugMask.S_LOV, DebugMask.D_WARNING, "%s: parent of %s: %s", name, file,
                        e.getMessage());
            }
        }
        long size = req != null && req.stripeSize() != 0 ? Integer.toUnsignedLong(req.stripeSize())
                : def != null && def.stripeSize() != 0 ? Integer.toUnsignedLong(def.stripeSize()) : stripeSize;
        boolean usesDefault = req == null || req.stripeCount() == 0;
        int count = !usesDefault ? req.stripeCount() : def != null && def.stripeCount() != 0 ? def.stripeCount()
                : stripeCount == -1 ? LovMdsMd.LOV_ALL_STRIPES : Math.max(1, stripeCount);
        int offset = req != null && req.stripeOffset() != LovMdsMd.STRIPE_OFFSET_ANY ? req.stripeOffset()
                : def != null && def.stripeOffset() != LovMdsMd.STRIPE_OFFSET_ANY ? def.stripeOffset() : stripeOffset;
        if (offset == LovMdsMd.STRIPE_OFFSET_ANY) {
            offset = -1;
        }
        String pool = LodLayout.pool(req) != null ? LodLayout.pool(req) : LodLayout.pool(def);
        List<Osp> candidates = candidates(pool);
        if (osts.isEmpty()) {
            return null;
        }
        if (offset >= 0 && !osts.containsKey(offset)) {
            throw new LustreException(Errno.EINVAL, name + ": stripe offset " + offset + " of " + file
                    + " is not an OST index");
        }
        if (candidates.isEmpty()) {
            throw new LustreException(Errno.ENOSPC, name + ": pool " + pool + " has no OST for " + file);
        }
        int want = count == LovMdsMd.LOV_ALL_STRIPES ? candidates.size() : Math.min(count, candidates.size());
        int min = usesDefault ? want - want / 4 : want;
        List<LodAllocator.Reserved> got = allocator.allocate(file, candidates, want, min, offset);
        try {
            Set<Osp> declared = new HashSet<>();
            for (LodAllocator.Reserved r : got) {
                if (declared.add(r.osp())) {
                    r.osp().declareCreate(th);
                }
            }
            Map<Fid, List<LodAllocator.Reserved>> map = th.attachment(RESERVED);
            if (map == null) {
                Map<Fid, List<LodAllocator.Reserved>> fresh = new LinkedHashMap<>();
                th.attach(RESERVED, fresh);
                th.addStopCallback((t, rc) -> releaseAll(fresh));
                map = fresh;
            }
            synchronized (map) {
                map.put(file, new ArrayList<>(got));
            }
        } catch (LustreException | RuntimeException e) {
            for (LodAllocator.Reserved r : got) {
                r.osp().release(r.object());
            }
            throw e;
        }
        List<LodLayout.Stripe> stripes = new ArrayList<>(got.size());
        for (LodAllocator.Reserved r : got) {
            stripes.add(new LodLayout.Stripe(r.osp().index(), r.object()));
        }
        return LodLayout.forFile(file, size, pool, stripes);
    }

    private static void releaseAll(Map<Fid, List<LodAllocator.Reserved>> map) {
        synchronized (map) {
            for (List<LodAllocator.Reserved> l : map.values()) {
                for (LodAllocator.Reserved r : l) {
                    r.osp().release(r.object());
                }
            }
            map.clear();
        }
    }

    /** The OSTs a file may use: a defined pool's members, or every OST ({@code lod_find_pool}). */
    private List<Osp> candidates(String pool) {
        Set<Integer> members = null;
        if (pool != null) {
            synchronized (pools) {
                Set<Integer> p = pools.get(pool);
                members = p == null ? null : Set.copyOf(p);
            }
        }
        List<Osp> out = new ArrayList<>();
        for (Osp o : osts.values()) {
            if (members == null || members.contains(o.index())) {
                out.add(o);
            }
        }
        return out;
    }

    /**
     * File {@code file} takes the objects of {@code lovEa} (from {@link #declareCreate}) in
     * {@code th}: each OSP writes its last used id to {@code lov_objid} in it.
     */
    @Override
    public void create(Transaction th, Fid file, byte[] lovEa) throws LustreException {
        if (lovEa == null) {
            return;
        }
        List<LodLayout.Stripe> stripes = LodLayout.stripes(lovEa, name + ": layout of " + file);
        Map<Fid, List<LodAllocator.Reserved>> map = th.attachment(RESERVED);
        if (map != null) {
            synchronized (map) {
                map.remove(file);
            }
        }
        for (LodLayout.Stripe s : stripes) {
            Osp o = osts.get(s.ostIndex());
            if (o == null) {
                throw new LustreException(Errno.EINVAL, name + ": layout of " + file + " names OST " + s.ostIndex()
                        + ", which is not configured");
            }
            o.create(s.object(), th);
        }
    }

    /** Declares the unlink records of {@code lovEa}'s objects in {@code th}. */
    @Override
    public void declareDestroy(Transaction th, Fid file, byte[] lovEa) throws LustreException {
        if (lovEa == null || lovEa.length == 0) {
            return;
        }
        for (LodLayout.Stripe s : LodLayout.stripes(lovEa, name + ": layout of " + file)) {
            Osp o = osts.get(s.ostIndex());
            if (o != null) {
                o.declareDestroy(th);
            }
        }
    }

    /**
     * Writes an unlink record for each of {@code lovEa}'s objects in {@code th}, in the sync
     * catalog of its OST; the OST_DESTROYs go out after {@code th} commits. An object on an OST
     * that is not configured is left (logged), as it cannot be reached.
     */
    @Override
    public void destroy(Transaction th, Fid file, byte[] lovEa) throws LustreException {
        if (lovEa == null || lovEa.length == 0) {
            return;
        }
        for (LodLayout.Stripe s : LodLayout.stripes(lovEa, name + ": layout of " + file)) {
            Osp o = osts.get(s.ostIndex());
            if (o == null) {
                libcfs.debug().logf(DebugMask.S_LOV, DebugMask.D_WARNING, "%s: %s: object %s on unknown OST %d left",
                        name, file, s.object(), s.ostIndex());
                continue;
            }
            o.destroy(s.object(), th);
        }
    }

    /**
     * The MDT's statfs ({@code lod_statfs}): the MDT's own inodes, the OSTs' blocks summed in
     * the smallest block size among them (their grants counted as available), files capped by
     * the objects the OSTs can still create, and OS_STATFS_SUM. OSTs that cannot answer are
     * left out.
     */
    @Override
    public ObdStatfs statfs() throws LustreException {
        ObdStatfs m = dev.statfs();
        int bs = m.bsize();
        long blocks = 0;
        long bfree = 0;
        long bavail = 0;
        long granted = 0;
        long ostFiles = 0;
        long ostFfree = 0;
        for (Osp o : osts.values()) {
            ObdStatfs s;
            try {
                s = o.statfs();
            } catch (LustreException e) {
                continue;
            }
            if (s.bsize() <= 0) {
                continue;
            }
            int obs = s.bsize();
            long oBlocks = s.blocks();
            long oBfree = s.bfree();
            long oBavail = s.bavail() + s.granted();
            long oGranted = s.granted();
            while (obs < bs) { // lod_statfs_sum: sum in the smaller block size
                bs >>= 1;
                blocks <<= 1;
                bfree <<= 1;
                bavail <<= 1;
                granted <<= 1;
            }
            while (obs > bs) {
                obs >>= 1;
                oBlocks <<= 1;
                oBfree <<= 1;
                oBavail <<= 1;
                oGranted <<= 1;
            }
            blocks += oBlocks;
            bfree += oBfree;
            bavail += oBavail;
            granted += oGranted;
            ostFiles += s.files();
            ostFfree += s.ffree();
        }
        long files = m.files();
        long ffree = m.ffree();
        if (ostFiles != 0 && ostFfree < ffree) {
            files = (files - ffree) + ostFfree;
            ffree = ostFfree;
        }
        if (ostFiles == 0) {
            blocks = m.blocks();
            bfree = m.bfree();
            bavail = m.bavail();
            bs = m.bsize();
        }
        return new ObdStatfs(m.type(), blocks, bfree, bavail, files, ffree, m.fsid(), bs, m.namelen(), m.maxbytes(),
                m.state() | ObdStatfs.OS_STATFS_SUM, m.fprecreated(), (int) Math.min(Integer.MAX_VALUE, granted));
    }

    /**
     * The file system's default layout as a directory default reads
     * ({@code lov_user_md_v1}: stripe size, count (0xffff for every OST), first OST (0xffff
     * for any), no objects).
     */
    @Override
    public byte[] defaultLayout() {
        int count = stripeCount == -1 ? LovMdsMd.LOV_ALL_STRIPES : stripeCount;
        int offset = stripeOffset == -1 ? LovMdsMd.STRIPE_OFFSET_ANY : stripeOffset;
        return new LovUserMd(LovMdsMd.LOV_MAGIC_V1, LovMdsMd.LOV_PATTERN_RAID0, (int) stripeSize, count, offset, "")
                .toBytes();
    }

    /** Whether the last allocation found the OSTs balanced (round-robin) rather than weighted. */
    public boolean roundRobin() {
        return qos.roundRobin();
    }

    @Override
    public void close() {
        params.close();
        for (Osp o : osts.values()) {
            o.close();
        }
        osts.clear();
        if (ownsSyncLogs) {
            syncLogs.close();
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
