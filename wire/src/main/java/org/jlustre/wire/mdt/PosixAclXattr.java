package org.jlustre.wire.mdt;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;
import org.jlustre.wire.Le;

/**
 * A POSIX ACL as Linux stores it in the {@code system.posix_acl_access} and
 * {@code system.posix_acl_default} xattrs and Lustre keeps and sends it (the {@code acl}
 * buffer of GETATTR replies): {@code struct posix_acl_xattr_header} then
 * {@code struct posix_acl_xattr_entry}s (include/uapi/linux/posix_acl_xattr.h), little-endian:
 *
 * <pre>
 *  0  4  a_version  POSIX_ACL_XATTR_VERSION (2)
 *  then per entry (8 bytes):
 *  0  2  e_tag      ACL_USER_OBJ 0x01, ACL_USER 0x02, ACL_GROUP_OBJ 0x04, ACL_GROUP 0x08,
 *                   ACL_MASK 0x10, ACL_OTHER 0x20
 *  2  2  e_perm     ACL_READ 4 | ACL_WRITE 2 | ACL_EXECUTE 1
 *  4  4  e_id       uid for ACL_USER, gid for ACL_GROUP, ACL_UNDEFINED_ID (-1) otherwise
 * </pre>
 *
 * This is the layout only; what an ACL means (validity, permission, chmod, inheritance) is
 * {@code org.jlustre.mdt.perm.Acl}'s.
 *
 * @param entries the entries in stored order
 */
public record PosixAclXattr(List<Entry> entries) {

    /** {@code POSIX_ACL_XATTR_VERSION}. */
    public static final int VERSION = 2;
    /** Size of {@code posix_acl_xattr_header}. */
    public static final int HEADER_SIZE = 4;
    /** Size of {@code posix_acl_xattr_entry}. */
    public static final int ENTRY_SIZE = 8;
    /** Offset of {@code e_tag} in an entry. */
    public static final int OFF_TAG = 0;
    /** Offset of {@code e_perm} in an entry. */
    public static final int OFF_PERM = 2;
    /** Offset of {@code e_id} in an entry. */
    public static final int OFF_ID = 4;

    /** {@code ACL_USER_OBJ}: the owner. */
    public static final int ACL_USER_OBJ = 0x01;
    /** {@code ACL_USER}: a named user. */
    public static final int ACL_USER = 0x02;
    /** {@code ACL_GROUP_OBJ}: the owning group. */
    public static final int ACL_GROUP_OBJ = 0x04;
    /** {@code ACL_GROUP}: a named group. */
    public static final int ACL_GROUP = 0x08;
    /** {@code ACL_MASK}: the most the named entries and the owning group may get. */
    public static final int ACL_MASK = 0x10;
    /** {@code ACL_OTHER}: everybody else. */
    public static final int ACL_OTHER = 0x20;

    /** {@code ACL_READ}. */
    public static final int ACL_READ = 0x04;
    /** {@code ACL_WRITE}. */
    public static final int ACL_WRITE = 0x02;
    /** {@code ACL_EXECUTE}. */
    public static final int ACL_EXECUTE = 0x01;
    /** {@code ACL_UNDEFINED_ID}: the id of the entries that carry none. */
    public static final int ACL_UNDEFINED_ID = -1;

    /** The xattr name of the access ACL ({@code XATTR_NAME_POSIX_ACL_ACCESS}). */
    public static final String XATTR_ACCESS = "system.posix_acl_access";
    /** The xattr name of a directory's default ACL ({@code XATTR_NAME_POSIX_ACL_DEFAULT}). */
    public static final String XATTR_DEFAULT = "system.posix_acl_default";

    /**
     * One {@code posix_acl_xattr_entry}.
     *
     * @param tag {@code e_tag}
     * @param perm {@code e_perm}
     * @param id {@code e_id} (a u32 kept in an int)
     */
    public record Entry(int tag, int perm, int id) {

        /** The entry, its fields range-checked to their u16 sizes. */
        public Entry {
            if ((tag & ~0xffff) != 0 || (perm & ~0xffff) != 0) {
                throw new IllegalArgumentException("e_tag 0x" + Integer.toHexString(tag) + " or e_perm 0x"
                        + Integer.toHexString(perm) + " does not fit in 16 bits");
            }
        }

        /** Whether the tag carries an id ({@code ACL_USER}, {@code ACL_GROUP}). */
        public boolean hasId() {
            return tag == ACL_USER || tag == ACL_GROUP;
        }
    }

    /** Keeps an immutable copy of the entries. */
    public PosixAclXattr {
        entries = List.copyOf(entries);
    }

    /** The encoded size of {@code count} entries ({@code posix_acl_xattr_size}). */
    public static int size(int count) {
        return HEADER_SIZE + count * ENTRY_SIZE;
    }

    /** The encoded bytes. */
    public byte[] toBytes() {
        byte[] b = new byte[size(entries.size())];
        MemorySegment s = MemorySegment.ofArray(b);
        s.set(Le.U32, 0, VERSION);
        long at = HEADER_SIZE;
        for (Entry e : entries) {
            s.set(Le.U16, at + OFF_TAG, (short) e.tag());
            s.set(Le.U16, at + OFF_PERM, (short) e.perm());
            s.set(Le.U32, at + OFF_ID, e.id());
            at += ENTRY_SIZE;
        }
        return b;
    }

    /**
     * Decodes a stored or sent ACL as {@code posix_acl_from_xattr} (fs/posix_acl.c) reads it:
     * the size and version are checked here, the entries' order and tags by the ACL's validation.
     * A header alone is an ACL of no entries (Linux's NULL ACL, which removes the xattr).
     *
     * @throws LustreException EINVAL when the value is shorter than the header or its entries
     *     are not whole; EOPNOTSUPP when the version is not 2
     */
    public static PosixAclXattr read(byte[] value) throws LustreException {
        if (value.length < HEADER_SIZE) {
            throw new LustreException(Errno.EINVAL,
                    "POSIX ACL xattr of " + value.length + " bytes is shorter than its " + HEADER_SIZE + "-byte header");
        }
        MemorySegment s = MemorySegment.ofArray(value);
        int version = s.get(Le.U32, 0);
        if (version != VERSION) {
            throw new LustreException(Errno.EOPNOTSUPP,
                    "POSIX ACL xattr version " + Integer.toUnsignedString(version) + ", only " + VERSION + " is known");
        }
        if ((value.length - HEADER_SIZE) % ENTRY_SIZE != 0) {
            throw new LustreException(Errno.EINVAL, "POSIX ACL xattr of " + value.length + " bytes is not a "
                    + HEADER_SIZE + "-byte header and whole " + ENTRY_SIZE + "-byte entries");
        }
        int count = (value.length - HEADER_SIZE) / ENTRY_SIZE;
        List<Entry> entries = new ArrayList<>(count);
        for (long at = HEADER_SIZE; at < value.length; at += ENTRY_SIZE) {
            entries.add(new Entry(Short.toUnsignedInt(s.get(Le.U16, at + OFF_TAG)),
                    Short.toUnsignedInt(s.get(Le.U16, at + OFF_PERM)), s.get(Le.U32, at + OFF_ID)));
        }
        return new PosixAclXattr(entries);
    }
}
