package org.jlustre.target;

import java.lang.foreign.MemorySegment;
import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;
import org.jlustre.osd.Body;
import org.jlustre.wire.target.LrServerData;
import org.jlustre.wire.target.LsdClientData;
import org.jlustre.wire.target.TargetFeatures;

/**
 * The checks {@code tgt_server_data_init} makes on an existing last_rcvd before the target
 * trusts it, each refusing the mount with EINVAL and a message naming the bad value.
 */
final class ServerDataCheck {

    private ServerDataCheck() {
    }

    /** Reads the header of a last_rcvd of {@code size} bytes on device {@code devName}. */
    static LrServerData read(Body body, long size, String devName) throws LustreException {
        if (size < LrServerData.SIZE) {
            throw new LustreException(Errno.EINVAL, "last_rcvd on " + devName + " is damaged: " + size
                    + " bytes, shorter than its " + LrServerData.SIZE + "-byte server header");
        }
        byte[] b = new byte[LrServerData.SIZE];
        body.readRecord(0, MemorySegment.ofArray(b));
        return LrServerData.decode(MemorySegment.ofArray(b), 0);
    }

    /** The identity, sizes and features of {@code d} for target {@code uuid} / {@code index} of {@code kind}. */
    static void check(LrServerData d, String uuid, int index, TargetKind kind) throws LustreException {
        if (!d.uuid().equals(uuid)) {
            throw new LustreException(Errno.EINVAL, "trying to start " + uuid + " on the disk of " + d.uuid()
                    + " (last_rcvd lsd_uuid)");
        }
        if (d.osdIndex() != index) {
            throw new LustreException(Errno.EINVAL, uuid + ": index " + Integer.toUnsignedString(d.osdIndex())
                    + " in last_rcvd differs from index " + index + " in the configuration: disk corruption?");
        }
        if (d.serverSize() == 0 || d.clientStart() == 0 || d.clientSize() == 0) {
            throw new LustreException(Errno.EINVAL, uuid + ": bad last_rcvd contents: lsd_server_size "
                    + Integer.toUnsignedString(d.serverSize()) + ", lsd_client_start "
                    + Integer.toUnsignedString(d.clientStart()) + ", lsd_client_size " + d.clientSize());
        }
        if (d.clientSize() != LsdClientData.SIZE || Integer.compareUnsigned(d.clientStart(), d.serverSize()) < 0
                || Integer.compareUnsigned(d.serverSize(), LrServerData.SIZE) < 0) {
            throw new LustreException(Errno.EINVAL, uuid + ": last_rcvd layout not supported: lsd_server_size "
                    + Integer.toUnsignedString(d.serverSize()) + ", lsd_client_start "
                    + Integer.toUnsignedString(d.clientStart()) + ", lsd_client_size " + d.clientSize()
                    + " (expected " + LrServerData.SIZE + ", >= the server size, " + LsdClientData.SIZE + ")");
        }
        int badIncompat = d.featureIncompat() & ~kind.incompatAllowed;
        if (badIncompat != 0) {
            throw new LustreException(Errno.EINVAL, uuid + ": unsupported incompat filesystem feature(s) "
                    + String.format("%#x (%s)", badIncompat, TargetFeatures.describeIncompat(badIncompat))
                    + " in last_rcvd");
        }
        int badRocompat = d.featureRocompat() & ~kind.rocompatAllowed;
        if (badRocompat != 0) {
            throw new LustreException(Errno.EINVAL, uuid + ": unsupported read-only filesystem feature(s) "
                    + String.format("%#x (%s)", badRocompat, TargetFeatures.describeRocompat(badRocompat))
                    + " in last_rcvd");
        }
    }
}
