package org.jlustre.osd;

import java.util.Arrays;
import java.util.Objects;
import org.jlustre.common.Fid;
import org.jlustre.common.Utf8;
import org.jlustre.common.debug.ConsoleText;

/**
 * A directory entry: what a directory maps a name to. The insert record is
 * {@code struct dt_insert_rec} (FID plus the child's type), the lookup record the FID.
 *
 * <p>The name is the entry's exact bytes (Lustre names are byte strings, not text);
 * {@link #name()} is a convenience for callers that think in strings. The array is copied in
 * and out, so an entry is immutable and equal entries have equal bytes.
 *
 * @param nameBytes the name's bytes
 * @param fid the child's FID
 * @param type the child's S_IFMT bits (0 when the inserter did not say)
 */
public record DirEntry(byte[] nameBytes, Fid fid, int type) {

    /** Copies the name so the entry cannot change under its holder. */
    public DirEntry {
        nameBytes = nameBytes.clone();
    }

    /** An entry named by {@link #encode(String) the bytes of} {@code name}. */
    public DirEntry(String name, Fid fid, int type) {
        this(encode(name), fid, type);
    }

    /** A copy of the name's bytes. */
    @Override
    public byte[] nameBytes() {
        return nameBytes.clone();
    }

    /**
     * The name as a string ({@link Utf8#decode}): UTF-8 decoded, each byte that is not valid
     * UTF-8 kept as a lone surrogate, so {@link #encode} of it gives the bytes back.
     */
    public String name() {
        return Utf8.decode(nameBytes);
    }

    /** The name's length in bytes. */
    public int nameLength() {
        return nameBytes.length;
    }

    /** Whether this entry's name is exactly {@code name}. */
    public boolean nameEquals(byte[] name) {
        return Arrays.equals(nameBytes, name);
    }

    /**
     * The bytes the {@code String} forms of the directory API use for a name: UTF-8, with the
     * lone surrogates {@link Utf8#decode} made of undecodable bytes written back as those bytes;
     * a null name is empty (and fails as empty names do).
     */
    public static byte[] encode(String name) {
        return name == null ? new byte[0] : Utf8.encode(name);
    }

    /** A name for messages and logs: decoded, non-printable bytes as {@code \xNN}, long names cut. */
    public static String display(byte[] name) {
        String text = ConsoleText.escape(Utf8.decode(name, 0, Math.min(name.length, 64)));
        return name.length > 64 ? text + "...(" + name.length + " bytes)" : text;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DirEntry e && Arrays.equals(nameBytes, e.nameBytes) && Objects.equals(fid, e.fid)
                && type == e.type;
    }

    @Override
    public int hashCode() {
        return (Arrays.hashCode(nameBytes) * 31 + Objects.hashCode(fid)) * 31 + type;
    }

    @Override
    public String toString() {
        return "DirEntry[name=" + display(nameBytes) + ", fid=" + fid + ", type=0" + Integer.toOctalString(type) + "]";
    }
}
