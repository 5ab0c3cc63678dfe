package org.jlustre.mdt.mdd;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.jlustre.common.Fid;
import org.jlustre.common.LustreException;
import org.jlustre.osd.Transaction;
import org.jlustre.wire.ObdStatfs;

/**
 * A layout layer for MDD's tests: every regular file gets a one-stripe {@code lov_mds_md_v1}
 * on "OST 0" with the next object id; it records which files got objects and which were
 * destroyed, and fails if MDD calls a declare after the transaction started or an update
 * before it.
 */
final class FakeLayouts implements LayoutOps {

    /** LOV_MAGIC_V1. */
    static final int LOV_MAGIC_V1 = 0x0BD10BD0;

    private final AtomicLong nextObject = new AtomicLong(0x100);
    final List<Fid> created = new CopyOnWriteArrayList<>();
    final List<Fid> destroyed = new CopyOnWriteArrayList<>();
    final List<byte[]> userLayouts = new CopyOnWriteArrayList<>();

    @Override
    public byte[] declareCreate(Transaction th, Fid file, byte[] userLayout, byte[] parentDefault)
            throws LustreException {
        expect(th, Transaction.State.CREATED);
        if (userLayout != null) {
            userLayouts.add(userLayout);
        }
        return lov(file, nextObject.getAndIncrement());
    }

    /** A v1 EA with one stripe: 32-byte header, one 24-byte lov_ost_data. */
    static byte[] lov(Fid file, long objectId) {
        ByteBuffer b = ByteBuffer.allocate(56).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(LOV_MAGIC_V1).putInt(1).putLong(file.oidUnsigned()).putLong(file.seq()).putInt(1 << 20)
                .putShort((short) 1).putShort((short) 0);
        b.putLong(objectId).putLong(0).putInt(0).putInt(0);
        return b.array();
    }

    @Override
    public void create(Transaction th, Fid file, byte[] lovEa) {
        expect(th, Transaction.State.STARTED);
        created.add(file);
    }

    @Override
    public void declareDestroy(Transaction th, Fid file, byte[] lovEa) {
        expect(th, Transaction.State.CREATED);
    }

    @Override
    public void destroy(Transaction th, Fid file, byte[] lovEa) {
        expect(th, Transaction.State.STARTED);
        destroyed.add(file);
    }

    @Override
    public ObdStatfs statfs() {
        throw new UnsupportedOperationException("MDD never asks its layout layer for statfs");
    }

    @Override
    public byte[] defaultLayout() {
        return null;
    }

    private static void expect(Transaction th, Transaction.State s) {
        if (th.state() != s) {
            throw new IllegalStateException("layout call in state " + th.state() + ", expected " + s);
        }
    }
}
