package org.jlustre.wire.ptlrpc;

import java.util.ArrayList;
import java.util.List;

/**
 * The connect flags of {@code obd_connect_data}: {@code OBD_CONNECT_*} in
 * {@code ocd_connect_flags} and {@code OBD_CONNECT2_*} in {@code ocd_connect_flags2}
 * (lustre_idl.h, asserted by wiretest.c). {@link #names} spells the set flags as the
 * {@code OBD_CONNECT_} suffix in lower case; Lustre's own {@code obd_connect_names} use longer
 * words for some ({@code adaptive_timeouts} for AT), which jlustre does not reproduce.
 */
public final class ConnectFlags {

    private ConnectFlags() {
    }

    /** {@code OBD_CONNECT_RDONLY}. */
    public static final long OBD_CONNECT_RDONLY = 0x1L;
    /** {@code OBD_CONNECT_INDEX}. */
    public static final long OBD_CONNECT_INDEX = 0x2L;
    /** {@code OBD_CONNECT_MDS}. */
    public static final long OBD_CONNECT_MDS = 0x4L;
    /** {@code OBD_CONNECT_GRANT}. */
    public static final long OBD_CONNECT_GRANT = 0x8L;
    /** {@code OBD_CONNECT_SRVLOCK}. */
    public static final long OBD_CONNECT_SRVLOCK = 0x10L;
    /** {@code OBD_CONNECT_VERSION}. */
    public static final long OBD_CONNECT_VERSION = 0x20L;
    /** {@code OBD_CONNECT_MGS_NIDLIST}. */
    public static final long OBD_CONNECT_MGS_NIDLIST = 0x40L;
    /** {@code OBD_CONNECT_REQPORTAL}: 2.15's name for 0x40, non-I/O requests on OST_REQUEST_PORTAL. */
    public static final long OBD_CONNECT_REQPORTAL = 0x40L;
    /** {@code OBD_CONNECT_ACL}. */
    public static final long OBD_CONNECT_ACL = 0x80L;
    /** {@code OBD_CONNECT_XATTR}. */
    public static final long OBD_CONNECT_XATTR = 0x100L;
    /** {@code OBD_CONNECT_LARGE_ACL}. */
    public static final long OBD_CONNECT_LARGE_ACL = 0x200L;
    /** {@code OBD_CONNECT_OLD_FALLOC}. */
    public static final long OBD_CONNECT_OLD_FALLOC = 0x400L;
    /** {@code OBD_CONNECT_TRANSNO}. */
    public static final long OBD_CONNECT_TRANSNO = 0x800L;
    /** {@code OBD_CONNECT_IBITS}. */
    public static final long OBD_CONNECT_IBITS = 0x1000L;
    /** {@code OBD_CONNECT_BARRIER}. */
    public static final long OBD_CONNECT_BARRIER = 0x2000L;
    /** {@code OBD_CONNECT_ATTRFID}. */
    public static final long OBD_CONNECT_ATTRFID = 0x4000L;
    /** {@code OBD_CONNECT_NODEVOH}. */
    public static final long OBD_CONNECT_NODEVOH = 0x8000L;
    /** {@code OBD_CONNECT_RMT_CLIENT}. */
    public static final long OBD_CONNECT_RMT_CLIENT = 0x10000L;
    /** {@code OBD_CONNECT_RMT_CLIENT_FORCE}. */
    public static final long OBD_CONNECT_RMT_CLIENT_FORCE = 0x20000L;
    /** {@code OBD_CONNECT_BRW_SIZE}. */
    public static final long OBD_CONNECT_BRW_SIZE = 0x40000L;
    /** {@code OBD_CONNECT_QUOTA64}. */
    public static final long OBD_CONNECT_QUOTA64 = 0x80000L;
    /** {@code OBD_CONNECT_MDS_CAPA}. */
    public static final long OBD_CONNECT_MDS_CAPA = 0x100000L;
    /** {@code OBD_CONNECT_OSS_CAPA}. */
    public static final long OBD_CONNECT_OSS_CAPA = 0x200000L;
    /** {@code OBD_CONNECT_CANCELSET}. */
    public static final long OBD_CONNECT_CANCELSET = 0x400000L;
    /** {@code OBD_CONNECT_SOM}. */
    public static final long OBD_CONNECT_SOM = 0x800000L;
    /** {@code OBD_CONNECT_AT}. */
    public static final long OBD_CONNECT_AT = 0x1000000L;
    /** {@code OBD_CONNECT_LRU_RESIZE}. */
    public static final long OBD_CONNECT_LRU_RESIZE = 0x2000000L;
    /** {@code OBD_CONNECT_MDS_MDS}. */
    public static final long OBD_CONNECT_MDS_MDS = 0x4000000L;
    /** {@code OBD_CONNECT_REAL}. */
    public static final long OBD_CONNECT_REAL = 0x8000000L;
    /** {@code OBD_CONNECT_CHANGE_QS}. */
    public static final long OBD_CONNECT_CHANGE_QS = 0x10000000L;
    /** {@code OBD_CONNECT_CKSUM}. */
    public static final long OBD_CONNECT_CKSUM = 0x20000000L;
    /** {@code OBD_CONNECT_FID}. */
    public static final long OBD_CONNECT_FID = 0x40000000L;
    /** {@code OBD_CONNECT_VBR}. */
    public static final long OBD_CONNECT_VBR = 0x80000000L;
    /** {@code OBD_CONNECT_LOV_V3}. */
    public static final long OBD_CONNECT_LOV_V3 = 0x100000000L;
    /** {@code OBD_CONNECT_GRANT_SHRINK}. */
    public static final long OBD_CONNECT_GRANT_SHRINK = 0x200000000L;
    /** {@code OBD_CONNECT_SKIP_ORPHAN}. */
    public static final long OBD_CONNECT_SKIP_ORPHAN = 0x400000000L;
    /** {@code OBD_CONNECT_MAX_EASIZE}. */
    public static final long OBD_CONNECT_MAX_EASIZE = 0x800000000L;
    /** {@code OBD_CONNECT_FULL20}. */
    public static final long OBD_CONNECT_FULL20 = 0x1000000000L;
    /** {@code OBD_CONNECT_LAYOUTLOCK}. */
    public static final long OBD_CONNECT_LAYOUTLOCK = 0x2000000000L;
    /** {@code OBD_CONNECT_64BITHASH}. */
    public static final long OBD_CONNECT_64BITHASH = 0x4000000000L;
    /** {@code OBD_CONNECT_MAXBYTES}. */
    public static final long OBD_CONNECT_MAXBYTES = 0x8000000000L;
    /** {@code OBD_CONNECT_IMP_RECOV}. */
    public static final long OBD_CONNECT_IMP_RECOV = 0x10000000000L;
    /** {@code OBD_CONNECT_JOBSTATS}. */
    public static final long OBD_CONNECT_JOBSTATS = 0x20000000000L;
    /** {@code OBD_CONNECT_UMASK}. */
    public static final long OBD_CONNECT_UMASK = 0x40000000000L;
    /** {@code OBD_CONNECT_EINPROGRESS}. */
    public static final long OBD_CONNECT_EINPROGRESS = 0x80000000000L;
    /** {@code OBD_CONNECT_GRANT_PARAM}. */
    public static final long OBD_CONNECT_GRANT_PARAM = 0x100000000000L;
    /** {@code OBD_CONNECT_FLOCK_OWNER}. */
    public static final long OBD_CONNECT_FLOCK_OWNER = 0x200000000000L;
    /** {@code OBD_CONNECT_LVB_TYPE}. */
    public static final long OBD_CONNECT_LVB_TYPE = 0x400000000000L;
    /** {@code OBD_CONNECT_NANOSEC_TIME}. */
    public static final long OBD_CONNECT_NANOSEC_TIME = 0x800000000000L;
    /** {@code OBD_CONNECT_LIGHTWEIGHT}. */
    public static final long OBD_CONNECT_LIGHTWEIGHT = 0x1000000000000L;
    /** {@code OBD_CONNECT_SHORTIO}. */
    public static final long OBD_CONNECT_SHORTIO = 0x2000000000000L;
    /** {@code OBD_CONNECT_PINGLESS}. */
    public static final long OBD_CONNECT_PINGLESS = 0x4000000000000L;
    /** {@code OBD_CONNECT_FLOCK_DEAD}. */
    public static final long OBD_CONNECT_FLOCK_DEAD = 0x8000000000000L;
    /** {@code OBD_CONNECT_DISP_STRIPE}. */
    public static final long OBD_CONNECT_DISP_STRIPE = 0x10000000000000L;
    /** {@code OBD_CONNECT_OPEN_BY_FID}. */
    public static final long OBD_CONNECT_OPEN_BY_FID = 0x20000000000000L;
    /** {@code OBD_CONNECT_LFSCK}. */
    public static final long OBD_CONNECT_LFSCK = 0x40000000000000L;
    /** {@code OBD_CONNECT_UNLINK_CLOSE}. */
    public static final long OBD_CONNECT_UNLINK_CLOSE = 0x100000000000000L;
    /** {@code OBD_CONNECT_MULTIMODRPCS}. */
    public static final long OBD_CONNECT_MULTIMODRPCS = 0x200000000000000L;
    /** {@code OBD_CONNECT_DIR_STRIPE}. */
    public static final long OBD_CONNECT_DIR_STRIPE = 0x400000000000000L;
    /** {@code OBD_CONNECT_SUBTREE}. */
    public static final long OBD_CONNECT_SUBTREE = 0x800000000000000L;
    /** {@code OBD_CONNECT_BULK_MBITS}. */
    public static final long OBD_CONNECT_BULK_MBITS = 0x2000000000000000L;
    /** {@code OBD_CONNECT_OBDOPACK}. */
    public static final long OBD_CONNECT_OBDOPACK = 0x4000000000000000L;
    /** {@code OBD_CONNECT_FLAGS2}. */
    public static final long OBD_CONNECT_FLAGS2 = 0x8000000000000000L;
    /** {@code OBD_CONNECT2_FILE_SECCTX}. */
    public static final long OBD_CONNECT2_FILE_SECCTX = 0x1L;
    /** {@code OBD_CONNECT2_LOCKAHEAD}. */
    public static final long OBD_CONNECT2_LOCKAHEAD = 0x2L;
    /** {@code OBD_CONNECT2_DIR_MIGRATE}. */
    public static final long OBD_CONNECT2_DIR_MIGRATE = 0x4L;
    /** {@code OBD_CONNECT2_SUM_STATFS}. */
    public static final long OBD_CONNECT2_SUM_STATFS = 0x8L;
    /** {@code OBD_CONNECT2_OVERSTRIPING}. */
    public static final long OBD_CONNECT2_OVERSTRIPING = 0x10L;
    /** {@code OBD_CONNECT2_FLR}. */
    public static final long OBD_CONNECT2_FLR = 0x20L;
    /** {@code OBD_CONNECT2_WBC_INTENTS}. */
    public static final long OBD_CONNECT2_WBC_INTENTS = 0x40L;
    /** {@code OBD_CONNECT2_LOCK_CONVERT}. */
    public static final long OBD_CONNECT2_LOCK_CONVERT = 0x80L;
    /** {@code OBD_CONNECT2_ARCHIVE_ID_ARRAY}. */
    public static final long OBD_CONNECT2_ARCHIVE_ID_ARRAY = 0x100L;
    /** {@code OBD_CONNECT2_INC_XID}. */
    public static final long OBD_CONNECT2_INC_XID = 0x200L;
    /** {@code OBD_CONNECT2_SELINUX_POLICY}. */
    public static final long OBD_CONNECT2_SELINUX_POLICY = 0x400L;
    /** {@code OBD_CONNECT2_LSOM}. */
    public static final long OBD_CONNECT2_LSOM = 0x800L;
    /** {@code OBD_CONNECT2_PCC}. */
    public static final long OBD_CONNECT2_PCC = 0x1000L;
    /** {@code OBD_CONNECT2_CRUSH}. */
    public static final long OBD_CONNECT2_CRUSH = 0x2000L;
    /** {@code OBD_CONNECT2_ASYNC_DISCARD}. */
    public static final long OBD_CONNECT2_ASYNC_DISCARD = 0x4000L;
    /** {@code OBD_CONNECT2_ENCRYPT}. */
    public static final long OBD_CONNECT2_ENCRYPT = 0x8000L;
    /** {@code OBD_CONNECT2_FIDMAP}. */
    public static final long OBD_CONNECT2_FIDMAP = 0x10000L;
    /** {@code OBD_CONNECT2_GETATTR_PFID}. */
    public static final long OBD_CONNECT2_GETATTR_PFID = 0x20000L;
    /** {@code OBD_CONNECT2_LSEEK}. */
    public static final long OBD_CONNECT2_LSEEK = 0x40000L;
    /** {@code OBD_CONNECT2_DOM_LVB}. */
    public static final long OBD_CONNECT2_DOM_LVB = 0x80000L;
    /** {@code OBD_CONNECT2_REP_MBITS}. */
    public static final long OBD_CONNECT2_REP_MBITS = 0x100000L;
    /** {@code OBD_CONNECT2_MODE_CONVERT}. */
    public static final long OBD_CONNECT2_MODE_CONVERT = 0x200000L;
    /** {@code OBD_CONNECT2_BATCH_RPC}. */
    public static final long OBD_CONNECT2_BATCH_RPC = 0x400000L;
    /** {@code OBD_CONNECT2_PCCRO}. */
    public static final long OBD_CONNECT2_PCCRO = 0x800000L;
    /** {@code OBD_CONNECT2_MNE_TYPE}. */
    public static final long OBD_CONNECT2_MNE_TYPE = 0x1000000L;
    /** {@code OBD_CONNECT2_LOCK_CONTENTION}. */
    public static final long OBD_CONNECT2_LOCK_CONTENTION = 0x2000000L;
    /** {@code OBD_CONNECT2_ATOMIC_OPEN_LOCK}. */
    public static final long OBD_CONNECT2_ATOMIC_OPEN_LOCK = 0x4000000L;
    /** {@code OBD_CONNECT2_ENCRYPT_NAME}. */
    public static final long OBD_CONNECT2_ENCRYPT_NAME = 0x8000000L;
    /** {@code OBD_CONNECT2_DMV_IMP_INHERIT}. */
    public static final long OBD_CONNECT2_DMV_IMP_INHERIT = 0x20000000L;
    /** {@code OBD_CONNECT2_ENCRYPT_FID2PATH}. */
    public static final long OBD_CONNECT2_ENCRYPT_FID2PATH = 0x40000000L;
    /** {@code OBD_CONNECT2_REPLAY_CREATE}. */
    public static final long OBD_CONNECT2_REPLAY_CREATE = 0x80000000L;
    /** {@code OBD_CONNECT2_LARGE_NID}. */
    public static final long OBD_CONNECT2_LARGE_NID = 0x100000000L;
    /** {@code OBD_CONNECT2_COMPRESS}. */
    public static final long OBD_CONNECT2_COMPRESS = 0x200000000L;
    /** {@code OBD_CONNECT2_UNALIGNED_DIO}. */
    public static final long OBD_CONNECT2_UNALIGNED_DIO = 0x400000000L;
    /** {@code OBD_CONNECT2_CONN_POLICY}. */
    public static final long OBD_CONNECT2_CONN_POLICY = 0x800000000L;
    /** {@code OBD_CONNECT2_SPARSE}. */
    public static final long OBD_CONNECT2_SPARSE = 0x1000000000L;
    /** {@code OBD_CONNECT2_MIRROR_ID_FIX}. */
    public static final long OBD_CONNECT2_MIRROR_ID_FIX = 0x2000000000L;
    /** {@code OBD_CONNECT2_UPDATE_LAYOUT}. */
    public static final long OBD_CONNECT2_UPDATE_LAYOUT = 0x4000000000L;
    /** {@code OBD_CONNECT2_READDIR_OPEN}. */
    public static final long OBD_CONNECT2_READDIR_OPEN = 0x8000000000L;
    /** {@code OBD_CONNECT2_FLR_EC}. */
    public static final long OBD_CONNECT2_FLR_EC = 0x10000000000L;
    /** {@code OBD_CONNECT2_FLR_IMMED_MIRROR}. */
    public static final long OBD_CONNECT2_FLR_IMMED_MIRROR = 0x20000000000L;
    /** {@code OBD_CONNECT2_NO_APPEND}. */
    public static final long OBD_CONNECT2_NO_APPEND = 0x40000000000L;
    /** {@code OBD_CONNECT2_FLR_EC_WR}. */
    public static final long OBD_CONNECT2_FLR_EC_WR = 0x80000000000L;
    /** {@code OBD_CONNECT2_PERFSTATS}. */
    public static final long OBD_CONNECT2_PERFSTATS = 0x100000000000L;

    /** {@code MGS_CONNECT_SUPPORTED}: what a 2.15 MGS grants ({@code mgs_obd_reconnect}). */
    public static final long MGS_CONNECT_SUPPORTED = OBD_CONNECT_VERSION | OBD_CONNECT_AT | OBD_CONNECT_FULL20
            | OBD_CONNECT_IMP_RECOV | OBD_CONNECT_PINGLESS | OBD_CONNECT_BULK_MBITS | OBD_CONNECT_BARRIER
            | OBD_CONNECT_FLAGS2;
    /** {@code MGS_CONNECT_SUPPORTED2}: the second word an MGS grants. */
    public static final long MGS_CONNECT_SUPPORTED2 = OBD_CONNECT2_REP_MBITS;
    /**
     * {@code OST_CONNECT_SUPPORTED}: what a 2.15 OST grants (lustre_idl.h; LRU_RESIZE_CONNECT_FLAG
     * is OBD_CONNECT_LRU_RESIZE in a build with LRU resize, the default).
     */
    public static final long OST_CONNECT_SUPPORTED = OBD_CONNECT_SRVLOCK | OBD_CONNECT_GRANT | OBD_CONNECT_REQPORTAL
            | OBD_CONNECT_VERSION | OBD_CONNECT_INDEX | OBD_CONNECT_BRW_SIZE | OBD_CONNECT_CANCELSET | OBD_CONNECT_AT
            | OBD_CONNECT_LRU_RESIZE | OBD_CONNECT_CKSUM | OBD_CONNECT_VBR | OBD_CONNECT_MDS
            | OBD_CONNECT_SKIP_ORPHAN | OBD_CONNECT_GRANT_SHRINK | OBD_CONNECT_FULL20 | OBD_CONNECT_64BITHASH
            | OBD_CONNECT_MAXBYTES | OBD_CONNECT_MAX_EASIZE | OBD_CONNECT_EINPROGRESS | OBD_CONNECT_JOBSTATS
            | OBD_CONNECT_LIGHTWEIGHT | OBD_CONNECT_LVB_TYPE | OBD_CONNECT_LAYOUTLOCK | OBD_CONNECT_FID
            | OBD_CONNECT_PINGLESS | OBD_CONNECT_LFSCK | OBD_CONNECT_BULK_MBITS | OBD_CONNECT_GRANT_PARAM
            | OBD_CONNECT_SHORTIO | OBD_CONNECT_FLAGS2;
    /** {@code OST_CONNECT_SUPPORTED2}: the second word a 2.15 OST grants. */
    public static final long OST_CONNECT_SUPPORTED2 = OBD_CONNECT2_LOCKAHEAD | OBD_CONNECT2_INC_XID
            | OBD_CONNECT2_ENCRYPT | OBD_CONNECT2_LSEEK | OBD_CONNECT2_REP_MBITS;
    /** {@code ECHO_CONNECT_SUPPORTED}: what obdecho grants. */
    public static final long ECHO_CONNECT_SUPPORTED = OBD_CONNECT_FID | OBD_CONNECT_FLAGS2;
    /** {@code ECHO_CONNECT_SUPPORTED2}: the second word obdecho grants. */
    public static final long ECHO_CONNECT_SUPPORTED2 = OBD_CONNECT2_REP_MBITS;

    private record Name(long bit, String name) {
    }

    private static final List<Name> NAMES1 = new ArrayList<>();
    private static final List<Name> NAMES2 = new ArrayList<>();

    static {
        NAMES1.add(new Name(OBD_CONNECT_RDONLY, "rdonly"));
        NAMES1.add(new Name(OBD_CONNECT_INDEX, "index"));
        NAMES1.add(new Name(OBD_CONNECT_MDS, "mds"));
        NAMES1.add(new Name(OBD_CONNECT_GRANT, "grant"));
        NAMES1.add(new Name(OBD_CONNECT_SRVLOCK, "srvlock"));
        NAMES1.add(new Name(OBD_CONNECT_VERSION, "version"));
        NAMES1.add(new Name(OBD_CONNECT_MGS_NIDLIST, "mgs_nidlist"));
        NAMES1.add(new Name(OBD_CONNECT_ACL, "acl"));
        NAMES1.add(new Name(OBD_CONNECT_XATTR, "xattr"));
        NAMES1.add(new Name(OBD_CONNECT_LARGE_ACL, "large_acl"));
        NAMES1.add(new Name(OBD_CONNECT_OLD_FALLOC, "old_falloc"));
        NAMES1.add(new Name(OBD_CONNECT_TRANSNO, "transno"));
        NAMES1.add(new Name(OBD_CONNECT_IBITS, "ibits"));
        NAMES1.add(new Name(OBD_CONNECT_BARRIER, "barrier"));
        NAMES1.add(new Name(OBD_CONNECT_ATTRFID, "attrfid"));
        NAMES1.add(new Name(OBD_CONNECT_NODEVOH, "nodevoh"));
        NAMES1.add(new Name(OBD_CONNECT_RMT_CLIENT, "rmt_client"));
        NAMES1.add(new Name(OBD_CONNECT_RMT_CLIENT_FORCE, "rmt_client_force"));
        NAMES1.add(new Name(OBD_CONNECT_BRW_SIZE, "brw_size"));
        NAMES1.add(new Name(OBD_CONNECT_QUOTA64, "quota64"));
        NAMES1.add(new Name(OBD_CONNECT_MDS_CAPA, "mds_capa"));
        NAMES1.add(new Name(OBD_CONNECT_OSS_CAPA, "oss_capa"));
        NAMES1.add(new Name(OBD_CONNECT_CANCELSET, "cancelset"));
        NAMES1.add(new Name(OBD_CONNECT_SOM, "som"));
        NAMES1.add(new Name(OBD_CONNECT_AT, "at"));
        NAMES1.add(new Name(OBD_CONNECT_LRU_RESIZE, "lru_resize"));
        NAMES1.add(new Name(OBD_CONNECT_MDS_MDS, "mds_mds"));
        NAMES1.add(new Name(OBD_CONNECT_REAL, "real"));
        NAMES1.add(new Name(OBD_CONNECT_CHANGE_QS, "change_qs"));
        NAMES1.add(new Name(OBD_CONNECT_CKSUM, "cksum"));
        NAMES1.add(new Name(OBD_CONNECT_FID, "fid"));
        NAMES1.add(new Name(OBD_CONNECT_VBR, "vbr"));
        NAMES1.add(new Name(OBD_CONNECT_LOV_V3, "lov_v3"));
        NAMES1.add(new Name(OBD_CONNECT_GRANT_SHRINK, "grant_shrink"));
        NAMES1.add(new Name(OBD_CONNECT_SKIP_ORPHAN, "skip_orphan"));
        NAMES1.add(new Name(OBD_CONNECT_MAX_EASIZE, "max_easize"));
        NAMES1.add(new Name(OBD_CONNECT_FULL20, "full20"));
        NAMES1.add(new Name(OBD_CONNECT_LAYOUTLOCK, "layoutlock"));
        NAMES1.add(new Name(OBD_CONNECT_64BITHASH, "64bithash"));
        NAMES1.add(new Name(OBD_CONNECT_MAXBYTES, "maxbytes"));
        NAMES1.add(new Name(OBD_CONNECT_IMP_RECOV, "imp_recov"));
        NAMES1.add(new Name(OBD_CONNECT_JOBSTATS, "jobstats"));
        NAMES1.add(new Name(OBD_CONNECT_UMASK, "umask"));
        NAMES1.add(new Name(OBD_CONNECT_EINPROGRESS, "einprogress"));
        NAMES1.add(new Name(OBD_CONNECT_GRANT_PARAM, "grant_param"));
        NAMES1.add(new Name(OBD_CONNECT_FLOCK_OWNER, "flock_owner"));
        NAMES1.add(new Name(OBD_CONNECT_LVB_TYPE, "lvb_type"));
        NAMES1.add(new Name(OBD_CONNECT_NANOSEC_TIME, "nanosec_time"));
        NAMES1.add(new Name(OBD_CONNECT_LIGHTWEIGHT, "lightweight"));
        NAMES1.add(new Name(OBD_CONNECT_SHORTIO, "shortio"));
        NAMES1.add(new Name(OBD_CONNECT_PINGLESS, "pingless"));
        NAMES1.add(new Name(OBD_CONNECT_FLOCK_DEAD, "flock_dead"));
        NAMES1.add(new Name(OBD_CONNECT_DISP_STRIPE, "disp_stripe"));
        NAMES1.add(new Name(OBD_CONNECT_OPEN_BY_FID, "open_by_fid"));
        NAMES1.add(new Name(OBD_CONNECT_LFSCK, "lfsck"));
        NAMES1.add(new Name(OBD_CONNECT_UNLINK_CLOSE, "unlink_close"));
        NAMES1.add(new Name(OBD_CONNECT_MULTIMODRPCS, "multimodrpcs"));
        NAMES1.add(new Name(OBD_CONNECT_DIR_STRIPE, "dir_stripe"));
        NAMES1.add(new Name(OBD_CONNECT_SUBTREE, "subtree"));
        NAMES1.add(new Name(OBD_CONNECT_BULK_MBITS, "bulk_mbits"));
        NAMES1.add(new Name(OBD_CONNECT_OBDOPACK, "obdopack"));
        NAMES1.add(new Name(OBD_CONNECT_FLAGS2, "flags2"));
        NAMES2.add(new Name(OBD_CONNECT2_FILE_SECCTX, "file_secctx"));
        NAMES2.add(new Name(OBD_CONNECT2_LOCKAHEAD, "lockahead"));
        NAMES2.add(new Name(OBD_CONNECT2_DIR_MIGRATE, "dir_migrate"));
        NAMES2.add(new Name(OBD_CONNECT2_SUM_STATFS, "sum_statfs"));
        NAMES2.add(new Name(OBD_CONNECT2_OVERSTRIPING, "overstriping"));
        NAMES2.add(new Name(OBD_CONNECT2_FLR, "flr"));
        NAMES2.add(new Name(OBD_CONNECT2_WBC_INTENTS, "wbc_intents"));
        NAMES2.add(new Name(OBD_CONNECT2_LOCK_CONVERT, "lock_convert"));
        NAMES2.add(new Name(OBD_CONNECT2_ARCHIVE_ID_ARRAY, "archive_id_array"));
        NAMES2.add(new Name(OBD_CONNECT2_INC_XID, "inc_xid"));
        NAMES2.add(new Name(OBD_CONNECT2_SELINUX_POLICY, "selinux_policy"));
        NAMES2.add(new Name(OBD_CONNECT2_LSOM, "lsom"));
        NAMES2.add(new Name(OBD_CONNECT2_PCC, "pcc"));
        NAMES2.add(new Name(OBD_CONNECT2_CRUSH, "crush"));
        NAMES2.add(new Name(OBD_CONNECT2_ASYNC_DISCARD, "async_discard"));
        NAMES2.add(new Name(OBD_CONNECT2_ENCRYPT, "encrypt"));
        NAMES2.add(new Name(OBD_CONNECT2_FIDMAP, "fidmap"));
        NAMES2.add(new Name(OBD_CONNECT2_GETATTR_PFID, "getattr_pfid"));
        NAMES2.add(new Name(OBD_CONNECT2_LSEEK, "lseek"));
        NAMES2.add(new Name(OBD_CONNECT2_DOM_LVB, "dom_lvb"));
        NAMES2.add(new Name(OBD_CONNECT2_REP_MBITS, "rep_mbits"));
        NAMES2.add(new Name(OBD_CONNECT2_MODE_CONVERT, "mode_convert"));
        NAMES2.add(new Name(OBD_CONNECT2_BATCH_RPC, "batch_rpc"));
        NAMES2.add(new Name(OBD_CONNECT2_PCCRO, "pccro"));
        NAMES2.add(new Name(OBD_CONNECT2_MNE_TYPE, "mne_type"));
        NAMES2.add(new Name(OBD_CONNECT2_LOCK_CONTENTION, "lock_contention"));
        NAMES2.add(new Name(OBD_CONNECT2_ATOMIC_OPEN_LOCK, "atomic_open_lock"));
        NAMES2.add(new Name(OBD_CONNECT2_ENCRYPT_NAME, "encrypt_name"));
        NAMES2.add(new Name(OBD_CONNECT2_DMV_IMP_INHERIT, "dmv_imp_inherit"));
        NAMES2.add(new Name(OBD_CONNECT2_ENCRYPT_FID2PATH, "encrypt_fid2path"));
        NAMES2.add(new Name(OBD_CONNECT2_REPLAY_CREATE, "replay_create"));
        NAMES2.add(new Name(OBD_CONNECT2_LARGE_NID, "large_nid"));
        NAMES2.add(new Name(OBD_CONNECT2_COMPRESS, "compress"));
        NAMES2.add(new Name(OBD_CONNECT2_UNALIGNED_DIO, "unaligned_dio"));
        NAMES2.add(new Name(OBD_CONNECT2_CONN_POLICY, "conn_policy"));
        NAMES2.add(new Name(OBD_CONNECT2_SPARSE, "sparse"));
        NAMES2.add(new Name(OBD_CONNECT2_MIRROR_ID_FIX, "mirror_id_fix"));
        NAMES2.add(new Name(OBD_CONNECT2_UPDATE_LAYOUT, "update_layout"));
        NAMES2.add(new Name(OBD_CONNECT2_READDIR_OPEN, "readdir_open"));
        NAMES2.add(new Name(OBD_CONNECT2_FLR_EC, "flr_ec"));
        NAMES2.add(new Name(OBD_CONNECT2_FLR_IMMED_MIRROR, "flr_immed_mirror"));
        NAMES2.add(new Name(OBD_CONNECT2_NO_APPEND, "no_append"));
        NAMES2.add(new Name(OBD_CONNECT2_FLR_EC_WR, "flr_ec_wr"));
        NAMES2.add(new Name(OBD_CONNECT2_PERFSTATS, "perfstats"));
    }

    /** The names of the set flags, lowest bit first; unknown bits print as {@code unknown_0x...}. */
    public static List<String> names(long flags, long flags2) {
        List<String> out = new ArrayList<>();
        add(out, flags, NAMES1);
        add(out, flags2, NAMES2);
        return out;
    }

    private static void add(List<String> out, long flags, List<Name> table) {
        long left = flags;
        for (Name n : table) {
            if ((flags & n.bit()) != 0) {
                out.add(n.name());
                left &= ~n.bit();
            }
        }
        for (int b = 0; b < 64; b++) {
            if ((left & (1L << b)) != 0) {
                out.add("unknown_0x" + Long.toHexString(1L << b));
            }
        }
    }
}
