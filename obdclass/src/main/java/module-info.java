/**
 * obdclass (lustre/obdclass): a node's device table behind {@code lctl dl} ({@code obd_devs},
 * genops.c), device types looked up by name ({@code class_register_type}), configuration
 * processing ({@code class_process_config}, {@code class_config_llog_handler}, obd_config.c) with
 * passive devices for the types a node does not run, and {@code llog_print}'s YAML lines. Below
 * the MGC, the MGS and the targets, which attach their devices here.
 */
module org.jlustre.obdclass {
    requires transitive org.jlustre.llog;

    exports org.jlustre.obdclass;
}
