package org.jlustre.mdt.mdd;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.jlustre.common.Errno;
import org.jlustre.common.Fid;
import org.jlustre.common.LustreException;

/**
 * {@code trusted.lma} ({@code struct lustre_mdt_attrs}, 24 bytes little-endian: compat,
 * incompat, self FID; reference-targets 4.3). osd-ldiskfs writes it at create to map an inode
 * to its FID; on an OSD without inode numbers MDD writes it, so the objects carry what an
 * ldiskfs MDT's carry.
 *
 * @param compat {@code LMAC_*} bits
 * @param incompat {@code LMAI_*} bits
 * @param self the object's own FID
 */
record LmaXattr(int compat, int incompat, Fid self) {

    /** The xattr name ({@code XATTR_NAME_LMA}). */
    static final String NAME = "trusted.lma";
    /** The encoded size. */
    static final int SIZE = 24;
    /** {@code LMAI_ORPHAN}: an open-unlinked object waiting in PENDING. */
    static final int LMAI_ORPHAN = 0x10;
    /** {@code LMA_INCOMPAT_SUPP}: the incompat bits 2.15 knows; any other refuses the object. */
    static final int LMA_INCOMPAT_SUPP = 0x3e;

    /** Parses the 24 bytes; EINVAL for another size. */
    static LmaXattr parse(byte[] b) throws LustreException {
        if (b.length < SIZE) {
            throw new LustreException(Errno.EINVAL, "trusted.lma of " + b.length + " bytes, expected " + SIZE);
        }
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        return new LmaXattr(bb.getInt(0), bb.getInt(4), new Fid(bb.getLong(8), bb.getInt(16), bb.getInt(20)));
    }

    /** The 24 bytes. */
    byte[] encode() {
        byte[] out = new byte[SIZE];
        ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).putInt(0, compat).putInt(4, incompat)
                .putLong(8, self.seq()).putInt(16, self.oid()).putInt(20, self.ver());
        return out;
    }

    /** This LMA with {@code bits} added to incompat. */
    LmaXattr withIncompat(int bits) {
        return new LmaXattr(compat, incompat | bits, self);
    }

    /**
     * Refuses an object whose LMA carries an incompat bit 2.15 does not know, as
     * {@code osd_check_lma} does (EOPNOTSUPP).
     */
    void checkSupported() throws LustreException {
        int unknown = incompat & ~LMA_INCOMPAT_SUPP;
        if (unknown != 0) {
            throw new LustreException(Errno.EOPNOTSUPP, "object " + self + " has unsupported LMA incompat feature(s) 0x"
                    + Integer.toHexString(unknown));
        }
    }
}
