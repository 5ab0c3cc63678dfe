package org.jlustre.client;

import java.util.List;
import org.jlustre.wire.ObdStatfs;

/**
 * {@code statfs(2)} of the filesystem ({@code ll_statfs_internal}): space from the OSTs summed,
 * files from the MDTs (capped by what the OSTs can still hold, as {@code lov} does), and every
 * target's own numbers for {@code lfs df}.
 *
 * @param blockSize bytes per block ({@code f_bsize})
 * @param blocks total blocks
 * @param blocksFree free blocks
 * @param blocksAvail blocks available to unprivileged users
 * @param files total inodes
 * @param filesFree free inodes
 * @param nameMax longest name
 * @param targets each target's {@code obd_statfs}, MDTs first, then OSTs, by index
 */
public record FsStat(int blockSize, long blocks, long blocksFree, long blocksAvail, long files, long filesFree,
        int nameMax, List<TargetStat> targets) {

    /** Copies the list. */
    public FsStat {
        targets = List.copyOf(targets);
    }

    /**
     * One target's statfs.
     *
     * @param name the target's name ({@code lustre-OST0001})
     * @param index its index
     * @param mdt whether it is an MDT (else an OST)
     * @param statfs what it answered
     */
    public record TargetStat(String name, int index, boolean mdt, ObdStatfs statfs) {
    }
}
