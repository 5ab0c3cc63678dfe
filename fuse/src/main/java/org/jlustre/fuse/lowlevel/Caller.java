package org.jlustre.fuse.lowlevel;

/**
 * Who made a request: the calling thread's fsuid, fsgid and process id from the request
 * header ({@code fuse_req_ctx}), the umask (for mknod, mkdir and create only) and its
 * supplementary groups ({@code fuse_req_getgroups}, read from /proc, empty when unreadable).
 */
public record Caller(int uid, int gid, int pid, int umask, int[] groups) {

    public Caller {
        groups = groups.clone();
    }

    @Override
    public int[] groups() {
        return groups.clone();
    }
}
