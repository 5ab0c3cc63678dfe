package org.jlustre.mdt.mdd;

import org.jlustre.common.Fid;
import org.jlustre.common.LustreException;
import org.jlustre.osd.Transaction;
import org.jlustre.wire.ObdStatfs;

/**
 * What the namespace layer needs from the layout layer below it (lod's part of
 * {@code dt_object_operations} as mdd uses it: {@code lod_declare_create} /
 * {@code lod_create}, {@code lod_declare_destroy} / {@code lod_destroy}, {@code lod_statfs}).
 * MDD calls every method inside the one OSD transaction of the namespace operation, so the
 * layout's own records (lov_objid, the osp sync llog's unlink records) commit with it.
 *
 * <p>Implementations must be thread-safe: MDD calls them from concurrent operations, each with
 * its own transaction.
 */
public interface LayoutOps {

    /** No OST: files get no layout and there is no OST space. */
    LayoutOps NONE = new NoLayouts();

    /**
     * Chooses the stripes of a new regular file and declares what {@link #create} will write
     * (before the transaction starts).
     *
     * @param file the new file's FID
     * @param userLayout the {@code lov_user_md} the client asked for, or null
     * @param parentDefault the parent directory's default layout ({@code trusted.lov} of the
     *     directory), or null
     * @return the {@code trusted.lov} EA MDD stores on the file, or null for a file without a
     *     layout (no OST objects)
     */
    byte[] declareCreate(Transaction th, Fid file, byte[] userLayout, byte[] parentDefault) throws LustreException;

    /** Records that the objects of {@code lovEa} now belong to {@code file} (lov_objid), after start. */
    void create(Transaction th, Fid file, byte[] lovEa) throws LustreException;

    /** Declares a {@link #destroy} of the objects of {@code lovEa} (before the transaction starts). */
    void declareDestroy(Transaction th, Fid file, byte[] lovEa) throws LustreException;

    /**
     * Arranges the destruction of the OST objects of {@code lovEa}: unlink records written in
     * this transaction, the OST_DESTROYs sent after it commits.
     */
    void destroy(Transaction th, Fid file, byte[] lovEa) throws LustreException;

    /** Space and objects over the OSTs. */
    ObdStatfs statfs() throws LustreException;

    /** The filesystem's default layout (the root's {@code trusted.lov} when none is set), or null. */
    byte[] defaultLayout();
}
