package org.jlustre.wire.ost;

/**
 * {@code OBD_MD_*}: the bits of {@code obdo.o_valid} and {@code mdt_body.mbo_valid} saying which
 * fields carry something (lustre_idl.h; wiretest.c checks each). Bits Lustre retired are absent:
 * 0x200000 (FLQOS, never used), 0x800000 (FLCOOKIE, 2.8), 0x4000000 (FLEPOCH, 2.7.50),
 * 1&lt;&lt;33 (REINT), 1&lt;&lt;41..43 (capas, CKSPLIT).
 */
public final class ObdMd {

    private ObdMd() {
    }

    /** Object id ({@code o_oi}). */
    public static final long FLID = 0x00000001L;
    /** Access time. */
    public static final long FLATIME = 0x00000002L;
    /** Data modification time. */
    public static final long FLMTIME = 0x00000004L;
    /** Change time. */
    public static final long FLCTIME = 0x00000008L;
    /** Size; PUNCH/FALLOCATE/SYNC: range start. */
    public static final long FLSIZE = 0x00000010L;
    /** Allocated blocks; PUNCH/FALLOCATE/SYNC: range end; BRW: o_dirty. */
    public static final long FLBLOCKS = 0x00000020L;
    /** Block size. */
    public static final long FLBLKSZ = 0x00000040L;
    /** Access bits ({@code mode & ~S_IFMT}). */
    public static final long FLMODE = 0x00000080L;
    /** Object type ({@code mode & S_IFMT}). */
    public static final long FLTYPE = 0x00000100L;
    /** User id. */
    public static final long FLUID = 0x00000200L;
    /** Group id. */
    public static final long FLGID = 0x00000400L;
    /** {@code o_flags} valid. */
    public static final long FLFLAGS = 0x00000800L;
    /** Data-on-MDT component size. */
    public static final long DOM_SIZE = 0x00001000L;
    /** Link count. */
    public static final long FLNLINK = 0x00002000L;
    /** Parent FID. */
    public static final long FLPARENT = 0x00004000L;
    /** OST object layout version. */
    public static final long LAYOUT_VERSION = 0x00008000L;
    /** Device number. */
    public static final long FLRDEV = 0x00010000L;
    /** Extended attribute data (LOV EA). */
    public static final long FLEASIZE = 0x00020000L;
    /** Symbolic link target. */
    public static final long LINKNAME = 0x00040000L;
    /** File or lock handle. */
    public static final long FLHANDLE = 0x00080000L;
    /** Bulk data checksum ({@code o_cksum}). */
    public static final long FLCKSUM = 0x00100000L;
    /** Over-project-quota flag from the OST. */
    public static final long FLPRJQUOTA = 0x00400000L;
    /** Group (sequence), always with FLID on OST operations. */
    public static final long FLGROUP = 0x01000000L;
    /** {@code o_parent_*} valid: the OST stores them in {@code trusted.fid}. */
    public static final long FLFID = 0x02000000L;
    /** Grant fields valid. */
    public static final long FLGRANT = 0x08000000L;
    /** Directory's striping EA. */
    public static final long FLDIREA = 0x10000000L;
    /** Over-user-quota flag from the OST. */
    public static final long FLUSRQUOTA = 0x20000000L;
    /** Over-group-quota flag from the OST. */
    public static final long FLGRPQUOTA = 0x40000000L;
    /** EA size will change. */
    public static final long FLMODEASIZE = 0x80000000L;
    /** The inode lives on another MDT. */
    public static final long MDS = 0x0000000100000000L;
    /** Directory split EA. */
    public static final long MEA = 0x0000000400000000L;
    /** Transient state field. */
    public static final long TSTATE = 0x0000000800000000L;
    /** An xattr. */
    public static final long FLXATTR = 0x0000001000000000L;
    /** An xattr list. */
    public static final long FLXATTRLS = 0x0000002000000000L;
    /** Remove an xattr. */
    public static final long FLXATTRRM = 0x0000004000000000L;
    /** ACL. */
    public static final long FLACL = 0x0000008000000000L;
    /** Aggregated statfs. */
    public static final long FLAGSTATFS = 0x0000010000000000L;
    /** Cross-reference case. */
    public static final long FLCROSSREF = 0x0000100000000000L;
    /** Attributes under lock. */
    public static final long FLGETATTRLOCK = 0x0000200000000000L;
    /** DESTROY of several objects: the count is in {@code o_misc}. */
    public static final long FLOBJCOUNT = 0x0000400000000000L;
    /** Data version. */
    public static final long FLDATAVERSION = 0x0010000000000000L;
    /** A close intent was executed. */
    public static final long CLOSE_INTENT_EXECED = 0x0020000000000000L;
    /** Default directory striping. */
    public static final long DEFAULT_MEA = 0x0040000000000000L;
    /** {@code o_layout} valid. */
    public static final long FLOSTLAYOUT = 0x0080000000000000L;
    /** Project id. */
    public static final long FLPROJID = 0x0100000000000000L;
    /** Embedded security xattr. */
    public static final long SECCTX = 0x0200000000000000L;
    /** Lazy size. */
    public static final long FLLAZYSIZE = 0x0400000000000000L;
    /** Lazy blocks. */
    public static final long FLLAZYBLOCKS = 0x0800000000000000L;
    /** Birth time. */
    public static final long FLBTIME = 0x1000000000000000L;
    /** Embedded encryption context. */
    public static final long ENCCTX = 0x2000000000000000L;
    /** Name hash instead of a name (encryption). */
    public static final long NAMEHASH = 0x4000000000000000L;

    /** {@code OBD_MD_FLALLQUOTA}. */
    public static final long FLALLQUOTA = FLUSRQUOTA | FLGRPQUOTA | FLPRJQUOTA;
    /** {@code OBD_MD_FLGETATTR}: what a getattr may return. */
    public static final long FLGETATTR = FLID | FLATIME | FLMTIME | FLCTIME | FLSIZE | FLBLKSZ | FLMODE | FLTYPE
            | FLUID | FLGID | FLFLAGS | FLNLINK | FLPARENT | FLRDEV | FLGROUP | FLPROJID | FLBTIME;
    /** {@code OBD_MD_FLXATTRALL}. */
    public static final long FLXATTRALL = FLXATTR | FLXATTRLS;
}
