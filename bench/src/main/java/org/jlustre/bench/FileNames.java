package org.jlustre.bench;

/** Entry names made before a measurement, so the measured loops do not build strings. */
final class FileNames {

    private FileNames() {
    }

    /** {@code prefix0} to {@code prefix(n-1)}. */
    static String[] numbered(String prefix, int n) {
        String[] names = new String[n];
        for (int i = 0; i < n; i++) {
            names[i] = prefix + i;
        }
        return names;
    }
}
