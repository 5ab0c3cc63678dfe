package org.jlustre.mdc;

import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;
import org.jlustre.wire.MdtBody;
import org.jlustre.wire.ost.ObdMd;
import org.jlustre.wire.ptlrpc.ConnectFlags;
import org.jlustre.wire.ptlrpc.ObdConnectData;

/**
 * The EA size an MDC sizes replies with ({@code cl_default_mds_easize} of
 * {@code struct client_obd}, obd.h). Replies that may carry a
 * layout (getattr, lookup, unlink, rename, open, close, setattr) reserve the default size, at
 * most one page, not the largest layout the MDT could hold: a reply that does not fit comes
 * back truncated and ptlrpc fetches it again with a buffer of the size the MDT sent
 * ({@code after_reply}, lustre/ptlrpc/client.c), as mdc_init_ea_size explains in
 * lustre/mdc/mdc_request.c. Sizing every reply for the largest layout (64 KiB) made every
 * getattr allocate and zero a 128 KiB buffer. Thread-safe.
 */
final class MdcEaSize {

    /** {@code OBD_MAX_DEFAULT_EA_SIZE} (obd.h): the largest default EA size. */
    static final int MAX_DEFAULT = 4096;
    /** {@code sizeof(struct lov_mds_md)}: the smallest default EA size llite accepts. */
    static final int MIN_DEFAULT = 32;

    /** {@code cl_default_mds_easize}: the EA room a reply reserves. */
    private volatile int def = MAX_DEFAULT;

    /** The EA room a reply reserves ({@code cl_default_mds_easize}). */
    int defaultSize() {
        return def;
    }

    /**
     * Takes the MDT's {@code ocd_max_easize} after a connect (IMP_EVENT_OCD in
     * {@code mdc_import_event}, then {@code mdc_init_ea_size}): the default is that size
     * capped at a page, as a reply body with FLMODEASIZE later makes it. Until then a
     * page.
     */
    void connected(ObdConnectData ocd) {
        if (ocd != null && (ocd.connectFlags() & ConnectFlags.OBD_CONNECT_MAX_EASIZE) != 0 && ocd.maxEasize() > 0) {
            def = Math.min(ocd.maxEasize(), MAX_DEFAULT);
        }
    }

    /**
     * Learns from a reply body ({@code mdc_update_max_ea_from_body}, lustre_mdc.h): with
     * FLMODEASIZE, {@code mbo_max_mdsize} capped at {@link #MAX_DEFAULT} becomes the default.
     * ({@code cl_max_mds_easize}, which Lustre tracks beside it, sizes nothing.)
     */
    void update(MdtBody body) {
        if ((body.valid() & ObdMd.FLMODEASIZE) != 0 && body.maxMdsize() > 0) {
            def = Math.min(body.maxMdsize(), MAX_DEFAULT);
        }
    }

    /**
     * Sets the default ({@code llite.*.default_easize}: {@code ll_set_default_mdsize}, then
     * KEY_DEFAULT_EASIZE in {@code mdc_set_info_async}).
     *
     * @throws LustreException EINVAL for a size under {@link #MIN_DEFAULT} or over {@link #MAX_DEFAULT}
     */
    void setDefault(int size) throws LustreException {
        if (size < MIN_DEFAULT || size > MAX_DEFAULT) {
            throw new LustreException(Errno.EINVAL, "default EA size " + size + " is not in " + MIN_DEFAULT + ".."
                    + MAX_DEFAULT);
        }
        def = size;
    }
}
