package org.jlustre.fuse.lowlevel;

import static java.lang.foreign.MemoryLayout.paddingLayout;
import static java.lang.foreign.MemoryLayout.sequenceLayout;
import static java.lang.foreign.MemoryLayout.structLayout;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.StructLayout;
import java.util.Arrays;

/**
 * The C structures libfuse 3.14 exchanges with us, on x86_64 Linux (glibc). Member names are
 * the C names; {@code LayoutsTest} pins every size and offset against what gcc computes from
 * {@code /usr/include/fuse3} (fuse_lowlevel.h, fuse_common.h) and glibc's headers.
 */
final class Layouts {

    private Layouts() {
    }

    /** {@code struct timespec}: seconds and nanoseconds. */
    static final StructLayout TIMESPEC = structLayout(JAVA_LONG.withName("tv_sec"), JAVA_LONG.withName("tv_nsec"));

    /** glibc's x86_64 {@code struct stat} (144 bytes). */
    static final StructLayout STAT = structLayout(
            JAVA_LONG.withName("st_dev"),
            JAVA_LONG.withName("st_ino"),
            JAVA_LONG.withName("st_nlink"),
            JAVA_INT.withName("st_mode"),
            JAVA_INT.withName("st_uid"),
            JAVA_INT.withName("st_gid"),
            paddingLayout(4),
            JAVA_LONG.withName("st_rdev"),
            JAVA_LONG.withName("st_size"),
            JAVA_LONG.withName("st_blksize"),
            JAVA_LONG.withName("st_blocks"),
            TIMESPEC.withName("st_atim"),
            TIMESPEC.withName("st_mtim"),
            TIMESPEC.withName("st_ctim"),
            sequenceLayout(3, JAVA_LONG).withName("reserved")).withName("stat");

    /** glibc's x86_64 {@code struct statvfs} (112 bytes). */
    static final StructLayout STATVFS = structLayout(
            JAVA_LONG.withName("f_bsize"),
            JAVA_LONG.withName("f_frsize"),
            JAVA_LONG.withName("f_blocks"),
            JAVA_LONG.withName("f_bfree"),
            JAVA_LONG.withName("f_bavail"),
            JAVA_LONG.withName("f_files"),
            JAVA_LONG.withName("f_ffree"),
            JAVA_LONG.withName("f_favail"),
            JAVA_LONG.withName("f_fsid"),
            JAVA_LONG.withName("f_flag"),
            JAVA_LONG.withName("f_namemax"),
            sequenceLayout(6, JAVA_INT).withName("spare")).withName("statvfs");

    /** x86_64 {@code struct flock} (32 bytes): what libfuse hands getlk/setlk. */
    static final StructLayout FLOCK = structLayout(
            JAVA_SHORT.withName("l_type"),
            JAVA_SHORT.withName("l_whence"),
            paddingLayout(4),
            JAVA_LONG.withName("l_start"),
            JAVA_LONG.withName("l_len"),
            JAVA_INT.withName("l_pid"),
            paddingLayout(4)).withName("flock");

    /**
     * {@code struct fuse_file_info} (40 bytes). The single-bit members (writepage, direct_io,
     * keep_cache, flush, nonseekable, flock_release, cache_readdir, noflush) share the word
     * {@code bits}, from bit 0 up in that order; see {@link FileInfo}.
     */
    static final StructLayout FILE_INFO = structLayout(
            JAVA_INT.withName("flags"),
            JAVA_INT.withName("bits"),
            JAVA_INT.withName("padding2"),
            paddingLayout(4),
            JAVA_LONG.withName("fh"),
            JAVA_LONG.withName("lock_owner"),
            JAVA_INT.withName("poll_events"),
            paddingLayout(4)).withName("fuse_file_info");

    /** {@code struct fuse_entry_param} (176 bytes): timeouts are seconds as doubles. */
    static final StructLayout ENTRY_PARAM = structLayout(
            JAVA_LONG.withName("ino"),
            JAVA_LONG.withName("generation"),
            STAT.withName("attr"),
            JAVA_DOUBLE.withName("attr_timeout"),
            JAVA_DOUBLE.withName("entry_timeout")).withName("fuse_entry_param");

    /** {@code struct fuse_ctx} (16 bytes): the caller of a request. */
    static final StructLayout CTX = structLayout(
            JAVA_INT.withName("uid"),
            JAVA_INT.withName("gid"),
            JAVA_INT.withName("pid"),
            JAVA_INT.withName("umask")).withName("fuse_ctx");

    /** {@code struct fuse_args} (24 bytes): argc/argv as fuse_session_new parses them. */
    static final StructLayout ARGS = structLayout(
            JAVA_INT.withName("argc"),
            paddingLayout(4),
            ADDRESS.withName("argv"),
            JAVA_INT.withName("allocated"),
            paddingLayout(4)).withName("fuse_args");

    /** {@code struct fuse_conn_info} (128 bytes): what the init callback negotiates. */
    static final StructLayout CONN_INFO = structLayout(
            JAVA_INT.withName("proto_major"),
            JAVA_INT.withName("proto_minor"),
            JAVA_INT.withName("max_write"),
            JAVA_INT.withName("max_read"),
            JAVA_INT.withName("max_readahead"),
            JAVA_INT.withName("capable"),
            JAVA_INT.withName("want"),
            JAVA_INT.withName("max_background"),
            JAVA_INT.withName("congestion_threshold"),
            JAVA_INT.withName("time_gran"),
            sequenceLayout(22, JAVA_INT).withName("reserved")).withName("fuse_conn_info");

    /** {@code struct fuse_forget_data} (16 bytes): one entry of forget_multi. */
    static final StructLayout FORGET_DATA = structLayout(
            JAVA_LONG.withName("ino"), JAVA_LONG.withName("nlookup")).withName("fuse_forget_data");

    /** The members of {@code struct fuse_lowlevel_ops}, in libfuse 3.14's order: one function pointer each. */
    static final String[] OPERATIONS = {
        "init", "destroy", "lookup", "forget", "getattr", "setattr", "readlink", "mknod", "mkdir", "unlink",
        "rmdir", "symlink", "rename", "link", "open", "read", "write", "flush", "release", "fsync", "opendir",
        "readdir", "releasedir", "fsyncdir", "statfs", "setxattr", "getxattr", "listxattr", "removexattr",
        "access", "create", "getlk", "setlk", "bmap", "ioctl", "poll", "write_buf", "retrieve_reply",
        "forget_multi", "flock", "fallocate", "readdirplus", "copy_file_range", "lseek"};

    /** {@code struct fuse_lowlevel_ops} (352 bytes in 3.14). */
    static final StructLayout LOWLEVEL_OPS = structLayout(
            Arrays.stream(OPERATIONS).map(ADDRESS::withName).toArray(MemoryLayout[]::new))
            .withName("fuse_lowlevel_ops");

    /** The byte offset of member {@code path} (dot separated) of {@code layout}. */
    static long offset(StructLayout layout, String path) {
        return layout.byteOffset(elements(path));
    }

    private static PathElement[] elements(String path) {
        return Arrays.stream(path.split("\\.")).map(PathElement::groupElement).toArray(PathElement[]::new);
    }
}
