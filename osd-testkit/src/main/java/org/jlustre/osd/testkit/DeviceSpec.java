package org.jlustre.osd.testkit;

import java.util.Objects;

/**
 * What the kit asks a backend's factory for ({@link OsdTestCase#newDevice}): a fresh, empty
 * device of this name and size. A backend with {@code spaceAccounting} must honour both
 * limits, since the ENOSPC tests depend on them.
 *
 * @param name the device name, e.g. {@code kit-OST0000}
 * @param capacityBytes the space available for data, xattrs and index records
 * @param maxInodes how many objects the device can hold
 */
public record DeviceSpec(String name, long capacityBytes, long maxInodes) {

    /** The capacity of {@link #standard()}: 256 MiB. */
    public static final long STANDARD_CAPACITY = 256L << 20;
    /** The inode count of {@link #standard()}. */
    public static final long STANDARD_INODES = 1_000_000;

    /** Checks the values, naming a bad one. */
    public DeviceSpec {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("empty device name");
        }
        if (capacityBytes <= 0) {
            throw new IllegalArgumentException("capacityBytes must be positive: " + capacityBytes);
        }
        if (maxInodes <= 0) {
            throw new IllegalArgumentException("maxInodes must be positive: " + maxInodes);
        }
    }

    /** The device every test gets: {@code kit-OST0000}, 256 MiB, a million inodes. */
    public static DeviceSpec standard() {
        return new DeviceSpec("kit-OST0000", STANDARD_CAPACITY, STANDARD_INODES);
    }

    /** A small device for the ENOSPC tests, {@code kit-OST0001}. */
    public static DeviceSpec small(long capacityBytes, long maxInodes) {
        return new DeviceSpec("kit-OST0001", capacityBytes, maxInodes);
    }
}
