package org.jlustre.obdclass;

import org.jlustre.common.LustreException;

/**
 * A device type ({@code struct obd_type}, {@code class_register_type}): a name config logs
 * attach devices by ({@code lov}, {@code osc}, {@code mdt}, {@code obdfilter} ...) and what
 * makes the device's implementation.
 */
public interface ObdType {

    /** The type name, as {@code LCFG_ATTACH} buffer 1 and {@code lctl dl} give it. */
    String name();

    /** Makes the implementation of a freshly attached device. */
    Obd create(Obdclass obdclass, ObdDevice device) throws LustreException;

    /** Makes a device's implementation; what {@link #of} takes. */
    @FunctionalInterface
    interface Maker {
        Obd create(Obdclass obdclass, ObdDevice device) throws LustreException;
    }

    /** The type {@code name} whose devices {@code maker} makes. */
    static ObdType of(String name, Maker maker) {
        java.util.Objects.requireNonNull(name, "name");
        java.util.Objects.requireNonNull(maker, "maker");
        return new ObdType() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Obd create(Obdclass obdclass, ObdDevice device) throws LustreException {
                return maker.create(obdclass, device);
            }
        };
    }
}
