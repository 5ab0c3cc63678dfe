package org.jlustre.wire.ptlrpc;

/**
 * The constants of {@code ptlrpc_body}: message types, versions, and the {@code pb_flags} and
 * {@code pb_op_flags} bits (lustre_idl.h, reference 7.1).
 */
public final class MsgFlags {

    private MsgFlags() {
    }

    /** {@code PTL_RPC_MSG_REQUEST}. */
    public static final int PTL_RPC_MSG_REQUEST = 4711;
    /** {@code PTL_RPC_MSG_ERR}: a reply whose status is an error. */
    public static final int PTL_RPC_MSG_ERR = 4712;
    /** {@code PTL_RPC_MSG_REPLY}. */
    public static final int PTL_RPC_MSG_REPLY = 4713;

    /** {@code PTLRPC_MSG_VERSION}: the low half of {@code pb_version}. */
    public static final int PTLRPC_MSG_VERSION = 0x00000003;
    /** {@code LUSTRE_VERSION_MASK}: the high half, the service's version. */
    public static final int LUSTRE_VERSION_MASK = 0xffff0000;
    /** {@code LUSTRE_OBD_VERSION}: connect, disconnect, ping. */
    public static final int LUSTRE_OBD_VERSION = 0x00010000;
    /** {@code LUSTRE_MDS_VERSION}. */
    public static final int LUSTRE_MDS_VERSION = 0x00020000;
    /** {@code LUSTRE_OST_VERSION}. */
    public static final int LUSTRE_OST_VERSION = 0x00030000;
    /** {@code LUSTRE_DLM_VERSION}. */
    public static final int LUSTRE_DLM_VERSION = 0x00040000;
    /** {@code LUSTRE_LOG_VERSION}. */
    public static final int LUSTRE_LOG_VERSION = 0x00050000;
    /** {@code LUSTRE_MGS_VERSION}. */
    public static final int LUSTRE_MGS_VERSION = 0x00060000;

    /** {@code MSG_LAST_REPLAY}: obsolete, no longer sent. */
    public static final int MSG_LAST_REPLAY = 0x0001;
    /** {@code MSG_RESENT}: the client sends this xid again. */
    public static final int MSG_RESENT = 0x0002;
    /** {@code MSG_REPLAY}: a replayed request. */
    public static final int MSG_REPLAY = 0x0004;
    /** {@code MSG_DELAY_REPLAY}: obsolete. */
    public static final int MSG_DELAY_REPLAY = 0x0010;
    /** {@code MSG_VERSION_REPLAY}: obsolete. */
    public static final int MSG_VERSION_REPLAY = 0x0020;
    /** {@code MSG_REQ_REPLAY_DONE}. */
    public static final int MSG_REQ_REPLAY_DONE = 0x0040;
    /** {@code MSG_LOCK_REPLAY_DONE}. */
    public static final int MSG_LOCK_REPLAY_DONE = 0x0080;

    /** {@code MSG_CONNECT_RECOVERING}: the target is in recovery. */
    public static final int MSG_CONNECT_RECOVERING = 0x00000001;
    /** {@code MSG_CONNECT_RECONNECT}: the target found the client's export. */
    public static final int MSG_CONNECT_RECONNECT = 0x00000002;
    /** {@code MSG_CONNECT_REPLAYABLE}: the target keeps replay state. */
    public static final int MSG_CONNECT_REPLAYABLE = 0x00000004;
    /** {@code MSG_CONNECT_LIBCLIENT}: obsolete (liblustre), refused by current targets. */
    public static final int MSG_CONNECT_LIBCLIENT = 0x00000010;
    /** {@code MSG_CONNECT_INITIAL}: the client's first connect. */
    public static final int MSG_CONNECT_INITIAL = 0x00000020;
    /** {@code MSG_CONNECT_NEXT_VER}: use the next version of the protocol. */
    public static final int MSG_CONNECT_NEXT_VER = 0x00000080;
    /** {@code MSG_CONNECT_TRANSNO}: the client reports its last transno. */
    public static final int MSG_CONNECT_TRANSNO = 0x00000100;

    /**
     * Whether a {@code pb_version} carries this protocol's message version, whatever the
     * service part ({@code lustre_unpack_ptlrpc_body_v2} checks only that).
     */
    public static boolean versionOk(int pbVersion) {
        return (pbVersion & ~LUSTRE_VERSION_MASK) == PTLRPC_MSG_VERSION;
    }

    /**
     * Whether a failed reply keeps {@code PTL_RPC_MSG_REPLY} rather than {@code ..._ERR}
     * ({@code ptlrpc_send_error}: the expected errors of an operation that ran).
     */
    public static boolean replyTypeForStatus(int status) {
        return status == 0 || status == -28 || status == -13 || status == -1 || status == -2 || status == -115
                || status == -122;
    }

    /** The version word for a service version ({@code lustre_msg_add_version}). */
    public static int version(int serviceVersion) {
        return serviceVersion | PTLRPC_MSG_VERSION;
    }

    /** The name of a message type, as debug lines print it. */
    public static String typeName(int type) {
        return switch (type) {
            case PTL_RPC_MSG_REQUEST -> "request";
            case PTL_RPC_MSG_REPLY -> "reply";
            case PTL_RPC_MSG_ERR -> "err";
            default -> "type_" + type;
        };
    }
}
