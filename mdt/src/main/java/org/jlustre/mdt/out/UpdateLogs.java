package org.jlustre.mdt.out;

import java.lang.foreign.MemorySegment;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jlustre.common.Errno;
import org.jlustre.common.Fid;
import org.jlustre.common.Libcfs;
import org.jlustre.common.LustreException;
import org.jlustre.llog.LlogCatalog;
import org.jlustre.llog.LlogCatalogList;
import org.jlustre.llog.LlogContext;
import org.jlustre.llog.LlogHandle;
import org.jlustre.osd.OsdDevice;
import org.jlustre.osd.Transaction;
import org.jlustre.wire.llog.LlogCatid;
import org.jlustre.wire.llog.LlogCookie;
import org.jlustre.wire.llog.LlogFlags;
import org.jlustre.wire.llog.LlogHeader;
import org.jlustre.wire.llog.LlogLogid;
import org.jlustre.wire.llog.UpdateRecord;

/**
 * The update logs of one MDT ({@code LLOG_UPDATELOG_ORIG_CTXT}, lod_dev.c
 * {@code lod_sub_init_llog}, lod_sub_object.c {@code lod_sub_prep_llog}): MDT {@code i} keeps,
 * for every MDT {@code m} that ran a distributed operation touching it (itself included), a
 * catalog of {@code llog_update_record}s whose {@code llog_catid} is slot {@code m} of the list
 * at {@code [FID_SEQ_UPDATE_LOG:i:0]} ({@code lu_update_log_fid}, "update_log" on ldiskfs), with
 * {@code LLOG_MIN_CHUNK_SIZE * 4} chunks. A catalog is made the first time its writer needs it,
 * in a local transaction of its own, as {@code lod_sub_prep_llog} does at setup; records are
 * added in the caller's transaction, the one of this MDT's part of the operation.
 *
 * <p>Differences from Lustre: the catalogs and plain logs get the llog module's FIDs
 * ({@code FID_SEQ_LLOG}) rather than normal FIDs named in {@code update_log_dir}
 * ({@code LLOG_CTXT_FLAG_NORMAL_FID}). Thread-safe: one lock per MDT around declares and adds.
 */
public final class UpdateLogs implements AutoCloseable {

    /** {@code ctxt->loc_chunk_size} of the update logs: {@code LLOG_MIN_CHUNK_SIZE * 4}. */
    public static final int CHUNK_SIZE = LlogHeader.MIN_CHUNK_SIZE * 4;

    private final OsdDevice dev;
    private final int index;
    private final LlogContext ctxt;
    private final Map<Integer, LlogCatalog> catalogs = new HashMap<>();

    /** The update logs on {@code dev}, MDT {@code index} named {@code name}; nothing is read yet. */
    public UpdateLogs(OsdDevice dev, Libcfs libcfs, int index, String name) {
        this.dev = dev;
        this.index = index;
        this.ctxt = new LlogContext(dev, libcfs, null, CHUNK_SIZE, name);
    }

    /** {@code lu_update_log_fid}: the catalog list of MDT {@code mdtIndex}. */
    public static Fid listFid(int mdtIndex) {
        return new Fid(Fid.SEQ_UPDATE_LOG, mdtIndex, 0);
    }

    /** This MDT's index. */
    public int index() {
        return index;
    }

    /**
     * The catalog of the records MDT {@code writer} wrote here, opened (made, and listed in
     * slot {@code writer}, when it does not exist).
     */
    public synchronized LlogCatalog catalog(int writer) throws LustreException {
        if (writer < 0 || writer > 0xffff) {
            throw new LustreException(Errno.EINVAL, ctxt.name() + ": bad update log writer MDT index " + writer);
        }
        LlogCatalog cat = catalogs.get(writer);
        if (cat == null) {
            cat = open(writer);
            catalogs.put(writer, cat);
        }
        return cat;
    }

    private LlogCatalog open(int writer) throws LustreException {
        LlogLogid id = LlogCatalogList.read(dev, listFid(index), writer, 1).getFirst().logid();
        if (!id.fid().isZero()) {
            LlogHandle h = ctxt.open(id);
            try {
                h.init(LlogFlags.IS_CAT, null);
                return LlogCatalog.open(h, null);
            } catch (LustreException | RuntimeException e) {
                h.close();
                throw e;
            }
        }
        LlogHandle h = ctxt.openNew();
        try {
            h.create();
            h.init(LlogFlags.IS_CAT, null);
            LlogCatalog cat = LlogCatalog.open(h, null);
            LlogCatalogList.write(dev, listFid(index), writer, List.of(new LlogCatid(h.logid())));
            return cat;
        } catch (LustreException | RuntimeException e) {
            h.close();
            throw e;
        }
    }

    /** Declares the add of a record from MDT {@code writer} in {@code th} ({@code llog_declare_add}). */
    public void declareAdd(int writer, Transaction th) throws LustreException {
        LlogCatalog cat = catalog(writer);
        synchronized (this) {
            cat.declareAdd(th);
        }
    }

    /** Adds {@code record} from MDT {@code writer} in {@code th}, after {@link #declareAdd}. */
    public LlogCookie add(int writer, UpdateRecord record, Transaction th) throws LustreException {
        LlogCatalog cat = catalog(writer);
        synchronized (this) {
            return cat.add(MemorySegment.ofArray(record.encode(0)), th);
        }
    }

    /** Closes the open catalogs. */
    @Override
    public synchronized void close() {
        catalogs.values().forEach(LlogCatalog::close);
        catalogs.clear();
    }
}
