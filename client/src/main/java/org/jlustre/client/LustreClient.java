package org.jlustre.client;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jlustre.common.Fid;
import org.jlustre.common.LustreException;
import org.jlustre.mdc.MdcCred;
import org.jlustre.ptlrpc.Ptlrpc;

/**
 * A mounted Lustre filesystem: llite's operations over the client stack (lmv routes each FID
 * through the FLD to its MDT's mdc; lov maps file ranges onto the OST objects, reached through
 * one osc per OST), configured from the {@code <fsname>-client} log the mgc reads and follows.
 *
 * <p><b>Calls.</b> Every operation names its files by {@link Fid} (a parent FID and a name for
 * those that look a name up), takes the caller's credentials ({@link MdcCred}: uid, gid,
 * supplementary groups, capabilities, umask) which the servers check permissions with, and
 * returns a {@link CompletableFuture}. Names are byte strings end to end: whatever bytes are
 * given (1 to 255 of them, no {@code '/'} and no NUL) are the name. Several clients (in this
 * JVM or others) may mount the same filesystem: nothing is cached across operations, so each
 * call sees what the servers hold when it runs.
 *
 * <p><b>Errors.</b> A future fails with a {@link LustreException} carrying the errno (wrapped in
 * a {@link java.util.concurrent.CompletionException} by {@code join}): ENOENT (no such name or
 * FID), EEXIST, ENOTDIR, EISDIR, ENOTEMPTY, EACCES / EPERM (the servers' permission checks),
 * EINVAL (bad argument, e.g. a name with '/' or an unsupported rename flag), ENAMETOOLONG,
 * ENODATA (no such xattr), ENODEV (an MDT or OST index the filesystem does not have),
 * ETIMEDOUT / ENOTCONN (a server does not answer within the mount's timeout bounds), EIO.
 * Argument errors a program could not make through POSIX (null arguments) throw
 * {@link NullPointerException} / {@link IllegalArgumentException} at once.
 */
public interface LustreClient extends AutoCloseable {

    /** {@code RENAME_NOREPLACE}: fail with EEXIST rather than replace the target. */
    int RENAME_NOREPLACE = 1;
    /** {@code RENAME_EXCHANGE}: not supported (EINVAL), as Lustre 2.15's {@code ll_rename}. */
    int RENAME_EXCHANGE = 2;

    /** {@code XATTR_CREATE}: setxattr fails with EEXIST if the xattr exists. */
    int XATTR_CREATE = 1;
    /** {@code XATTR_REPLACE}: setxattr fails with ENODATA unless it exists. */
    int XATTR_REPLACE = 2;

    /**
     * Mounts {@code options.fsname()} on node {@code node} ({@code lustre_fill_super}): an mgc to
     * the MGS, the client log replayed (mdc and osc devices named by it, lmv and lov over them)
     * and followed for targets added later, every MDT and OST connected, the root FID fetched.
     * Each mount on a node has its own devices (config instance), so a node may mount a
     * filesystem several times.
     *
     * @throws LustreException ENOENT when the MGS has no {@code <fsname>-client} log, ETIMEDOUT
     *     when the MGS or the MDT0 does not answer
     */
    static LustreClient mount(Ptlrpc node, MountOptions options) throws LustreException {
        return ClientMount.mount(node, options);
    }

    /**
     * Mounts {@code fsname} from a node of its own over TCP ({@code mount -t lustre
     * MGSNID[:PORT][,MGSNID...]:/fsname} in a client process): {@code mgsSpec} is
     * {@code 10.0.0.1@tcp[:port][,failover NID...]} (port 988 by default, also used for every
     * other server); the client's NID is the local address towards the MGS (a loopback address
     * of its own towards a loopback MGS). {@link #close} also closes that node.
     *
     * @throws LustreException EINVAL for a bad spec, and what {@link #mount(Ptlrpc, MountOptions)} throws
     */
    static LustreClient mountTcp(String mgsSpec, String fsname, java.time.Duration timeout) throws LustreException {
        return TcpMount.mount(mgsSpec, fsname, timeout);
    }

    /** The filesystem name. */
    String fsname();

    /** The root directory's FID. */
    Fid root();

    /** The MDTs and OSTs the client log names now, by name ({@code lustre-MDT0000}, {@code lustre-OST0001}). */
    List<String> targets();

    // ---- names and attributes

    /** The attributes of {@code name} in {@code parent} (symbolic links not followed). */
    CompletableFuture<FileAttr> lookup(MdcCred cred, Fid parent, byte[] name);

    /**
     * The attributes of the file at {@code path} ({@code /a/b/c} or {@code a/b/c} from the root;
     * "." and empty components skipped, ".." looked up as a name; symbolic links not followed).
     */
    CompletableFuture<FileAttr> lookupPath(MdcCred cred, byte[] path);

    /** The attributes of {@code fid} (a regular file's size glimpsed from its OST objects). */
    CompletableFuture<FileAttr> stat(MdcCred cred, Fid fid);

    /** Changes attributes: chmod, chown, utimes on the MDT; a size punches the OST objects, then sets it on the MDT. */
    CompletableFuture<FileAttr> setattr(MdcCred cred, Fid fid, SetAttr attrs);

    /** A path of {@code fid} from the root ({@code lfs fid2path}), through the link xattrs, e.g. {@code d/f}. */
    CompletableFuture<byte[]> fidToPath(MdcCred cred, Fid fid);

    // ---- files

    /**
     * Creates a regular file {@code name} in {@code parent} with {@code mode} (permission bits;
     * the caller's umask applies) and {@code striping}, its OST objects allocated by the MDT.
     * EEXIST if the name exists.
     */
    CompletableFuture<FileAttr> create(MdcCred cred, Fid parent, byte[] name, int mode, Striping striping);

    /**
     * Opens (and with {@link OpenFlags#O_CREAT} creates, with {@code mode} and {@code striping})
     * {@code name} in {@code parent} with {@link OpenFlags} {@code flags}: O_EXCL, O_TRUNC,
     * O_APPEND, O_DIRECTORY, O_NOFOLLOW as POSIX says. EISDIR to open a directory for writing,
     * ELOOP for a symbolic link (this API never follows one).
     */
    CompletableFuture<OpenFile> open(MdcCred cred, Fid parent, byte[] name, int flags, int mode, Striping striping);

    /** Opens the existing file {@code fid} (MDS_OPEN_BY_FID); O_CREAT and O_EXCL are ignored. */
    CompletableFuture<OpenFile> open(MdcCred cred, Fid fid, int flags);

    // ---- namespace

    /** {@code mkdir}: a directory on the parent's MDT. */
    CompletableFuture<FileAttr> mkdir(MdcCred cred, Fid parent, byte[] name, int mode);

    /** {@code lfs mkdir -i mdtIndex}: a directory on MDT {@code mdtIndex} (ENODEV if there is none). */
    CompletableFuture<FileAttr> mkdir(MdcCred cred, Fid parent, byte[] name, int mode, int mdtIndex);

    /** {@code mknod}: a fifo, socket, device or (S_IFREG) empty regular file; {@code mode} includes the type. */
    CompletableFuture<FileAttr> mknod(MdcCred cred, Fid parent, byte[] name, int mode, long rdev);

    /** {@code symlink}: {@code name} in {@code parent} pointing at {@code target} (bytes, 1..4095). */
    CompletableFuture<FileAttr> symlink(MdcCred cred, Fid parent, byte[] name, byte[] target);

    /** {@code readlink}: the target of symbolic link {@code fid} (EINVAL if it is not one). */
    CompletableFuture<byte[]> readlink(MdcCred cred, Fid fid);

    /** {@code link}: a new name for {@code fid} (not a directory: EPERM). */
    CompletableFuture<FileAttr> link(MdcCred cred, Fid fid, Fid newParent, byte[] newName);

    /** {@code unlink}: the name goes; the OST objects go with the last link (the MDT destroys them). */
    CompletableFuture<Void> unlink(MdcCred cred, Fid parent, byte[] name);

    /** {@code rmdir}: ENOTEMPTY unless empty, ENOTDIR if not a directory. */
    CompletableFuture<Void> rmdir(MdcCred cred, Fid parent, byte[] name);

    /**
     * {@code renameat2}: {@code flags} 0 or {@link #RENAME_NOREPLACE} (EEXIST if the target
     * exists); {@link #RENAME_EXCHANGE} and others fail with EINVAL.
     */
    CompletableFuture<Void> rename(MdcCred cred, Fid srcParent, byte[] srcName, Fid tgtParent, byte[] tgtName,
            int flags);

    /**
     * Entries of directory {@code dir} from {@code cookie} (0 = the start; then a previous
     * page's {@link DirPage#nextCookie} or an entry's {@link DirEntry#nextCookie}), at least
     * one MDT page's worth unless the directory ends first.
     */
    CompletableFuture<DirPage> readdir(MdcCred cred, Fid dir, long cookie);

    /** Every entry of {@code dir}, "." and ".." included. */
    CompletableFuture<List<DirEntry>> readdirAll(MdcCred cred, Fid dir);

    // ---- xattrs

    /** {@code getxattr}: ENODATA if absent. */
    CompletableFuture<byte[]> getxattr(MdcCred cred, Fid fid, String name);

    /** {@code setxattr} with {@link #XATTR_CREATE} / {@link #XATTR_REPLACE} or 0. */
    CompletableFuture<Void> setxattr(MdcCred cred, Fid fid, String name, byte[] value, int flags);

    /** {@code listxattr}: the names the caller may see. */
    CompletableFuture<List<String>> listxattr(MdcCred cred, Fid fid);

    /** {@code removexattr}: ENODATA if absent. */
    CompletableFuture<Void> removexattr(MdcCred cred, Fid fid, String name);

    // ---- filesystem and layouts

    /** {@code statfs}: every MDT and OST asked, summed as Lustre sums them. */
    CompletableFuture<FsStat> statfs(MdcCred cred);

    /**
     * {@code lfs getstripe}: a file's layout, or a directory's default striping (ENODATA for a
     * directory without one, or a file without OST objects).
     */
    CompletableFuture<Layout> getLayout(MdcCred cred, Fid fid);

    /** {@code lfs setstripe DIR}: the default striping of files created in {@code dir} from now on. */
    CompletableFuture<Void> setDefaultStriping(MdcCred cred, Fid dir, Striping striping);

    // ---- POSIX and flock locks, held on the MDT (LDLM flock locks; docs/ldlm.md)

    /**
     * {@code fcntl(F_GETLK)}: the lock of another owner (on any mount) that {@code wanted} would
     * conflict with, or {@code wanted} with type {@link FileLock#F_UNLCK} when none.
     *
     * @param owner the lock owner (the POSIX lock owner: FUSE's {@code lock_owner})
     */
    CompletableFuture<FileLock> getlk(Fid fid, long owner, FileLock wanted);

    /**
     * {@code fcntl(F_SETLK)} ({@code wait} false: EAGAIN on conflict) or {@code F_SETLKW}
     * ({@code wait} true: until granted; EDEADLK when waiting would deadlock; cancelling the
     * future withdraws the wait). Type {@link FileLock#F_UNLCK} unlocks the range. A range of
     * an owner's locks is merged with or split by its later requests, as POSIX says.
     */
    CompletableFuture<Void> setlk(Fid fid, long owner, FileLock lock, boolean wait);

    /**
     * {@code flock(2)}: the whole file, {@code type} {@link FileLock#F_RDLCK} (LOCK_SH),
     * {@link FileLock#F_WRLCK} (LOCK_EX) or {@link FileLock#F_UNLCK} (LOCK_UN); {@code wait}
     * false is LOCK_NB. As on Lustre, flock and POSIX locks of one file see each other.
     *
     * @param owner the open file (FUSE's {@code fh} or {@code lock_owner})
     */
    CompletableFuture<Void> flock(Fid fid, long owner, int pid, int type, boolean wait);

    /** Unmounts: the config log is no longer followed and every connection is closed. */
    @Override
    void close();
}
