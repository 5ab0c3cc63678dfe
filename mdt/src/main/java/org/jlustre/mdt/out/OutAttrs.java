package org.jlustre.mdt.out;

import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.jlustre.common.FileMode;
import org.jlustre.osd.LuAttr;
import org.jlustre.wire.ost.ObdMd;
import org.jlustre.wire.ost.Obdo;

/**
 * The attributes an update carries in an {@code obdo} (obdo_server.c {@code la_from_obdo},
 * {@code obdo_from_la}): each {@code OBD_MD_FL*} bit maps to one {@code LA_*} bit and one field;
 * the file type and the permission bits share {@code o_mode}.
 */
public final class OutAttrs {

    private OutAttrs() {
    }

    /** One field both ways. */
    private record Field(long md, long la, Function<Obdo, Long> fromObdo, BiConsumer<LuAttr, Long> toAttr,
            Function<LuAttr, Long> fromAttr, BiConsumer<Obdo, Long> toObdo) {
    }

    private static final List<Field> FIELDS = List.of(
            new Field(ObdMd.FLATIME, LuAttr.LA_ATIME, Obdo::atime, LuAttr::atime, LuAttr::atime, Obdo::atime),
            new Field(ObdMd.FLMTIME, LuAttr.LA_MTIME, Obdo::mtime, LuAttr::mtime, LuAttr::mtime, Obdo::mtime),
            new Field(ObdMd.FLCTIME, LuAttr.LA_CTIME, Obdo::ctime, LuAttr::ctime, LuAttr::ctime, Obdo::ctime),
            new Field(ObdMd.FLSIZE, LuAttr.LA_SIZE, Obdo::size, LuAttr::size, LuAttr::size, Obdo::size),
            new Field(ObdMd.FLBLOCKS, LuAttr.LA_BLOCKS, Obdo::blocks, LuAttr::blocks, LuAttr::blocks, Obdo::blocks),
            new Field(ObdMd.FLUID, LuAttr.LA_UID, o -> (long) o.uid(), (a, v) -> a.uid(v.intValue()),
                    a -> (long) a.uid(), (o, v) -> o.uid(v.intValue())),
            new Field(ObdMd.FLGID, LuAttr.LA_GID, o -> (long) o.gid(), (a, v) -> a.gid(v.intValue()),
                    a -> (long) a.gid(), (o, v) -> o.gid(v.intValue())),
            new Field(ObdMd.FLPROJID, LuAttr.LA_PROJID, o -> (long) o.projid(), (a, v) -> a.projid(v.intValue()),
                    a -> (long) a.projid(), (o, v) -> o.projid(v.intValue())),
            new Field(ObdMd.FLFLAGS, LuAttr.LA_FLAGS, o -> (long) o.flags(), (a, v) -> a.flags(v.intValue()),
                    a -> (long) a.flags(), (o, v) -> o.flags(v.intValue())),
            new Field(ObdMd.FLNLINK, LuAttr.LA_NLINK, o -> (long) o.nlink(), (a, v) -> a.nlink(v.intValue()),
                    a -> (long) a.nlink(), (o, v) -> o.nlink(v.intValue())));

    /** {@code la_from_obdo}: the attributes whose {@code o_valid} bits are set. */
    public static LuAttr toAttr(Obdo oa) {
        LuAttr la = new LuAttr();
        long valid = 0;
        int mode = 0;
        for (Field f : FIELDS) {
            if (oa.has(f.md())) {
                f.toAttr().accept(la, f.fromObdo().apply(oa));
                valid |= f.la();
            }
        }
        if (oa.has(ObdMd.FLTYPE)) {
            mode |= oa.mode() & FileMode.S_IFMT;
            valid |= LuAttr.LA_TYPE;
        }
        if (oa.has(ObdMd.FLMODE)) {
            mode |= oa.mode() & ~FileMode.S_IFMT;
            valid |= LuAttr.LA_MODE;
        }
        if ((valid & (LuAttr.LA_TYPE | LuAttr.LA_MODE)) != 0) {
            la.mode(mode);
        }
        return la.valid(valid);
    }

    /** {@code obdo_from_la}: an obdo with the attributes of {@code la} that {@code mask} names. */
    public static Obdo toObdo(LuAttr la, long mask) {
        Obdo oa = new Obdo();
        long m = la.valid() & mask;
        long valid = 0;
        for (Field f : FIELDS) {
            if ((m & f.la()) != 0) {
                f.toObdo().accept(oa, f.fromAttr().apply(la));
                valid |= f.md();
            }
        }
        int mode = 0;
        if ((m & LuAttr.LA_TYPE) != 0) {
            mode |= la.mode() & FileMode.S_IFMT;
            valid |= ObdMd.FLTYPE;
        }
        if ((m & LuAttr.LA_MODE) != 0) {
            mode |= la.mode() & ~FileMode.S_IFMT;
            valid |= ObdMd.FLMODE;
        }
        return oa.mode(mode).valid(valid);
    }
}
