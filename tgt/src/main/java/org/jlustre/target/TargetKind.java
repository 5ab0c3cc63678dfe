package org.jlustre.target;

import org.jlustre.wire.target.TargetFeatures;

/**
 * The two kinds of target that keep {@code last_rcvd}, with the feature sets Lustre 2.15
 * allows and starts with ({@code tgt_scd[]}, lustre/target/tgt_lastrcvd.c).
 */
public enum TargetKind {
    /** A metadata target. */
    MDT(TargetFeatures.MDT_ROCOMPAT_ALLOWED, TargetFeatures.MDT_INCOMPAT_ALLOWED, TargetFeatures.MDT_ROCOMPAT_INIT,
            TargetFeatures.MDT_INCOMPAT_INIT),
    /** An object storage target. */
    OST(TargetFeatures.OST_ROCOMPAT_ALLOWED, TargetFeatures.OST_INCOMPAT_ALLOWED, TargetFeatures.OST_ROCOMPAT_INIT,
            TargetFeatures.OST_INCOMPAT_INIT);

    /** The rocompat bits a mount accepts. */
    final int rocompatAllowed;
    /** The incompat bits a mount accepts. */
    final int incompatAllowed;
    /** A fresh target's rocompat. */
    final int rocompatInit;
    /** A fresh target's incompat. */
    final int incompatInit;

    TargetKind(int rocompatAllowed, int incompatAllowed, int rocompatInit, int incompatInit) {
        this.rocompatAllowed = rocompatAllowed;
        this.incompatAllowed = incompatAllowed;
        this.rocompatInit = rocompatInit;
        this.incompatInit = incompatInit;
    }
}
