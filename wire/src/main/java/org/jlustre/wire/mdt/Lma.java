package org.jlustre.wire.mdt;

import java.lang.foreign.MemorySegment;
import org.jlustre.common.Errno;
import org.jlustre.common.Fid;
import org.jlustre.common.LustreException;
import org.jlustre.wire.Le;

/**
 * {@code struct lustre_mdt_attrs} (24 bytes, lustre_user.h; wiretest.c
 * {@code check_lustre_mdt_attrs}): the {@code trusted.lma} xattr every MDT object carries, with
 * its own FID and feature bits, little-endian.
 *
 * <pre>
 *  0  4 lma_compat     LMAC_*
 *  4  4 lma_incompat   LMAI_*: an object with an unknown bit must not be accessed
 *  8 16 lma_self_fid
 * </pre>
 *
 * @param compat LMAC_* bits
 * @param incompat LMAI_* bits
 * @param selfFid the object's own FID
 */
public record Lma(int compat, int incompat, Fid selfFid) {

    /** {@code sizeof(struct lustre_mdt_attrs)}. */
    public static final int SIZE = 24;
    /** The xattr's name. */
    public static final String XATTR_NAME = "trusted.lma";
    /** Offset of {@code lma_compat}. */
    public static final int OFF_COMPAT = 0;
    /** Offset of {@code lma_incompat}. */
    public static final int OFF_INCOMPAT = 4;
    /** Offset of {@code lma_self_fid}. */
    public static final int OFF_SELF_FID = 8;

    /** Compat: HSM attributes present. */
    public static final int LMAC_HSM = 0x00000001;
    /** Compat: the object is not in the OI. */
    public static final int LMAC_NOT_IN_OI = 0x00000004;
    /** Compat: an OST object's FID is stored. */
    public static final int LMAC_FID_ON_OST = 0x00000008;
    /** Compat: striping info present. */
    public static final int LMAC_STRIPE_INFO = 0x00000010;
    /** Compat: PFL component info present. */
    public static final int LMAC_COMP_INFO = 0x00000020;
    /** Compat: an index backup object. */
    public static final int LMAC_IDX_BACKUP = 0x00000040;

    /** Incompat: HSM released file. */
    public static final int LMAI_RELEASED = 0x00000001;
    /** Incompat: agent inode of a remote object. */
    public static final int LMAI_AGENT = 0x00000002;
    /** Incompat: the parent is on another MDT. */
    public static final int LMAI_REMOTE_PARENT = 0x00000004;
    /** Incompat: a striped directory. */
    public static final int LMAI_STRIPED = 0x00000008;
    /** Incompat: an orphan, in PENDING. */
    public static final int LMAI_ORPHAN = 0x00000010;
    /** Incompat: encrypted. */
    public static final int LMAI_ENCRYPT = 0x00000020;
    /** {@code LMA_INCOMPAT_SUPP}: the incompat bits 2.15 understands. */
    public static final int INCOMPAT_SUPP = LMAI_AGENT | LMAI_REMOTE_PARENT | LMAI_STRIPED | LMAI_ORPHAN
            | LMAI_ENCRYPT;

    /** The LMA of a plain object: no feature bits. */
    public static Lma of(Fid self) {
        return new Lma(0, 0, self);
    }

    /** The 24 little-endian bytes. */
    public byte[] toBytes() {
        byte[] b = new byte[SIZE];
        MemorySegment s = MemorySegment.ofArray(b);
        s.set(Le.U32, OFF_COMPAT, compat);
        s.set(Le.U32, OFF_INCOMPAT, incompat);
        selfFid.writeLE(s, OFF_SELF_FID);
        return b;
    }

    /**
     * Parses an xattr value; longer values (ldiskfs's {@code lustre_ost_attrs} starts with an
     * LMA) are read by their first 24 bytes.
     *
     * @throws LustreException EINVAL when shorter than 24 bytes; EOPNOTSUPP for an incompat bit
     *         outside {@link #INCOMPAT_SUPP}, as {@code lustre_lma_swab}'s callers refuse it
     */
    public static Lma parse(byte[] value) throws LustreException {
        if (value.length < SIZE) {
            throw new LustreException(Errno.EINVAL, "trusted.lma of " + value.length + " bytes, want " + SIZE);
        }
        MemorySegment s = MemorySegment.ofArray(value);
        Lma lma = new Lma(s.get(Le.U32, OFF_COMPAT), s.get(Le.U32, OFF_INCOMPAT), Fid.readLE(s, OFF_SELF_FID));
        int unknown = lma.incompat & ~INCOMPAT_SUPP;
        if (unknown != 0) {
            throw new LustreException(Errno.EOPNOTSUPP,
                    "trusted.lma of " + lma.selfFid + " has unsupported incompat bits 0x" + Integer.toHexString(unknown));
        }
        return lma;
    }
}
