package org.jlustre.wire.ost;

/**
 * {@code OBD_BRW_*}: the flags of {@code niobuf_remote.rnb_flags} (lustre_idl.h, wiretest.c)
 * and of a BRW as a whole.
 */
public final class ObdBrw {

    private ObdBrw() {
    }

    /** Read. */
    public static final int READ = 0x01;
    /** Write. */
    public static final int WRITE = 0x02;
    /** Either direction. */
    public static final int RWMASK = READ | WRITE;
    /** Do not retry on failure. */
    public static final int NDELAY = 0x04;
    /** Synchronous write: not counted in grant. */
    public static final int SYNC = 0x08;
    /** Check only (obsolete). */
    public static final int CHECK = 0x10;
    /** The page is covered by grant. */
    public static final int FROM_GRANT = 0x20;
    /** The server consumed grant for this page. */
    public static final int GRANTED = 0x40;
    /** Do not keep the pages in the server's cache. */
    public static final int NOCACHE = 0x80;
    /** Skip quota enforcement. */
    public static final int NOQUOTA = 0x100;
    /** The server takes the DLM lock (on every niobuf or none). */
    public static final int SRVLOCK = 0x200;
    /** The server may delay the commit. */
    public static final int ASYNC = 0x400;
    /** Client memory pressure. */
    public static final int MEMALLOC = 0x800;
    /** Reply: the owner is over quota. */
    public static final int OVER_USRQUOTA = 0x1000;
    /** Reply: the group is over quota. */
    public static final int OVER_GRPQUOTA = 0x2000;
    /** Soft sync. */
    public static final int SOFT_SYNC = 0x4000;
    /** Reply: the project is over quota. */
    public static final int OVER_PRJQUOTA = 0x8000;
    /** Bulk by RDMA only (no short I/O). */
    public static final int RDMA_ONLY = 0x20000;
    /** Privileged I/O (may use reserved space). */
    public static final int SYS_RESOURCE = 0x40000;
    /** {@code OBD_BRW_OVER_ALLQUOTA}. */
    public static final int OVER_ALLQUOTA = OVER_USRQUOTA | OVER_GRPQUOTA | OVER_PRJQUOTA;
}
