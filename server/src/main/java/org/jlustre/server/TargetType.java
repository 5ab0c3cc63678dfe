package org.jlustre.server;

import org.jlustre.wire.mgs.LddFlags;

/** What a server target is ({@code LDD_F_SV_TYPE_*}). */
public enum TargetType {
    /** The management target: runs the MGS. */
    MGT(LddFlags.SV_TYPE_MGS, "MGS"),
    /** A metadata target. */
    MDT(LddFlags.SV_TYPE_MDT, "MDT"),
    /** An object storage target. */
    OST(LddFlags.SV_TYPE_OST, "OST");

    private final int flag;
    private final String label;

    TargetType(int flag, String label) {
        this.flag = flag;
        this.label = label;
    }

    /** The {@code LDD_F_SV_TYPE_*} bit. */
    public int flag() {
        return flag;
    }

    /** {@code MDT}, {@code OST} or {@code MGS}, as service names spell it. */
    public String label() {
        return label;
    }
}
