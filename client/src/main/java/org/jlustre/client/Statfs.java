package org.jlustre.client;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;
import org.jlustre.wire.ObdStatfs;

/**
 * {@code ll_statfs_internal}: every MDT (MDS_STATFS) and OST (OST_STATFS) asked in parallel;
 * blocks are the OSTs' summed in the first OST's block size, files the MDTs' with free files
 * capped by what the OSTs can still create ({@code lov_statfs} / {@code lmv_statfs}).
 */
final class Statfs {

    private Statfs() {
    }

    static CompletableFuture<FsStat> of(ClientStack stack) {
        List<CompletableFuture<FsStat.TargetStat>> parts = new ArrayList<>();
        for (int i : stack.lmv().indexes()) {
            parts.add(stack.lmv().mdt(i).thenCompose(mdc -> Async.on(stack.executor(), mdc::statfs))
                    .thenApply(s -> new FsStat.TargetStat(stack.lmv().mdtName(i), i, true, s)));
        }
        for (int i : stack.lov().indexes()) {
            parts.add(stack.lov().ost(i).thenCompose(osc -> Async.on(stack.executor(), osc::statfs))
                    .thenApply(s -> new FsStat.TargetStat(stack.lov().ostName(i), i, false, s)));
        }
        return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)).thenCompose(v -> {
            List<FsStat.TargetStat> all = parts.stream().map(CompletableFuture::join).toList();
            try {
                return CompletableFuture.completedFuture(sum(all));
            } catch (LustreException e) {
                return CompletableFuture.failedFuture(e);
            }
        });
    }

    /** The sums of {@code all}: EIO without an MDT or an OST. */
    static FsStat sum(List<FsStat.TargetStat> all) throws LustreException {
        List<ObdStatfs> osts = all.stream().filter(t -> !t.mdt()).map(FsStat.TargetStat::statfs).toList();
        List<ObdStatfs> mdts = all.stream().filter(FsStat.TargetStat::mdt).map(FsStat.TargetStat::statfs).toList();
        if (osts.isEmpty() || mdts.isEmpty()) {
            throw new LustreException(Errno.EIO, "statfs needs an MDT and an OST: " + mdts.size() + " MDTs, "
                    + osts.size() + " OSTs");
        }
        int bsize = osts.getFirst().bsize() > 0 ? osts.getFirst().bsize() : 4096;
        long blocks = 0;
        long bfree = 0;
        long bavail = 0;
        long ostFfree = 0;
        for (ObdStatfs s : osts) {
            long scale = Math.max(1, s.bsize());
            blocks += s.blocks() * scale / bsize;
            bfree += s.bfree() * scale / bsize;
            bavail += s.bavail() * scale / bsize;
            ostFfree += s.ffree();
        }
        long files = 0;
        long ffree = 0;
        int namelen = Integer.MAX_VALUE;
        for (ObdStatfs s : mdts) {
            files += s.files();
            ffree += s.ffree();
            namelen = Math.min(namelen, s.namelen() > 0 ? s.namelen() : Names.NAME_MAX);
        }
        // a new file needs an OST object too: no more free files than the OSTs can make
        long cappedFree = Math.min(ffree, ostFfree);
        return new FsStat(bsize, blocks, bfree, bavail, files - (ffree - cappedFree), cappedFree, namelen, all);
    }
}
