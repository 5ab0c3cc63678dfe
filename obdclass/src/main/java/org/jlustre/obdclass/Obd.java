package org.jlustre.obdclass;

import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;
import org.jlustre.wire.llog.LustreCfg;

/**
 * What a device type does with the configuration commands aimed at one of its devices
 * ({@code obd_ops}: {@code o_setup}, {@code o_process_config}, {@code o_precleanup},
 * {@code o_cleanup}). Made by {@link ObdType#create} when the device is attached.
 */
public interface Obd {

    /** {@code LCFG_SETUP}: starts the device with the command's buffers. */
    void setup(LustreCfg cfg) throws LustreException;

    /**
     * The other commands naming this device: {@code LCFG_LOV_ADD_OBD}, {@code LCFG_ADD_MDC},
     * {@code LCFG_ADD_CONN}, pools and device-specific ones. The default refuses them.
     *
     * @throws LustreException EINVAL for a command the device does not take
     */
    default void process(LustreCfg cfg) throws LustreException {
        throw new LustreException(Errno.EINVAL, "device does not take config command "
                + (cfg.knownCommand() != null ? cfg.knownCommand().name().toLowerCase(java.util.Locale.ROOT)
                        : "0x" + Integer.toHexString(cfg.command())));
    }

    /** The first teardown phase: stop accepting work, disconnect from peers ({@code o_precleanup}). */
    default void preCleanup() {
    }

    /** The second phase: release everything ({@code o_cleanup}). */
    void cleanup();
}
