package org.jlustre.lnet;

/** {@code LNET_MD_*} option bits of a memory descriptor (include/uapi/linux/lnet/lnet-types.h). */
public final class MdOptions {

    private MdOptions() {
    }

    /** {@code LNET_MD_OP_PUT}: the MD takes PUTs. */
    public static final int OP_PUT = 1 << 0;
    /** {@code LNET_MD_OP_GET}: the MD answers GETs. */
    public static final int OP_GET = 1 << 1;
    /** {@code LNET_MD_MANAGE_REMOTE}: the initiator's offset is used, not the MD's own. */
    public static final int MANAGE_REMOTE = 1 << 2;
    /** {@code LNET_MD_TRUNCATE}: a message longer than the room left is cut, not refused. */
    public static final int TRUNCATE = 1 << 4;
    /** {@code LNET_MD_ACK_DISABLE}: never send an ACK for a PUT into this MD. */
    public static final int ACK_DISABLE = 1 << 5;
    /**
     * {@code LNET_MD_MAX_SIZE}: each message takes at most {@code max_size} bytes, and the MD is
     * exhausted (unlinked) when less than that is left: how request buffers are shared by many
     * requests.
     */
    public static final int MAX_SIZE = 1 << 7;

    /** {@code LNET_MD_THRESH_INF}: the MD is never exhausted by use. */
    public static final int THRESH_INF = -1;
}
