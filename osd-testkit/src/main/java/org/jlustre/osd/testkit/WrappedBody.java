package org.jlustre.osd.testkit;

import java.lang.foreign.MemorySegment;
import java.util.List;
import org.jlustre.common.LustreException;
import org.jlustre.osd.Body;
import org.jlustre.osd.BufsType;
import org.jlustre.osd.Declare;
import org.jlustre.osd.LocalBuffer;
import org.jlustre.osd.SeekWhence;
import org.jlustre.osd.Transaction;
import org.jlustre.osd.UpdateType;

/** The body of a {@link WrappedObject}; valid while its handle is open. */
final class WrappedBody implements Body {

    private final WrappedObject handle;
    private final Body delegate;

    WrappedBody(WrappedObject handle, Body delegate) {
        this.handle = handle;
        this.delegate = delegate;
    }

    private WrapperDevice device() {
        return handle.device;
    }

    private void declared(Transaction th, UpdateType type) {
        WrappedTransaction w = device().ours(th);
        if (w != null) {
            w.declared(new Declare(type, handle.delegate.fid()));
        }
    }

    @Override
    public int read(long pos, MemorySegment dst) throws LustreException {
        handle.use("read");
        return device().read(handle.delegate.fid(), "read at " + pos, () -> delegate.read(pos, dst));
    }

    @Override
    public void declareWrite(long pos, long len, Transaction th) throws LustreException {
        handle.use("declareWrite");
        delegate.declareWrite(pos, len, device().unwrap(th));
        declared(th, UpdateType.WRITE);
    }

    @Override
    public int write(long pos, MemorySegment src, Transaction th) throws LustreException {
        handle.use("write");
        return device().update(device().ours(th), UpdateType.WRITE, handle.delegate.fid(), "write at " + pos,
                () -> delegate.write(pos, src, device().unwrap(th)));
    }

    @Override
    public List<LocalBuffer> bufsGet(long pos, int len, BufsType type) throws LustreException {
        handle.use("bufsGet");
        return delegate.bufsGet(pos, len, type);
    }

    @Override
    public void bufsPut(List<LocalBuffer> buffers) throws LustreException {
        handle.use("bufsPut");
        delegate.bufsPut(buffers);
    }

    @Override
    public void readPrep(List<LocalBuffer> buffers) throws LustreException {
        handle.use("readPrep");
        device().read(handle.delegate.fid(), "readPrep", () -> {
            delegate.readPrep(buffers);
            return null;
        });
    }

    @Override
    public void writePrep(List<LocalBuffer> buffers) throws LustreException {
        handle.use("writePrep");
        delegate.writePrep(buffers);
    }

    @Override
    public void declareWriteCommit(List<LocalBuffer> buffers, Transaction th) throws LustreException {
        handle.use("declareWriteCommit");
        delegate.declareWriteCommit(buffers, device().unwrap(th));
        declared(th, UpdateType.WRITE_COMMIT);
    }

    @Override
    public void writeCommit(List<LocalBuffer> buffers, Transaction th, long userSize) throws LustreException {
        handle.use("writeCommit");
        device().updateVoid(th, UpdateType.WRITE_COMMIT, handle.delegate.fid(), "writeCommit",
                () -> delegate.writeCommit(buffers, device().unwrap(th), userSize));
    }

    @Override
    public void declarePunch(long start, long end, Transaction th) throws LustreException {
        handle.use("declarePunch");
        delegate.declarePunch(start, end, device().unwrap(th));
        declared(th, UpdateType.PUNCH);
    }

    @Override
    public void punch(long start, long end, Transaction th) throws LustreException {
        handle.use("punch");
        device().updateVoid(th, UpdateType.PUNCH, handle.delegate.fid(), "punch " + start + ".." + end,
                () -> delegate.punch(start, end, device().unwrap(th)));
    }

    @Override
    public long seek(long offset, SeekWhence whence) throws LustreException {
        handle.use("seek");
        return delegate.seek(offset, whence);
    }
}
