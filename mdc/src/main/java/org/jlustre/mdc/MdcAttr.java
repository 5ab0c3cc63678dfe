package org.jlustre.mdc;

import java.util.Arrays;
import org.jlustre.common.Errno;
import org.jlustre.common.Fid;
import org.jlustre.common.LustreException;
import org.jlustre.wire.MdtBody;
import org.jlustre.wire.mdt.LovMdsMd;
import org.jlustre.wire.ost.ObdMd;

/**
 * What the MDT answered about an object: its {@code mdt_body} and the buffers after it
 * ({@code RMF_MDT_MD}: the layout, or a symlink's target; {@code RMF_ACL}), as
 * {@code mdc_get_lustre_md} takes them. The body's {@code mbo_valid} says which fields mean
 * anything.
 *
 * @param body the reply's {@code mdt_body}
 * @param md the {@code mbo_eadatasize} bytes of {@code RMF_MDT_MD}, empty when none
 * @param acl the {@code mbo_aclsize} bytes of {@code RMF_ACL}, empty when none
 */
public record MdcAttr(MdtBody body, byte[] md, byte[] acl) {

    /** Copies the buffers. */
    public MdcAttr {
        md = md.clone();
        acl = acl.clone();
        body = body.copy();
    }

    /** The body (a copy). */
    @Override
    public MdtBody body() {
        return body.copy();
    }

    /** The layout or link target bytes (a copy). */
    @Override
    public byte[] md() {
        return md.clone();
    }

    /** The ACL bytes (a copy). */
    @Override
    public byte[] acl() {
        return acl.clone();
    }

    /** {@code mbo_fid1}. */
    public Fid fid() {
        return body.fid1();
    }

    /** {@code mbo_mode}: type and permission bits. */
    public int mode() {
        return body.mode();
    }

    /** {@code mbo_uid}. */
    public int uid() {
        return body.uid();
    }

    /** {@code mbo_gid}. */
    public int gid() {
        return body.gid();
    }

    /** {@code mbo_nlink}. */
    public int nlink() {
        return body.nlink();
    }

    /** {@code mbo_size}. */
    public long size() {
        return body.size();
    }

    /** {@code mbo_valid}. */
    public long valid() {
        return body.valid();
    }

    /** {@code mbo_open_handle}: the cookie to close an open with. */
    public long openHandle() {
        return body.openHandle();
    }

    /** Whether the MDT sent a layout or link target ({@code OBD_MD_FLEASIZE} or {@code LINKNAME} and a size). */
    public boolean hasMd() {
        return md.length > 0;
    }

    /**
     * The file's LOV layout from {@code RMF_MDT_MD}.
     *
     * @throws LustreException ENODATA when the MDT sent none; EPROTO when it is not a v1/v3 layout
     */
    public LovMdsMd layout() throws LustreException {
        if (md.length == 0 || (body.valid() & ObdMd.FLEASIZE) == 0) {
            throw new LustreException(Errno.ENODATA, "no layout for " + fid());
        }
        try {
            return LovMdsMd.parse(md);
        } catch (LustreException e) {
            throw new LustreException(Errno.EPROTO, "layout of " + fid() + ": " + e.getMessage(), e);
        }
    }

    /**
     * A symlink's target (readlink): the {@code mbo_eadatasize} bytes of {@code RMF_MDT_MD}
     * without their NUL, as {@code ll_readlink_internal} takes them.
     *
     * @throws LustreException ENODATA when the MDT sent none (OBD_MD_LINKNAME not valid)
     */
    public byte[] linkTarget() throws LustreException {
        if ((body.valid() & ObdMd.LINKNAME) == 0 || md.length == 0) {
            throw new LustreException(Errno.ENODATA, "no link target for " + fid());
        }
        int n = md.length;
        while (n > 0 && md[n - 1] == 0) {
            n--;
        }
        return Arrays.copyOf(md, n);
    }

    /** The body's main fields, for messages. */
    @Override
    public String toString() {
        return body + (md.length > 0 ? " md=" + md.length + "B" : "")
                + (acl.length > 0 ? " acl=" + acl.length + "B" : "");
    }
}
