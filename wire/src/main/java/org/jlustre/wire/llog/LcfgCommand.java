package org.jlustre.wire.llog;

/**
 * {@code enum lcfg_command_type} (include/uapi/linux/lustre/lustre_cfg.h): the command of a
 * {@link LustreCfg}. Names are Lustre's without the {@code LCFG_} prefix; {@link #lustreName()}
 * gives the full one.
 */
public enum LcfgCommand {
    /** Create a new obd instance. */
    ATTACH(0x00cf001),
    /** Destroy an obd instance. */
    DETACH(0x00cf002),
    /** Call the type-specific setup. */
    SETUP(0x00cf003),
    /** Call the type-specific cleanup. */
    CLEANUP(0x00cf004),
    /** Add a NID to a niduuid. */
    ADD_UUID(0x00cf005),
    /** Remove a NID from a niduuid. */
    DEL_UUID(0x00cf006),
    /** Create a profile (mdc, osc). */
    MOUNTOPT(0x00cf007),
    /** Destroy a profile. */
    DEL_MOUNTOPT(0x00cf008),
    /** Set obd_timeout. */
    SET_TIMEOUT(0x00cf009),
    /** Deprecated. */
    SET_UPCALL(0x00cf00a),
    /** Add a failover niduuid to an obd. */
    ADD_CONN(0x00cf00b),
    /** Remove a failover niduuid. */
    DEL_CONN(0x00cf00c),
    /** Add an osc to a lov. */
    LOV_ADD_OBD(0x00cf00d),
    /** Remove an osc from a lov. */
    LOV_DEL_OBD(0x00cf00e),
    /** Set a proc parameter. */
    PARAM(0x00cf00f),
    /** Metadata about the next config records. */
    MARKER(0x00cf010),
    /** MGC only: process a config log. */
    LOG_START(0x00ce011),
    /** Stop processing updates. */
    LOG_END(0x00ce012),
    /** Like LOV_ADD_OBD, inactive. */
    LOV_ADD_INA(0x00ce013),
    /** Add an mdc to a lmv. */
    ADD_MDC(0x00cf014),
    /** Remove an mdc from a lmv. */
    DEL_MDC(0x00cf015),
    /** Security. */
    SPTLRPC_CONF(0x00ce016),
    /** Create an OST pool name. */
    POOL_NEW(0x00ce020),
    /** Add an OST to a pool. */
    POOL_ADD(0x00ce021),
    /** Remove an OST from a pool. */
    POOL_REM(0x00ce022),
    /** Destroy an OST pool name. */
    POOL_DEL(0x00ce023),
    /** Set ldlm_timeout. */
    SET_LDLM_TIMEOUT(0x00ce030),
    /** Call the type-specific pre-cleanup. */
    PRE_CLEANUP(0x00cf031),
    /** Set a proc parameter with set_param syntax. */
    SET_PARAM(0x00ce032),
    /** Create a nodemap cluster. */
    NODEMAP_ADD(0x00ce040),
    /** Destroy a nodemap cluster. */
    NODEMAP_DEL(0x00ce041),
    /** Add a NID range. */
    NODEMAP_ADD_RANGE(0x00ce042),
    /** Delete a NID range. */
    NODEMAP_DEL_RANGE(0x00ce043),
    /** Add a uid map. */
    NODEMAP_ADD_UIDMAP(0x00ce044),
    /** Delete a uid map. */
    NODEMAP_DEL_UIDMAP(0x00ce045),
    /** Add a gid map. */
    NODEMAP_ADD_GIDMAP(0x00ce046),
    /** Delete a gid map. */
    NODEMAP_DEL_GIDMAP(0x00ce047),
    /** Activate cluster id mapping. */
    NODEMAP_ACTIVATE(0x00ce048),
    /** Allow a cluster to use id 0. */
    NODEMAP_ADMIN(0x00ce049),
    /** Trust a cluster's ids. */
    NODEMAP_TRUSTED(0x00ce050),
    /** Default mapped uid. */
    NODEMAP_SQUASH_UID(0x00ce051),
    /** Default mapped gid. */
    NODEMAP_SQUASH_GID(0x00ce052),
    /** Add a shared key to a cluster. */
    NODEMAP_ADD_SHKEY(0x00ce053),
    /** Delete a shared key from a cluster. */
    NODEMAP_DEL_SHKEY(0x00ce054),
    /** Test for nodemap membership. */
    NODEMAP_TEST_NID(0x00ce055),
    /** Test uid/gid mapping. */
    NODEMAP_TEST_ID(0x00ce056),
    /** Set a fileset. */
    NODEMAP_SET_FILESET(0x00ce057),
    /** Deny squashed nodemap users. */
    NODEMAP_DENY_UNKNOWN(0x00ce058),
    /** Set the mapping mode. */
    NODEMAP_MAP_MODE(0x00ce059),
    /** Set the audit mode. */
    NODEMAP_AUDIT_MODE(0x00ce05a),
    /** Set the SELinux policy. */
    NODEMAP_SET_SEPOL(0x00ce05b);

    /**
     * {@code LCFG_REQUIRED}: a command with this bit set must be understood by a client, whose
     * mount fails otherwise.
     */
    public static final int REQUIRED = 0x0001000;

    private final int value;

    LcfgCommand(int value) {
        this.value = value;
    }

    /** The {@code lcfg_command} value. */
    public int value() {
        return value;
    }

    /** Lustre's name, e.g. {@code LCFG_ATTACH}. */
    public String lustreName() {
        return "LCFG_" + name();
    }

    /** The command of an {@code lcfg_command} value, or null for a value Lustre does not define. */
    public static LcfgCommand of(int value) {
        for (LcfgCommand c : values()) {
            if (c.value == value) {
                return c;
            }
        }
        return null;
    }
}
