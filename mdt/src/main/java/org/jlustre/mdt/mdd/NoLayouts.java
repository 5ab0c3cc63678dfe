package org.jlustre.mdt.mdd;

import org.jlustre.common.Fid;
import org.jlustre.osd.Transaction;
import org.jlustre.wire.ObdStatfs;

/**
 * {@link LayoutOps#NONE}: the layout layer of an MDT with no OST (mds-survey's MDS alone, tests of
 * the namespace): files get no layout, so nothing is created or destroyed on OSTs, and there is
 * no OST space.
 */
final class NoLayouts implements LayoutOps {

    @Override
    public byte[] declareCreate(Transaction th, Fid file, byte[] userLayout, byte[] parentDefault) {
        return null;
    }

    @Override
    public void create(Transaction th, Fid file, byte[] lovEa) {
        throw new IllegalStateException("no layout was chosen for " + file);
    }

    @Override
    public void declareDestroy(Transaction th, Fid file, byte[] lovEa) {
        throw new IllegalStateException("no OST objects to destroy for " + file);
    }

    @Override
    public void destroy(Transaction th, Fid file, byte[] lovEa) {
        throw new IllegalStateException("no OST objects to destroy for " + file);
    }

    @Override
    public ObdStatfs statfs() {
        return new ObdStatfs(0, 0, 0, 0, 0, 0, "", 4096, 255, 0, 0, 0, 0);
    }

    @Override
    public byte[] defaultLayout() {
        return null;
    }
}
