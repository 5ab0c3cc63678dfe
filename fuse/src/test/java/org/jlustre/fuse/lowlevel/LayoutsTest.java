package org.jlustre.fuse.lowlevel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jlustre.fuse.lowlevel.Layouts.offset;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Golden sizes and offsets of the C structures we share with libfuse 3.14 on x86_64, as gcc
 * 12 computes them from /usr/include/fuse3 (libfuse3-dev 3.14.0-4) and glibc 2.36's headers
 * (offsetof / sizeof printed by a small C program): what fuse_lowlevel_ops, fuse_file_info,
 * fuse_entry_param, stat, statvfs, flock, fuse_ctx, fuse_args and fuse_conn_info look like.
 */
class LayoutsTest {

    @Test
    void theOperationsTableHasLibfuse314sFortyFourMembersInOrder() {
        assertThat(Layouts.LOWLEVEL_OPS.byteSize()).isEqualTo(352);
        Map<String, Long> golden = new LinkedHashMap<>();
        String[] order = {"init", "destroy", "lookup", "forget", "getattr", "setattr", "readlink", "mknod", "mkdir",
            "unlink", "rmdir", "symlink", "rename", "link", "open", "read", "write", "flush", "release", "fsync",
            "opendir", "readdir", "releasedir", "fsyncdir", "statfs", "setxattr", "getxattr", "listxattr",
            "removexattr", "access", "create", "getlk", "setlk", "bmap", "ioctl", "poll", "write_buf",
            "retrieve_reply", "forget_multi", "flock", "fallocate", "readdirplus", "copy_file_range", "lseek"};
        for (int i = 0; i < order.length; i++) {
            golden.put(order[i], 8L * i);
        }
        golden.forEach((name, off) -> assertThat(offset(Layouts.LOWLEVEL_OPS, name)).as(name).isEqualTo(off));
        assertThat(golden.get("setlk")).isEqualTo(256);
        assertThat(golden.get("lseek")).isEqualTo(344);
    }

    @Test
    void fileInfo() {
        assertThat(Layouts.FILE_INFO.byteSize()).isEqualTo(40);
        assertThat(offset(Layouts.FILE_INFO, "flags")).isZero();
        assertThat(offset(Layouts.FILE_INFO, "bits")).isEqualTo(4);
        assertThat(offset(Layouts.FILE_INFO, "fh")).isEqualTo(16);
        assertThat(offset(Layouts.FILE_INFO, "lock_owner")).isEqualTo(24);
        assertThat(offset(Layouts.FILE_INFO, "poll_events")).isEqualTo(32);
        // bit-field order: writepage, direct_io, keep_cache, flush, nonseekable, flock_release, cache_readdir, noflush
        assertThat(new int[] {FileInfo.WRITEPAGE, FileInfo.DIRECT_IO, FileInfo.KEEP_CACHE, FileInfo.FLUSH,
            FileInfo.NONSEEKABLE, FileInfo.FLOCK_RELEASE, FileInfo.CACHE_READDIR, FileInfo.NOFLUSH})
                .containsExactly(0x1, 0x2, 0x4, 0x8, 0x10, 0x20, 0x40, 0x80);
    }

    @Test
    void entryParamAndStat() {
        assertThat(Layouts.ENTRY_PARAM.byteSize()).isEqualTo(176);
        assertThat(offset(Layouts.ENTRY_PARAM, "generation")).isEqualTo(8);
        assertThat(offset(Layouts.ENTRY_PARAM, "attr")).isEqualTo(16);
        assertThat(offset(Layouts.ENTRY_PARAM, "attr_timeout")).isEqualTo(160);
        assertThat(offset(Layouts.ENTRY_PARAM, "entry_timeout")).isEqualTo(168);
        assertThat(Layouts.STAT.byteSize()).isEqualTo(144);
        long[] golden = {0, 8, 16, 24, 28, 32, 40, 48, 56, 64, 72, 88, 104};
        String[] names = {"st_dev", "st_ino", "st_nlink", "st_mode", "st_uid", "st_gid", "st_rdev", "st_size",
            "st_blksize", "st_blocks", "st_atim", "st_mtim", "st_ctim"};
        for (int i = 0; i < names.length; i++) {
            assertThat(offset(Layouts.STAT, names[i])).as(names[i]).isEqualTo(golden[i]);
        }
    }

    @Test
    void statvfsFlockCtxArgsConnInfo() {
        assertThat(Layouts.STATVFS.byteSize()).isEqualTo(112);
        assertThat(offset(Layouts.STATVFS, "f_fsid")).isEqualTo(64);
        assertThat(offset(Layouts.STATVFS, "f_flag")).isEqualTo(72);
        assertThat(offset(Layouts.STATVFS, "f_namemax")).isEqualTo(80);
        assertThat(Layouts.FLOCK.byteSize()).isEqualTo(32);
        assertThat(offset(Layouts.FLOCK, "l_whence")).isEqualTo(2);
        assertThat(offset(Layouts.FLOCK, "l_start")).isEqualTo(8);
        assertThat(offset(Layouts.FLOCK, "l_len")).isEqualTo(16);
        assertThat(offset(Layouts.FLOCK, "l_pid")).isEqualTo(24);
        assertThat(Layouts.CTX.byteSize()).isEqualTo(16);
        assertThat(offset(Layouts.CTX, "umask")).isEqualTo(12);
        assertThat(Layouts.ARGS.byteSize()).isEqualTo(24);
        assertThat(offset(Layouts.ARGS, "argv")).isEqualTo(8);
        assertThat(offset(Layouts.ARGS, "allocated")).isEqualTo(16);
        assertThat(Layouts.CONN_INFO.byteSize()).isEqualTo(128);
        assertThat(offset(Layouts.CONN_INFO, "capable")).isEqualTo(20);
        assertThat(offset(Layouts.CONN_INFO, "want")).isEqualTo(24);
        assertThat(offset(Layouts.CONN_INFO, "time_gran")).isEqualTo(36);
        assertThat(Layouts.FORGET_DATA.byteSize()).isEqualTo(16);
    }

    @Test
    void constants() {
        assertThat(new int[] {SetAttributes.MODE, SetAttributes.UID, SetAttributes.GID, SetAttributes.SIZE,
            SetAttributes.ATIME, SetAttributes.MTIME, SetAttributes.ATIME_NOW, SetAttributes.MTIME_NOW,
            SetAttributes.CTIME}).containsExactly(1, 2, 4, 8, 16, 32, 128, 256, 1024);
        assertThat(new int[] {Connection.CAP_ASYNC_READ, Connection.CAP_POSIX_LOCKS, Connection.CAP_ATOMIC_O_TRUNC,
            Connection.CAP_EXPORT_SUPPORT, Connection.CAP_DONT_MASK, Connection.CAP_FLOCK_LOCKS,
            Connection.CAP_AUTO_INVAL_DATA, Connection.CAP_READDIRPLUS, Connection.CAP_READDIRPLUS_AUTO,
            Connection.CAP_WRITEBACK_CACHE, Connection.CAP_PARALLEL_DIROPS, Connection.CAP_HANDLE_KILLPRIV})
                .containsExactly(0x1, 0x2, 0x8, 0x10, 0x40, 0x400, 0x1000, 0x2000, 0x4000, 0x10000, 0x40000, 0x100000);
        assertThat(new int[] {FileLock.F_RDLCK, FileLock.F_WRLCK, FileLock.F_UNLCK}).containsExactly(0, 1, 2);
    }
}
