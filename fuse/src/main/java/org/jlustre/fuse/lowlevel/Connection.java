package org.jlustre.fuse.lowlevel;

import static org.jlustre.fuse.lowlevel.Layouts.CONN_INFO;
import static org.jlustre.fuse.lowlevel.Layouts.offset;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The connection being negotiated in {@code init} ({@code struct fuse_conn_info}): what the
 * kernel and libfuse can do ({@link #capable()}) and what we want of it. Capability bits are
 * libfuse's FUSE_CAP_* (fuse_common.h), not the kernel's flags.
 */
public final class Connection {

    public static final int CAP_ASYNC_READ = 1 << 0;
    public static final int CAP_POSIX_LOCKS = 1 << 1;
    public static final int CAP_ATOMIC_O_TRUNC = 1 << 3;
    public static final int CAP_EXPORT_SUPPORT = 1 << 4;
    public static final int CAP_DONT_MASK = 1 << 6;
    public static final int CAP_FLOCK_LOCKS = 1 << 10;
    public static final int CAP_AUTO_INVAL_DATA = 1 << 12;
    public static final int CAP_READDIRPLUS = 1 << 13;
    public static final int CAP_READDIRPLUS_AUTO = 1 << 14;
    public static final int CAP_WRITEBACK_CACHE = 1 << 16;
    public static final int CAP_PARALLEL_DIROPS = 1 << 18;
    public static final int CAP_HANDLE_KILLPRIV = 1 << 20;

    private static final long PROTO_MAJOR = offset(CONN_INFO, "proto_major");
    private static final long PROTO_MINOR = offset(CONN_INFO, "proto_minor");
    private static final long MAX_WRITE = offset(CONN_INFO, "max_write");
    private static final long CAPABLE = offset(CONN_INFO, "capable");
    private static final long WANT = offset(CONN_INFO, "want");

    private final MemorySegment conn;

    Connection(MemorySegment conn) {
        this.conn = conn.reinterpret(CONN_INFO.byteSize());
    }

    /** The negotiated protocol, as "7.38". */
    public String protocol() {
        return conn.get(ValueLayout.JAVA_INT, PROTO_MAJOR) + "." + conn.get(ValueLayout.JAVA_INT, PROTO_MINOR);
    }

    public int capable() {
        return conn.get(ValueLayout.JAVA_INT, CAPABLE);
    }

    public int want() {
        return conn.get(ValueLayout.JAVA_INT, WANT);
    }

    /** Turns the capabilities {@code bits} on (those the kernel offers) or off. */
    public void want(int bits, boolean on) {
        int want = want();
        want = on ? want | (bits & capable()) : want & ~bits;
        conn.set(ValueLayout.JAVA_INT, WANT, want);
    }

    public int maxWrite() {
        return conn.get(ValueLayout.JAVA_INT, MAX_WRITE);
    }

    /** The largest write the kernel will send in one request. */
    public void maxWrite(int bytes) {
        conn.set(ValueLayout.JAVA_INT, MAX_WRITE, bytes);
    }
}
