package org.jlustre.mdt.osp;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;
import org.jlustre.fid.SeqClient;
import org.jlustre.fid.SeqType;
import org.jlustre.fid.SuperSequenceSource;
import org.jlustre.wire.fid.LuSeqRange;

/**
 * The OSPs of one MDT to the other MDTs of its filesystem ({@code lod_mdt_descs}), by MDT
 * index, as the config log's {@code add_mdc} records add them to the lod.
 *
 * <p>An MDT other than MDT0 takes its super-sequences from MDT0's controller
 * ({@link #mdt0Source}); Lustre 2.15 asks over the LWP {@code <fsname>-MDT0000-lwp-MDT<idx>},
 * jlustre over this MDT's OSP to MDT0, which connects to the same target with the MDS_MDS
 * flag. Thread-safe.
 */
public final class RemoteMdts implements AutoCloseable {

    private final String mdtName;
    private final ConcurrentSkipListMap<Integer, OspMdt> osps = new ConcurrentSkipListMap<>();
    /** The last {@code ou_batchid} handed out. */
    private final java.util.concurrent.atomic.AtomicLong batches = new java.util.concurrent.atomic.AtomicLong();

    /** The OSPs of MDT {@code mdtName} ({@code <fsname>-MDT<idx>}), none yet. */
    public RemoteMdts(String mdtName) {
        if (!mdtName.contains("-MDT")) {
            throw new IllegalArgumentException("'" + mdtName + "' is not an MDT name");
        }
        this.mdtName = mdtName;
    }

    /**
     * Adds the OSP to MDT {@code osp.index()}; the caller closes it when this fails.
     *
     * @throws LustreException EEXIST when that MDT has one
     */
    public void add(OspMdt osp) throws LustreException {
        if (osps.putIfAbsent(osp.index(), osp) != null) {
            throw new LustreException(Errno.EEXIST, mdtName + ": MDT index " + osp.index() + " already added");
        }
    }

    /** The OSP to MDT {@code index}. */
    public Optional<OspMdt> get(int index) {
        return Optional.ofNullable(osps.get(index));
    }

    /** A new {@code ou_batchid}: the updates of one operation share it, as one transaction. */
    public long nextBatch() {
        return batches.incrementAndGet();
    }

    /** The OSPs, by MDT index. */
    public List<OspMdt> all() {
        return List.copyOf(osps.values());
    }

    /**
     * A source of metadata super-sequences from MDT0's controller over the OSP to MDT0:
     * EINPROGRESS while the config log has not added it ({@code seq_client_alloc_super}
     * without {@code lcs_exp}), SEQ_QUERY ALLOC_SUPER to its portal 32 after.
     */
    public SuperSequenceSource mdt0Source() {
        return new SuperSequenceSource() {
            @Override
            public LuSeqRange allocSuper(int index, int flags) throws LustreException {
                OspMdt mdt0 = osps.get(0);
                if (mdt0 == null) {
                    throw new LustreException(Errno.EINPROGRESS, "cli-" + mdtName + ": no osp to MDT0 in the "
                            + "config log yet: no super-sequence to allocate");
                }
                return SeqClient.controller(mdt0.imp(), mdtName, SeqType.METADATA).allocSuper(index, flags);
            }

            @Override
            public String describe() {
                return mdtName.substring(0, mdtName.lastIndexOf("-MDT") + 1) + "MDT0000_UUID";
            }
        };
    }

    /** Disconnects every OSP. */
    @Override
    public void close() {
        osps.values().forEach(OspMdt::close);
        osps.clear();
    }
}
