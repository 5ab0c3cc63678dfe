package org.jlustre.mdt.perm;

import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;
import org.jlustre.common.Nid;
import org.jlustre.common.debug.ConsoleText;

/**
 * Root squash ({@code mdt_root_squash}, mdt/mdt_lib.c; the {@code root_squash} and
 * {@code nosquash_nids} parameters): a request whose fsuid is 0 gets the squash uid and gid
 * as its fs ids, loses every capability and supplementary group, unless it comes from a NID
 * in the no-squash list. A squash uid of 0 turns squashing off, as in Lustre.
 *
 * @param uid the uid root becomes ({@code rsi_uid}); 0 for no squashing
 * @param gid the gid root becomes ({@code rsi_gid})
 * @param nosquash the NIDs whose root stays root ({@code rsi_nosquash_nids})
 */
public record RootSquash(int uid, int gid, NidList nosquash) {

    /** No squashing (Lustre's default {@code root_squash=0:0}). */
    public static final RootSquash OFF = new RootSquash(0, 0, NidList.NONE);

    /** The credentials a request from {@code peer} is checked with. */
    public Cred apply(Cred cred, Nid peer) {
        if (uid == 0 || cred.fsuid() != 0 || nosquash.matches(peer)) {
            return cred;
        }
        return cred.squashed(uid, gid);
    }

    /** The {@code root_squash} parameter's form, {@code uid:gid} ({@code mdt_root_squash_seq_show}). */
    public String param() {
        return Integer.toUnsignedString(uid) + ":" + Integer.toUnsignedString(gid);
    }

    /** The {@code nosquash_nids} parameter's form: the list, or {@code NONE} ({@code mdt_nosquash_nids_seq_show}). */
    public String nosquashParam() {
        return nosquash.isEmpty() ? "NONE" : nosquash.toString();
    }

    /**
     * This squash with the ids a {@code root_squash} write gives ({@code lprocfs_wr_root_squash}):
     * {@code uid:gid}, each as {@code kstrtoul} reads numbers (decimal, {@code 0x} hex, leading
     * {@code 0} octal), a trailing newline allowed.
     *
     * @throws LustreException EINVAL naming the text: longer than 63 bytes, no ':', or a bad
     *     uid or gid (also one over 32 bits, which Lustre would truncate)
     */
    public RootSquash withIds(String text) throws LustreException {
        String t = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        if (text.length() >= 64) {
            throw new LustreException(Errno.EINVAL, "root_squash '" + ConsoleText.escape(t) + "': string too long");
        }
        int colon = t.indexOf(':');
        if (colon < 0) {
            throw new LustreException(Errno.EINVAL, "root_squash '" + ConsoleText.escape(t) + "': needs uid:gid format");
        }
        return new RootSquash(id(t, t.substring(0, colon), "uid"), id(t, t.substring(colon + 1), "gid"), nosquash);
    }

    /**
     * This squash with the list a {@code nosquash_nids} write gives ({@code lprocfs_wr_nosquash_nids}):
     * {@code NONE} or {@code clear} empties it, anything else is a NID list.
     *
     * @throws LustreException EINVAL when over 4096 bytes or not a NID list
     */
    public RootSquash withNosquash(String text) throws LustreException {
        String t = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        if (text.length() > 4096) {
            throw new LustreException(Errno.EINVAL, "nosquash_nids of " + text.length() + " bytes: string too long");
        }
        if (t.equals("NONE") || t.equals("clear")) {
            return new RootSquash(uid, gid, NidList.NONE);
        }
        if (t.isBlank()) {
            throw new LustreException(Errno.EINVAL, "nosquash_nids '" + ConsoleText.escape(t) + "': can't parse");
        }
        return new RootSquash(uid, gid, NidList.parse(t));
    }

    /** {@code kstrtoul(s, 0, ...)} into a u32. */
    private static int id(String text, String s, String what) throws LustreException {
        try {
            long v;
            if (s.startsWith("0x") || s.startsWith("0X")) {
                v = Long.parseUnsignedLong(s.substring(2), 16);
            } else if (s.length() > 1 && s.startsWith("0")) {
                v = Long.parseUnsignedLong(s.substring(1), 8);
            } else {
                v = Long.parseUnsignedLong(s);
            }
            if (v >= 0 && v <= 0xffffffffL) {
                return (int) v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new LustreException(Errno.EINVAL, "root_squash '" + ConsoleText.escape(text) + "': bad " + what);
    }
}
