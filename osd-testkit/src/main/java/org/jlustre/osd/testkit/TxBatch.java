package org.jlustre.osd.testkit;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import org.jlustre.common.Fid;
import org.jlustre.common.LustreException;
import org.jlustre.osd.AllocationHint;
import org.jlustre.osd.DirectoryIndex;
import org.jlustre.osd.KeyValueIndex;
import org.jlustre.osd.LocalBuffer;
import org.jlustre.osd.LuAttr;
import org.jlustre.osd.ObjectFormat;
import org.jlustre.osd.OsdDevice;
import org.jlustre.osd.OsdObject;
import org.jlustre.osd.Transaction;
import org.jlustre.osd.XattrMode;

/**
 * Updates run in one transaction the way Lustre callers run them: every declare, then
 * {@link Transaction#start()}, then every update in order, then {@link Transaction#stop()}
 * (through try-with-resources, so a failure still stops it).
 *
 * <pre>{@code
 * new TxBatch(device).create(file, attr, ObjectFormat.REGULAR).write(file, 0, data).run();
 * }</pre>
 */
public final class TxBatch {

    /** One update: its declare and its execution. */
    private interface Step {
        void declare(Transaction th) throws LustreException;

        void execute(Transaction th) throws LustreException;
    }

    /** Work on the started transaction. */
    @FunctionalInterface
    public interface TxWork {
        /** Runs inside the transaction. */
        void run(Transaction th) throws LustreException;
    }

    private final OsdDevice device;
    private final List<Step> steps = new ArrayList<>();
    private boolean local;
    private boolean sync;

    /** A batch for {@code device}. */
    public TxBatch(OsdDevice device) {
        this.device = device;
    }

    /** Runs the transaction local ({@link Transaction#startLocal()}). */
    public TxBatch local() {
        local = true;
        return this;
    }

    /** Makes the transaction sync. */
    public TxBatch sync() {
        sync = true;
        return this;
    }

    /** {@link OsdObject#create} without a hint. */
    public TxBatch create(OsdObject o, LuAttr attr, ObjectFormat format) {
        return create(o, attr, AllocationHint.NONE, format);
    }

    /** {@link OsdObject#create}. */
    public TxBatch create(OsdObject o, LuAttr attr, AllocationHint hint, ObjectFormat format) {
        return step(th -> o.declareCreate(attr, hint, format, th), th -> o.create(attr, hint, format, th));
    }

    /** {@link OsdObject#destroy}. */
    public TxBatch destroy(OsdObject o) {
        return step(o::declareDestroy, o::destroy);
    }

    /** {@link OsdObject#attrSet}. */
    public TxBatch attrSet(OsdObject o, LuAttr attr) {
        return step(th -> o.declareAttrSet(attr, th), th -> o.attrSet(attr, th));
    }

    /** {@link OsdObject#xattrSet}. */
    public TxBatch xattrSet(OsdObject o, String name, byte[] value, XattrMode mode) {
        return step(th -> o.declareXattrSet(name, value.length, mode, th),
                th -> o.xattrSet(name, MemorySegment.ofArray(value), mode, th));
    }

    /** {@link OsdObject#xattrDel}. */
    public TxBatch xattrDel(OsdObject o, String name) {
        return step(th -> o.declareXattrDel(name, th), th -> o.xattrDel(name, th));
    }

    /** {@link OsdObject#refAdd}. */
    public TxBatch refAdd(OsdObject o) {
        return step(o::declareRefAdd, o::refAdd);
    }

    /** {@link OsdObject#refDel}. */
    public TxBatch refDel(OsdObject o) {
        return step(o::declareRefDel, o::refDel);
    }

    /** {@link org.jlustre.osd.Body#write} of {@code data} at {@code pos}. */
    public TxBatch write(OsdObject o, long pos, byte[] data) {
        return write(o, pos, MemorySegment.ofArray(data));
    }

    /** {@link org.jlustre.osd.Body#write} of a segment at {@code pos}. */
    public TxBatch write(OsdObject o, long pos, MemorySegment data) {
        return step(th -> o.body().declareWrite(pos, data.byteSize(), th), th -> o.body().write(pos, data, th));
    }

    /** {@link org.jlustre.osd.Body#punch}. */
    public TxBatch punch(OsdObject o, long start, long end) {
        return step(th -> o.body().declarePunch(start, end, th), th -> o.body().punch(start, end, th));
    }

    /** {@link org.jlustre.osd.Body#writeCommit}. */
    public TxBatch writeCommit(OsdObject o, List<LocalBuffer> buffers, long userSize) {
        return step(th -> o.body().declareWriteCommit(buffers, th), th -> o.body().writeCommit(buffers, th, userSize));
    }

    /** {@link DirectoryIndex#insert}. */
    public TxBatch insert(DirectoryIndex dir, String name, Fid fid, int type) {
        return step(th -> dir.declareInsert(name, th), th -> dir.insert(name, fid, type, th));
    }

    /** {@link DirectoryIndex#delete}. */
    public TxBatch delete(DirectoryIndex dir, String name) {
        return step(th -> dir.declareDelete(name, th), th -> dir.delete(name, th));
    }

    /** {@link DirectoryIndex#insert(byte[], Fid, int, Transaction)}. */
    public TxBatch insert(DirectoryIndex dir, byte[] name, Fid fid, int type) {
        return step(th -> dir.declareInsert(name, th), th -> dir.insert(name, fid, type, th));
    }

    /** {@link DirectoryIndex#delete(byte[], Transaction)}. */
    public TxBatch delete(DirectoryIndex dir, byte[] name) {
        return step(th -> dir.declareDelete(name, th), th -> dir.delete(name, th));
    }

    /** {@link KeyValueIndex#insert}. */
    public TxBatch insert(KeyValueIndex index, byte[] key, byte[] record) {
        return step(th -> index.declareInsert(key, th), th -> index.insert(key, record, th));
    }

    /** {@link KeyValueIndex#delete}. */
    public TxBatch delete(KeyValueIndex index, byte[] key) {
        return step(th -> index.declareDelete(key, th), th -> index.delete(key, th));
    }

    /** Any update, given as its declare and its execution. */
    public TxBatch step(TxWork declare, TxWork execute) {
        steps.add(new Step() {
            @Override
            public void declare(Transaction th) throws LustreException {
                declare.run(th);
            }

            @Override
            public void execute(Transaction th) throws LustreException {
                execute.run(th);
            }
        });
        return this;
    }

    /** Declares everything, starts, runs every update in order, stops. */
    public void run() throws LustreException {
        try (Transaction th = device.transCreate()) {
            th.setSync(sync);
            for (Step s : steps) {
                s.declare(th);
            }
            if (local) {
                th.startLocal();
            } else {
                th.start();
            }
            for (Step s : steps) {
                s.execute(th);
            }
        }
    }
}
