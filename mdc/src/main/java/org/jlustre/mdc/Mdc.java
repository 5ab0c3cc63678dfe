package org.jlustre.mdc;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jlustre.common.Errno;
import org.jlustre.common.FileMode;
import org.jlustre.common.Fid;
import org.jlustre.common.LustreException;
import org.jlustre.fid.SeqClient;
import org.jlustre.fid.SeqType;
import org.jlustre.mdc.MdcRpc.Op;
import org.jlustre.ptlrpc.ClientRequest;
import org.jlustre.ptlrpc.Import;
import org.jlustre.ptlrpc.ImportConfig;
import org.jlustre.ptlrpc.Ptlrpc;
import org.jlustre.ptlrpc.Reply;
import org.jlustre.wire.MdtBody;
import org.jlustre.wire.ObdStatfs;
import org.jlustre.wire.ldlm.LdlmFlockWire;
import org.jlustre.wire.ldlm.LdlmReply;
import org.jlustre.wire.mdt.LuDirpage;
import org.jlustre.wire.mdt.MdsOpenFlags;
import org.jlustre.wire.ost.ObdFlags;
import org.jlustre.wire.ost.ObdMd;
import org.jlustre.wire.ptlrpc.ConnectFlags;
import org.jlustre.wire.ptlrpc.LustreMsg;
import org.jlustre.wire.ptlrpc.ObdConnectData;
import org.jlustre.wire.ptlrpc.Opcodes;
import org.jlustre.wire.ptlrpc.Portals;

/**
 * The client of one MDT (lustre/mdc/mdc_request.c, mdc_reint.c, mdc_lib.c): the namespace by
 * FID and name, with the caller's credentials on every call ({@link MdcCred}), names as bytes,
 * new objects named by FIDs from this client's own sequence (SEQ_QUERY to the MDT,
 * {@link SeqClient}), and every failure a {@link LustreException} with the MDT's errno (EPROTO
 * for a reply that is short or garbled).
 *
 * <p>It speaks as a 2.15 client's MDC: MDS_CONNECT with llite's connect data
 * ({@link #CONNECT_FLAGS}, {@link #CONNECT_FLAGS2}); requests on MDS_REQUEST (12), GETATTR,
 * GETXATTR, CLOSE and READPAGE on MDS_READPAGE (23), replies on MDC_REPLY (10), readdir pages PUT
 * by the MDT to MDS_BULK (14); request buffers exactly as the {@code RQF_MDS_*} formats
 * ({@link MdcRequests}); at most {@code max_mod_rpcs_in_flight} modifying RPCs at once, each with
 * its own {@code pb_tag}. What differs: no LDLM, so no intents (lookup, open and getattr are the
 * plain MDS_GETATTR_NAME, MDS_REINT open and MDS_GETATTR a 2.15 client sends for some cases only)
 * and no lock cache (the ELC buffer of a REINT names no lock).
 *
 * <p>Each operation is one RPC, synchronous and bounded by the import's timeouts; the most used
 * ones also have a {@code CompletableFuture} form ({@code *Async}). Thread-safe.
 */
public final class Mdc implements AutoCloseable {

    /**
     * The MDS connect flags of a 2.15 client ({@code client_common_fill_super}, llite_lib.c):
     * with LRU_RESIZE as built by default, the POSIX ACL flags (ACL, UMASK, LARGE_ACL) and
     * user_xattr (XATTR).
     */
    public static final long CONNECT_FLAGS = ConnectFlags.OBD_CONNECT_IBITS | ConnectFlags.OBD_CONNECT_NODEVOH
            | ConnectFlags.OBD_CONNECT_ATTRFID | ConnectFlags.OBD_CONNECT_GRANT | ConnectFlags.OBD_CONNECT_VERSION
            | ConnectFlags.OBD_CONNECT_BRW_SIZE | ConnectFlags.OBD_CONNECT_SRVLOCK | ConnectFlags.OBD_CONNECT_MDS_CAPA
            | ConnectFlags.OBD_CONNECT_OSS_CAPA | ConnectFlags.OBD_CONNECT_CANCELSET | ConnectFlags.OBD_CONNECT_FID
            | ConnectFlags.OBD_CONNECT_AT | ConnectFlags.OBD_CONNECT_LOV_V3 | ConnectFlags.OBD_CONNECT_VBR
            | ConnectFlags.OBD_CONNECT_FULL20 | ConnectFlags.OBD_CONNECT_64BITHASH
            | ConnectFlags.OBD_CONNECT_EINPROGRESS | ConnectFlags.OBD_CONNECT_JOBSTATS
            | ConnectFlags.OBD_CONNECT_LVB_TYPE | ConnectFlags.OBD_CONNECT_LAYOUTLOCK
            | ConnectFlags.OBD_CONNECT_PINGLESS
            | ConnectFlags.OBD_CONNECT_MAX_EASIZE | ConnectFlags.OBD_CONNECT_FLOCK_DEAD
            | ConnectFlags.OBD_CONNECT_DISP_STRIPE | ConnectFlags.OBD_CONNECT_LFSCK
            | ConnectFlags.OBD_CONNECT_OPEN_BY_FID | ConnectFlags.OBD_CONNECT_DIR_STRIPE
            | ConnectFlags.OBD_CONNECT_BULK_MBITS | ConnectFlags.OBD_CONNECT_CKSUM | ConnectFlags.OBD_CONNECT_SUBTREE
            | ConnectFlags.OBD_CONNECT_MULTIMODRPCS | ConnectFlags.OBD_CONNECT_GRANT_PARAM
            | ConnectFlags.OBD_CONNECT_GRANT_SHRINK | ConnectFlags.OBD_CONNECT_SHORTIO | ConnectFlags.OBD_CONNECT_FLAGS2
            | ConnectFlags.OBD_CONNECT_LRU_RESIZE | ConnectFlags.OBD_CONNECT_ACL | ConnectFlags.OBD_CONNECT_UMASK
            | ConnectFlags.OBD_CONNECT_LARGE_ACL | ConnectFlags.OBD_CONNECT_XATTR;
    /** The second word a 2.15 client's MDC asks for (with CONFIG_SECURITY: FILE_SECCTX, SELINUX_POLICY). */
    public static final long CONNECT_FLAGS2 = ConnectFlags.OBD_CONNECT2_DIR_MIGRATE
            | ConnectFlags.OBD_CONNECT2_SUM_STATFS | ConnectFlags.OBD_CONNECT2_OVERSTRIPING
            | ConnectFlags.OBD_CONNECT2_FLR | ConnectFlags.OBD_CONNECT2_LOCK_CONVERT
            | ConnectFlags.OBD_CONNECT2_ARCHIVE_ID_ARRAY | ConnectFlags.OBD_CONNECT2_INC_XID
            | ConnectFlags.OBD_CONNECT2_LSOM | ConnectFlags.OBD_CONNECT2_ASYNC_DISCARD | ConnectFlags.OBD_CONNECT2_PCC
            | ConnectFlags.OBD_CONNECT2_CRUSH | ConnectFlags.OBD_CONNECT2_LSEEK
            | ConnectFlags.OBD_CONNECT2_GETATTR_PFID | ConnectFlags.OBD_CONNECT2_DOM_LVB
            | ConnectFlags.OBD_CONNECT2_REP_MBITS | ConnectFlags.OBD_CONNECT2_ATOMIC_OPEN_LOCK
            | ConnectFlags.OBD_CONNECT2_FILE_SECCTX | ConnectFlags.OBD_CONNECT2_SELINUX_POLICY;
    /** {@code MDS_INODELOCK_FULL}: the inode bits a 2.15 client knows. */
    public static final long IBITS_KNOWN = 0x7f;
    /** {@code MD_MAX_BRW_SIZE}: the readdir bulk a client asks for (LNET_MTU). */
    public static final int MD_MAX_BRW_SIZE = 1 << 20;
    /** The checksum types of {@code obd_cksum_types_supported_client} without T10 hardware. */
    public static final int CKSUM_TYPES = ObdFlags.OBD_CKSUM_ADLER | ObdFlags.OBD_CKSUM_CRC32
            | ObdFlags.OBD_CKSUM_CRC32C;
    /** What a getattr asks by default: the attributes, the layout and its largest size. */
    public static final long GETATTR_VALID = ObdMd.FLGETATTR | ObdMd.FLEASIZE | ObdMd.FLMODEASIZE;
    /** {@code PATH_MAX}: the room a readlink reserves. */
    static final int PATH_MAX = 4096;

    /** The node it runs on. */
    private final Ptlrpc node;
    /** What it connects to. */
    private final MdcConfig config;
    /** The import to the MDT; its own lock guards the connection. */
    private final Import imp;
    /** The modifying-RPC slots and tags. */
    private final ModRpcSlots slots;
    /** Sends and decodes. */
    private final MdcRpc rpc;
    /** Where new FIDs come from: SEQ_QUERY over {@link #imp}; thread-safe itself. */
    private final SeqClient seq;
    /** The EA room of replies that may carry a layout. */
    private final MdcEaSize eaSize = new MdcEaSize();

    /**
     * An MDC for the MDT {@code config} names, on {@code node}; {@link #connect} connects it.
     *
     * @throws LustreException EEXIST when an import of that name exists on the node
     */
    public Mdc(Ptlrpc node, MdcConfig config) throws LustreException {
        this.node = node;
        this.config = config;
        this.imp = new Import(node, importConfig(config));
        this.slots = new ModRpcSlots(config.maxModRpcsInFlight());
        this.rpc = new MdcRpc(config.name(), imp, slots, config.timeout(), config.delayLimit());
        this.seq = SeqClient.remote(imp, "cli-" + config.name(), SeqType.METADATA);
    }

    /** The import configuration of an MDC: the MDS portals and a 2.15 client's MDS connect data. */
    static ImportConfig importConfig(MdcConfig c) {
        ObdConnectData ocd = new ObdConnectData(CONNECT_FLAGS, ObdConnectData.JLUSTRE_OCD_VERSION, 0, 0,
                MD_MAX_BRW_SIZE, IBITS_KNOWN, 12, 0, 0, 0, 0, 0, CKSUM_TYPES, 0, 0, 0, 0, CONNECT_FLAGS2);
        return new ImportConfig(c.name(), List.of("mdc", c.name()), c.clientUuid(), c.mdtUuid(), c.mdtNids(),
                Portals.MDS_REQUEST, Portals.MDC_REPLY, Portals.MDS_BULK, Opcodes.MDS_CONNECT, Opcodes.MDS_DISCONNECT,
                ocd, c.timeout(), Duration.ZERO, Duration.ofSeconds(1), LustreMsg.SP_CLI);
    }

    /** The device name. */
    public String name() {
        return config.name();
    }

    /** The configuration. */
    public MdcConfig config() {
        return config;
    }

    /** The import to the MDT. */
    public Import imp() {
        return imp;
    }

    /** What the MDT granted at the last connect, or null before. */
    public ObdConnectData connectData() {
        return imp.connectData();
    }

    /** Modifying RPCs allowed in flight ({@code max_mod_rpcs_in_flight}). */
    public int maxModRpcsInFlight() {
        return slots.max();
    }

    /**
     * Connects and waits until the import is FULL, then takes the MDT's terms: with
     * MULTIMODRPCS granted, {@code ocd_maxmodrpcs} caps the modifying RPCs in flight
     * ({@code obd_set_max_mod_rpcs_in_flight}); without it, one at a time.
     *
     * @throws LustreException the MDT's refusal, or ETIMEDOUT
     */
    public void connect() throws LustreException {
        imp.connectSync();
        ObdConnectData ocd = imp.connectData();
        if ((ocd.connectFlags() & ConnectFlags.OBD_CONNECT_MULTIMODRPCS) == 0) {
            slots.max(1);
        } else if (ocd.maxModRpcs() > 0) {
            slots.max(Math.min(config.maxModRpcsInFlight(), ocd.maxModRpcs()));
        }
        eaSize.connected(ocd);
    }

    /**
     * The EA room reserved in replies that may carry a layout ({@code cl_default_mds_easize}):
     * {@code ocd_max_easize} capped at a page, then what replies with FLMODEASIZE say, or what
     * {@link #defaultEasize(int)} set. A larger layout is fetched by ptlrpc's resend after a
     * truncated reply.
     */
    public int defaultEasize() {
        return eaSize.defaultSize();
    }

    /**
     * Sets the default EA size ({@code llite.*.default_easize}).
     *
     * @throws LustreException EINVAL outside 32..4096 ({@code ll_set_default_mdsize})
     */
    public void defaultEasize(int size) throws LustreException {
        eaSize.setDefault(size);
    }

    /** The time a REINT says it happened at ({@code op_mod_time}). */
    private long now() {
        return node.libcfs().time().realSeconds();
    }

    /**
     * A new FID for an object this client creates: the next of its sequence, a new sequence from
     * the MDT (SEQ_QUERY) when it is used up ({@code mdc_fid_alloc}).
     */
    public Fid allocFid() throws LustreException {
        return seq.allocFid();
    }

    // ------------------------------------------------------------------ attributes

    /** The root FID, asked as root ({@code mdc_get_root}). */
    public Fid getRoot() throws LustreException {
        return getRoot(MdcCred.root());
    }

    /** The root FID ({@code mdc_get_root}: MDS_GET_ROOT, {@code mbo_fid1} of the reply). */
    public Fid getRoot(MdcCred cred) throws LustreException {
        return rpc.run(new Op<>(MdcRequests.getRoot(imp, cred, null), () -> "get_root", false, false,
                r -> MdcRpc.body(r).fid1()));
    }

    /**
     * The FID of {@code fileset} (a path under the root, for a subtree mount) as the MDT resolves
     * it: MDS_GET_ROOT with the path as its name buffer.
     *
     * @throws LustreException ENOTSUPP when the MDT did not grant OBD_CONNECT_SUBTREE, as
     *     {@code mdc_get_root} refuses
     */
    public Fid getRoot(MdcCred cred, byte[] fileset) throws LustreException {
        ObdConnectData ocd = imp.connectData();
        if (ocd == null || (ocd.connectFlags() & ConnectFlags.OBD_CONNECT_SUBTREE) == 0) {
            throw new LustreException(Errno.ENOTSUPP, name() + ": get_root of a fileset: the MDT does not serve"
                    + " subtree mounts (no OBD_CONNECT_SUBTREE)");
        }
        return rpc.run(new Op<>(MdcRequests.getRoot(imp, cred, fileset), () -> "get_root of "
                + new String(fileset, StandardCharsets.UTF_8), false, false, r -> MdcRpc.body(r).fid1()));
    }

    /** The attributes of {@code fid} with what {@code valid} asks (OBD_MD_*, e.g. {@link #GETATTR_VALID}). */
    public MdcAttr getattr(MdcCred cred, Fid fid, long valid) throws LustreException {
        try {
            return rpc.run(getattrOp(cred, fid, valid, MdcRequests.ACL_SIZE_OLD));
        } catch (LustreException e) {
            if (e.errno() != Errno.ERANGE) {
                throw e;
            }
            // mdc_getattr: the ACL did not fit the old room; ask again with the largest
            return rpc.run(getattrOp(cred, fid, valid, MdcRequests.XATTR_SIZE_MAX));
        }
    }

    /** {@link #getattr} without waiting. */
    public CompletableFuture<MdcAttr> getattrAsync(MdcCred cred, Fid fid, long valid) {
        return rpc.submit(getattrOp(cred, fid, valid, MdcRequests.ACL_SIZE_OLD));
    }

    private Op<MdcAttr> getattrOp(MdcCred cred, Fid fid, long valid, int aclRoom) {
        return new Op<>(MdcRequests.getattr(imp, cred, fid, valid, eaSize.defaultSize(), aclRoom), () -> "getattr of " + fid,
                false, false, this::getattrReply);
    }

    /** The attributes of {@code name} in {@code parent} (lookup: MDS_GETATTR_NAME). */
    public MdcAttr getattrName(MdcCred cred, Fid parent, byte[] name, long valid) throws LustreException {
        return rpc.run(getattrNameOp(cred, parent, name, valid));
    }

    /** {@link #getattrName} without waiting. */
    public CompletableFuture<MdcAttr> getattrNameAsync(MdcCred cred, Fid parent, byte[] name, long valid) {
        return rpc.submit(getattrNameOp(cred, parent, name, valid));
    }

    private Op<MdcAttr> getattrNameOp(MdcCred cred, Fid parent, byte[] name, long valid) {
        return new Op<>(MdcRequests.getattrName(imp, cred, parent, name, valid, eaSize.defaultSize(),
                MdcRequests.ACL_SIZE_OLD), () -> "getattr of " + show(parent, name), false, false,
                this::getattrReply);
    }

    /** A getattr's reply, whose body may say a new default EA size ({@code mdc_getattr_common}). */
    private MdcAttr getattrReply(Reply r) throws LustreException {
        MdcAttr a = MdcRpc.attrs(r);
        eaSize.update(a.body());
        return a;
    }

    /** A symlink's target (readlink: MDS_GETATTR with OBD_MD_LINKNAME, {@code ll_readlink_internal}). */
    public byte[] readlink(MdcCred cred, Fid fid) throws LustreException {
        Op<MdcAttr> op = new Op<>(MdcRequests.getattr(imp, cred, fid, ObdMd.LINKNAME | ObdMd.FLEASIZE, PATH_MAX,
                MdcRequests.ACL_SIZE_OLD), () -> "readlink of " + fid, false, false, MdcRpc::attrs);
        return rpc.run(op).linkTarget();
    }

    /**
     * Sets attributes ({@code mdc_setattr}: REINT_SETATTR). Truncating the OST objects is the
     * caller's (llite punches them).
     */
    public MdcAttr setattr(MdcCred cred, Fid fid, MdcSetattr attrs) throws LustreException {
        return setattr(cred, fid, attrs, null);
    }

    /** Sets attributes and, with {@code lovUserMd}, the file's striping (setstripe on an empty file or a directory). */
    public MdcAttr setattr(MdcCred cred, Fid fid, MdcSetattr attrs, byte[] lovUserMd) throws LustreException {
        return rpc.run(new Op<>(MdcRequests.setattr(imp, cred, fid, attrs, lovUserMd, eaSize.defaultSize()), () -> "setattr of " + fid,
                true, false, MdcRpc::attrs));
    }

    // ------------------------------------------------------------------ namespace

    /**
     * REINT_CREATE of {@code name} in {@code parent} as object {@code child} ({@code mdc_create}):
     * the general form of {@link #create}, {@link #mkdir}, {@link #mknod} and {@link #symlink}.
     *
     * @param mode type and permission bits
     * @param rdev the device number of a device node
     * @param eadata a symlink's target with its NUL, or empty (or null)
     */
    public MdcAttr reintCreate(MdcCred cred, Fid parent, byte[] name, Fid child, int mode, long rdev, byte[] eadata)
            throws LustreException {
        return rpc.run(createOp(cred, parent, name, child, mode, rdev, eadata));
    }

    /** {@link #reintCreate} without waiting. */
    public CompletableFuture<MdcAttr> reintCreateAsync(MdcCred cred, Fid parent, byte[] name, Fid child, int mode,
            long rdev, byte[] eadata) {
        return rpc.submit(createOp(cred, parent, name, child, mode, rdev, eadata));
    }

    private Op<MdcAttr> createOp(MdcCred cred, Fid parent, byte[] name, Fid child, int mode, long rdev,
            byte[] eadata) {
        return new Op<>(MdcRequests.create(imp, cred, parent, name, child, mode, rdev, eadata, now()),
                () -> "create of " + show(parent, name), true, false, MdcRpc::attrs);
    }

    /** A regular file without opening it (mknod of S_IFREG in llite: REINT_CREATE), with a new FID. */
    public MdcAttr create(MdcCred cred, Fid parent, byte[] name, int mode) throws LustreException {
        return reintCreate(cred, parent, name, allocFid(), FileMode.S_IFREG | (mode & ~FileMode.S_IFMT), 0,
                new byte[0]);
    }

    /** A directory ({@code ll_mkdir}: permission and sticky bits of {@code mode}, S_IFDIR). */
    public MdcAttr mkdir(MdcCred cred, Fid parent, byte[] name, int mode) throws LustreException {
        return reintCreate(cred, parent, name, allocFid(), FileMode.S_IFDIR | (mode & 07777), 0, new byte[0]);
    }

    /** {@link #mkdir} without waiting (the FID is taken first, in this thread). */
    public CompletableFuture<MdcAttr> mkdirAsync(MdcCred cred, Fid parent, byte[] name, int mode) {
        try {
            return reintCreateAsync(cred, parent, name, allocFid(), FileMode.S_IFDIR | (mode & 07777), 0, new byte[0]);
        } catch (LustreException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** {@link #create} without waiting (the FID is taken first, in this thread). */
    public CompletableFuture<MdcAttr> createAsync(MdcCred cred, Fid parent, byte[] name, int mode) {
        try {
            return reintCreateAsync(cred, parent, name, allocFid(), FileMode.S_IFREG | (mode & ~FileMode.S_IFMT), 0,
                    new byte[0]);
        } catch (LustreException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** A fifo, socket, or character or block device ({@code mode} carries the type) with {@code rdev}. */
    public MdcAttr mknod(MdcCred cred, Fid parent, byte[] name, int mode, long rdev) throws LustreException {
        return reintCreate(cred, parent, name, allocFid(), mode, rdev, new byte[0]);
    }

    /** A symlink to {@code target} ({@code ll_symlink}: S_IFLNK|0777, the target and its NUL as EADATA). */
    public MdcAttr symlink(MdcCred cred, Fid parent, byte[] name, byte[] target) throws LustreException {
        return reintCreate(cred, parent, name, allocFid(), FileMode.S_IFLNK | 0777, 0, MdcRequests.cstring(target));
    }

    /** A hard link {@code name} in {@code dir} to {@code object} (REINT_LINK). */
    public MdcAttr link(MdcCred cred, Fid object, Fid dir, byte[] name) throws LustreException {
        return rpc.run(new Op<>(MdcRequests.link(imp, cred, object, dir, name, now()), () -> "link of " + object + " as "
                + show(dir, name), true, false, MdcRpc::attrs));
    }

    /** Removes {@code name} from {@code parent} (REINT_UNLINK): the reply's body is the removed object's. */
    public MdcAttr unlink(MdcCred cred, Fid parent, byte[] name) throws LustreException {
        return rpc.run(unlinkOp(cred, parent, name, false));
    }

    /** {@link #unlink} without waiting. */
    public CompletableFuture<MdcAttr> unlinkAsync(MdcCred cred, Fid parent, byte[] name) {
        return rpc.submit(unlinkOp(cred, parent, name, false));
    }

    /** Removes directory {@code name} from {@code parent} (REINT_UNLINK with {@code ul_mode} S_IFDIR). */
    public MdcAttr rmdir(MdcCred cred, Fid parent, byte[] name) throws LustreException {
        return rpc.run(unlinkOp(cred, parent, name, true));
    }

    private Op<MdcAttr> unlinkOp(MdcCred cred, Fid parent, byte[] name, boolean rmdir) {
        return new Op<>(MdcRequests.unlink(imp, cred, parent, name, rmdir, now(), eaSize.defaultSize()),
                () -> (rmdir ? "rmdir of " : "unlink of ") + show(parent, name), true, false, MdcRpc::attrs);
    }

    /** Renames {@code srcName} in {@code srcParent} to {@code tgtName} in {@code tgtParent} (REINT_RENAME). */
    public MdcAttr rename(MdcCred cred, Fid srcParent, byte[] srcName, Fid tgtParent, byte[] tgtName)
            throws LustreException {
        return rpc.run(new Op<>(MdcRequests.rename(imp, cred, srcParent, srcName, tgtParent, tgtName, now(),
                eaSize.defaultSize()), () -> "rename of " + show(srcParent, srcName) + " to " + show(tgtParent, tgtName), true,
                false, MdcRpc::attrs));
    }

    // ------------------------------------------------------------------ open, close

    /**
     * Opens the object {@code fid} (REINT_OPEN with MDS_OPEN_BY_FID, as llite reopens a known
     * file): {@code flags} are MDS_OPEN_* / FMODE_* ({@link MdsOpenFlags}); the reply's
     * {@link MdcAttr#openHandle} is what {@link #close} takes.
     */
    public MdcAttr open(MdcCred cred, Fid fid, long flags) throws LustreException {
        return rpc.run(new Op<>(MdcRequests.open(imp, cred, Fid.ZERO, null, fid, 0, flags | MdsOpenFlags.BY_FID, null,
                now(), eaSize.defaultSize(), MdcRequests.ACL_SIZE_OLD), () -> "open of " + fid, true, false, MdcRpc::attrs));
    }

    /** Opens {@code name} in {@code parent} without creating it (REINT_OPEN by name). */
    public MdcAttr open(MdcCred cred, Fid parent, byte[] name, long flags) throws LustreException {
        long noCreate = flags & ~MdsOpenFlags.CREAT;
        return rpc.run(new Op<>(MdcRequests.open(imp, cred, parent, name, Fid.ZERO, 0, noCreate, null,
                now(), eaSize.defaultSize(), MdcRequests.ACL_SIZE_OLD), () -> "open of " + show(parent, name), true, false,
                MdcRpc::attrs));
    }

    /**
     * Opens {@code name} in {@code parent}, creating it as a new FID of this client when it does
     * not exist (REINT_OPEN with MDS_OPEN_CREAT; with MDS_OPEN_EXCL an existing name is EEXIST),
     * striped as {@code lovUserMd} asks (null: the directory's or filesystem's default).
     *
     * @param mode permission bits of a new file (S_IFREG is added)
     */
    public MdcAttr openCreate(MdcCred cred, Fid parent, byte[] name, int mode, long flags, byte[] lovUserMd)
            throws LustreException {
        return rpc.run(openCreateOp(cred, parent, name, allocFid(), mode, flags, lovUserMd));
    }

    /** {@link #openCreate} without waiting (the FID is taken first, in this thread). */
    public CompletableFuture<MdcAttr> openCreateAsync(MdcCred cred, Fid parent, byte[] name, int mode, long flags,
            byte[] lovUserMd) {
        try {
            return rpc.submit(openCreateOp(cred, parent, name, allocFid(), mode, flags, lovUserMd));
        } catch (LustreException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private Op<MdcAttr> openCreateOp(MdcCred cred, Fid parent, byte[] name, Fid child, int mode, long flags,
            byte[] lum) {
        return new Op<>(MdcRequests.open(imp, cred, parent, name, child, FileMode.S_IFREG | (mode & 07777),
                flags | MdsOpenFlags.CREAT, lum, now(), eaSize.defaultSize(), MdcRequests.ACL_SIZE_OLD),
                () -> "open-create of " + show(parent, name), true, false, MdcRpc::attrs);
    }

    /**
     * Closes an open ({@code mdc_close}: MDS_CLOSE with the handle in {@code mdt_ioepoch}). The
     * setattr record names the file and carries no attributes: this MDC caches none to write back.
     */
    public MdcAttr close(MdcCred cred, Fid fid, long openHandle) throws LustreException {
        return rpc.run(closeOp(cred, fid, openHandle));
    }

    /** {@link #close} without waiting. */
    public CompletableFuture<MdcAttr> closeAsync(MdcCred cred, Fid fid, long openHandle) {
        return rpc.submit(closeOp(cred, fid, openHandle));
    }

    private Op<MdcAttr> closeOp(MdcCred cred, Fid fid, long openHandle) {
        return new Op<>(MdcRequests.close(imp, cred, fid, openHandle, MdcSetattr.NONE, 0, eaSize.defaultSize()),
                () -> "close of " + fid + " handle 0x" + Long.toHexString(openHandle), true, true, MdcRpc::attrs);
    }

    // ------------------------------------------------------------------ readdir

    /**
     * Reads the directory pages from cookie {@code hash} into {@code pages} ({@code mdc_getpage}:
     * MDS_READPAGE, the MDT PUTs whole 4 KiB lu_pages).
     *
     * @param pages where the pages go: a multiple of 4096 bytes, at most 1 MiB
     * @return the bytes the MDT sent (a multiple of 4096)
     * @throws LustreException EPROTO when the MDT moved no bytes or not whole lu_pages
     */
    public int readpage(MdcCred cred, Fid dir, long hash, MemorySegment pages) throws LustreException {
        if (pages.byteSize() < LuDirpage.LU_PAGE_SIZE || pages.byteSize() % LuDirpage.LU_PAGE_SIZE != 0
                || pages.byteSize() > MD_MAX_BRW_SIZE) {
            throw new IllegalArgumentException("readdir buffer of " + pages.byteSize()
                    + " bytes: not whole pages up to "
                    + MD_MAX_BRW_SIZE);
        }
        ClientRequest req = MdcRequests.readpage(imp, cred, dir, hash, pages);
        String what = "readpage of " + dir + " at 0x" + Long.toHexString(hash);
        return rpc.run(new Op<>(req, () -> what, false, false, r -> {
            MdcRpc.body(r);
            long moved = req.bulkTransferred();
            if (moved <= 0 || moved % LuDirpage.LU_PAGE_SIZE != 0) {
                throw new LustreException(Errno.EPROTO, name() + ": " + what + ": unexpected bytes transferred: "
                        + moved);
            }
            return (int) moved;
        }));
    }

    /** The pages from cookie {@code hash}, {@code bytes} (whole pages, at most 1 MiB) asked for. */
    public List<LuDirpage.Page> readdir(MdcCred cred, Fid dir, long hash, int bytes) throws LustreException {
        MemorySegment buf = MemorySegment.ofArray(new byte[bytes]);
        int got = readpage(cred, dir, hash, buf);
        List<LuDirpage.Page> out = new ArrayList<>();
        for (int at = 0; at < got; at += LuDirpage.LU_PAGE_SIZE) {
            LuDirpage.Page p = LuDirpage.parse(buf, at);
            out.add(p);
            if (p.last()) {
                break;
            }
        }
        return out;
    }

    /**
     * Every entry of {@code dir}, as {@code ll_dir_read} walks it: pages from cookie 0, each
     * request resuming at the last page's {@code ldp_hash_end}, entries before the cookie skipped,
     * until MDS_DIR_END_OFF.
     *
     * @throws LustreException EPROTO when a cookie does not move forward (the MDT would loop)
     */
    public List<LuDirpage.Entry> readdirAll(MdcCred cred, Fid dir) throws LustreException {
        List<LuDirpage.Entry> out = new ArrayList<>();
        long pos = 0;
        while (true) {
            List<LuDirpage.Page> pages = readdir(cred, dir, pos, MD_MAX_BRW_SIZE);
            long next = pos;
            for (LuDirpage.Page p : pages) {
                for (LuDirpage.Entry e : p.entries()) {
                    if (Long.compareUnsigned(e.hash(), pos) >= 0 && e.name().length > 0) {
                        out.add(e);
                    }
                }
                next = p.hashEnd();
                if (p.last()) {
                    return out;
                }
            }
            if (Long.compareUnsigned(next, pos) <= 0) {
                throw new LustreException(Errno.EPROTO, name() + ": readdir of " + dir + " did not move past cookie 0x"
                        + Long.toHexString(pos));
            }
            pos = next;
        }
    }

    // ------------------------------------------------------------------ xattrs

    /** Sets xattr {@code name} ({@code mdc_setxattr}: REINT_SETXATTR; flags XATTR_CREATE 1, XATTR_REPLACE 2). */
    public void setxattr(MdcCred cred, Fid fid, String name, byte[] value, int flags) throws LustreException {
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        rpc.run(new Op<>(MdcRequests.setxattr(imp, cred, fid, n, value, flags, false,
                now()), () -> "setxattr " + name + " of " + fid, true, false, MdcRpc::body));
    }

    /** Removes xattr {@code name} (REINT_SETXATTR with OBD_MD_FLXATTRRM). */
    public void removexattr(MdcCred cred, Fid fid, String name) throws LustreException {
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        rpc.run(new Op<>(MdcRequests.setxattr(imp, cred, fid, n, new byte[0], 0, true,
                now()), () -> "removexattr " + name + " of " + fid, true, false, MdcRpc::body));
    }

    /**
     * The value of xattr {@code name} ({@code mdc_getxattr}: MDS_GETXATTR with room for the
     * largest value).
     *
     * @throws LustreException ENODATA when it does not exist
     */
    public byte[] getxattr(MdcCred cred, Fid fid, String name) throws LustreException {
        String what = "getxattr " + name + " of " + fid;
        return rpc.run(new Op<>(MdcRequests.getxattr(imp, cred, fid, name.getBytes(StandardCharsets.UTF_8),
                MdcRequests.XATTR_SIZE_MAX), () -> what, false, false, r -> xattrValue(r, what, true)));
    }

    /** The names of {@code fid}'s xattrs (listxattr: MDS_GETXATTR with OBD_MD_FLXATTRLS, NUL-separated). */
    public List<String> listxattr(MdcCred cred, Fid fid) throws LustreException {
        String what = "listxattr of " + fid;
        byte[] list = rpc.run(new Op<>(MdcRequests.getxattr(imp, cred, fid, null, MdcRequests.XATTR_SIZE_MAX), () -> what,
                false, false, r -> xattrValue(r, what, false)));
        List<String> names = new ArrayList<>();
        int from = 0;
        for (int i = 0; i < list.length; i++) {
            if (list[i] == 0) {
                if (i > from) {
                    names.add(new String(list, from, i - from, StandardCharsets.UTF_8));
                }
                from = i + 1;
            }
        }
        if (from < list.length) {
            throw new LustreException(Errno.EPROTO, name() + ": " + what + ": list does not end with a NUL");
        }
        return names;
    }

    /** The EADATA of a getxattr reply, {@code mbo_eadatasize} bytes (LU-11109 for an empty value). */
    private byte[] xattrValue(Reply r, String what, boolean get) throws LustreException {
        MdtBody b = MdcRpc.body(r);
        int size = b.eadatasize();
        if (size == 0) {
            if (get && (b.valid() & ObdMd.FLXATTR) == 0) {
                throw new LustreException(Errno.ENODATA, name() + ": " + what + ": no such xattr");
            }
            return new byte[0];
        }
        if (size < 0) {
            throw new LustreException(Errno.EPROTO, name() + ": " + what + ": mbo_eadatasize " + size);
        }
        return r.buf(2, size, "eadata of " + what).asSlice(0, size).toArray(ValueLayout.JAVA_BYTE);
    }

    // ------------------------------------------------------------------ flock locks

    /**
     * LDLM_ENQUEUE of a flock lock on {@code fid} ({@code mdc_enqueue_base} with no intent, as
     * {@code ll_file_flock} calls it): mode {@code LCK_PR}/{@code LCK_PW}/{@code LCK_NL}
     * (unlock), flags {@code LDLM_FL_BLOCK_NOWAIT}/{@code LDLM_FL_TEST_LOCK}/0. The MDT's errors
     * (EAGAIN, EDEADLK...) fail the future; a reply with an {@code LDLM_FL_BLOCK_*} flag means
     * "queued, not granted yet".
     *
     * @param cookie the client's cookie for this lock; enqueuing it again asks how it stands
     */
    public CompletableFuture<LdlmReply> flockEnqueueAsync(Fid fid, int mode, LdlmFlockWire flock, int flags,
            long cookie) {
        return rpc.submit(new Op<>(MdcLdlm.flockEnqueue(imp, fid, mode, flock, flags, cookie), () -> "flock enqueue of "
                + fid + " mode " + mode + " " + flock, false, false,
                r -> LdlmReply.read(r.buf(1, LdlmReply.SIZE, "ldlm_reply"), 0, r.message().swabbed())));
    }

    /** LDLM_CANCEL of locks by the server's cookies (a waiting flock request given up). */
    public CompletableFuture<Void> ldlmCancelAsync(List<Long> serverCookies) {
        return rpc.submit(new Op<>(MdcLdlm.cancel(imp, serverCookies), () -> "cancel of "
                + serverCookies.size() + " lock(s)", false, false, r -> null));
    }

    // ------------------------------------------------------------------ statfs, sync

    /** The MDT's statfs (MDS_STATFS): its OSD's, as the MDT reports it. */
    public ObdStatfs statfs() throws LustreException {
        return rpc.run(statfsOp());
    }

    /** {@link #statfs} without waiting. */
    public CompletableFuture<ObdStatfs> statfsAsync() {
        return rpc.submit(statfsOp());
    }

    private Op<ObdStatfs> statfsOp() {
        return new Op<>(MdcRequests.statfs(imp), () -> "statfs", false, false,
                r -> ObdStatfs.read(r.buf(1, ObdStatfs.SIZE, "obd_statfs"), 0));
    }

    /**
     * The filesystem's statfs summed by the MDT over every target, as {@code statfs(2)} on a
     * 2.15 client asks (OBD_STATFS_SUM: RQF_MDS_STATFS_NEW with OBD_MD_FLAGSTATFS); the plain
     * {@link #statfs} when the MDT did not grant OBD_CONNECT2_SUM_STATFS.
     */
    public ObdStatfs statfsSum() throws LustreException {
        ObdConnectData ocd = imp.connectData();
        if (ocd == null || (ocd.connectFlags2() & ConnectFlags.OBD_CONNECT2_SUM_STATFS) == 0) {
            return statfs();
        }
        return rpc.run(new Op<>(MdcRequests.statfsSum(imp), () -> "statfs (sum)", false, false,
                r -> ObdStatfs.read(r.buf(1, ObdStatfs.SIZE, "obd_statfs"), 0)));
    }

    /** Flushes {@code fid} to stable storage on the MDT (MDS_SYNC). */
    public void sync(MdcCred cred, Fid fid) throws LustreException {
        rpc.run(new Op<>(MdcRequests.sync(imp, cred, fid), () -> "sync of " + fid, false, false, MdcRpc::body));
    }

    /** Disconnects. */
    @Override
    public void close() {
        imp.close();
    }

    @Override
    public String toString() {
        return name();
    }

    /** {@code parent/name} for messages, the name's bytes decoded leniently. */
    private static String show(Fid parent, byte[] name) {
        return parent + "/" + new String(name, StandardCharsets.UTF_8);
    }
}
