package org.jlustre.fid;

import java.util.function.Supplier;
import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;
import org.jlustre.common.param.Param;
import org.jlustre.common.param.ParamGroup;
import org.jlustre.common.param.ParamTree;
import org.jlustre.wire.fid.LuSeqRange;

/**
 * The sequence managers' parameters, what lustre/fid/lproc_fid.c puts under debugfs
 * {@code seq/<name>/} ({@code lctl get_param seq.srv-lustre-MDT0000.space}): {@code space},
 * {@code width}, {@code server}, and the controller's {@code fldb}.
 */
final class SeqParams {

    private SeqParams() {
    }

    /**
     * Creates {@code seq.<name>} with {@code space}, {@code width} and {@code server}.
     *
     * @throws LustreException EEXIST when the group exists
     */
    static ParamGroup publish(ParamTree tree, String name, Supplier<LuSeqRange> space, long width,
            Supplier<String> server) throws LustreException {
        ParamGroup g = tree.createGroup("seq", name);
        g.add("space", Param.readOnly(() -> space(space.get())));
        g.add("width", Param.readOnly(() -> Long.toUnsignedString(width) + "\n"));
        g.add("server", Param.readOnly(() -> server.get() + "\n"));
        return g;
    }

    /** {@code ldebugfs_fid_space_seq_show}: {@code "[%#llx - %#llx]:%x:%s\n"}. */
    static String space(LuSeqRange r) {
        return "[" + hex(r.start()) + " - " + hex(r.end()) + "]:" + Integer.toHexString(r.index()) + ":"
                + (r.isMdt() ? "mdt" : "ost") + "\n";
    }

    /** {@code %#llx}: no "0x" for zero. */
    private static String hex(long v) {
        return v == 0 ? "0" : "0x" + Long.toHexString(v);
    }

    /** {@code fldb_seq_show}: one DRANGE line per fld entry. */
    static Param fldb(Fld fld) {
        return new Param() {
            @Override
            public String read() throws LustreException {
                StringBuilder sb = new StringBuilder();
                for (LuSeqRange r : fld.entries()) {
                    sb.append(r).append('\n');
                }
                return sb.toString();
            }

            @Override
            public boolean writable() {
                return false;
            }

            @Override
            public void write(String text) throws LustreException {
                throw new LustreException(Errno.EACCES, "fldb is read-only");
            }
        };
    }
}
