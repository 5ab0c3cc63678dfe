package org.jlustre.fid;

import java.util.Objects;

/**
 * The FID layer of one target as its services see it ({@code struct seq_server_site},
 * lustre_fid.h): its index, the controller (MDT0 only), its sequence server, its fld, and on a
 * target other than MDT0 how to ask MDT0's fld about sequences its own does not know.
 *
 * @param nodeId the target's index ({@code ss_node_id})
 * @param controller the sequence controller, or null (every target but MDT0)
 * @param server the sequence server, or null (SEQ_QUERY ALLOC_META then answers EINVAL)
 * @param fld the target's fld, or null (FLD_QUERY then answers EINVAL)
 * @param upstream FLD_QUERY to MDT0 for what {@code fld} lacks, or null (on MDT0, or not
 *        connected yet)
 */
public record FidSite(int nodeId, SeqController controller, SeqServer server, Fld fld, FldClient upstream) {

    /** Checks that the parts name this node. */
    public FidSite {
        if (controller != null && controller.nodeId() != nodeId) {
            throw new IllegalArgumentException("controller of node " + controller.nodeId() + " in the site of " + nodeId);
        }
        if (server != null && server.nodeId() != nodeId) {
            throw new IllegalArgumentException("sequence server of node " + server.nodeId() + " in the site of "
                    + nodeId);
        }
    }

    /** MDT0's site: controller, server and fld, nothing upstream. */
    public static FidSite mdt0(SeqController controller, SeqServer server, Fld fld) {
        return new FidSite(0, Objects.requireNonNull(controller, "controller"), server, fld, null);
    }

    /** Another target's site: its server, its fld (may be null) and MDT0's fld (may be null). */
    public static FidSite of(SeqServer server, Fld fld, FldClient upstream) {
        return new FidSite(server.nodeId(), null, server, fld, upstream);
    }
}
