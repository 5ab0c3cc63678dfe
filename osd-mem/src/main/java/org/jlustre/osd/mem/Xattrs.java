package org.jlustre.osd.mem;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The xattrs of one object, in the order their names were first set (the order
 * {@code xattr_list} reports). Few per object, so two parallel arrays with linear search
 * beat any map in time and space.
 *
 * <p>Not thread-safe: guarded by the owning {@link Inode}.
 */
final class Xattrs {

    private String[] names = new String[2];
    private byte[][] values = new byte[2][];
    private int count;

    int count() {
        return count;
    }

    /** The value, or null when absent. */
    byte[] get(String name) {
        int i = indexOf(name);
        return i < 0 ? null : values[i];
    }

    /** Sets a value and returns the previous one (null when new). */
    byte[] put(String name, byte[] value) {
        int i = indexOf(name);
        if (i >= 0) {
            byte[] old = values[i];
            values[i] = value;
            return old;
        }
        if (count == names.length) {
            names = Arrays.copyOf(names, count * 2);
            values = Arrays.copyOf(values, count * 2);
        }
        names[count] = name;
        values[count] = value;
        count++;
        return null;
    }

    /** Removes a name and returns its value (null when absent). */
    byte[] remove(String name) {
        int i = indexOf(name);
        if (i < 0) {
            return null;
        }
        byte[] old = values[i];
        System.arraycopy(names, i + 1, names, i, count - i - 1);
        System.arraycopy(values, i + 1, values, i, count - i - 1);
        count--;
        names[count] = null;
        values[count] = null;
        return old;
    }

    /** The NUL-separated name list {@code xattr_list} returns. */
    byte[] list() {
        int len = 0;
        byte[][] encoded = new byte[count][];
        for (int i = 0; i < count; i++) {
            encoded[i] = names[i].getBytes(StandardCharsets.UTF_8);
            len += encoded[i].length + 1;
        }
        byte[] out = new byte[len];
        int at = 0;
        for (byte[] e : encoded) {
            System.arraycopy(e, 0, out, at, e.length);
            at += e.length + 1;
        }
        return out;
    }

    /** Bytes charged for one xattr. */
    static long cost(String name, int valueLength) {
        return Usage.XATTR_OVERHEAD + name.getBytes(StandardCharsets.UTF_8).length + valueLength;
    }

    /** Bytes charged for all of them, released at destroy. */
    long totalCost() {
        long total = 0;
        for (int i = 0; i < count; i++) {
            total += cost(names[i], values[i].length);
        }
        return total;
    }

    private int indexOf(String name) {
        for (int i = 0; i < count; i++) {
            if (names[i].equals(name)) {
                return i;
            }
        }
        return -1;
    }
}
