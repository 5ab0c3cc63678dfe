package org.jlustre.mdt.perm;

import static org.jlustre.wire.mdt.PosixAclXattr.ACL_GROUP;
import static org.jlustre.wire.mdt.PosixAclXattr.ACL_GROUP_OBJ;
import static org.jlustre.wire.mdt.PosixAclXattr.ACL_MASK;
import static org.jlustre.wire.mdt.PosixAclXattr.ACL_OTHER;
import static org.jlustre.wire.mdt.PosixAclXattr.ACL_UNDEFINED_ID;
import static org.jlustre.wire.mdt.PosixAclXattr.ACL_USER;
import static org.jlustre.wire.mdt.PosixAclXattr.ACL_USER_OBJ;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jlustre.common.Errno;
import org.jlustre.common.FileMode;
import org.jlustre.common.LustreException;
import org.jlustre.wire.mdt.PosixAclXattr;
import org.jlustre.wire.mdt.PosixAclXattr.Entry;

/**
 * A valid POSIX ACL (fs/posix_acl.c; Lustre's copies in mdd/mdd_acl.c): immutable, its entries
 * in the order {@code posix_acl_valid} demands (USER_OBJ, USERs, GROUP_OBJ, GROUPs, MASK,
 * OTHER), a MASK present whenever named entries are. Built only through {@link #parse} and
 * {@link #fromMode}, so an {@code Acl} in hand is always valid; the operations that change one
 * ({@link #chmod}, {@link #inherit}) return a new one.
 */
public final class Acl {

    /** The permission bits an entry may carry. */
    private static final int RWX = 07;

    private final List<Entry> entries;

    private Acl(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /**
     * Parses and validates an ACL xattr value, as setting {@code system.posix_acl_*} does
     * ({@code posix_acl_xattr_set}: {@code posix_acl_from_xattr}, then {@code posix_acl_valid}).
     *
     * @return empty for a value of no entries (a header alone: Linux's NULL ACL, which removes it)
     * @throws LustreException EINVAL for a short or ragged value, an unknown tag, an entry out
     *     of order, a perm with bits beyond rwx, an undefined id in a named entry, or named
     *     entries without a mask; EOPNOTSUPP for a version other than 2
     */
    public static Optional<Acl> parse(byte[] xattr) throws LustreException {
        List<Entry> raw = PosixAclXattr.read(xattr).entries();
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        List<Entry> out = new ArrayList<>(raw.size());
        for (Entry e : raw) {
            switch (e.tag()) {
                // posix_acl_from_xattr: ids of the unnamed entries are ignored and kept undefined
                case ACL_USER_OBJ, ACL_GROUP_OBJ, ACL_MASK, ACL_OTHER ->
                        out.add(new Entry(e.tag(), e.perm(), ACL_UNDEFINED_ID));
                case ACL_USER, ACL_GROUP -> {
                    if (e.id() == ACL_UNDEFINED_ID) { // make_kuid/make_kgid of -1 is invalid
                        throw new LustreException(Errno.EINVAL,
                                "ACL " + tagName(e.tag()) + " entry with the undefined id -1");
                    }
                    out.add(e);
                }
                default -> throw new LustreException(Errno.EINVAL,
                        "ACL entry with unknown tag 0x" + Integer.toHexString(e.tag()));
            }
        }
        validate(out);
        return Optional.of(new Acl(out));
    }

    /**
     * {@code posix_acl_valid}: perms within rwx, one USER_OBJ first, USERs, one GROUP_OBJ,
     * GROUPs, a MASK (required when there are named entries), one OTHER last.
     */
    private static void validate(List<Entry> entries) throws LustreException {
        final int user = 1;
        final int group = 2;
        final int other = 3;
        final int done = 4;
        int state = 0; // expecting USER_OBJ
        boolean needsMask = false;
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            if ((e.perm() & ~RWX) != 0) {
                throw invalid(i, e, "perm 0" + Integer.toOctalString(e.perm()) + " has bits beyond rwx");
            }
            switch (e.tag()) {
                case ACL_USER_OBJ -> state = expect(state == 0, i, e, user);
                case ACL_USER -> {
                    state = expect(state == user, i, e, user);
                    needsMask = true;
                }
                case ACL_GROUP_OBJ -> state = expect(state == user, i, e, group);
                case ACL_GROUP -> {
                    state = expect(state == group, i, e, group);
                    needsMask = true;
                }
                case ACL_MASK -> state = expect(state == group, i, e, other);
                case ACL_OTHER -> state = expect(state == other || (state == group && !needsMask), i, e, done);
                default -> throw invalid(i, e, "unknown tag");
            }
            if (state == done && i != entries.size() - 1) {
                throw invalid(i + 1, entries.get(i + 1), "entry after ACL_OTHER");
            }
        }
        if (state != done) {
            throw new LustreException(Errno.EINVAL, "ACL of " + entries.size() + " entries is incomplete"
                    + (state == group && needsMask ? ": named entries need an ACL_MASK" : ": it must end with ACL_OTHER"));
        }
    }

    private static int expect(boolean ok, int i, Entry e, int next) throws LustreException {
        if (!ok) {
            throw invalid(i, e, "out of order (USER_OBJ, USER..., GROUP_OBJ, GROUP..., MASK, OTHER)");
        }
        return next;
    }

    private static LustreException invalid(int i, Entry e, String why) {
        return new LustreException(Errno.EINVAL, "ACL entry " + i + " (" + tagName(e.tag()) + "): " + why);
    }

    /** A tag's name for messages. */
    static String tagName(int tag) {
        return switch (tag) {
            case ACL_USER_OBJ -> "ACL_USER_OBJ";
            case ACL_USER -> "ACL_USER";
            case ACL_GROUP_OBJ -> "ACL_GROUP_OBJ";
            case ACL_GROUP -> "ACL_GROUP";
            case ACL_MASK -> "ACL_MASK";
            case ACL_OTHER -> "ACL_OTHER";
            default -> "tag 0x" + Integer.toHexString(tag);
        };
    }

    /** The three-entry ACL equivalent to a mode ({@code posix_acl_from_mode}). */
    public static Acl fromMode(int mode) {
        return new Acl(List.of(new Entry(ACL_USER_OBJ, (mode >> 6) & RWX, ACL_UNDEFINED_ID),
                new Entry(ACL_GROUP_OBJ, (mode >> 3) & RWX, ACL_UNDEFINED_ID),
                new Entry(ACL_OTHER, mode & RWX, ACL_UNDEFINED_ID)));
    }

    /** The entries in order. */
    public List<Entry> entries() {
        return entries;
    }

    /** The xattr value, as Linux stores it. */
    public byte[] toXattr() {
        return new PosixAclXattr(entries).toBytes();
    }

    /**
     * Whether the ACL grants {@code want} (MAY_READ|MAY_WRITE|MAY_EXEC bits, which are the
     * ACL_* bits) to {@code cred} on {@code file} ({@code posix_acl_permission}; Lustre's
     * {@code lustre_posix_acl_permission}, mdd_acl.c): the owner gets USER_OBJ; a named user
     * its entry limited by the mask; the groups the caller is in (GROUP_OBJ and named groups)
     * grant when one of them holds all of {@code want} (limited by the mask); a caller in
     * such a group but granted by none is refused without looking at OTHER; everybody else
     * gets OTHER.
     */
    public boolean permits(Cred cred, FileAttrs file, int want) {
        want &= RWX;
        boolean foundGroup = false;
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            switch (e.tag()) {
                case ACL_USER_OBJ -> {
                    if (cred.owns(file.uid())) {
                        return (e.perm() & want) == want;
                    }
                }
                case ACL_USER -> {
                    if (e.id() == cred.fsuid()) {
                        return (e.perm() & maskPerm() & want) == want;
                    }
                }
                case ACL_GROUP_OBJ, ACL_GROUP -> {
                    int g = e.tag() == ACL_GROUP_OBJ ? file.gid() : e.id();
                    if (cred.inGroup(g)) {
                        foundGroup = true;
                        if ((e.perm() & want) == want) {
                            return (e.perm() & maskPerm() & want) == want;
                        }
                    }
                }
                case ACL_MASK -> {
                }
                case ACL_OTHER -> {
                    return !foundGroup && (e.perm() & want) == want;
                }
                default -> throw new IllegalStateException("validated ACL holds tag " + e.tag());
            }
        }
        throw new IllegalStateException("validated ACL without ACL_OTHER");
    }

    /** The mask's perm, or rwx when there is no mask (then no entry is limited). */
    private int maskPerm() {
        for (Entry e : entries) {
            if (e.tag() == ACL_MASK) {
                return e.perm();
            }
        }
        return RWX;
    }

    /**
     * Whether the mode bits alone say all this ACL says ({@code posix_acl_equiv_mode} returns
     * 0): no named entries and no mask.
     */
    public boolean equivalentToMode() {
        for (Entry e : entries) {
            if (e.hasId() || e.tag() == ACL_MASK) {
                return false;
            }
        }
        return true;
    }

    /**
     * The permission bits of {@code mode} replaced by the ACL's ({@code posix_acl_equiv_mode}):
     * owner from USER_OBJ, group from the MASK when there is one (else GROUP_OBJ), other from
     * OTHER; the type and setuid/setgid/sticky bits stay.
     */
    public int applyToMode(int mode) {
        int perms = 0;
        Integer mask = null;
        for (Entry e : entries) {
            switch (e.tag()) {
                case ACL_USER_OBJ -> perms |= (e.perm() & RWX) << 6;
                case ACL_GROUP_OBJ -> perms |= (e.perm() & RWX) << 3;
                case ACL_OTHER -> perms |= e.perm() & RWX;
                case ACL_MASK -> mask = e.perm() & RWX;
                default -> {
                }
            }
        }
        if (mask != null) {
            perms = (perms & ~070) | (mask << 3);
        }
        return (mode & ~0777) | perms;
    }

    /**
     * The ACL after a chmod to {@code mode} ({@code __posix_acl_chmod}/{@code posix_acl_chmod_masq};
     * Lustre's {@code lustre_posix_acl_chmod_masq} in {@code mdd_acl_chmod}): USER_OBJ and OTHER
     * take the owner and other bits, the MASK takes the group bits (GROUP_OBJ keeps its perm),
     * or GROUP_OBJ takes them when there is no mask; named entries stay.
     */
    public Acl chmod(int mode) {
        boolean hasMask = entries.stream().anyMatch(e -> e.tag() == ACL_MASK);
        List<Entry> out = new ArrayList<>(entries.size());
        for (Entry e : entries) {
            int perm = switch (e.tag()) {
                case ACL_USER_OBJ -> (mode >> 6) & RWX;
                case ACL_OTHER -> mode & RWX;
                case ACL_MASK -> (mode >> 3) & RWX;
                case ACL_GROUP_OBJ -> hasMask ? e.perm() : (mode >> 3) & RWX;
                default -> e.perm();
            };
            out.add(new Entry(e.tag(), perm, e.id()));
        }
        return new Acl(out);
    }

    /**
     * What a new file gets from its directory's default ACL ({@code posix_acl_create} and
     * {@code posix_acl_create_masq}; Lustre's {@code mdd_acl_init} with
     * {@code lustre_posix_acl_create_masq}). The mode's permission bits are ANDed with the
     * ACL's (USER_OBJ, MASK or else GROUP_OBJ, OTHER) and the ACL's with the mode's, and the
     * umask is not applied. The access ACL is kept only when it says more than the mode
     * (Linux drops an equivalent one; Lustre 2.15 stores it anyway, which changes no answer).
     * A directory also inherits the default ACL itself.
     *
     * @param defaultAcl the directory's {@code system.posix_acl_default}
     * @param mode the requested mode with its type bits (before any umask)
     */
    public static Inherited inherit(Acl defaultAcl, int mode) {
        int m = mode;
        List<Entry> out = new ArrayList<>(defaultAcl.entries.size());
        int groupAt = -1;
        int maskAt = -1;
        for (Entry e : defaultAcl.entries) {
            switch (e.tag()) {
                case ACL_USER_OBJ -> {
                    int perm = e.perm() & ((m >> 6) & RWX);
                    m &= (perm << 6) | ~0700;
                    out.add(new Entry(e.tag(), perm, e.id()));
                }
                case ACL_OTHER -> {
                    int perm = e.perm() & (m & RWX);
                    m &= perm | ~07;
                    out.add(new Entry(e.tag(), perm, e.id()));
                }
                case ACL_GROUP_OBJ -> {
                    groupAt = out.size();
                    out.add(e);
                }
                case ACL_MASK -> {
                    maskAt = out.size();
                    out.add(e);
                }
                default -> out.add(e);
            }
        }
        int at = maskAt >= 0 ? maskAt : groupAt;
        Entry g = out.get(at);
        int perm = g.perm() & ((m >> 3) & RWX);
        m &= (perm << 3) | ~070;
        out.set(at, new Entry(g.tag(), perm, g.id()));
        Acl access = new Acl(out);
        return new Inherited(m, access.equivalentToMode() ? Optional.empty() : Optional.of(access),
                FileMode.isDir(mode) ? Optional.of(defaultAcl) : Optional.empty());
    }

    /**
     * What {@link #inherit} gives a new file.
     *
     * @param mode the new file's mode
     * @param access its {@code system.posix_acl_access}, when it needs one
     * @param defaultAcl its {@code system.posix_acl_default} (directories only)
     */
    public record Inherited(int mode, Optional<Acl> access, Optional<Acl> defaultAcl) {
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Acl a && entries.equals(a.entries);
    }

    @Override
    public int hashCode() {
        return entries.hashCode();
    }

    /** The {@code getfacl} short text form: {@code u::rw-,u:1000:r--,g::r--,m::r--,o::---}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (Entry e : entries) {
            if (!sb.isEmpty()) {
                sb.append(',');
            }
            sb.append(switch (e.tag()) {
                case ACL_USER_OBJ, ACL_USER -> "u:";
                case ACL_GROUP_OBJ, ACL_GROUP -> "g:";
                case ACL_MASK -> "m:";
                default -> "o:";
            });
            if (e.hasId()) {
                sb.append(Integer.toUnsignedString(e.id()));
            }
            sb.append(':').append((e.perm() & 4) != 0 ? 'r' : '-').append((e.perm() & 2) != 0 ? 'w' : '-')
                    .append((e.perm() & 1) != 0 ? 'x' : '-');
        }
        return sb.toString();
    }
}
