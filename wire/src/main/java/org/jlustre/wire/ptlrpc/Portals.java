package org.jlustre.wire.ptlrpc;

/**
 * ptlrpc's LNet portal indices ({@code *_PORTAL} in lustre_idl.h, reference 7.1). A request is
 * a PUT to its service's request portal; the reply is a PUT to the client's reply portal; bulk
 * moves on a bulk portal.
 */
public final class Portals {

    private Portals() {
    }

    /** {@code CONNMGR_REQUEST_PORTAL}. */
    public static final int CONNMGR_REQUEST = 1;
    /** {@code CONNMGR_REPLY_PORTAL}. */
    public static final int CONNMGR_REPLY = 2;
    /** {@code OSC_REPLY_PORTAL}. */
    public static final int OSC_REPLY = 4;
    /** {@code OST_IO_PORTAL}. */
    public static final int OST_IO = 6;
    /** {@code OST_CREATE_PORTAL}. */
    public static final int OST_CREATE = 7;
    /** {@code OST_BULK_PORTAL}. */
    public static final int OST_BULK = 8;
    /** {@code MDC_REPLY_PORTAL}. */
    public static final int MDC_REPLY = 10;
    /** {@code MDS_REQUEST_PORTAL}. */
    public static final int MDS_REQUEST = 12;
    /** {@code MDS_IO_PORTAL}. */
    public static final int MDS_IO = 13;
    /** {@code MDS_BULK_PORTAL}. */
    public static final int MDS_BULK = 14;
    /** {@code LDLM_CB_REQUEST_PORTAL}. */
    public static final int LDLM_CB_REQUEST = 15;
    /** {@code LDLM_CB_REPLY_PORTAL}. */
    public static final int LDLM_CB_REPLY = 16;
    /** {@code LDLM_CANCEL_REQUEST_PORTAL}. */
    public static final int LDLM_CANCEL_REQUEST = 17;
    /** {@code LDLM_CANCEL_REPLY_PORTAL}. */
    public static final int LDLM_CANCEL_REPLY = 18;
    /** {@code MDS_SETATTR_PORTAL}. */
    public static final int MDS_SETATTR = 22;
    /** {@code MDS_READPAGE_PORTAL}. */
    public static final int MDS_READPAGE = 23;
    /** {@code OUT_PORTAL}. */
    public static final int OUT = 24;
    /** {@code MGC_REPLY_PORTAL}. */
    public static final int MGC_REPLY = 25;
    /** {@code MGS_REQUEST_PORTAL}. */
    public static final int MGS_REQUEST = 26;
    /** {@code MGS_REPLY_PORTAL}. */
    public static final int MGS_REPLY = 27;
    /** {@code OST_REQUEST_PORTAL}. */
    public static final int OST_REQUEST = 28;
    /** {@code FLD_REQUEST_PORTAL}. */
    public static final int FLD_REQUEST = 29;
    /** {@code SEQ_METADATA_PORTAL}. */
    public static final int SEQ_METADATA = 30;
    /** {@code SEQ_DATA_PORTAL}. */
    public static final int SEQ_DATA = 31;
    /** {@code SEQ_CONTROLLER_PORTAL}. */
    public static final int SEQ_CONTROLLER = 32;
    /** {@code MGS_BULK_PORTAL}. */
    public static final int MGS_BULK = 33;
}
