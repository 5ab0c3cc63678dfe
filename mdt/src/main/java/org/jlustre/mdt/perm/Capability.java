package org.jlustre.mdt.perm;

/**
 * The capability bits a client sends with each request ({@code mbo_capability},
 * {@code cr_cap}, {@code sa_cap}...: the low word of the caller's effective set,
 * {@code current_cap().cap[0]}), numbered as Linux's {@code CAP_*} (include/uapi/linux/
 * capability.h). Lustre up to 2.12 named the same numbers {@code CFS_CAP_*}
 * (libcfs/include/libcfs/curproc.h: CHOWN 0, DAC_OVERRIDE 1, DAC_READ_SEARCH 2, FOWNER 3, FSETID
 * 4, LINUX_IMMUTABLE 9, SYS_ADMIN 21, SYS_RESOURCE 24); 2.15 tests the kernel's with
 * {@code cap_raised} on {@code uc_cap.cap[0]} = the word sent (mdt_lib.c {@code old_init_ucred}).
 * Only those the permission rules consult are named.
 */
public final class Capability {

    /** {@code CAP_CHOWN}: change any owner and group. */
    public static final int CHOWN = 0;
    /** {@code CAP_DAC_OVERRIDE}: bypass read, write and (with some x bit) execute checks. */
    public static final int DAC_OVERRIDE = 1;
    /** {@code CAP_DAC_READ_SEARCH}: bypass file read and directory read/search checks. */
    public static final int DAC_READ_SEARCH = 2;
    /** {@code CAP_FOWNER}: act as the owner (chmod, times, sticky deletion, flags). */
    public static final int FOWNER = 3;
    /** {@code CAP_FSETID}: keep setuid/setgid bits where they would be cleared. */
    public static final int FSETID = 4;
    /** {@code CAP_LINUX_IMMUTABLE}: change the immutable and append-only flags. */
    public static final int LINUX_IMMUTABLE = 9;
    /** {@code CAP_SYS_ADMIN}. */
    public static final int SYS_ADMIN = 21;
    /** {@code CAP_SYS_RESOURCE}: change project ids. */
    public static final int SYS_RESOURCE = 24;
    /** {@code CAP_MKNOD}. */
    public static final int MKNOD = 27;

    /** Every bit of the low word: what a root client sends (0xffffffff in a 2.15 capture). */
    public static final long ALL = 0xffffffffL;
    /** None: what a squashed or ordinary user has. */
    public static final long NONE = 0;

    private Capability() {
    }

    /** The bit of capability {@code cap} in a capability word. */
    public static long bit(int cap) {
        if (cap < 0 || cap > 63) {
            throw new IllegalArgumentException("capability number " + cap + " is not 0..63");
        }
        return 1L << cap;
    }
}
