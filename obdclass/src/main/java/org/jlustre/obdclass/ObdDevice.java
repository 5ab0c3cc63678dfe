package org.jlustre.obdclass;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * One entry of a node's device table ({@code struct obd_device} as obdclass keeps it in
 * {@code obd_devs}): a type name ({@code mgs}, {@code mgc}, {@code osd-mem}, {@code lov} ...),
 * a unique name and UUID, a state and a reference count, and the object that implements it.
 * {@code lctl dl} lists these.
 */
public final class ObdDevice {

    /** The life cycle {@code class_obd_device_status} shows. */
    public enum Status {
        /** Attached, not set up ({@code AT}). */
        ATTACHED("AT"),
        /** Set up and running ({@code UP}). */
        UP("UP"),
        /** Inactive: set up but not used ({@code IN}). */
        INACTIVE("IN"),
        /** Being cleaned up ({@code ST}). */
        STOPPING("ST");

        private final String code;

        Status(String code) {
            this.code = code;
        }

        /** The two letters {@code lctl dl} prints. */
        public String code() {
            return code;
        }
    }

    private final int index;
    private final String type;
    private final String name;
    private final String uuid;
    private final AtomicInteger refcount = new AtomicInteger(1);
    private volatile Status status = Status.ATTACHED;
    private volatile Object impl;

    ObdDevice(int index, String type, String name, String uuid) {
        this.index = index;
        this.type = type;
        this.name = name;
        this.uuid = uuid;
    }

    /** The slot in the table ({@code obd_minor}). */
    public int index() {
        return index;
    }

    /** The type name ({@code obd_type->typ_name}). */
    public String type() {
        return type;
    }

    /** The device name ({@code obd_name}). */
    public String name() {
        return name;
    }

    /** The UUID ({@code obd_uuid}). */
    public String uuid() {
        return uuid;
    }

    /** The state. */
    public Status status() {
        return status;
    }

    /** Moves to {@code s}. */
    public void status(Status s) {
        status = s;
    }

    /** The reference count ({@code obd_refcount}): 1 for the table, plus one per user. */
    public int refcount() {
        return refcount.get();
    }

    /** Takes a reference (a device stacked on this one, a connected client). */
    public void get() {
        refcount.incrementAndGet();
    }

    /** Drops a reference. */
    public void put() {
        refcount.decrementAndGet();
    }

    /** What implements the device, or null while only attached. */
    public Object impl() {
        return impl;
    }

    /** The implementation, if it is a {@code type}; else null. */
    public <T> T impl(Class<T> type) {
        Object o = impl;
        return type.isInstance(o) ? type.cast(o) : null;
    }

    /** Sets what implements the device. */
    public void impl(Object o) {
        impl = o;
    }

    /** The {@code lctl dl} line: {@code "%3d %s %s %s %s %d"}. */
    public String dlLine() {
        return String.format("%3d %s %s %s %s %d", index, status.code(), type, name, uuid, refcount.get());
    }

    @Override
    public String toString() {
        return name + " (" + type + ")";
    }
}
