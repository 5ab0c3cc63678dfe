package org.jlustre.wire.ptlrpc;

import java.util.Map;
import java.util.TreeMap;

/**
 * ptlrpc opcodes ({@code pb_opc}; lustre_idl.h and friends, reference 7.1) and the names
 * Lustre's stats files and debug lines give them ({@code ll_opcode2str},
 * lustre/ptlrpc/lproc_ptlrpc.c).
 */
public final class Opcodes {

    private Opcodes() {
    }

    public static final int OST_REPLY = 0;
    public static final int OST_GETATTR = 1;
    public static final int OST_SETATTR = 2;
    public static final int OST_READ = 3;
    public static final int OST_WRITE = 4;
    public static final int OST_CREATE = 5;
    public static final int OST_DESTROY = 6;
    public static final int OST_GET_INFO = 7;
    public static final int OST_CONNECT = 8;
    public static final int OST_DISCONNECT = 9;
    public static final int OST_PUNCH = 10;
    public static final int OST_OPEN = 11;
    public static final int OST_CLOSE = 12;
    public static final int OST_STATFS = 13;
    public static final int OST_SYNC = 16;
    public static final int OST_SET_INFO = 17;
    public static final int OST_QUOTACHECK = 18;
    public static final int OST_QUOTACTL = 19;
    public static final int OST_QUOTA_ADJUST_QUNIT = 20;
    public static final int OST_LADVISE = 21;
    public static final int OST_FALLOCATE = 22;
    public static final int OST_SEEK = 23;

    public static final int MDS_GETATTR = 33;
    public static final int MDS_GETATTR_NAME = 34;
    public static final int MDS_CLOSE = 35;
    public static final int MDS_REINT = 36;
    public static final int MDS_READPAGE = 37;
    public static final int MDS_CONNECT = 38;
    public static final int MDS_DISCONNECT = 39;
    public static final int MDS_GET_ROOT = 40;
    public static final int MDS_STATFS = 41;
    public static final int MDS_PIN = 42;
    public static final int MDS_UNPIN = 43;
    public static final int MDS_SYNC = 44;
    public static final int MDS_DONE_WRITING = 45;
    public static final int MDS_SET_INFO = 46;
    public static final int MDS_QUOTACHECK = 47;
    public static final int MDS_QUOTACTL = 48;
    public static final int MDS_GETXATTR = 49;
    public static final int MDS_SETXATTR = 50;
    public static final int MDS_WRITEPAGE = 51;
    public static final int MDS_IS_SUBDIR = 52;
    public static final int MDS_GET_INFO = 53;
    public static final int MDS_HSM_STATE_GET = 54;
    public static final int MDS_HSM_STATE_SET = 55;
    public static final int MDS_HSM_ACTION = 56;
    public static final int MDS_HSM_PROGRESS = 57;
    public static final int MDS_HSM_REQUEST = 58;
    public static final int MDS_HSM_CT_REGISTER = 59;
    public static final int MDS_HSM_CT_UNREGISTER = 60;
    public static final int MDS_SWAP_LAYOUTS = 61;
    public static final int MDS_RMFID = 62;
    public static final int MDS_BATCH = 63;
    public static final int MDS_HSM_DATA_VERSION = 64;

    public static final int LDLM_ENQUEUE = 101;
    public static final int LDLM_CONVERT = 102;
    public static final int LDLM_CANCEL = 103;
    public static final int LDLM_BL_CALLBACK = 104;
    public static final int LDLM_CP_CALLBACK = 105;
    public static final int LDLM_GL_CALLBACK = 106;
    public static final int LDLM_SET_INFO = 107;

    public static final int MGS_CONNECT = 250;
    public static final int MGS_DISCONNECT = 251;
    public static final int MGS_EXCEPTION = 252;
    public static final int MGS_TARGET_REG = 253;
    public static final int MGS_TARGET_DEL = 254;
    public static final int MGS_SET_INFO = 255;
    public static final int MGS_CONFIG_READ = 256;

    public static final int OBD_PING = 400;
    public static final int OBD_LOG_CANCEL = 401;
    public static final int OBD_QC_CALLBACK = 402;
    public static final int OBD_IDX_READ = 403;

    public static final int LLOG_ORIGIN_HANDLE_CREATE = 501;
    public static final int LLOG_ORIGIN_HANDLE_NEXT_BLOCK = 502;
    public static final int LLOG_ORIGIN_HANDLE_READ_HEADER = 503;
    public static final int LLOG_ORIGIN_HANDLE_WRITE_REC = 504;
    public static final int LLOG_ORIGIN_HANDLE_CLOSE = 505;
    public static final int LLOG_ORIGIN_CONNECT = 506;
    public static final int LLOG_CATINFO = 507;
    public static final int LLOG_ORIGIN_HANDLE_PREV_BLOCK = 508;
    public static final int LLOG_ORIGIN_HANDLE_DESTROY = 509;

    public static final int QUOTA_DQACQ = 601;
    public static final int QUOTA_DQREL = 602;
    public static final int SEQ_QUERY = 700;
    public static final int SEC_CTX_INIT = 801;
    public static final int SEC_CTX_INIT_CONT = 802;
    public static final int SEC_CTX_FINI = 803;
    public static final int FLD_QUERY = 900;
    public static final int FLD_READ = 901;
    public static final int OUT_UPDATE = 1000;
    public static final int LFSCK_NOTIFY = 1101;
    public static final int LFSCK_QUERY = 1102;

    private static final Map<Integer, String> NAMES = new TreeMap<>();
    /** The names of opcodes below {@link #FAST}, by index, for the per-request stats lookup. */
    private static final int FAST = 2048;
    private static final String[] BY_OPC = new String[FAST];

    static {
        String[][] table = {
            {"0", "ost_reply"}, {"1", "ost_getattr"}, {"2", "ost_setattr"}, {"3", "ost_read"}, {"4", "ost_write"},
            {"5", "ost_create"}, {"6", "ost_destroy"}, {"7", "ost_get_info"}, {"8", "ost_connect"},
            {"9", "ost_disconnect"}, {"10", "ost_punch"}, {"11", "ost_open"}, {"12", "ost_close"},
            {"13", "ost_statfs"}, {"16", "ost_sync"}, {"17", "ost_set_info"}, {"18", "ost_quotacheck"},
            {"19", "ost_quotactl"}, {"20", "ost_quota_adjust_qunit"}, {"21", "ost_ladvise"},
            {"22", "ost_fallocate"}, {"23", "ost_seek"},
            {"33", "mds_getattr"}, {"34", "mds_getattr_lock"}, {"35", "mds_close"}, {"36", "mds_reint"},
            {"37", "mds_readpage"}, {"38", "mds_connect"}, {"39", "mds_disconnect"}, {"40", "mds_get_root"},
            {"41", "mds_statfs"}, {"42", "mds_pin"}, {"43", "mds_unpin"}, {"44", "mds_sync"},
            {"45", "mds_done_writing"}, {"46", "mds_set_info"}, {"47", "mds_quotacheck"}, {"48", "mds_quotactl"},
            {"49", "mds_getxattr"}, {"50", "mds_setxattr"}, {"51", "mds_writepage"}, {"52", "mds_is_subdir"},
            {"53", "mds_get_info"}, {"54", "mds_hsm_state_get"}, {"55", "mds_hsm_state_set"},
            {"56", "mds_hsm_action"}, {"57", "mds_hsm_progress"}, {"58", "mds_hsm_request"},
            {"59", "mds_hsm_ct_register"}, {"60", "mds_hsm_ct_unregister"}, {"61", "mds_swap_layouts"},
            {"62", "mds_rmfid"}, {"63", "mds_batch"}, {"64", "mds_hsm_data_version"},
            {"101", "ldlm_enqueue"}, {"102", "ldlm_convert"}, {"103", "ldlm_cancel"}, {"104", "ldlm_bl_callback"},
            {"105", "ldlm_cp_callback"}, {"106", "ldlm_gl_callback"}, {"107", "ldlm_set_info"},
            {"250", "mgs_connect"}, {"251", "mgs_disconnect"}, {"252", "mgs_exception"}, {"253", "mgs_target_reg"},
            {"254", "mgs_target_del"}, {"255", "mgs_set_info"}, {"256", "mgs_config_read"},
            {"400", "obd_ping"}, {"401", "llog_cancel"}, {"402", "obd_quota_callback"}, {"403", "dt_index_read"},
            {"501", "llog_origin_handle_open"}, {"502", "llog_origin_handle_next_block"},
            {"503", "llog_origin_handle_read_header"}, {"504", "llog_origin_handle_write_rec"},
            {"505", "llog_origin_handle_close"}, {"506", "llog_origin_connect"}, {"507", "llog_catinfo"},
            {"508", "llog_origin_handle_prev_block"}, {"509", "llog_origin_handle_destroy"},
            {"601", "quota_acquire"}, {"602", "quota_release"}, {"700", "seq_query"}, {"801", "sec_ctx_init"},
            {"802", "sec_ctx_init_cont"}, {"803", "sec_ctx_fini"}, {"900", "fld_query"}, {"901", "fld_read"},
            {"1000", "out_update"}, {"1101", "lfsck_notify"}, {"1102", "lfsck_query"},
        };
        for (String[] row : table) {
            NAMES.put(Integer.parseInt(row[0]), row[1]);
            BY_OPC[Integer.parseInt(row[0])] = row[1];
        }
    }

    /** The name of an opcode, or null for one Lustre does not define ({@code ll_opcode2str}). */
    public static String name(int opc) {
        return opc >= 0 && opc < FAST ? BY_OPC[opc] : null;
    }

    /**
     * The name as {@code ll_opcode2str} gives it: {@code unnamed-opcode-N} for the empty slots of
     * its table (14 and 15, once OST_SAN_READ and OST_SAN_WRITE), {@code unknown-opcode-N} for any
     * other opcode Lustre does not define.
     */
    public static String nameOrNumber(int opc) {
        String n = name(opc);
        if (n != null) {
            return n;
        }
        return (opc == 14 || opc == 15 ? "unnamed-opcode-" : "unknown-opcode-") + Integer.toUnsignedString(opc);
    }

    /** Every named opcode, for golden tests. */
    public static Map<Integer, String> names() {
        return java.util.Collections.unmodifiableMap(NAMES);
    }
}
