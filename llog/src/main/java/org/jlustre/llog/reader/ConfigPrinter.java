package org.jlustre.llog.reader;

import java.time.ZoneId;
import org.jlustre.wire.llog.CfgMarker;
import org.jlustre.wire.llog.LcfgCommand;
import org.jlustre.wire.llog.LovDesc;
import org.jlustre.wire.llog.LustreCfg;

/**
 * The configuration records, as llog_reader's {@code print_lustre_cfg}, {@code print_1_cfg},
 * {@code print_setup_cfg} and {@code lustre_cfg_string} print them: the command's name, then
 * the NID, the nal and every buffer as {@code "i:text  "}; markers with their SKIP / START /
 * END / EXCLUDE prefixes and times; a two-buffer setup whose second buffer is a
 * {@code lov_desc} as "lov_setup". Records inside a skipped marker bracket get "SKIP ".
 */
final class ConfigPrinter {

    private final ReaderMemory mem;
    private final ReaderOutput out;
    private final ZoneId zone;
    /** {@code skip} of print_records: set by a SKIP START marker, cleared by any END. */
    private int skip;

    /** A printer reading {@code mem}, printing marker times in {@code zone}. */
    ConfigPrinter(ReaderMemory mem, ReaderOutput out, ZoneId zone) {
        this.mem = mem;
        this.out = out;
        this.zone = zone;
    }

    /** {@code print_lustre_cfg} of the {@code struct lustre_cfg} at {@code lcfg}. */
    void print(long lcfg) {
        int cmd = mem.u32(lcfg + LustreCfg.OFF_COMMAND);
        if (skip > 0) {
            out.out("SKIP ");
        }
        LcfgCommand c = LcfgCommand.of(cmd);
        String name = c == null ? null : switch (c) {
            case ATTACH -> "attach    ";
            case DETACH -> "detach    ";
            case CLEANUP -> "cleanup   ";
            case ADD_UUID -> "add_uuid  ";
            case DEL_UUID -> "del_uuid  ";
            case ADD_CONN -> "add_conn  ";
            case DEL_CONN -> "del_conn  ";
            case LOV_ADD_OBD -> "lov_modify_tgts add ";
            case LOV_DEL_OBD -> "lov_modify_tgts del ";
            case ADD_MDC -> "modify_mdc_tgts add ";
            case DEL_MDC -> "modify_mdc_tgts del ";
            case MOUNTOPT -> "mount_option ";
            case DEL_MOUNTOPT -> "del_mount_option ";
            case SET_UPCALL -> "set_lustre_upcall ";
            case PARAM -> "param ";
            case SET_PARAM -> "set_param ";
            case SPTLRPC_CONF -> "sptlrpc_conf ";
            case POOL_NEW -> "pool new ";
            case POOL_ADD -> "pool add ";
            case POOL_REM -> "pool remove ";
            case POOL_DEL -> "pool destroy ";
            default -> null;
        };
        if (name != null) {
            out.out(name);
            printBuffers(lcfg);
        } else if (c == LcfgCommand.SETUP) {
            printSetup(lcfg);
        } else if (c == LcfgCommand.SET_TIMEOUT) {
            out.out("set_timeout=" + mem.u32(lcfg + LustreCfg.OFF_NUM) + " ");
        } else if (c == LcfgCommand.SET_LDLM_TIMEOUT) {
            out.out("set_ldlm_timeout=" + mem.u32(lcfg + LustreCfg.OFF_NUM) + " ");
        } else if (c == LcfgCommand.MARKER) {
            printMarker(lcfg);
        } else {
            out.out("unsupported cmd_code = " + CFormat.x(cmd) + "\n");
        }
        out.out("\n");
    }

    /** {@code lustre_cfg_buf}: where buffer {@code index} starts, NULL past {@code lcfg_bufcount}. */
    private long buffer(long lcfg, int index) {
        int bufcount = mem.u32(lcfg + LustreCfg.OFF_BUFCOUNT);
        if (Integer.compareUnsigned(index, bufcount) >= 0) {
            return ReaderMemory.NULL;
        }
        long offset = headerSize(bufcount);
        for (int i = 0; i < index; i++) {
            offset += CFormat.align8u32(mem.u32(lcfg + LustreCfg.OFF_BUFLENS + 4L * i));
        }
        return lcfg + offset;
    }

    /** {@code LCFG_HDR_SIZE(bufcount)} in size_t arithmetic. */
    private static long headerSize(int bufcount) {
        return (LustreCfg.OFF_BUFLENS + 4 * Integer.toUnsignedLong(bufcount) + 7) & ~7L;
    }

    /**
     * {@code print_1_cfg}: "nid=NID(0xNID)  " and "nal=N " when set, then each buffer as
     * {@code "%d:%.*s  "} with its length as the precision (a length over 2^31 is a negative
     * precision: the whole string up to its NUL).
     */
    private void printBuffers(long lcfg) {
        long nid = mem.u64(lcfg + LustreCfg.OFF_NID);
        if (nid != 0) {
            out.out("nid=" + LnetNidText.nid2str(nid) + "(" + CFormat.altX(nid) + ")  ");
        }
        int nal = mem.u32(lcfg + LustreCfg.OFF_NAL);
        if (nal != 0) {
            out.out("nal=" + nal + " ");
        }
        long bufcount = mem.u32u(lcfg + LustreCfg.OFF_BUFCOUNT);
        long offset = headerSize((int) bufcount);
        for (int i = 0; Integer.toUnsignedLong(i) < bufcount; i++) {
            int len = mem.u32(lcfg + LustreCfg.OFF_BUFLENS + 4L * i);
            out.out(i + ":" + mem.cString(lcfg + offset, len) + "  ");
            offset += CFormat.align8u32(len);
        }
    }

    /**
     * {@code lustre_cfg_string}: buffer {@code index}, NUL-terminated in place "even if this
     * kills a char of data" (in the padding when there is some), complaining on stderr about
     * a lost character; NULL for an empty buffer.
     */
    private long cfgString(long lcfg, int index) {
        int len = mem.u32(lcfg + LustreCfg.OFF_BUFLENS + 4L * index);
        if (len == 0) {
            return ReaderMemory.NULL;
        }
        long s = buffer(lcfg, index);
        if (mem.u8(s + Integer.toUnsignedLong(len - 1)) != 0) {
            long last = Integer.toUnsignedLong((int) CFormat.align8u32(len) - 1);
            if (last > Integer.toUnsignedLong(len)) {
                last = Integer.toUnsignedLong(len);
            }
            int lost = mem.u8(s + last);
            mem.putU8(s + last, 0);
            if (lost != 0) {
                out.err("Truncated buf " + index + " to '" + mem.cString(s) + "' (lost '" + (char) lost + "'...)\n");
            }
        }
        return s;
    }

    /** {@code print_setup_cfg}: "lov_setup" with the lov_desc for two buffers the second 88 bytes long. */
    private void printSetup(long lcfg) {
        if (mem.u32(lcfg + LustreCfg.OFF_BUFCOUNT) == 2 && mem.u32(lcfg + LustreCfg.OFF_BUFLENS + 4) == LovDesc.SIZE) {
            out.out("lov_setup ");
            long name = cfgString(lcfg, 0);
            out.out("0:" + (name == ReaderMemory.NULL ? "(null)" : mem.cString(name)) + "  ");
            out.out("1:(struct lov_desc)\n");
            long desc = cfgString(lcfg, 1);
            out.out("\t\tuuid=" + mem.cString(desc + LovDesc.OFF_UUID) + "  ");
            out.out("stripe:cnt=" + CFormat.u(mem.u32(desc + LovDesc.OFF_DEFAULT_STRIPE_COUNT)) + " ");
            out.out("size=" + CFormat.llu(mem.u64(desc + LovDesc.OFF_DEFAULT_STRIPE_SIZE)) + " ");
            out.out("offset=" + CFormat.llu(mem.u64(desc + LovDesc.OFF_DEFAULT_STRIPE_OFFSET)) + " ");
            out.out("pattern=" + CFormat.altX(mem.u32(desc + LovDesc.OFF_PATTERN)));
        } else {
            out.out("setup     ");
            printBuffers(lcfg);
        }
    }

    /** The marker branch of {@code print_lustre_cfg}; a marker without buffer 1 is a NULL dereference. */
    private void printMarker(long lcfg) {
        long marker = buffer(lcfg, 1);
        int flags = mem.u32(marker + CfgMarker.OFF_FLAGS);
        if ((flags & CfgMarker.CM_START) != 0 && (flags & CfgMarker.CM_SKIP) != 0) {
            out.out("SKIP START ");
            skip++;
        } else if ((flags & CfgMarker.CM_END) != 0) {
            out.out("END   ");
            skip = 0;
        }
        if ((flags & CfgMarker.CM_EXCLUDE) != 0) {
            out.out((flags & CfgMarker.CM_START) != 0 ? "EXCLUDE START " : "EXCLUDE END   ");
        }
        String created = chopped(CTime.ctimeR(mem.u64(marker + CfgMarker.OFF_CREATETIME), zone));
        long cancel = mem.u64(marker + CfgMarker.OFF_CANCELTIME);
        String cancelled = cancel != 0 ? chopped(CTime.ctimeR(cancel, zone)) : "";
        int vers = mem.u32(marker + CfgMarker.OFF_VERS);
        String line = "marker " + CFormat.right(Integer.toString(mem.u32(marker + CfgMarker.OFF_STEP)), 3)
                + " (flags=" + CFormat.altX04(mem.u32(marker + CfgMarker.OFF_FLAGS)) + ", v" + (vers >>> 24) + "."
                + (vers >>> 16 & 255) + "." + (vers >>> 8 & 255) + "." + (vers & 255) + ") "
                + CFormat.left(mem.cString(marker + CfgMarker.OFF_TGTNAME), 15) + " '"
                + mem.cString(marker + CfgMarker.OFF_COMMENT) + "' " + created + "-" + cancelled;
        out.out(line);
    }

    /**
     * {@code buf[strlen(buf) - 1] = 0} after {@code ctime_r}: drops the newline (or, for a
     * year ctime_r had to cut, a digit). When ctime_r could not convert the time the C buffer
     * is left uninitialised; it is taken as empty here.
     */
    private static String chopped(String ctime) {
        return ctime == null || ctime.isEmpty() ? "" : ctime.substring(0, ctime.length() - 1);
    }
}
