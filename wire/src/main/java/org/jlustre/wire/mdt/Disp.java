package org.jlustre.wire.mdt;

/**
 * {@code DISP_*} (lustre_idl.h; wiretest.c checks each): what an intent did, returned in
 * {@code ldlm_reply.lock_policy_res1} and tested by the client with {@code it_disposition}.
 * Plain MDS_* operations do not carry them; the MDT computes them as it executes an open.
 */
public final class Disp {

    private Disp() {
    }

    /** The intent was executed. */
    public static final int IT_EXECD = 0x00000001;
    /** The lookup was executed. */
    public static final int LOOKUP_EXECD = 0x00000002;
    /** The name does not exist. */
    public static final int LOOKUP_NEG = 0x00000004;
    /** The name exists. */
    public static final int LOOKUP_POS = 0x00000008;
    /** The open created the file. */
    public static final int OPEN_CREATE = 0x00000010;
    /** The file was opened. */
    public static final int OPEN_OPEN = 0x00000020;
    /** Obsolete, unused. */
    public static final int ENQ_COMPLETE = 0x00400000;
    /** Client-internal: the open request holds a reference. */
    public static final int ENQ_OPEN_REF = 0x00800000;
    /** Client-internal: the create request holds a reference. */
    public static final int ENQ_CREATE_REF = 0x01000000;
    /** An open lock was granted. */
    public static final int OPEN_LOCK = 0x02000000;
    /** A lease was granted. */
    public static final int OPEN_LEASE = 0x04000000;
    /** The open (re)striped the file. */
    public static final int OPEN_STRIPE = 0x08000000;
    /** The open was denied by a conflicting lease. */
    public static final int OPEN_DENY = 0x10000000;
}
