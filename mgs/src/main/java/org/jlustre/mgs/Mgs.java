package org.jlustre.mgs;

import java.util.List;
import org.jlustre.common.Fid;
import org.jlustre.common.FileMode;
import org.jlustre.common.Libcfs;
import org.jlustre.common.LustreException;
import org.jlustre.common.Uuid;
import org.jlustre.common.debug.DebugMask;
import org.jlustre.common.param.Param;
import org.jlustre.common.param.ParamGroup;
import org.jlustre.llog.LlogContext;
import org.jlustre.llog.LocalFiles;
import org.jlustre.obdclass.ObdDevice;
import org.jlustre.obdclass.Obdclass;
import org.jlustre.osd.IndexFeatures;
import org.jlustre.osd.ObjectFormat;
import org.jlustre.osd.OsdDevice;
import org.jlustre.ptlrpc.Ptlrpc;
import org.jlustre.ptlrpc.Service;
import org.jlustre.ptlrpc.ServiceConfig;
import org.jlustre.ptlrpc.Target;
import org.jlustre.wire.llog.LlogHeader;
import org.jlustre.wire.mgs.MgsTargetInfo;
import org.jlustre.wire.ptlrpc.ConnectFlags;
import org.jlustre.wire.ptlrpc.MsgFlags;
import org.jlustre.wire.ptlrpc.Opcodes;
import org.jlustre.wire.ptlrpc.Portals;

/**
 * The management server on an OSD (lustre/mgs/mgs_handler.c, mgs_fs.c, mgs_llog.c;
 * reference 6.1). At setup ({@code mgs_fs_setup}) it finds or creates, through local object
 * storage ({@code FID_SEQ_LOCAL_NAME}), the {@code CONFIGS} directory whose named llogs are the
 * configuration logs, the {@code nodemap} index inside it and the {@code NIDTBL_VERSIONS}
 * directory, and rebuilds what it knows of each filesystem from its logs.
 *
 * <p>Its service on the MGS portals handles MGS_CONNECT / MGS_DISCONNECT / OBD_PING,
 * MGS_TARGET_REG (index assignment, writeconf, the reply with the new service name),
 * MGS_SET_INFO (permanent parameters), MGS_CONFIG_READ (the NID table of a filesystem) and the
 * llog RPCs on any log in CONFIGS. Bad requests get an errno and one log line; the MGS keeps
 * serving.
 *
 * <p>This class is the facade: setup, teardown and the dispatch of each opcode. The work is done
 * by {@link MgsFilesystems} (what it knows of each filesystem), {@link MgsRegistration}
 * (MGS_TARGET_REG), {@link MgsParams} (MGS_SET_INFO, conf_param, set_param -P),
 * {@link MgsNidTable} (MGS_CONFIG_READ) and {@link MgsLlogService} (the llog RPCs, llog_cancel),
 * over {@link MgsLogs}, which writes the logs.
 */
public final class Mgs implements AutoCloseable {

    /** {@code LUSTRE_MGS_OBDNAME}: the device name. */
    public static final String NAME = "MGS";
    /** The CONFIGS directory. */
    public static final String CONFIGS = "CONFIGS";
    /** The nodemap index in CONFIGS. */
    public static final String NODEMAP = "nodemap";
    /** The NID table versions directory. */
    public static final String NIDTBL_VERSIONS = "NIDTBL_VERSIONS";
    /** The target's own mount data (lustre_disk_data) in CONFIGS, not a log. */
    public static final String MOUNTDATA = "mountdata";
    /** {@code PARAMS_FILENAME}. */
    public static final String PARAMS_LOG = MgsLogs.PARAMS_LOG;

    /** The ptlrpc node the service and the target run on. */
    private final Ptlrpc node;
    /** The node's libcfs: device table, params, debug log. */
    private final Libcfs libcfs;
    /** The MGT's OSD. */
    private final OsdDevice osd;
    /** The FID of CONFIGS on {@link #osd}. */
    private final Fid configsFid;
    /** The llog context of CONFIGS; closed last. */
    private final LlogContext ctx;
    /** What the MGS knows of each filesystem, rebuilt from CONFIGS at setup. */
    private final MgsFilesystems filesystems;
    /** MGS_TARGET_REG. */
    private final MgsRegistration registration;
    /** MGS_SET_INFO, conf_param and set_param -P. */
    private final MgsParams params;
    /** The llog RPCs and llog_cancel on CONFIGS. */
    private final MgsLlogService llogs;
    /** The device table entry. */
    private final ObdDevice device;
    /** The MGS target the service's exports attach to. */
    private final Target target;
    /** The service on the MGS portals. */
    private final Service service;
    /** {@code mgs.MGS.*}. */
    private final ParamGroup paramGroup;

    /**
     * Sets up the MGS on {@code osd} and starts its service on {@code node}.
     *
     * @param threads handler threads of the service
     */
    public Mgs(Ptlrpc node, OsdDevice osd, int threads) throws LustreException {
        this.node = node;
        this.libcfs = node.libcfs();
        this.osd = osd;
        this.configsFid = LocalFiles.findOrCreate(osd, osd.rootFid(), CONFIGS, FileMode.S_IFDIR | 0755,
                ObjectFormat.DIR);
        LocalFiles.findOrCreate(osd, configsFid, NODEMAP, FileMode.S_IFREG | 0644,
                ObjectFormat.index(IndexFeatures.NODEMAP));
        LocalFiles.findOrCreate(osd, osd.rootFid(), NIDTBL_VERSIONS, FileMode.S_IFDIR | 0755, ObjectFormat.DIR);
        this.ctx = new LlogContext(osd, libcfs, configsFid, LlogHeader.MIN_CHUNK_SIZE, NAME);
        MgsLogs logs = new MgsLogs(ctx, libcfs, NAME);
        ObdDevice dev = null;
        Target t = null;
        Service s = null;
        ParamGroup g = null;
        try {
            this.filesystems = MgsFilesystems.load(osd, configsFid, ctx);
            this.registration = new MgsRegistration(libcfs, filesystems, logs);
            this.params = new MgsParams(libcfs, filesystems, logs);
            this.llogs = new MgsLlogService(libcfs, ctx, filesystems);
            dev = Obdclass.of(libcfs).devices().attach("mgs", NAME, NAME);
            // an MGS's obt_instance is 0 (mgs_init0)
            t = new Target(node, NAME, new Uuid(NAME), ConnectFlags.MGS_CONNECT_SUPPORTED,
                    ConnectFlags.MGS_CONNECT_SUPPORTED2, 0, null,
                    List.of("mgs", NAME, "exports_info"));
            s = new Service(node, new ServiceConfig("mgs", List.of("mgs", NAME, "mgs"), Portals.MGS_REQUEST,
                    Portals.MGC_REPLY, Portals.MGS_BULK, 16 * 1024, 1 << 20, 8, threads, Opcodes.MGS_CONNECT,
                    Opcodes.MGS_DISCONNECT, MsgFlags.LUSTRE_MGS_VERSION));
            g = libcfs.params().createGroup("mgs", NAME);
            g.add("filesystems", Param.readOnly(() -> String.join("\n", filesystems.names()) + "\n"));
            g.add("allow_register", Param.ofLong(() -> registration.allowRegister() ? 1 : 0,
                    v -> registration.allowRegister(v != 0), 0, 1));
            g.add("live", Param.readOnly(filesystems::renderLive));
        } catch (LustreException | RuntimeException e) {
            if (s != null) {
                s.close();
            }
            if (t != null) {
                t.close();
            }
            if (dev != null) {
                Obdclass.of(libcfs).devices().detach(dev);
            }
            ctx.close();
            throw e;
        }
        this.device = dev;
        this.target = t;
        this.service = s;
        this.paramGroup = g;
        service.addTarget(target);
        service.register(Opcodes.MGS_TARGET_REG, "mgs_target_reg", registration::handle);
        service.register(Opcodes.MGS_SET_INFO, "mgs_set_info", params::handleSetInfo);
        service.register(Opcodes.MGS_CONFIG_READ, "mgs_config_read", req -> MgsNidTable.handle(libcfs, filesystems, req));
        service.register(Opcodes.LLOG_ORIGIN_HANDLE_CREATE, "llog_origin_handle_open", llogs::handleOpen);
        service.register(Opcodes.LLOG_ORIGIN_HANDLE_READ_HEADER, "llog_origin_handle_read_header",
                llogs::handleReadHeader);
        service.register(Opcodes.LLOG_ORIGIN_HANDLE_NEXT_BLOCK, "llog_origin_handle_next_block",
                req -> llogs.handleBlock(req, true));
        service.register(Opcodes.LLOG_ORIGIN_HANDLE_PREV_BLOCK, "llog_origin_handle_prev_block",
                req -> llogs.handleBlock(req, false));
        service.register(Opcodes.LLOG_ORIGIN_HANDLE_CLOSE, "llog_origin_handle_close", llogs::handleClose);
        device.impl(this);
        device.status(ObdDevice.Status.UP);
        console("MGS on %s started, %d filesystem(s) known", osd.name(), filesystems.size());
    }

    /** The OSD. */
    public OsdDevice osd() {
        return osd;
    }

    /** The llog context of CONFIGS. */
    public LlogContext context() {
        return ctx;
    }

    /** The FID of CONFIGS. */
    public Fid configsFid() {
        return configsFid;
    }

    /** The service. */
    public Service service() {
        return service;
    }

    /** The device table entry. */
    public ObdDevice device() {
        return device;
    }

    /** The names of the logs in CONFIGS, sorted ({@code class_dentry_readdir}); the nodemap index and mountdata are not logs. */
    public List<String> listLogs() throws LustreException {
        return filesystems.listLogs();
    }

    /** Whether {@code fsname} is a filesystem the MGS knows. */
    public boolean knows(String fsname) {
        return filesystems.knows(fsname);
    }

    /**
     * Registers a target ({@code mgs_target_reg}): the answer to send back.
     *
     * @param peerNid the NID the request came from (for the NID table)
     * @throws LustreException EINVAL for bad names or flags, EADDRINUSE for a new target asking
     *     for a taken index, EPERM when registration is off, ENOENT for a startup ping of a
     *     target whose log is gone
     */
    public MgsTargetInfo register(MgsTargetInfo mti, long peerNid) throws LustreException {
        return registration.register(mti, peerNid);
    }

    /**
     * {@code lctl conf_param <fsname>[-<target>].<param>=<value>} ({@code mgs_set_param} with
     * LCFG_PARAM): the parameter is written to the logs as a registration's would be, for the
     * named target or, with only a filesystem name, for the filesystem as a whole.
     *
     * @throws LustreException EINVAL for a malformed setting, ENOENT for an unknown filesystem
     *     or target
     */
    public void confParam(String setting) throws LustreException {
        params.confParam(setting);
    }

    /**
     * {@code lctl set_param -P name=value}: a SET_PARAM section in the params log every node
     * applies; {@code set_param -P -d name} passes a bare name, which cancels the setting.
     */
    public void setParamPermanent(String setting) throws LustreException {
        params.setParamPermanent(setting);
    }

    /**
     * {@code lctl --device MGS llog_cancel LOG --log_idx N}: cancels record {@code index} of
     * {@code log} ({@code mgs_llog_cancel}... as {@code llog_cancel_arr_rec}).
     *
     * @throws LustreException ENOENT for a missing log or record, EINVAL for the header index
     */
    public void cancelRecord(String log, int index) throws LustreException {
        llogs.cancelRecord(log, index);
    }

    /** A console line of the MGS. */
    private void console(String fmt, Object... args) {
        libcfs.debug().logf(DebugMask.S_MGS, DebugMask.D_CONSOLE, fmt, args);
    }

    /** Stops the service (pre-cleanup), then releases the context and the device (cleanup). */
    @Override
    public void close() {
        device.status(ObdDevice.Status.STOPPING);
        service.close();
        target.close();
        paramGroup.close();
        ctx.close();
        Obdclass.of(libcfs).devices().detach(device);
    }

    @Override
    public String toString() {
        return NAME + " on " + osd.name();
    }
}
