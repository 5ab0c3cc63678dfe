package org.jlustre.mdt.out;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jlustre.common.Errno;
import org.jlustre.common.Fid;
import org.jlustre.common.FileMode;
import org.jlustre.common.LustreException;
import org.jlustre.osd.AllocationHint;
import org.jlustre.osd.DirEntry;
import org.jlustre.osd.DirectoryIndex;
import org.jlustre.osd.IndexFeatures;
import org.jlustre.osd.LuAttr;
import org.jlustre.osd.ObjectFormat;
import org.jlustre.osd.ObjectRole;
import org.jlustre.osd.OsdDevice;
import org.jlustre.osd.OsdObject;
import org.jlustre.osd.Transaction;
import org.jlustre.osd.XattrMode;
import org.jlustre.wire.llog.UpdateRecord;
import org.jlustre.wire.out.ObjectUpdate;
import org.jlustre.wire.out.ObjectUpdateReply.Result;
import org.jlustre.wire.out.UpdateType;
import org.jlustre.wire.ost.Obdo;

/**
 * Runs the updates of one OUT_UPDATE request on an OSD as out_handler.c's {@code out_handle}
 * does: consecutive modifying updates of one batch ({@code ou_batchid}) in one transaction,
 * every update declared before it starts, under the write locks of their objects taken in FID
 * order; a read-only update ends the batch before it and runs alone under a read lock. The first
 * update that fails stops the request: it gets its errno as result, the rest none (as
 * {@code ourp_lens} 0 says in Lustre), and the request's status is that errno.
 *
 * <p>The parameters are those out_lib.c packs; a missing or malformed one is EPROTO naming the
 * update and the parameter. OUT_WRITE is served for one object: this MDT's update log list
 * {@code [FID_SEQ_UPDATE_LOG:index:0]}, its parameters an {@code llog_update_record} and the
 * position -1, the record then appended to the update log of the MDT that sent it (the writer),
 * in the batch's transaction; Lustre's master writes the bytes of the remote llog itself (record
 * and header by OUT_WRITE at their offsets), here the remote MDT's llog places them. Other
 * OUT_WRITEs, OUT_PUNCH and OUT_READ (object body I/O) get EOPNOTSUPP.
 */
public final class OutExecutor {

    /** {@code sizeof(struct lu_fid)}. */
    private static final int FID_SIZE = 16;

    /** One modifying update, declared then applied. */
    private interface Step {
        void declare(Transaction th) throws LustreException;

        Result apply(Transaction th) throws LustreException;
    }

    private final OsdDevice dev;
    private final String target;
    private final UpdateLogs logs;
    private final int writer;

    /** An executor for the OSD {@code dev} of target {@code target} (named in messages), no update logs. */
    public OutExecutor(OsdDevice dev, String target) {
        this(dev, target, null, -1);
    }

    /**
     * An executor whose OUT_WRITEs to {@code logs}' list add update records of MDT
     * {@code writer} (-1: the sender is no MDT, and they get EPERM).
     */
    public OutExecutor(OsdDevice dev, String target, UpdateLogs logs, int writer) {
        this.dev = dev;
        this.target = target;
        this.logs = logs;
        this.writer = writer;
    }

    /**
     * What {@link #run} did: one result per update that ran, null for those after a failure, and
     * the failure, or null.
     */
    public record Outcome(List<Result> results, LustreException error) {
        /** The request's status: 0, or the failure's negative errno. */
        public int status() {
            return error == null ? 0 : error.rc();
        }
    }

    /** Runs {@code updates} in order. */
    public Outcome run(List<ObjectUpdate> updates) {
        List<Result> results = new ArrayList<>(java.util.Collections.nCopies(updates.size(), (Result) null));
        int i = 0;
        while (i < updates.size()) {
            ObjectUpdate u = updates.get(i);
            int end = i + 1;
            if (mutable(u.type())) {
                while (end < updates.size() && mutable(updates.get(end).type())
                        && updates.get(end).batchId() == u.batchId()) {
                    end++;
                }
            }
            try {
                List<Result> done = mutable(u.type()) ? batch(updates.subList(i, end)) : List.of(read(u));
                for (int k = 0; k < done.size(); k++) {
                    results.set(i + k, done.get(k));
                }
            } catch (Failure f) {
                results.set(i + f.index, Result.of(f.cause.rc()));
                return new Outcome(results, f.cause);
            }
            i = end;
        }
        return new Outcome(results, null);
    }

    /** The update at {@code index} of a batch failed with {@code cause}. */
    private static final class Failure extends Exception {
        private final int index;
        private final LustreException cause;

        Failure(int index, LustreException cause) {
            super(cause.getMessage(), cause, false, false);
            this.index = index;
            this.cause = cause;
        }
    }

    /** Whether out_handler.c marks the update type IS_MUTABLE. */
    static boolean mutable(int type) {
        return switch (type) {
            case UpdateType.CREATE, UpdateType.DESTROY, UpdateType.REF_ADD, UpdateType.REF_DEL, UpdateType.ATTR_SET,
                    UpdateType.XATTR_SET, UpdateType.XATTR_DEL, UpdateType.INDEX_INSERT, UpdateType.INDEX_DELETE,
                    UpdateType.WRITE -> true;
            default -> false;
        };
    }

    /** One transaction for the modifying updates of one batch. */
    private List<Result> batch(List<ObjectUpdate> updates) throws Failure {
        Map<Fid, OsdObject> objects = new TreeMap<>(Comparator.naturalOrder());
        List<OsdObject> locked = new ArrayList<>();
        try {
            for (ObjectUpdate u : updates) {
                if (isUpdateLogWrite(u) && writer >= 0) {
                    logs.catalog(writer); // made before the batch's transaction, as at setup
                }
                if (!objects.containsKey(u.fid())) {
                    objects.put(u.fid(), dev.find(u.fid()));
                }
            }
            for (OsdObject o : objects.values()) {
                o.writeLock(ObjectRole.TGT_CHILD);
                locked.add(o);
            }
            List<Step> steps = new ArrayList<>(updates.size());
            java.util.Set<Fid> made = new java.util.HashSet<>();
            try (Transaction th = dev.transCreate()) {
                for (int k = 0; k < updates.size(); k++) {
                    try {
                        Step s = step(updates.get(k), objects.get(updates.get(k).fid()), made);
                        s.declare(th);
                        steps.add(s);
                    } catch (LustreException e) {
                        throw new Failure(k, e);
                    }
                }
                try {
                    th.start();
                } catch (LustreException e) {
                    throw new Failure(0, e);
                }
                List<Result> out = new ArrayList<>(steps.size());
                for (int k = 0; k < steps.size(); k++) {
                    try {
                        out.add(steps.get(k).apply(th));
                    } catch (LustreException e) {
                        th.setResult(e.rc());
                        throw new Failure(k, e);
                    }
                }
                return out;
            }
        } catch (LustreException e) {
            throw new Failure(0, e);
        } finally {
            locked.forEach(OsdObject::writeUnlock);
            objects.values().forEach(OsdObject::close);
        }
    }

    /** A read-only update under the object's read lock. */
    private Result read(ObjectUpdate u) throws Failure {
        try (OsdObject o = dev.find(u.fid())) {
            o.readLock(ObjectRole.TGT_CHILD);
            try {
                return switch (u.type()) {
                    case UpdateType.ATTR_GET -> attrGet(u, o);
                    case UpdateType.XATTR_GET -> xattrGet(u, o);
                    case UpdateType.INDEX_LOOKUP -> indexLookup(u, o);
                    case UpdateType.XATTR_LIST -> xattrList(u, o);
                    case UpdateType.NOOP -> Result.of(0);
                    default -> throw unsupported(u);
                };
            } finally {
                o.readUnlock();
            }
        } catch (LustreException e) {
            throw new Failure(0, e);
        }
    }

    private LustreException unsupported(ObjectUpdate u) {
        return new LustreException(Errno.EOPNOTSUPP, target + ": unsupported update " + UpdateType.name(u.type())
                + " (opc 0x" + Integer.toHexString(u.type()) + ") on " + u.fid());
    }

    /**
     * The declare and apply of a modifying update; the checks Lustre makes before it runs come
     * first, an object created earlier in the batch ({@code made}) counting as existing.
     */
    private Step step(ObjectUpdate u, OsdObject o, java.util.Set<Fid> made) throws LustreException {
        Exists mustExist = () -> {
            if (!made.contains(u.fid())) {
                mustExist(u, o);
            }
        };
        return switch (u.type()) {
            case UpdateType.CREATE -> {
                Step s = create(u, o, made);
                made.add(u.fid());
                yield s;
            }
            case UpdateType.DESTROY -> {
                mustExist.check();
                yield step(o::declareDestroy, th -> o.destroy(th));
            }
            case UpdateType.REF_ADD -> {
                mustExist.check();
                yield step(o::declareRefAdd, o::refAdd);
            }
            case UpdateType.REF_DEL -> {
                mustExist.check();
                yield step(o::declareRefDel, o::refDel);
            }
            case UpdateType.ATTR_SET -> {
                LuAttr la = OutAttrs.toAttr(obdo(u, 0));
                mustExist.check();
                yield step(th -> o.declareAttrSet(la, th), th -> o.attrSet(la, th));
            }
            case UpdateType.XATTR_SET -> xattrSet(u, o, mustExist);
            case UpdateType.XATTR_DEL -> {
                String name = name(u, 0);
                mustExist.check();
                yield step(th -> o.declareXattrDel(name, th), th -> o.xattrDel(name, th));
            }
            case UpdateType.INDEX_INSERT -> indexInsert(u, o, mustExist);
            case UpdateType.WRITE -> updateLogWrite(u);
            case UpdateType.INDEX_DELETE -> {
                byte[] name = key(u, 0);
                mustExist.check();
                DirectoryIndex dir = o.indexTry(IndexFeatures.DIRECTORY);
                yield step(th -> dir.declareDelete(name, th), th -> dir.delete(name, th));
            }
            default -> throw unsupported(u);
        };
    }

    /** Whether {@code u} is an OUT_WRITE to this MDT's update log list. */
    private boolean isUpdateLogWrite(ObjectUpdate u) {
        return u.type() == UpdateType.WRITE && logs != null && u.fid().equals(UpdateLogs.listFid(logs.index()));
    }

    /** {@code out_write} of an update record: see the class comment. */
    private Step updateLogWrite(ObjectUpdate u) throws LustreException {
        if (!isUpdateLogWrite(u)) {
            throw unsupported(u);
        }
        if (writer < 0) {
            throw new LustreException(Errno.EPERM, target + ": update log write to " + u.fid() + " from a client "
                    + "that is no MDT");
        }
        byte[] pos = sized(u, 1, "pos", 8);
        long at = ByteBuffer.wrap(pos).order(ByteOrder.LITTLE_ENDIAN).getLong();
        if (at != -1) {
            throw new LustreException(Errno.EINVAL, target + ": update log write at " + at + ": only appends (-1) "
                    + "are served");
        }
        UpdateRecord rec;
        try {
            rec = UpdateRecord.decode(MemorySegment.ofArray(param(u, 0, "buf")));
        } catch (IllegalArgumentException e) {
            throw new LustreException(Errno.EPROTO, target + ": update log write of a bad record: " + e.getMessage());
        }
        return step(th -> logs.declareAdd(writer, th), th -> logs.add(writer, rec, th));
    }

    /** An OSD call in a transaction. */
    @FunctionalInterface
    private interface TxCall {
        void call(Transaction th) throws LustreException;
    }

    private static Step step(TxCall declare, TxCall apply) {
        return new Step() {
            @Override
            public void declare(Transaction th) throws LustreException {
                declare.call(th);
            }

            @Override
            public Result apply(Transaction th) throws LustreException {
                apply.call(th);
                return Result.of(0);
            }
        };
    }

    /** A check that an update's object exists. */
    @FunctionalInterface
    private interface Exists {
        void check() throws LustreException;
    }

    /** {@code out_create}: obdo, optional parent FID; EEXIST when the object exists. */
    private Step create(ObjectUpdate u, OsdObject o, java.util.Set<Fid> made) throws LustreException {
        LuAttr la = OutAttrs.toAttr(obdo(u, 0));
        Fid parent = u.params().size() > 1 ? fid(u, 1) : null;
        if (o.exists() || made.contains(u.fid())) {
            throw new LustreException(Errno.EEXIST, target + ": create of " + u.fid() + ", which exists");
        }
        ObjectFormat format = switch (la.mode() & FileMode.S_IFMT) { // dt_mode_to_dft
            case FileMode.S_IFDIR -> ObjectFormat.DIR;
            case FileMode.S_IFREG -> ObjectFormat.REGULAR;
            case FileMode.S_IFLNK -> ObjectFormat.SYMLINK;
            default -> ObjectFormat.NODE;
        };
        AllocationHint hint = new AllocationHint(parent, la.mode());
        return step(th -> o.declareCreate(la, hint, format, th), th -> o.create(la, hint, format, th));
    }

    /** {@code out_xattr_set}: name, value, flag (u32: LU_XATTR_REPLACE 1, LU_XATTR_CREATE 2). */
    private Step xattrSet(ObjectUpdate u, OsdObject o, Exists mustExist) throws LustreException {
        String name = name(u, 0);
        byte[] value = param(u, 1, "value");
        int flag = u32(u, 2, "flag");
        XattrMode mode = switch (flag) {
            case 0 -> XattrMode.SET;
            case 1 -> XattrMode.REPLACE;
            case 2 -> XattrMode.CREATE;
            default -> throw new LustreException(Errno.EINVAL, target + ": xattr_set of " + name + " on " + u.fid()
                    + " with flag " + flag);
        };
        mustExist.check();
        return step(th -> o.declareXattrSet(name, value.length, mode, th),
                th -> o.xattrSet(name, MemorySegment.ofArray(value), mode, th));
    }

    /** {@code out_index_insert}: name, FID, type (u32). */
    private Step indexInsert(ObjectUpdate u, OsdObject o, Exists mustExist) throws LustreException {
        byte[] name = key(u, 0);
        Fid child = fid(u, 1);
        int type = u32(u, 2, "type");
        mustExist.check();
        DirectoryIndex dir = o.indexTry(IndexFeatures.DIRECTORY);
        return step(th -> dir.declareInsert(name, th), th -> dir.insert(name, child, type, th));
    }

    /** {@code out_attr_get}: the object's attributes as an obdo; EPROTO when the result has no room for one. */
    private Result attrGet(ObjectUpdate u, OsdObject o) throws LustreException {
        if (u.resultSize() < Obdo.SIZE) {
            throw new LustreException(Errno.EPROTO, target + ": attr_get of " + u.fid() + " with result room "
                    + u.resultSize() + " < " + Obdo.SIZE);
        }
        mustExist(u, o);
        LuAttr la = o.attrGet();
        return new Result(0, OutAttrs.toObdo(la, la.valid()).toBytes());
    }

    /** {@code out_xattr_get}: the value; ENODATA when absent, ERANGE when longer than the result room. */
    private Result xattrGet(ObjectUpdate u, OsdObject o) throws LustreException {
        String name = name(u, 0);
        mustExist(u, o);
        byte[] value = o.xattrGet(name);
        if (value.length > u.resultSize()) {
            throw new LustreException(Errno.ERANGE, target + ": xattr " + name + " of " + u.fid() + " has "
                    + value.length + " bytes, the result room " + u.resultSize());
        }
        return new Result(value.length, value);
    }

    /** {@code out_xattr_list}: the names, each with its NUL. */
    private Result xattrList(ObjectUpdate u, OsdObject o) throws LustreException {
        mustExist(u, o);
        ByteBuffer names = ByteBuffer.allocate(Math.max(0, u.resultSize()));
        for (String n : o.xattrNames()) {
            byte[] b = (n + "\0").getBytes(java.nio.charset.StandardCharsets.UTF_8);
            if (b.length > names.remaining()) {
                throw new LustreException(Errno.ERANGE, target + ": xattr names of " + u.fid() + " exceed the result "
                        + "room " + u.resultSize());
            }
            names.put(b);
        }
        byte[] out = Arrays.copyOf(names.array(), names.position());
        return new Result(out.length, out);
    }

    /** {@code out_index_lookup}: the FID, rc 1 when found (as {@code dt_lookup} answers). */
    private Result indexLookup(ObjectUpdate u, OsdObject o) throws LustreException {
        if (u.resultSize() < FID_SIZE) {
            throw new LustreException(Errno.EPROTO, target + ": index_lookup in " + u.fid() + " with result room "
                    + u.resultSize());
        }
        byte[] name = key(u, 0);
        mustExist(u, o);
        DirEntry e = o.indexTry(IndexFeatures.DIRECTORY).lookup(name).orElseThrow(() -> new LustreException(
                Errno.ENOENT, target + ": no entry '" + new String(name, java.nio.charset.StandardCharsets.UTF_8)
                        + "' in " + u.fid()));
        byte[] fid = new byte[FID_SIZE];
        e.fid().writeLE(MemorySegment.ofArray(fid), 0);
        return new Result(1, fid);
    }

    private void mustExist(ObjectUpdate u, OsdObject o) throws LustreException {
        if (!o.exists()) {
            throw new LustreException(Errno.ENOENT, target + ": " + UpdateType.name(u.type()) + " of " + u.fid()
                    + ", which does not exist");
        }
    }

    /** Parameter {@code i}: EPROTO naming it when missing. */
    private byte[] param(ObjectUpdate u, int i, String what) throws LustreException {
        if (i >= u.params().size()) {
            throw new LustreException(Errno.EPROTO, target + ": " + UpdateType.name(u.type()) + " of " + u.fid()
                    + " without its " + what + " (parameter " + i + ")");
        }
        return u.param(i);
    }

    /** A parameter of exactly {@code size} bytes. */
    private byte[] sized(ObjectUpdate u, int i, String what, int size) throws LustreException {
        byte[] p = param(u, i, what);
        if (p.length != size) {
            throw new LustreException(Errno.EPROTO, target + ": " + UpdateType.name(u.type()) + " of " + u.fid()
                    + " with a " + p.length + "-byte " + what + ", want " + size);
        }
        return p;
    }

    private Obdo obdo(ObjectUpdate u, int i) throws LustreException {
        return Obdo.read(MemorySegment.ofArray(sized(u, i, "obdo", Obdo.SIZE)), 0, false);
    }

    private int u32(ObjectUpdate u, int i, String what) throws LustreException {
        return ByteBuffer.wrap(sized(u, i, what, 4)).order(ByteOrder.LITTLE_ENDIAN).getInt();
    }

    /** A FID parameter: EPROTO when not sane ({@code fid_is_sane}). */
    private Fid fid(ObjectUpdate u, int i) throws LustreException {
        Fid f = Fid.readLE(MemorySegment.ofArray(sized(u, i, "FID", FID_SIZE)), 0);
        if (!f.isSane()) {
            throw new LustreException(Errno.EPROTO, target + ": " + UpdateType.name(u.type()) + " of " + u.fid()
                    + " with invalid FID " + f);
        }
        return f;
    }

    /** A name parameter: its bytes without the NUL it must end with. */
    private byte[] key(ObjectUpdate u, int i) throws LustreException {
        byte[] p = param(u, i, "name");
        if (p.length < 2 || p[p.length - 1] != 0 || indexOfNul(p) != p.length - 1) {
            throw new LustreException(Errno.EPROTO, target + ": " + UpdateType.name(u.type()) + " of " + u.fid()
                    + " with a name that is not one NUL-terminated string (" + p.length + " bytes)");
        }
        return Arrays.copyOf(p, p.length - 1);
    }

    private String name(ObjectUpdate u, int i) throws LustreException {
        return new String(key(u, i), java.nio.charset.StandardCharsets.UTF_8);
    }

    private static int indexOfNul(byte[] p) {
        for (int k = 0; k < p.length; k++) {
            if (p[k] == 0) {
                return k;
            }
        }
        return -1;
    }
}
