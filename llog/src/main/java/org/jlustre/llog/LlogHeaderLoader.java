package org.jlustre.llog;

import java.lang.foreign.MemorySegment;
import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;
import org.jlustre.common.debug.DebugMask;
import org.jlustre.osd.ObjectRole;
import org.jlustre.osd.OsdObject;
import org.jlustre.wire.Le;
import org.jlustre.wire.llog.LlogFlags;
import org.jlustre.wire.llog.LlogHeader;
import org.jlustre.wire.llog.LlogRecType;
import org.jlustre.wire.llog.LlogRecordHeader;

/**
 * The header a handle starts from ({@code llog_init_handle} in lustre/obdclass/llog.c): read
 * from the object and validated ({@code llog_osd_read_header} in llog_osd.c), fresh for an
 * empty object, or as a remote handle's {@link LlogService} sends it; then checked against the
 * log type and uuid the opener asked for.
 *
 * <p>Locking: runs before the handle has a header, under no handle lock; the header chunk is
 * read under the object's dt read lock, so an append through another handle is never seen
 * half done.
 */
final class LlogHeaderLoader {

    private final LlogHandle h;

    /** A loader for {@code h}, which has no header yet. */
    LlogHeaderLoader(LlogHandle h) {
        this.h = h;
    }

    /**
     * The header {@code h} is to hold, its flags completed: a catalog's record size and
     * FIXSIZE, the extension flags of {@code flags}.
     *
     * @param flags {@code IS_PLAIN} or {@code IS_CAT} (or 0 to take the type from the log)
     *     plus extension flags
     * @param uuid the target uuid the log must carry (null: no check); also written into a
     *     fresh header
     * @throws LustreException EINVAL when the log's type differs from {@code flags} or it has
     *     none; EEXIST when the uuid differs; EIO or EFAULT for a damaged header, naming it
     */
    LlogHeader load(int flags, String uuid) throws LustreException {
        int ext = flags & LlogFlags.EXT_MASK;
        boolean onDisk = h.isRemote() || h.size() > 0;
        LlogHeader hdr = h.isRemote() ? h.service().readHeader(h.remoteId(), flags) : readLocal(flags, uuid);
        int type = LlogFlags.IS_PLAIN | LlogFlags.IS_CAT;
        if (onDisk) {
            if (((hdr.flags() & LlogFlags.IS_PLAIN) != 0 && (flags & LlogFlags.IS_CAT) != 0)
                    || ((hdr.flags() & LlogFlags.IS_CAT) != 0 && (flags & LlogFlags.IS_PLAIN) != 0)) {
                throw new LustreException(Errno.EINVAL, h.describe() + ": llog type is "
                        + ((hdr.flags() & LlogFlags.IS_CAT) != 0 ? "catalog" : "plain") + " but initializing "
                        + ((flags & LlogFlags.IS_CAT) != 0 ? "catalog" : "plain"));
            }
            if ((hdr.flags() & type) == 0) {
                throw new LustreException(Errno.EINVAL, h.describe() + ": llog type is not specified");
            }
            flags = hdr.flags();
            if (uuid != null && !uuid.equals(hdr.tgtUuid())) {
                throw new LustreException(Errno.EEXIST, h.describe() + ": llog uuid mismatch: " + uuid + "/"
                        + hdr.tgtUuid());
            }
        }
        if ((flags & LlogFlags.IS_CAT) != 0) {
            hdr.setSize(LlogCatalog.LOGID_REC_SIZE);
            hdr.setFlags(hdr.flags() | LlogFlags.IS_FIXSIZE);
            if (hdr.catIdx() < 0 || hdr.catIdx() >= hdr.bitmapBits()) {
                LlogContext ctx = h.context();
                ctx.libcfs().debug().logf(DebugMask.S_LOG, DebugMask.D_WARNING,
                        "%s: catalog %s has llh_cat_idx %d past its bitmap of %d, processing it from the start",
                        ctx.name(), h.describe(), hdr.catIdx(), hdr.bitmapBits());
                hdr.setCatIdx(0);
            }
        } else if ((flags & LlogFlags.IS_PLAIN) == 0) {
            throw new LustreException(Errno.EINVAL, h.describe() + ": unknown flags 0x" + Integer.toHexString(flags)
                    + " (expected 0x" + Integer.toHexString(LlogFlags.IS_CAT) + " or 0x"
                    + Integer.toHexString(LlogFlags.IS_PLAIN) + ")");
        }
        hdr.setFlags(hdr.flags() | ext);
        return hdr;
    }

    /**
     * {@code llog_osd_read_header}: an empty object gets a fresh header (not yet written);
     * otherwise the chunk is read and validated.
     */
    private LlogHeader readLocal(int flags, String uuid) throws LustreException {
        LlogContext ctx = h.context();
        long size = h.size();
        if (size == 0) {
            return LlogHeader.fresh(ctx.chunkSize(), ctx.libcfs().time().realSeconds(), flags, uuid);
        }
        byte[] raw = new byte[ctx.chunkSize()];
        MemorySegment buf = MemorySegment.ofArray(raw);
        int n;
        OsdObject obj = h.object();
        obj.readLock(ObjectRole.SRC_CHILD);
        try {
            n = obj.body().read(0, buf);
        } finally {
            obj.readUnlock();
        }
        int lrhLen = n >= LlogRecordHeader.SIZE ? buf.get(Le.U32, LlogRecordHeader.OFF_LEN) : 0;
        if (n < LlogRecordHeader.SIZE || n < lrhLen) {
            throw new LustreException(Errno.EFAULT, "error reading " + h.describe() + " log header size " + n);
        }
        int type = buf.get(Le.U32, LlogRecordHeader.OFF_TYPE);
        if (type != LlogRecType.LLOG_HDR_MAGIC) {
            throw new LustreException(Errno.EIO, "bad " + h.describe() + " header magic: 0x"
                    + Integer.toHexString(type) + " (expected 0x" + Integer.toHexString(LlogRecType.LLOG_HDR_MAGIC)
                    + ")" + (LlogRecType.hasSwabbedMagic(type)
                            ? ": a big-endian log, which this OSD does not write" : ""));
        }
        if (lrhLen < LlogHeader.MIN_CHUNK_SIZE || lrhLen > ctx.chunkSize() || Integer.bitCount(lrhLen) != 1) {
            throw new LustreException(Errno.EIO, "incorrectly sized " + h.describe() + " header: 0x"
                    + Integer.toHexString(lrhLen) + " (expected at least 0x"
                    + Integer.toHexString(LlogHeader.MIN_CHUNK_SIZE) + ")");
        }
        LlogHeader hdr = LlogHeader.read(buf.asSlice(0, lrhLen));
        if (hdr.lastIndex() < 0 || hdr.lastIndex() >= hdr.bitmapBits() || hdr.tailLen() != lrhLen) {
            throw new LustreException(Errno.EIO, "incorrectly sized " + h.describe() + " tailer: 0x"
                    + Integer.toHexString(hdr.tailLen()));
        }
        return hdr;
    }
}
