package org.jlustre.mdt;

import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;
import org.jlustre.ptlrpc.Export;
import org.jlustre.wire.ptlrpc.ConnectFlags;
import org.jlustre.wire.ptlrpc.ObdConnectData;

/**
 * What an MDT does with a client's connect data ({@code mdt_connect_internal},
 * lustre/mdt/mdt_handler.c): the flags are masked to what this MDT serves, a client without
 * FID support is refused ({@code -EBADE}, "MDS requires FID support"), the known inode bits
 * are masked to {@code MDS_INODELOCK_FULL}, the bulk size is clamped to the MDT's (0 is
 * refused), the largest file and EA sizes are reported, the modifying RPCs in flight are
 * limited to {@code max_mod_rpcs_per_client}. The client gets its {@code last_rcvd} slot, and
 * {@code ocd_transno} says the last transno recorded in it (what a reconnecting client
 * learns).
 */
final class MdtConnect {

    /**
     * The flags this MDT grants: Lustre's {@code MDT_CONNECT_SUPPORTED} without what it does not
     * serve (the DLM's LRU resize, layout lock and LVB types, Data-on-MDT I/O with its grant,
     * checksums and short I/O, striped directories, subtree mounts); MDS_MDS marks another
     * MDT's OSP.
     */
    static final long SUPPORTED = ConnectFlags.OBD_CONNECT_RDONLY | ConnectFlags.OBD_CONNECT_VERSION
            | ConnectFlags.OBD_CONNECT_ACL | ConnectFlags.OBD_CONNECT_XATTR | ConnectFlags.OBD_CONNECT_IBITS
            | ConnectFlags.OBD_CONNECT_NODEVOH | ConnectFlags.OBD_CONNECT_ATTRFID | ConnectFlags.OBD_CONNECT_CANCELSET
            | ConnectFlags.OBD_CONNECT_AT | ConnectFlags.OBD_CONNECT_BRW_SIZE | ConnectFlags.OBD_CONNECT_FID
            | ConnectFlags.OBD_CONNECT_VBR | ConnectFlags.OBD_CONNECT_LOV_V3 | ConnectFlags.OBD_CONNECT_FULL20
            | ConnectFlags.OBD_CONNECT_64BITHASH | ConnectFlags.OBD_CONNECT_JOBSTATS
            | ConnectFlags.OBD_CONNECT_EINPROGRESS | ConnectFlags.OBD_CONNECT_LIGHTWEIGHT
            | ConnectFlags.OBD_CONNECT_UMASK | ConnectFlags.OBD_CONNECT_PINGLESS | ConnectFlags.OBD_CONNECT_MAX_EASIZE
            | ConnectFlags.OBD_CONNECT_FLOCK_DEAD | ConnectFlags.OBD_CONNECT_DISP_STRIPE
            | ConnectFlags.OBD_CONNECT_OPEN_BY_FID | ConnectFlags.OBD_CONNECT_BULK_MBITS
            | ConnectFlags.OBD_CONNECT_MULTIMODRPCS | ConnectFlags.OBD_CONNECT_LARGE_ACL
            | ConnectFlags.OBD_CONNECT_MAXBYTES | ConnectFlags.OBD_CONNECT_FLAGS2 | ConnectFlags.OBD_CONNECT_MDS_MDS;
    /** The second word: summed statfs, INC_XID and REP_MBITS. */
    static final long SUPPORTED2 = ConnectFlags.OBD_CONNECT2_SUM_STATFS | ConnectFlags.OBD_CONNECT2_INC_XID
            | ConnectFlags.OBD_CONNECT2_REP_MBITS;
    /** {@code MDS_INODELOCK_FULL}: the inode bits a 2.15 MDT knows. */
    static final long INODELOCK_FULL = (1L << 7) - 1;
    /** {@code mdt_brw_size}: {@code ONE_MB_BRW_SIZE}, the MDT's bulk size (readdir pages). */
    static final int BRW_SIZE = 1 << 20;
    /** {@code OBD_MAX_RIF_DEFAULT}'s MDT counterpart: {@code max_mod_rpcs_per_client} = 8. */
    static final int MAX_MOD_RPCS = 8;

    private MdtConnect() {
    }

    /** The connect hook of MDT {@code mdt}. */
    static ObdConnectData connect(Mdt mdt, Export exp, ObdConnectData asked, ObdConnectData generic)
            throws LustreException {
        long flags = asked.connectFlags() & SUPPORTED;
        long flags2 = (flags & ConnectFlags.OBD_CONNECT_FLAGS2) != 0 ? asked.connectFlags2() & SUPPORTED2 : 0;
        if ((asked.connectFlags() & ConnectFlags.OBD_CONNECT_FID) == 0) {
            throw new LustreException(Errno.EBADE, mdt.name() + ": MDS requires FID support, but client "
                    + exp.clientUuid().value() + " not");
        }
        long ibits = (flags & ConnectFlags.OBD_CONNECT_IBITS) != 0 ? asked.ibitsKnown() & INODELOCK_FULL : 0;
        int brwSize = asked.brwSize();
        if ((flags & ConnectFlags.OBD_CONNECT_BRW_SIZE) != 0) {
            brwSize = (int) Math.min(Integer.toUnsignedLong(brwSize), BRW_SIZE);
            if (brwSize == 0) {
                throw new LustreException(Errno.EPROTO, mdt.name() + ": client " + exp.clientUuid().value()
                        + " connects with ocd_brw_size 0");
            }
        }
        var conf = mdt.osd().conf();
        long maxBytes = (flags & ConnectFlags.OBD_CONNECT_MAXBYTES) != 0 ? conf.maxBytes() : asked.maxbytes();
        int maxEasize = (flags & ConnectFlags.OBD_CONNECT_MAX_EASIZE) != 0 ? conf.maxEaSize() : asked.maxEasize();
        int maxModRpcs = (flags & ConnectFlags.OBD_CONNECT_MULTIMODRPCS) != 0
                ? Math.clamp(asked.maxModRpcs() & 0xffff, 1, MAX_MOD_RPCS) : asked.maxModRpcs();
        MdtExport state = MdtExport.of(exp);
        if (state == null) {
            state = mdt.newExport(exp, asked.connectFlags(), asked.index());
        }
        exp.attach(state);
        return new ObdConnectData(flags, ObdConnectData.JLUSTRE_OCD_VERSION, 0, asked.index(), brwSize, ibits, 0, 0, 0,
                0, state.slot.lastTransno(), asked.group(), 0, maxEasize, generic.instance(), maxBytes,
                maxModRpcs, flags2);
    }
}
