package org.jlustre.mdt;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.jlustre.common.LustreException;
import org.jlustre.mdt.mdd.TxnPart;
import org.jlustre.mdt.osp.OspMdt;
import org.jlustre.mdt.out.UpdateLogs;
import org.jlustre.mdt.out.UpdateRecords;
import org.jlustre.osd.LuAttr;
import org.jlustre.osd.Transaction;
import org.jlustre.target.ReqContext;
import org.jlustre.target.TargetTxns;
import org.jlustre.wire.llog.UpdateRecord;
import org.jlustre.wire.out.ObjectUpdate;
import org.jlustre.wire.out.ObjectUpdateReply.Result;
import org.jlustre.wire.out.UpdateType;

/**
 * One operation over two MDTs (a top transaction with a master and a remote sub transaction,
 * lustre/target/update_trans.c): this MDT (the master) runs its part in the MDD's transaction
 * and the other MDT's part as one OUT_UPDATE batch. As {@code top_trans_stop} does, the
 * operation's {@code llog_update_record} (every update of both parts) is written into the
 * master's update log in the master's transaction with {@code ur_master_transno} 0, then, once
 * the master's transaction has stopped and has its transno, into the remote MDT's update log by
 * an OUT_WRITE in the same batch as the remote updates, with that transno. The updates are known
 * only when the MDD declares its part (the new object's attributes), hence the functions.
 */
final class DistributedTxn implements TxnPart {

    /** OUT_WRITE's position for "append to the update log": see {@link org.jlustre.mdt.out.OutExecutor}. */
    static final long APPEND = -1L;

    private final Mdt mdt;
    private final OspMdt osp;
    private final long batch;
    private final Function<LuAttr, List<ObjectUpdate>> local;
    private final Function<LuAttr, List<ObjectUpdate>> remote;
    private List<ObjectUpdate> all;
    private List<ObjectUpdate> remoteUpdates;

    /**
     * An operation of batch {@code batch} whose local updates (for the record only: the MDD runs
     * them) and remote ones (sent by {@link #sendRemote}) follow from the object's attributes.
     */
    DistributedTxn(Mdt mdt, OspMdt osp, long batch, Function<LuAttr, List<ObjectUpdate>> local,
            Function<LuAttr, List<ObjectUpdate>> remote) throws LustreException {
        this.mdt = mdt;
        this.osp = osp;
        this.batch = batch;
        this.local = local;
        this.remote = remote;
        mdt.updateLogs().catalog(mdt.index()); // made before the MDD's transaction, as at setup
    }

    @Override
    public void declare(LuAttr object, Transaction th) throws LustreException {
        remoteUpdates = remote.apply(object);
        all = new ArrayList<>(local.apply(object));
        all.addAll(remoteUpdates);
        mdt.updateLogs().declareAdd(mdt.index(), th);
    }

    @Override
    public void apply(Transaction th) throws LustreException {
        mdt.updateLogs().add(mdt.index(), record(0), th);
    }

    private UpdateRecord record(long masterTransno) throws LustreException {
        return UpdateRecords.pack(masterTransno, batch, all, UpdateLogs.CHUNK_SIZE);
    }

    /**
     * Sends the remote part with the record (the master's transno now known) appended to it;
     * call after the MDD's transaction stopped.
     *
     * @return the results of the remote updates
     */
    List<Result> sendRemote() throws LustreException {
        long transno = TargetTxns.current().map(ReqContext::transno).orElse(0L);
        byte[] rec = record(transno).encode(0);
        byte[] pos = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(APPEND).array();
        List<ObjectUpdate> batchUpdates = new ArrayList<>(remoteUpdates);
        batchUpdates.add(ObjectUpdate.of(UpdateType.WRITE, batch, UpdateLogs.listFid(osp.index()), rec, pos));
        return osp.update(batchUpdates).subList(0, remoteUpdates.size());
    }
}
