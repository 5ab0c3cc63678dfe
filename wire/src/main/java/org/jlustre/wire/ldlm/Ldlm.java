package org.jlustre.wire.ldlm;

/**
 * LDLM's numbers (lustre_idl.h {@code enum ldlm_mode}, {@code enum ldlm_type},
 * lustre_dlm_flags.h {@code LDLM_FL_*}, lustre_dlm.h {@code ELDLM_*}): what the structures of
 * this package carry in their mode, type and flag fields.
 */
public final class Ldlm {

    /** {@code LCK_MINMODE}: no mode. */
    public static final int LCK_MINMODE = 0;
    /** {@code LCK_EX}: exclusive. */
    public static final int LCK_EX = 1;
    /** {@code LCK_PW}: protected write; a flock F_WRLCK. */
    public static final int LCK_PW = 2;
    /** {@code LCK_PR}: protected read; a flock F_RDLCK. */
    public static final int LCK_PR = 4;
    /** {@code LCK_CW}: concurrent write. */
    public static final int LCK_CW = 8;
    /** {@code LCK_CR}: concurrent read. */
    public static final int LCK_CR = 16;
    /** {@code LCK_NL}: null; a flock F_UNLCK, and a GETLK answer meaning "no conflict". */
    public static final int LCK_NL = 32;
    /** {@code LCK_GROUP}. */
    public static final int LCK_GROUP = 64;
    /** {@code LCK_COS}. */
    public static final int LCK_COS = 128;

    /** {@code LDLM_PLAIN}. */
    public static final int LDLM_PLAIN = 10;
    /** {@code LDLM_EXTENT}. */
    public static final int LDLM_EXTENT = 11;
    /** {@code LDLM_FLOCK}: POSIX and BSD file locks, also {@code name[3]} of a flock resource. */
    public static final int LDLM_FLOCK = 12;
    /** {@code LDLM_IBITS}. */
    public static final int LDLM_IBITS = 13;

    /** {@code LDLM_FL_LOCK_CHANGED}: the reply's lock differs from the one asked (a GETLK answer). */
    public static final int FL_LOCK_CHANGED = 0x1;
    /** {@code LDLM_FL_BLOCK_GRANTED}: blocked behind a granted lock; wait for the completion. */
    public static final int FL_BLOCK_GRANTED = 0x2;
    /** {@code LDLM_FL_BLOCK_CONV}. */
    public static final int FL_BLOCK_CONV = 0x4;
    /** {@code LDLM_FL_BLOCK_WAIT}. */
    public static final int FL_BLOCK_WAIT = 0x8;
    /** {@code LDLM_FL_AST_SENT}. */
    public static final int FL_AST_SENT = 0x20;
    /** {@code LDLM_FL_FLOCK_DEADLOCK}: a waiting flock was cancelled because it closed a deadlock. */
    public static final int FL_FLOCK_DEADLOCK = 0x8000;
    /** {@code LDLM_FL_BLOCK_NOWAIT}: fail with EAGAIN rather than wait (F_SETLK, LOCK_NB). */
    public static final int FL_BLOCK_NOWAIT = 0x40000;
    /** {@code LDLM_FL_TEST_LOCK}: only report a conflicting lock (F_GETLK). */
    public static final int FL_TEST_LOCK = 0x80000;
    /** Any of the {@code LDLM_FL_BLOCK_*} flags: the lock is not granted yet ({@code LDLM_FL_BLOCKED_MASK}). */
    public static final int FL_BLOCKED_MASK = FL_BLOCK_GRANTED | FL_BLOCK_CONV | FL_BLOCK_WAIT;

    /** {@code ELDLM_OK}. */
    public static final int ELDLM_OK = 0;
    /** {@code ELDLM_LOCK_ABORTED}. */
    public static final int ELDLM_LOCK_ABORTED = 301;

    private Ldlm() {
    }

    /** Whether {@code mode} is one of the LCK_* modes (a single bit of LCK_EX..LCK_COS). */
    public static boolean validMode(int mode) {
        return mode >= LCK_EX && mode <= LCK_COS && Integer.bitCount(mode) == 1;
    }
}
