package org.jlustre.mdt.mdd;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.jlustre.common.Fid;
import org.jlustre.common.FileMode;
import org.jlustre.common.LustreException;
import org.jlustre.llog.LocalFiles;
import org.jlustre.osd.AllocationHint;
import org.jlustre.osd.DirectoryIndex;
import org.jlustre.osd.LuAttr;
import org.jlustre.osd.ObjectFormat;
import org.jlustre.osd.OsdDevice;
import org.jlustre.osd.OsdObject;
import org.jlustre.osd.Transaction;
import org.jlustre.osd.XattrMode;
import org.jlustre.wire.mdt.Lma;

/**
 * What an MDT's mdd creates on its OSD at mount when it is not there yet ({@code mdd_prepare},
 * {@code mdd_dot_lustre_setup}, {@code mdd_obf_setup}, {@code mdd_lpf_setup},
 * {@code mdd_orphan_index_init}; reference 2.12, reference-targets 4.1): ROOT with its default
 * LMV, {@code .lustre} with {@code fid} and {@code lost+found}, PENDING and
 * REMOTE_PARENT_DIR, each in a local transaction (no transno, as {@code local_storage} runs
 * them).
 */
final class Format {

    private Format() {
    }

    /** {@code mdd_root_dir_name}. */
    static final String ROOT_NAME = "ROOT";
    /** {@code dot_lustre_name}. */
    static final String DOT_LUSTRE_NAME = ".lustre";
    /** {@code mdd_obf_dir_name}. */
    static final String OBF_NAME = "fid";
    /** {@code mdd_lpf_dir_name}. */
    static final String LPF_NAME = "lost+found";
    /** {@code orph_index_name}. */
    static final String PENDING_NAME = "PENDING";
    /** {@code remote_parent_dir_name}. */
    static final String REMOTE_PARENT_NAME = "REMOTE_PARENT_DIR";
    /** {@code REMOTE_PARENT_DIR_OID}. */
    static final Fid REMOTE_PARENT_FID = Fid.localFile(4123);

    /** {@code LMV_USER_MAGIC}. */
    static final int LMV_USER_MAGIC = 0x0CD30CD0;
    /** {@code sizeof(struct lmv_user_md_v1)}. */
    static final int LMV_USER_MD_SIZE = 48;
    /** {@code LMV_INHERIT_RR_ROOT}. */
    static final int LMV_INHERIT_RR_ROOT = 3;

    /**
     * Creates what is missing and returns PENDING's FID: on an MDT other than MDT0 only PENDING
     * and REMOTE_PARENT_DIR.
     *
     * @param now the time new objects get
     */
    static Fid prepare(OsdDevice dev, long now, int mdtIndex) throws LustreException {
        Fid osdRoot = dev.rootFid();
        if (mdtIndex == 0) { // mdd_prepare: ROOT and .lustre only on MDT0 (ss_node_id == 0)
            dir(dev, osdRoot, ROOT_NAME, Fid.ROOT, 0755, now);
            defaultLmv(dev);
            dir(dev, Fid.ROOT, DOT_LUSTRE_NAME, Fid.DOT_LUSTRE, 0755, now);
            dir(dev, Fid.DOT_LUSTRE, OBF_NAME, Fid.DOT_LUSTRE_FID, 0100, now);
            dir(dev, Fid.DOT_LUSTRE, LPF_NAME, Fid.DOT_LUSTRE_LPF, 0500, now);
        }
        Fid pending = LocalFiles.findOrCreate(dev, osdRoot, PENDING_NAME, FileMode.S_IFDIR | 0755, ObjectFormat.DIR);
        dir(dev, osdRoot, REMOTE_PARENT_NAME, REMOTE_PARENT_FID, 0755, now);
        return pending;
    }

    /**
     * {@code local_file_find_or_create_with_fid} for a directory: when {@code name} is missing
     * in {@code parent}, creates {@code fid} (owner root, "." and "..", LMA) and inserts it,
     * raising the parent's link count, in one local transaction.
     */
    static void dir(OsdDevice dev, Fid parent, String name, Fid fid, int perm, long now) throws LustreException {
        try (OsdObject p = dev.find(parent); OsdObject o = dev.find(fid)) {
            DirectoryIndex pdir = p.indexTry(org.jlustre.osd.IndexFeatures.DIRECTORY);
            if (pdir.lookup(name).isPresent()) {
                return;
            }
            int mode = FileMode.S_IFDIR | perm;
            LuAttr attr = new LuAttr().mode(mode).uid(0).gid(0).atime(now).mtime(now).ctime(now).btime(now);
            AllocationHint hint = new AllocationHint(parent, mode);
            byte[] lma = Lma.of(fid).toBytes();
            try (Transaction th = dev.transCreate()) {
                boolean exists = o.exists();
                if (!exists) {
                    o.declareCreate(attr, hint, ObjectFormat.DIR, th);
                    o.declareXattrSet(Lma.XATTR_NAME, lma.length, XattrMode.SET, th);
                    o.declareRefAdd(th);
                }
                pdir.declareInsert(name, th);
                p.declareRefAdd(th);
                DirectoryIndex cdir = o.indexTry(org.jlustre.osd.IndexFeatures.DIRECTORY);
                cdir.declareInsert(".", th);
                cdir.declareInsert("..", th);
                th.startLocal();
                if (!exists) {
                    o.create(attr, hint, ObjectFormat.DIR, th);
                    MddContext.setXattr(o, Lma.XATTR_NAME, lma, XattrMode.SET, th);
                    cdir.insert(".", fid, FileMode.S_IFDIR, th);
                    cdir.insert("..", parent, FileMode.S_IFDIR, th);
                    o.refAdd(th);
                }
                pdir.insert(name, fid, FileMode.S_IFDIR, th);
                p.refAdd(th);
            }
        }
    }

    /**
     * Stores the default LMV on ROOT unless it has one ({@code mdd_prepare}): an
     * {@code lmv_user_md} with stripe count 1, offset -1 (any MDT), hash 0, max_inherit 0
     * (unlimited) and max_inherit_rr 3, so new directories spread over MDTs.
     */
    static void defaultLmv(OsdDevice dev) throws LustreException {
        try (OsdObject root = dev.find(Fid.ROOT)) {
            if (MddContext.xattrOrNull(root, XattrNames.DEFAULT_LMV) != null) {
                return;
            }
            byte[] lmv = new byte[LMV_USER_MD_SIZE];
            ByteBuffer.wrap(lmv).order(ByteOrder.LITTLE_ENDIAN).putInt(0, LMV_USER_MAGIC).putInt(4, 1).putInt(8, -1)
                    .putInt(12, 0).put(16, (byte) 0).put(17, (byte) LMV_INHERIT_RR_ROOT);
            try (Transaction th = dev.transCreate()) {
                root.declareXattrSet(XattrNames.DEFAULT_LMV, lmv.length, XattrMode.SET, th);
                th.startLocal();
                MddContext.setXattr(root, XattrNames.DEFAULT_LMV, lmv, XattrMode.SET, th);
            }
        }
    }
}
