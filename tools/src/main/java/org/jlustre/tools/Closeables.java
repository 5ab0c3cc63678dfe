package org.jlustre.tools;

import java.util.List;

/** Closing what a command opened, last opened first. */
public final class Closeables {

    private Closeables() {
    }

    /**
     * Closes {@code opened} from its end to its start and empties it.
     *
     * @throws IllegalStateException naming the first that fails to close (the rest are still closed)
     */
    public static void closeAll(List<AutoCloseable> opened) {
        IllegalStateException failed = null;
        for (AutoCloseable c : opened.reversed()) {
            try {
                c.close();
            } catch (Exception e) {
                if (failed == null) {
                    failed = new IllegalStateException("closing " + c + ": " + e, e);
                }
            }
        }
        opened.clear();
        if (failed != null) {
            throw failed;
        }
    }
}
