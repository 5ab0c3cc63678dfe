package org.jlustre.osd;

/** What {@link Body#seek} looks for ({@code SEEK_DATA} / {@code SEEK_HOLE}). */
public enum SeekWhence {
    /** Linux {@code SEEK_DATA} (3): the next offset holding data. */
    DATA(3),
    /** Linux {@code SEEK_HOLE} (4): the next offset in a hole (EOF is a hole). */
    HOLE(4);

    private final int value;

    SeekWhence(int value) {
        this.value = value;
    }

    /** The Linux {@code whence} value. */
    public int value() {
        return value;
    }
}
