package org.jlustre.mdt;

import java.util.Objects;
import org.jlustre.common.Libcfs;
import org.jlustre.fid.FidSite;
import org.jlustre.mdt.mdd.LayoutOps;
import org.jlustre.mdt.mdd.Mdd;
import org.jlustre.mdt.osp.RemoteMdts;
import org.jlustre.osd.OsdDevice;

/**
 * The mounted layers an {@link Mdt} serves ({@code mdt_stack_init}: mdt over mdd over lod over
 * the OSD), owned by whoever mounted them: the MDT's setup ({@link MdtObdTypes}) or a test.
 *
 * @param name the target name, {@code <fsname>-MDT<idx>}
 * @param index the MDT index
 * @param osd the OSD
 * @param mdd the namespace mounted on it
 * @param layouts the layout layer below the namespace (for statfs over the OSTs)
 * @param libcfs the node's libcfs
 * @param fid what the FID services answer for this MDT (SEQ_QUERY, FLD_QUERY)
 * @param openCookieBase where the open handle cookies start (random, so a restarted MDT does
 *     not hand out its predecessor's cookies)
 * @param mdts the OSPs to the other MDTs (none for a single MDT)
 */
public record MdtStack(String name, int index, OsdDevice osd, Mdd mdd, LayoutOps layouts, Libcfs libcfs, FidSite fid,
        long openCookieBase, RemoteMdts mdts) {

    /** Checks the fields. */
    public MdtStack {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(osd, "osd");
        Objects.requireNonNull(mdd, "mdd");
        Objects.requireNonNull(layouts, "layouts");
        Objects.requireNonNull(libcfs, "libcfs");
        Objects.requireNonNull(fid, "fid");
        Objects.requireNonNull(mdts, "mdts");
        if (index < 0) {
            throw new IllegalArgumentException("MDT index " + index + " < 0");
        }
    }

    /** A stack with no other MDT. */
    public MdtStack(String name, int index, OsdDevice osd, Mdd mdd, LayoutOps layouts, Libcfs libcfs, FidSite fid,
            long openCookieBase) {
        this(name, index, osd, mdd, layouts, libcfs, fid, openCookieBase, new RemoteMdts(name));
    }

    /** The mdd device's name ({@link #mddNameOf}). */
    public String mddName() {
        return mddNameOf(name);
    }

    /** {@code lustre-MDD0000} for {@code lustre-MDT0000}: the name of an MDT's mdd device. */
    public static String mddNameOf(String mdtName) {
        int at = mdtName.lastIndexOf("-MDT");
        return at < 0 ? mdtName + "-MDD" : mdtName.substring(0, at) + "-MDD" + mdtName.substring(at + 4);
    }
}
