/**
 * The bottom layer: what libcfs and the obdclass basics give every Lustre component.
 * FIDs, errno values and the one checked exception, NIDs and UUIDs, an injectable time
 * source, the debug log, the parameter tree behind {@code lctl get_param}, and fail-loc.
 */
module org.jlustre.common {
    exports org.jlustre.common;
    exports org.jlustre.common.debug;
    exports org.jlustre.common.param;
    exports org.jlustre.common.fail;
}
