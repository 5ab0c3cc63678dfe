package org.jlustre.mdt.osp;

import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;
import org.jlustre.common.Nid;
import org.jlustre.common.Uuid;
import org.jlustre.ptlrpc.ClientRequest;
import org.jlustre.ptlrpc.Import;
import org.jlustre.ptlrpc.ImportConfig;
import org.jlustre.ptlrpc.Ptlrpc;
import org.jlustre.ptlrpc.Reply;
import org.jlustre.wire.out.ObjectUpdate;
import org.jlustre.wire.out.ObjectUpdateReply;
import org.jlustre.wire.out.ObjectUpdateRequest;
import org.jlustre.wire.out.OutUpdateHeader;
import org.jlustre.wire.ptlrpc.ConnectFlags;
import org.jlustre.wire.ptlrpc.LustreMsg;
import org.jlustre.wire.ptlrpc.MsgFlags;
import org.jlustre.wire.ptlrpc.ObdConnectData;
import org.jlustre.wire.ptlrpc.Opcodes;
import org.jlustre.wire.ptlrpc.Portals;

/**
 * An MDT's proxy for another MDT (lustre/osp for an MDT, {@code opd_connect_mdt}): the import
 * {@code <remote>-osp-MDT<local>} that the config log's "add osp" section names and
 * {@code add_mdc} adds to the lod. As {@code lod_add_device} sets it up, its requests go to the
 * remote MDT's {@code OUT_PORTAL} (24), the connect included, with the connect flags of an
 * MDT-to-MDT connection and only the UPDATE inode bit known; its UUID, the export's name on the
 * remote MDT, is the lod's ({@code <mdt>-mdtlov_UUID}). It connects in the background and
 * reconnects as every import does. Cross-MDT updates go over it as OUT_UPDATE RPCs.
 *
 * <p>Thread-safe as its import is.
 */
public final class OspMdt implements AutoCloseable {

    /** {@code lod_add_device}'s connect flags for an MDT (lod_lov.c). */
    public static final long CONNECT_FLAGS = ConnectFlags.OBD_CONNECT_INDEX | ConnectFlags.OBD_CONNECT_VERSION
            | ConnectFlags.OBD_CONNECT_ACL | ConnectFlags.OBD_CONNECT_IBITS | ConnectFlags.OBD_CONNECT_MDS_MDS
            | ConnectFlags.OBD_CONNECT_FID | ConnectFlags.OBD_CONNECT_AT | ConnectFlags.OBD_CONNECT_FULL20
            | ConnectFlags.OBD_CONNECT_LFSCK | ConnectFlags.OBD_CONNECT_BULK_MBITS;
    /** {@code MDS_INODELOCK_UPDATE}: the one inode bit an OSP to an MDT knows. */
    public static final long IBITS_KNOWN = 0x2;

    private final int index;
    private final Import imp;

    private OspMdt(int index, Import imp) {
        this.index = index;
        this.imp = imp;
    }

    /**
     * Makes the OSP {@code name} on {@code node} to MDT {@code index} ({@code mdtUuid} at
     * {@code nids}) and starts connecting it; never blocks on the network.
     *
     * @param lodUuid the local lod's UUID, which the remote MDT knows the export by
     * @param timeout the per-request timeout
     */
    public static OspMdt start(Ptlrpc node, String name, Uuid lodUuid, Uuid mdtUuid, int index, List<Nid> nids,
            Duration timeout) throws LustreException {
        Objects.requireNonNull(name, "name");
        ObdConnectData ocd = new ObdConnectData(CONNECT_FLAGS, ObdConnectData.JLUSTRE_OCD_VERSION, 0, index, 0,
                IBITS_KNOWN, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        ImportConfig cfg = new ImportConfig(name, List.of("osp", name), lodUuid, mdtUuid, nids, Portals.OUT,
                Portals.MDC_REPLY, Portals.MDS_BULK, Opcodes.MDS_CONNECT, Opcodes.MDS_DISCONNECT, ocd, timeout,
                Duration.ofSeconds(25), Duration.ofSeconds(1), LustreMsg.SP_MDT);
        OspMdt osp = new OspMdt(index, new Import(node, cfg));
        osp.imp.connect(); // completes in the background
        return osp;
    }

    /** The remote MDT's index. */
    public int index() {
        return index;
    }

    /** The device name, {@code <remote>-osp-MDT<local>}. */
    public String name() {
        return imp.name();
    }

    /** The import to the remote MDT. */
    public Import imp() {
        return imp;
    }

    /**
     * Sends {@code updates} in one OUT_UPDATE RPC, inline as {@code osp_prep_inline_update_req}
     * packs them (reply room {@code OUT_UPDATE_REPLY_SIZE} or what the results need), and waits
     * for the reply within the import's timeouts.
     *
     * @return one result per update
     * @throws LustreException the request's status (the first failed update's errno); E2BIG when
     *     the updates do not fit inline ({@code OUT_UPDATE_MAX_INLINE_SIZE}: Lustre sends them by
     *     bulk, which this OSP does not); EPROTO for a malformed reply
     */
    public List<ObjectUpdateReply.Result> update(List<ObjectUpdate> updates) throws LustreException {
        ObjectUpdateRequest ourq = new ObjectUpdateRequest(updates);
        byte[] inline = ourq.toBytes();
        if (inline.length + OutUpdateHeader.SIZE >= OutUpdateHeader.MAX_INLINE_SIZE) {
            throw new LustreException(Errno.E2BIG, name() + ": " + updates.size() + " updates of " + inline.length
                    + " bytes do not fit inline in one OUT_UPDATE");
        }
        int replySize = ObjectUpdateReply.HEADER_SIZE;
        for (ObjectUpdate u : updates) {
            replySize += 2 + ObjectUpdateReply.RESULT_HEADER_SIZE + u.resultSize();
        }
        replySize = Math.max(replySize, OutUpdateHeader.REPLY_SIZE);
        ClientRequest req = imp.request(Opcodes.OUT_UPDATE, MsgFlags.LUSTRE_MDS_VERSION,
                OutUpdateHeader.SIZE + inline.length, OutUpdateHeader.BUFFER_SIZE);
        MemorySegment h = req.buf(1);
        new OutUpdateHeader(1, inline.length, replySize).write(h);
        MemorySegment.copy(MemorySegment.ofArray(inline), 0, h, OutUpdateHeader.SIZE, inline.length);
        req.replyCapacity(replySize + 1024);
        Reply r = imp.call(req);
        ObjectUpdateReply reply = ObjectUpdateReply.read(r.buf(1, ObjectUpdateReply.HEADER_SIZE,
                "object_update_reply"));
        if (reply.results().size() != updates.size() || reply.results().contains(null)) {
            throw new LustreException(Errno.EPROTO, name() + ": OUT_UPDATE x" + r.xid() + " answered "
                    + reply.results().size() + " results for " + updates.size() + " updates");
        }
        return reply.results();
    }

    /** Disconnects. */
    @Override
    public void close() {
        imp.close();
    }
}
