package org.jlustre.osd.mem;

import org.jlustre.common.FileMode;
import org.jlustre.common.debug.DebugLog;
import org.jlustre.common.debug.DebugMask;
import org.jlustre.osd.DirEntry;

/**
 * The seed's tracing ({@code verbose_debug}, reference 1.6): every object operation and
 * transaction start/stop leaves a line with the object's tracking number, FID and
 * existence/index/type state. Lines go to the debug log under {@code D_TRACE}, or under
 * {@code D_WARNING} (always kept, and printed on the console) while {@code verbose_debug} is
 * set, as the seed does. Nothing is formatted unless a line will be kept.
 */
final class Trace {

    static {
        DebugLog.hideFrames(Trace.class);
    }

    private final DebugLog log;
    private final String device;
    private volatile boolean verbose;

    Trace(DebugLog log, String device) {
        this.log = log;
        this.device = device;
    }

    boolean verbose() {
        return verbose;
    }

    void setVerbose(boolean on) {
        verbose = on;
    }

    private int mask() {
        return verbose ? DebugMask.D_WARNING : DebugMask.D_TRACE;
    }

    private boolean on() {
        return verbose || log.enabled(DebugMask.S_OSD, DebugMask.D_TRACE);
    }

    /** One object operation. */
    void object(String op, MemObject o) {
        if (on()) {
            log.log(DebugMask.S_OSD, mask(), describe(op, o));
        }
    }

    /** One directory entry operation. */
    void entry(String op, MemObject o, byte[] name) {
        if (on()) {
            log.log(DebugMask.S_OSD, mask(), describe(op, o) + " name:" + DirEntry.display(name));
        }
    }

    /** A transaction start. */
    void transactionStart(MemTransaction th) {
        if (on()) {
            log.log(DebugMask.S_OSD, mask(), device + ": TRANS START th#" + Integer.toHexString(th.tracking())
                    + " declares:" + th.declares().size() + (th.isLocal() ? " local" : "") + (th.isSync() ? " sync" : ""));
        }
    }

    /** A transaction stop and its result. */
    void transactionStop(MemTransaction th, int rc) {
        if (on()) {
            log.log(DebugMask.S_OSD, mask(), device + ": TRANS STOP rc=" + rc + " th#"
                    + Integer.toHexString(th.tracking()) + " declares:" + th.declares().size()
                    + (th.isLocal() ? " local" : "") + (th.isSync() ? " sync" : ""));
        }
    }

    private String describe(String op, MemObject o) {
        Inode i = o.inodeOrNull();
        int mode = i == null ? 0 : i.mode;
        boolean index = i != null && (i.kind == Inode.Kind.DIR || i.kind == Inode.Kind.INDEX);
        return device + ": " + op + " obj#" + Integer.toHexString(o.tracking) + " " + o.fid() + " exists:"
                + (o.exists() ? 1 : 0) + " index:" + (index ? 1 : 0) + " remote:0 reg:" + (FileMode.isReg(mode) ? 1 : 0)
                + " dir:" + (FileMode.isDir(mode) ? 1 : 0);
    }
}
