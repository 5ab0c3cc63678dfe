package org.jlustre.ost;

import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;
import org.jlustre.ptlrpc.Export;
import org.jlustre.wire.ost.ObdFlags;
import org.jlustre.wire.ptlrpc.ConnectFlags;
import org.jlustre.wire.ptlrpc.ObdConnectData;

/**
 * What an OST does with a client's connect data ({@code ofd_parse_connect_data},
 * lustre/ofd/ofd_obd.c, with {@code tgt_grant_connect}): the flags are masked to what this OST
 * serves, an MDT keeps the object group it used before, SKIP_ORPHAN is an MDT's alone, the bulk
 * size is clamped to the OST's (0 is refused), the grant parameters and an initial grant are
 * given, the index must be this OST's, the checksum types are masked to those the OST computes
 * (none left is refused), and the largest object size is reported. The client gets its
 * {@code last_rcvd} slot, and {@code ocd_transno} says the last transno recorded in it.
 */
final class OstConnect {

    /**
     * The flags this OST grants: Lustre's {@code OST_CONNECT_SUPPORTED} without what it does not
     * serve yet (the LVB and layout locks of the DLM).
     */
    static final long SUPPORTED = ConnectFlags.OST_CONNECT_SUPPORTED & ~(ConnectFlags.OBD_CONNECT_LVB_TYPE
            | ConnectFlags.OBD_CONNECT_LAYOUTLOCK
            | ConnectFlags.OBD_CONNECT_LRU_RESIZE);
    /** The second word: REP_MBITS and INC_XID (no lock ahead, encryption or SEEK yet). */
    static final long SUPPORTED2 = ConnectFlags.OBD_CONNECT2_REP_MBITS | ConnectFlags.OBD_CONNECT2_INC_XID;
    /** {@code DT_DEF_BRW_SIZE}: the OST's bulk size, 4 MiB. */
    static final int BRW_SIZE = 4 << 20;
    /** The checksum types computed here: CRC32, Adler-32 and CRC32C (no T10-PI). */
    static final int CKSUM_TYPES = ObdFlags.OBD_CKSUM_CRC32 | ObdFlags.OBD_CKSUM_ADLER | ObdFlags.OBD_CKSUM_CRC32C;

    private OstConnect() {
    }

    /** The connect hook of OST {@code ost}. */
    static ObdConnectData connect(Ost ost, Export exp, ObdConnectData asked, ObdConnectData generic)
            throws LustreException {
        Ofd ofd = ost.ofd();
        OstExport before = OstExport.of(exp);
        if (before != null && before.group != 0 && before.group != asked.group()) {
            throw new LustreException(Errno.EPROTO, ofd.name() + ": export " + exp + " used object group "
                    + before.group + " earlier, now " + asked.group());
        }
        long flags = asked.connectFlags() & SUPPORTED;
        long flags2 = (flags & ConnectFlags.OBD_CONNECT_FLAGS2) != 0 ? asked.connectFlags2() & SUPPORTED2 : 0;
        if ((flags & ConnectFlags.OBD_CONNECT_MDS) == 0 && (flags & ConnectFlags.OBD_CONNECT_SKIP_ORPHAN) != 0) {
            throw new LustreException(Errno.EPROTO, ofd.name() + ": SKIP_ORPHAN from " + exp.clientUuid().value()
                    + ", which is not an MDT");
        }
        int brwSize = asked.brwSize();
        if ((flags & ConnectFlags.OBD_CONNECT_BRW_SIZE) != 0) {
            if (Integer.toUnsignedLong(brwSize) > BRW_SIZE) {
                brwSize = BRW_SIZE;
            }
            if (brwSize == 0) {
                throw new LustreException(Errno.EPROTO, ofd.name() + ": client " + exp.clientUuid().value()
                        + " connects with ocd_brw_size 0");
            }
        }
        int blkbits = asked.grantBlkbits();
        int inobits = asked.grantInobits();
        int taxKb = asked.grantTaxKb();
        int maxBlks = asked.grantMaxBlks();
        if ((flags & ConnectFlags.OBD_CONNECT_GRANT_PARAM) != 0) {
            var conf = ofd.osd().conf();
            blkbits = Integer.numberOfTrailingZeros(ofd.osd().statfs().bsize());
            inobits = 32 - Integer.numberOfLeadingZeros(Math.max(1, conf.inodeSpace()) - 1);
            taxKb = conf.extentTax() >> 10;
            maxBlks = conf.maxExtentBlocks();
        }
        if ((flags & ConnectFlags.OBD_CONNECT_INDEX) != 0 && asked.index() != ofd.index()) {
            throw new LustreException(Errno.EBADF, ofd.name() + ": connection from " + exp.peer() + " to index "
                    + Integer.toUnsignedString(asked.index()) + " doesn't match actual OST index " + ofd.index()
                    + ", bad configuration?");
        }
        int cksumTypes = asked.cksumTypes();
        if ((flags & ConnectFlags.OBD_CONNECT_CKSUM) != 0) {
            cksumTypes &= CKSUM_TYPES;
            if (cksumTypes == 0) {
                throw new LustreException(Errno.EPROTO, ofd.name() + ": connect with checksum support but no "
                        + "checksum type we compute (asked 0x" + Integer.toHexString(asked.cksumTypes()) + ")");
            }
        }
        long maxBytes = (flags & ConnectFlags.OBD_CONNECT_MAXBYTES) != 0 ? ofd.osd().conf().maxBytes()
                : asked.maxbytes();
        OstExport state = before != null ? before : ost.newExport(exp, asked.group(), asked.connectFlags(),
                asked.index());
        int grant = 0;
        if ((flags & ConnectFlags.OBD_CONNECT_GRANT) != 0) {
            // tgt_grant_connect: a reconnecting client keeps what it holds; a new one asks for ocd_grant
            long want = Math.max(0, Integer.toUnsignedLong(asked.grant()) - state.grant.granted());
            ofd.grants().alloc(state.grant, want);
            grant = (int) Math.min(Integer.MAX_VALUE, state.grant.granted());
        }
        exp.attach(state);
        return new ObdConnectData(flags, ObdConnectData.JLUSTRE_OCD_VERSION, grant, asked.index(), brwSize,
                asked.ibitsKnown(), blkbits, inobits, taxKb, maxBlks, state.slot.lastTransno(), asked.group(), cksumTypes,
                asked.maxEasize(), generic.instance(), maxBytes, asked.maxModRpcs(), flags2);
    }
}
