package org.jlustre.osc;

import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jlustre.common.Errno;
import org.jlustre.common.Fid;
import org.jlustre.common.LustreException;
import org.jlustre.common.debug.DebugMask;
import org.jlustre.ptlrpc.ClientRequest;
import org.jlustre.ptlrpc.Import;
import org.jlustre.ptlrpc.ImportConfig;
import org.jlustre.ptlrpc.Ptlrpc;
import org.jlustre.ptlrpc.Reply;
import org.jlustre.wire.Le;
import org.jlustre.wire.ObdStatfs;
import org.jlustre.wire.ost.ObdFlags;
import org.jlustre.wire.ost.ObdMd;
import org.jlustre.wire.ost.Obdo;
import org.jlustre.wire.ost.OstId;
import org.jlustre.wire.ost.OstLayout;
import org.jlustre.wire.ptlrpc.ConnectFlags;
import org.jlustre.wire.ptlrpc.LustreMsg;
import org.jlustre.wire.ptlrpc.MsgFlags;
import org.jlustre.wire.ptlrpc.ObdConnectData;
import org.jlustre.wire.ptlrpc.Opcodes;
import org.jlustre.wire.ptlrpc.Portals;
import org.jlustre.wire.ptlrpc.PtlrpcBody;

/**
 * The client of one OST (lustre/osc/osc_request.c; for {@link #precreate} and
 * {@link #destroyOrphans}, the MDT's lustre/osp/osp_precreate.c): objects named by their FID
 * (IDIF FIDs for the legacy group 0, which travel as the {@code {id, seq 0}} pair), attributes as
 * {@link Obdo}s with their OBD_MD_* valid bits, and reads and writes of byte ranges straight
 * between the caller's {@link MemorySegment}s and the OST's pages.
 *
 * <p>It speaks as a 2.15 client's OSC: CONNECT with llite's OST connect flags and connect data
 * ({@link #CONNECT_FLAGS}); requests on OST_REQUEST (28), bulk reads and writes, punch and
 * destroy on OST_IO (6), create and statfs on OST_CREATE (7), replies on OSC_REPLY (4), bulk on
 * OST_BULK (8), {@code pb_version} LUSTRE_OST_VERSION. Bulk I/O is checksummed (CRC-32C, or
 * Adler-32 when the OST has nothing better) and uses the grant the OST gives ({@link OscGrant}).
 *
 * <p>Operations that are one RPC are synchronous and bounded by the import's timeouts. Reads and
 * writes are asynchronous ({@link #writeAsync}, {@link #readAsync}), split into RPCs of at most
 * {@code ocd_brw_size} of which {@code max_rpcs_in_flight} are on the wire at once, with
 * synchronous forms. Failures are {@link LustreException}s with the OST's errno and a message
 * naming the object and range. Thread-safe.
 */
public final class Osc implements AutoCloseable {

    /**
     * The OST connect flags of a 2.15 client ({@code client_common_fill_super}, llite_lib.c):
     * GRANT_PARAM and CKSUM always, LRU_RESIZE as built by default; with SHORTIO granted, BRWs of
     * one niobuf up to 16 KiB carry their data in the messages instead of a bulk.
     */
    public static final long CONNECT_FLAGS = ConnectFlags.OBD_CONNECT_GRANT | ConnectFlags.OBD_CONNECT_VERSION
            | ConnectFlags.OBD_CONNECT_REQPORTAL | ConnectFlags.OBD_CONNECT_BRW_SIZE
            | ConnectFlags.OBD_CONNECT_CANCELSET
            | ConnectFlags.OBD_CONNECT_FID | ConnectFlags.OBD_CONNECT_SRVLOCK | ConnectFlags.OBD_CONNECT_AT
            | ConnectFlags.OBD_CONNECT_OSS_CAPA | ConnectFlags.OBD_CONNECT_VBR | ConnectFlags.OBD_CONNECT_FULL20
            | ConnectFlags.OBD_CONNECT_64BITHASH | ConnectFlags.OBD_CONNECT_MAXBYTES
            | ConnectFlags.OBD_CONNECT_EINPROGRESS | ConnectFlags.OBD_CONNECT_JOBSTATS
            | ConnectFlags.OBD_CONNECT_LVB_TYPE | ConnectFlags.OBD_CONNECT_LAYOUTLOCK
            | ConnectFlags.OBD_CONNECT_PINGLESS | ConnectFlags.OBD_CONNECT_LFSCK | ConnectFlags.OBD_CONNECT_BULK_MBITS
            | ConnectFlags.OBD_CONNECT_SHORTIO | ConnectFlags.OBD_CONNECT_FLAGS2
            | ConnectFlags.OBD_CONNECT_GRANT_SHRINK | ConnectFlags.OBD_CONNECT_GRANT_PARAM
            | ConnectFlags.OBD_CONNECT_CKSUM | ConnectFlags.OBD_CONNECT_LRU_RESIZE;
    /** The second word a 2.15 client's OSC asks for. */
    public static final long CONNECT_FLAGS2 = ConnectFlags.OBD_CONNECT2_LOCKAHEAD | ConnectFlags.OBD_CONNECT2_INC_XID
            | ConnectFlags.OBD_CONNECT2_LSEEK | ConnectFlags.OBD_CONNECT2_REP_MBITS;
    /** What an MDT's OSP asks of an OST ({@code lod_add_device}, lod_lov.c). */
    public static final long MDT_CONNECT_FLAGS = ConnectFlags.OBD_CONNECT_INDEX | ConnectFlags.OBD_CONNECT_VERSION
            | ConnectFlags.OBD_CONNECT_AT | ConnectFlags.OBD_CONNECT_FULL20 | ConnectFlags.OBD_CONNECT_LRU_RESIZE
            | ConnectFlags.OBD_CONNECT_MDS | ConnectFlags.OBD_CONNECT_REQPORTAL | ConnectFlags.OBD_CONNECT_SKIP_ORPHAN
            | ConnectFlags.OBD_CONNECT_FID | ConnectFlags.OBD_CONNECT_LVB_TYPE | ConnectFlags.OBD_CONNECT_PINGLESS
            | ConnectFlags.OBD_CONNECT_LFSCK | ConnectFlags.OBD_CONNECT_BULK_MBITS;
    /** {@code DT_MAX_BRW_SIZE}: the bulk size a client asks for (the OST clamps it to its own, 4 MiB). */
    public static final int DT_MAX_BRW_SIZE = 64 << 20;
    /** {@code ONE_MB_BRW_SIZE}: the bulk size of an OST that does not say (no BRW_SIZE). */
    public static final int ONE_MB_BRW_SIZE = 1 << 20;
    /** {@code KEY_LAST_ID}. */
    static final String KEY_LAST_ID = "last_id";
    /** {@code KEY_LAST_FID}. */
    static final String KEY_LAST_FID = "last_fid";
    /** {@code sizeof(struct ldlm_request)}: the ELC buffer of a DESTROY, with no locks to cancel. */
    static final int LDLM_REQUEST_SIZE = 104;

    /**
     * What a connection negotiated, taken when the import (re)connects.
     *
     * @param connCnt the import's connection count it belongs to
     * @param brwSize {@code ocd_brw_size}: the most one BRW moves
     * @param cksumType the data checksum type (one OBD_CKSUM_* bit) used when checksums are on
     * @param allowedCksums the types the OST allows (ADLER alone without OBD_CONNECT_CKSUM)
     * @param maxBytes {@code ocd_maxbytes}: the largest object size, 0 if not said
     * @param shortIo whether the OST granted OBD_CONNECT_SHORTIO: small BRWs carry their data
     *        in the messages
     */
    record Session(int connCnt, int brwSize, int cksumType, int allowedCksums, long maxBytes, boolean shortIo) {
    }

    /** The node it runs on, for its debug log. */
    private final Ptlrpc node;
    /** What it connects to and how. */
    private final OscConfig config;
    /** The import to the OST; its own lock guards the connection. */
    private final Import imp;
    /** The grant the OST gave; its monitor guards it. */
    private final OscGrant grant = new OscGrant();
    /** The bulk reads and writes and their RPC window. */
    private final OscIo io;
    /** Its entries in the parameter tree, removed at close. */
    private final OscParams params;
    /** The last connection's terms; replaced when the import reconnected. */
    private volatile Session session;
    /** {@code checksums}: whether bulk data is checksummed; the parameter writes it. */
    private volatile boolean checksums;

    /**
     * An OSC for the OST {@code config} names, on {@code node}; {@link #connect} connects it.
     *
     * @throws LustreException EEXIST when an import of that name exists on the node
     */
    public Osc(Ptlrpc node, OscConfig config) throws LustreException {
        this.node = node;
        this.config = config;
        this.checksums = config.checksums();
        this.imp = new Import(node, importConfig(config));
        this.io = new OscIo(this, config.maxRpcsInFlight());
        this.params = new OscParams(node.libcfs().params(), this, io.window(), grant);
    }

    /** The import configuration of an OSC: the OST portals and a 2.15 OSC's connect data. */
    static ImportConfig importConfig(OscConfig c) {
        ObdConnectData ocd;
        if (c.mdt()) {
            ocd = new ObdConnectData(MDT_CONNECT_FLAGS, ObdConnectData.JLUSTRE_OCD_VERSION, 0, c.ostIndex(), 0, 0, 0,
                    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        } else {
            // osc_reconnect: ask for twice the bulk size of grant; llite: grant_blkbits = PAGE_SHIFT
            ocd = new ObdConnectData(CONNECT_FLAGS, ObdConnectData.JLUSTRE_OCD_VERSION, 2 * DT_MAX_BRW_SIZE, 0,
                    DT_MAX_BRW_SIZE, 0, 12, 0, 0, 0, 0, 0, OscChecksum.SUPPORTED, 0, 0, 0, 0, CONNECT_FLAGS2);
        }
        return new ImportConfig(c.name(), List.of("osc", c.name()), c.clientUuid(), c.ostUuid(), c.ostNids(),
                Portals.OST_REQUEST, Portals.OSC_REPLY, Portals.OST_BULK, Opcodes.OST_CONNECT, Opcodes.OST_DISCONNECT,
                ocd, c.timeout(), Duration.ZERO, Duration.ofSeconds(1), c.mdt() ? LustreMsg.SP_MDT : LustreMsg.SP_CLI);
    }

    /** The device name. */
    public String name() {
        return config.name();
    }

    /** The configuration. */
    public OscConfig config() {
        return config;
    }

    /** The import to the OST. */
    public Import imp() {
        return imp;
    }

    /** What the OST granted at the last connect, or null before. */
    public ObdConnectData connectData() {
        return imp.connectData();
    }

    /**
     * Connects and waits until the import is FULL, then takes the connection's terms: the bulk
     * size, the checksum type and the grant.
     *
     * @throws LustreException the OST's refusal, or ETIMEDOUT
     */
    public void connect() throws LustreException {
        imp.connectSync();
        session();
    }

    /**
     * The current connection's terms, renewed (and the grant taken again, {@code osc_init_grant})
     * when the import reconnected since.
     *
     * @throws LustreException ENOTCONN before the first connect
     */
    Session session() throws LustreException {
        Session s = session;
        int cnt = imp.connCnt();
        if (s != null && s.connCnt() == cnt) {
            return s;
        }
        synchronized (this) {
            s = session;
            if (s != null && s.connCnt() == cnt) {
                return s;
            }
            ObdConnectData ocd = imp.connectData();
            if (ocd == null) {
                throw new LustreException(Errno.ENOTCONN, name() + ": not connected to " + config.ostUuid().value());
            }
            int brw = ONE_MB_BRW_SIZE;
            if ((ocd.connectFlags() & ConnectFlags.OBD_CONNECT_BRW_SIZE) != 0) {
                long granted = Integer.toUnsignedLong(ocd.brwSize());
                if (granted < BrwPlan.PAGE_SIZE || granted > DT_MAX_BRW_SIZE || granted % BrwPlan.PAGE_SIZE != 0) {
                    throw new LustreException(Errno.EPROTO, name() + ": " + config.ostUuid().value()
                            + " granted ocd_brw_size " + granted + ", not a multiple of " + BrwPlan.PAGE_SIZE + " in "
                            + BrwPlan.PAGE_SIZE + ".." + DT_MAX_BRW_SIZE);
                }
                brw = (int) granted;
            }
            boolean negotiated = (ocd.connectFlags() & ConnectFlags.OBD_CONNECT_CKSUM) != 0;
            int allowed = negotiated ? ocd.cksumTypes() : ObdFlags.OBD_CKSUM_ADLER;
            int cksum = OscChecksum.select(allowed);
            long maxBytes = (ocd.connectFlags() & ConnectFlags.OBD_CONNECT_MAXBYTES) != 0 ? ocd.maxbytes() : 0;
            grant.connected(ocd, brw, config.maxRpcsInFlight());
            boolean shortIo = (ocd.connectFlags() & ConnectFlags.OBD_CONNECT_SHORTIO) != 0;
            s = new Session(cnt, brw, cksum, allowed, maxBytes, shortIo);
            session = s;
            return s;
        }
    }

    /** {@code ocd_brw_size} of the current connection. */
    public int brwSize() throws LustreException {
        return session().brwSize();
    }

    /** The bulk data checksum type in use (an OBD_CKSUM_* bit), 0 when checksums are off. */
    public int checksumType() throws LustreException {
        int t = session().cksumType();
        return checksums ? t : 0;
    }

    /** Whether bulk data is checksummed ({@code osc.<name>.checksums}). */
    public boolean checksums() {
        return checksums;
    }

    /** Turns bulk data checksums on or off, for the RPCs sent from now on. */
    public void checksums(boolean on) {
        checksums = on;
    }

    /** The terms of the last connect, or null before it (for the parameters). */
    Session currentSession() {
        return session;
    }

    /** The largest object size the OST said it stores ({@code ocd_maxbytes}), 0 if it did not say. */
    public long maxBytes() throws LustreException {
        return session().maxBytes();
    }

    /** Grant available for writes, in bytes ({@code cur_grant_bytes}). */
    public long grantAvailable() {
        return grant.available();
    }

    /** Grant held by writes in flight ({@code cur_dirty_grant_bytes}). */
    public long grantDirty() {
        return grant.dirty();
    }

    /** BRW RPCs on the wire now. */
    public int rpcsInFlight() {
        return io.window().inFlight();
    }

    OscGrant grant() {
        return grant;
    }

    // ------------------------------------------------------------------ objects

    /**
     * Precreates objects as an MDT's OSP does ({@code osp_precreate_send}): OST_CREATE on
     * OST_CREATE with {@code o_oi} the last object wanted and FLGROUP; the OST creates the objects
     * after its LAST_ID up to it (or fewer) in one transaction. Neither delayed nor resent.
     *
     * @param upTo the last FID wanted (an IDIF FID for group 0)
     * @return the last object the OST created
     */
    public Fid precreate(Fid upTo) throws LustreException {
        Obdo oa = new Obdo().oi(OstId.of(upTo)).valid(ObdMd.FLGROUP);
        return createCall(oa, "precreate up to " + upTo);
    }

    /**
     * Tells the OST the last object the MDT used, so it destroys the objects created after it
     * ({@code osp_precreate_cleanup_orphans}: OST_CREATE with FLFLAGS and OBD_FL_DELORPHAN).
     *
     * @return the OST's last object id after the cleanup
     */
    public Fid destroyOrphans(Fid lastUsed) throws LustreException {
        Obdo oa = new Obdo().oi(OstId.of(lastUsed)).valid(ObdMd.FLGROUP | ObdMd.FLFLAGS).flags(ObdFlags.DELORPHAN);
        return createCall(oa, "orphan cleanup after " + lastUsed);
    }

    private Fid createCall(Obdo oa, String what) throws LustreException {
        ClientRequest req = imp.request(Opcodes.OST_CREATE, MsgFlags.LUSTRE_OST_VERSION, Obdo.SIZE);
        req.requestPortal(Portals.OST_CREATE);
        req.noDelay().noResend();
        oa.write(req.buf(1), 0);
        Obdo reply = body(call(req, what), what);
        return reply.oi().toFid(config.ostIndex());
    }

    /**
     * The attributes of object {@code fid} ({@code osc_getattr}): what the OST returns under its
     * valid bits (size, blocks, times, owner, mode, ...).
     */
    public Obdo getattr(Fid fid) throws LustreException {
        return bodyCall(Opcodes.OST_GETATTR, Portals.OST_REQUEST, objectBody(fid), true, "getattr of " + fid);
    }

    /**
     * Sets attributes of object {@code fid} ({@code osc_setattr_async}): those of {@code attrs}
     * its valid bits name (owner with FLUID/FLGID, times, project; the parent FID, stripe index
     * and layout for {@code trusted.fid} with FLFID and FLOSTLAYOUT). A size is refused by the
     * OST: truncate is {@link #punch}.
     *
     * @return the attributes the OST returned
     */
    public Obdo setattr(Fid fid, Obdo attrs) throws LustreException {
        Obdo oa = attrs.copy().oi(OstId.of(fid)).addValid(ObdMd.FLID | ObdMd.FLGROUP);
        return bodyCall(Opcodes.OST_SETATTR, Portals.OST_REQUEST, oa, true, "setattr of " + fid);
    }

    /** Sets the owner of object {@code fid}. */
    public Obdo setOwner(Fid fid, int uid, int gid) throws LustreException {
        return setattr(fid, new Obdo().uid(uid).gid(gid).valid(ObdMd.FLUID | ObdMd.FLGID));
    }

    /**
     * Tells the OST which file and stripe object {@code fid} belongs to, stored in its
     * {@code trusted.fid} ({@code filter_fid}): the parent FID ({@code o_parent_seq/oid/ver}),
     * the stripe index and the layout.
     */
    public Obdo setParent(Fid fid, Fid parent, int stripeIndex, OstLayout layout) throws LustreException {
        Obdo oa = new Obdo().parentSeq(parent.seq()).parentOid(parent.oid()).parentVer(parent.ver())
                .stripeIdx(stripeIndex).layout(layout).valid(ObdMd.FLFID | ObdMd.FLOSTLAYOUT);
        return setattr(fid, oa);
    }

    /**
     * Truncates object {@code fid} to {@code size} ({@code osc_punch}: OST_PUNCH on OST_IO, the
     * range {@code [size, OBD_OBJECT_EOF]} in {@code o_size}/{@code o_blocks}).
     *
     * @return the attributes the OST returned
     */
    public Obdo punch(Fid fid, long size) throws LustreException {
        if (size < 0) {
            throw new LustreException(Errno.EINVAL, name() + ": punch of " + fid + " to negative size " + size);
        }
        Obdo oa = objectBody(fid).size(size).blocks(Obdo.OBJECT_EOF).addValid(ObdMd.FLSIZE | ObdMd.FLBLOCKS);
        return bodyCall(Opcodes.OST_PUNCH, Portals.OST_IO, oa, true, "punch of " + fid + " to " + size);
    }

    /**
     * Destroys object {@code fid} ({@code osc_destroy}: OST_DESTROY on OST_IO, with an empty ELC
     * {@code ldlm_request}).
     */
    public void destroy(Fid fid) throws LustreException {
        String what = "destroy of " + fid;
        ClientRequest req = imp.request(Opcodes.OST_DESTROY, MsgFlags.LUSTRE_OST_VERSION, Obdo.SIZE,
                LDLM_REQUEST_SIZE, 0);
        req.requestPortal(Portals.OST_IO);
        objectBody(fid).write(req.buf(1), 0);
        body(call(req, what), what);
    }

    /**
     * Flushes object {@code fid}'s range {@code [start, end]} to stable storage ({@code osc_sync}:
     * OST_SYNC, the range in {@code o_size}/{@code o_blocks}; {@link Obdo#OBJECT_EOF} for all).
     */
    public Obdo sync(Fid fid, long start, long end) throws LustreException {
        Obdo oa = objectBody(fid).size(start).blocks(end).addValid(ObdMd.FLSIZE | ObdMd.FLBLOCKS);
        return bodyCall(Opcodes.OST_SYNC, Portals.OST_REQUEST, oa, true, "sync of " + fid);
    }

    /** The OST's space and objects ({@code osc_statfs}: OST_STATFS on OST_CREATE). */
    public ObdStatfs statfs() throws LustreException {
        ClientRequest req = imp.request(Opcodes.OST_STATFS, MsgFlags.LUSTRE_OST_VERSION);
        req.requestPortal(Portals.OST_CREATE);
        req.replyCapacity(LustreMsg.size(PtlrpcBody.SIZE_V3, ObdStatfs.SIZE));
        Reply r = call(req, "statfs");
        return ObdStatfs.read(r.buf(1, ObdStatfs.SIZE, "obd_statfs"), 0);
    }

    /**
     * The last object id of this export's group ({@code osc_get_info} KEY_LAST_ID: OST_GET_INFO
     * with the key {@code "last_id"}; a u64 in reply). Neither delayed nor resent.
     */
    public long lastId() throws LustreException {
        byte[] key = cstring(KEY_LAST_ID);
        ClientRequest req = imp.request(Opcodes.OST_GET_INFO, MsgFlags.LUSTRE_OST_VERSION, key.length);
        req.buf(1).copyFrom(MemorySegment.ofArray(key));
        req.noDelay().noResend();
        Reply r = call(req, "get_info last_id");
        MemorySegment b = r.buf(1, 8, "last_id");
        long v = b.get(Le.U64, 0);
        return r.message().swabbed() ? Long.reverseBytes(v) : v;
    }

    /**
     * The last object the OST created in {@code seqOf}'s sequence ({@code osp_get_lastfid_from_ost}:
     * OST_GET_INFO with the key {@code "last_fid"} and the MDT's last used FID).
     */
    public Fid lastFid(Fid seqOf) throws LustreException {
        byte[] key = cstring(KEY_LAST_FID);
        ClientRequest req = imp.request(Opcodes.OST_GET_INFO, MsgFlags.LUSTRE_OST_VERSION, key.length, Fid.SIZE);
        req.buf(1).copyFrom(MemorySegment.ofArray(key));
        seqOf.writeLE(req.buf(2), 0);
        req.noDelay().noResend();
        Reply r = call(req, "get_info last_fid of " + seqOf);
        MemorySegment b = r.buf(1, Fid.SIZE, "last_fid");
        Fid f = Fid.readLE(b, 0);
        return r.message().swabbed() ? new Fid(Long.reverseBytes(f.seq()), Integer.reverseBytes(f.oid()),
                Integer.reverseBytes(f.ver())) : f;
    }

    // ------------------------------------------------------------------ data

    /**
     * Writes {@code data} at byte {@code offset} of object {@code fid} and waits.
     *
     * @return the bytes written (all of them)
     * @throws LustreException the OST's error (ENOSPC, EFBIG, ENOENT ...), a checksum mismatch
     *     (EIO, naming both values), or ETIMEDOUT
     */
    public long write(Fid fid, long offset, MemorySegment data) throws LustreException {
        return write(fid, List.of(extent("write", fid, offset, data)), null);
    }

    /** Writes the extents of object {@code fid}, with {@code attrs} (may be null), and waits. */
    public long write(Fid fid, List<IoExtent> extents, Obdo attrs) throws LustreException {
        return await(writeAsync(fid, extents, attrs), extents, "write of " + fid);
    }

    /**
     * Reads byte {@code offset} on of object {@code fid} into {@code dst} and waits.
     *
     * @return the bytes the OST had there; the rest of {@code dst} (past the object's end) is zeroed
     */
    public long read(Fid fid, long offset, MemorySegment dst) throws LustreException {
        return read(fid, List.of(extent("read", fid, offset, dst)));
    }

    /** The extent of a one-range read or write; a range no object can hold is EFBIG, as llite's checks say. */
    private IoExtent extent(String op, Fid fid, long offset, MemorySegment data) throws LustreException {
        try {
            return new IoExtent(offset, data);
        } catch (IllegalArgumentException e) {
            throw new LustreException(offset < 0 ? Errno.EINVAL : Errno.EFBIG, name() + ": " + op + " of " + fid
                    + ": " + e.getMessage());
        }
    }

    /** Reads the extents of object {@code fid} and waits. */
    public long read(Fid fid, List<IoExtent> extents) throws LustreException {
        return await(readAsync(fid, extents), extents, "read of " + fid);
    }

    /**
     * Writes the extents of object {@code fid} (in any order; they may not overlap): RPCs of at
     * most {@code ocd_brw_size}, pages that touch merged into one niobuf, {@code max_rpcs_in_flight}
     * on the wire at once. {@code attrs} (may be null) carries what the OST should store with the
     * data: owner and times, the parent FID and layout with FLFID/FLOSTLAYOUT. The future completes
     * when every RPC has; the caller's memory must stay valid until then.
     */
    public CompletableFuture<Long> writeAsync(Fid fid, List<IoExtent> extents, Obdo attrs) {
        return io.write(fid, extents, attrs);
    }

    /** Reads the extents of object {@code fid}: the future of the bytes the OST had (the rest is zeroed). */
    public CompletableFuture<Long> readAsync(Fid fid, List<IoExtent> extents) {
        return io.read(fid, extents);
    }

    /** Disconnects. */
    @Override
    public void close() {
        params.close();
        imp.close();
    }

    @Override
    public String toString() {
        return name();
    }

    // ------------------------------------------------------------------ helpers

    /** An obdo naming object {@code fid} (FLID|FLGROUP). */
    private static Obdo objectBody(Fid fid) {
        return new Obdo().oi(OstId.of(fid)).valid(ObdMd.FLID | ObdMd.FLGROUP);
    }

    /** Sends {@code [ost_body (, capa)]} and returns the reply's body. */
    private Obdo bodyCall(int opc, int portal, Obdo oa, boolean capa, String what) throws LustreException {
        ClientRequest req = capa ? imp.request(opc, MsgFlags.LUSTRE_OST_VERSION, Obdo.SIZE, 0)
                : imp.request(opc, MsgFlags.LUSTRE_OST_VERSION, Obdo.SIZE);
        req.requestPortal(portal);
        oa.write(req.buf(1), 0);
        return body(call(req, what), what);
    }

    /** {@link Import#call} with the object and operation in the error. */
    private Reply call(ClientRequest req, String what) throws LustreException {
        try {
            return imp.call(req);
        } catch (LustreException e) {
            throw new LustreException(e.errno(), name() + ": " + what + ": " + e.getMessage(), e);
        }
    }

    private Obdo body(Reply r, String what) throws LustreException {
        return Obdo.read(r.buf(1, Obdo.SIZE, "ost_body of " + what), 0, r.message().swabbed());
    }

    private static byte[] cstring(String s) {
        byte[] k = s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        return java.util.Arrays.copyOf(k, k.length + 1);
    }

    /**
     * Waits for a read or write: each RPC is bounded by the import (its delay limit and timeout),
     * and they go {@code max_rpcs_in_flight} at a time, so the whole is bounded by that many
     * rounds of both, plus a second.
     */
    private long await(CompletableFuture<Long> f, List<IoExtent> extents, String what) throws LustreException {
        long bytes = 0;
        for (IoExtent e : extents) {
            bytes += e.data().byteSize();
        }
        int brw = session != null ? session.brwSize() : ONE_MB_BRW_SIZE;
        long rpcs = bytes / brw + extents.size() + 1;
        long rounds = rpcs / io.window().max() + 1;
        long perRound = 2 * config.timeout().toNanos() + TimeUnit.SECONDS.toNanos(1);
        long limit = rounds * perRound + TimeUnit.SECONDS.toNanos(1);
        try {
            return f.get(limit, TimeUnit.NANOSECONDS);
        } catch (ExecutionException | CompletionException e) {
            throw cause(e);
        } catch (TimeoutException e) {
            throw new LustreException(Errno.ETIMEDOUT, name() + ": " + what + " did not finish in "
                    + TimeUnit.NANOSECONDS.toMillis(limit) + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LustreException(Errno.EINTR, name() + ": " + what + " interrupted");
        }
    }

    /** The LustreException behind a future's failure (EIO for anything else). */
    static LustreException cause(Throwable t) {
        Throwable c = t;
        while ((c instanceof CompletionException || c instanceof ExecutionException) && c.getCause() != null) {
            c = c.getCause();
        }
        if (c instanceof LustreException le) {
            return le;
        }
        return new LustreException(Errno.EIO, "unexpected failure: " + c, c);
    }

    void log(int mask, String fmt, Object... args) {
        node.libcfs().debug().logf(DebugMask.S_OSC, mask, fmt, args);
    }
}
