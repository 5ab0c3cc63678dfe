package org.jlustre.mdt.mdd;

/** The xattr names MDD keeps or gives meaning to (lustre_idl.h {@code XATTR_NAME_*}). */
final class XattrNames {

    private XattrNames() {
    }

    /** {@code XATTR_NAME_LOV}: a file's layout, a directory's default layout. */
    static final String LOV = "trusted.lov";
    /** {@code XATTR_NAME_DEFAULT_LMV}: a directory's default directory layout. */
    static final String DEFAULT_LMV = "trusted.dmv";
    /** {@code XATTR_NAME_POSIX_ACL_ACCESS}. */
    static final String ACL_ACCESS = "system.posix_acl_access";
    /** {@code XATTR_NAME_POSIX_ACL_DEFAULT}. */
    static final String ACL_DEFAULT = "system.posix_acl_default";
    /** The user namespace prefix. */
    static final String USER = "user.";
    /** The trusted namespace prefix. */
    static final String TRUSTED = "trusted.";
    /** The security namespace prefix. */
    static final String SECURITY = "security.";
    /** The system namespace prefix. */
    static final String SYSTEM = "system.";
    /** The lustre namespace prefix ({@code lustre.lov} is {@code trusted.lov} to clients). */
    static final String LUSTRE = "lustre.";
}
