package org.jlustre.wire.lnet;

/** LNet's numbers that are not part of one structure (include/uapi/linux/lnet/lnet-types.h). */
public final class LnetConstants {

    private LnetConstants() {
    }

    /** {@code LNET_PID_LUSTRE}: the process id of every Lustre service and client. */
    public static final int PID_LUSTRE = 12345;
    /** {@code LNET_PID_ANY}: matches any process. */
    public static final int PID_ANY = -1;
    /** {@code LNET_PID_USERFLAG}: set in the pid of user-space LNet instances. */
    public static final int PID_USERFLAG = 0x80000000;
    /** {@code LNET_MTU}: the largest payload of one LNet message. */
    public static final int MTU = 1 << 20;
    /** {@code LNET_MAX_IOV}: pages in one MTU-sized message. */
    public static final int MAX_IOV = 256;
    /** {@code MAX_PORTALS}: portal indices run 0..63. */
    public static final int MAX_PORTALS = 64;
}
