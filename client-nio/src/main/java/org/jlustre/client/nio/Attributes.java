package org.jlustre.client.nio;

import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.jlustre.client.FileAttr;
import org.jlustre.client.Layout;
import org.jlustre.common.Fid;

/**
 * The attributes of one file as the client API reported them, under java.nio's names. Times
 * are whole seconds (what {@code mdt_body} carries); the creation time, which Lustre 2.15's
 * client does not fetch, is the modification time, as the JDK reports it on Linux without
 * {@code statx}.
 *
 * @param attr what the client API answered
 * @param layout the layout, when it was asked for
 */
record Attributes(FileAttr attr, Optional<Layout> layout) implements LustreFileAttributes {

    /** The attributes each view offers by name, in the order {@code "view:*"} lists them. */
    static final Map<String, List<String>> NAMES = Map.of(
            "basic", List.of("lastModifiedTime", "lastAccessTime", "creationTime", "size", "isRegularFile",
                    "isDirectory", "isSymbolicLink", "isOther", "fileKey"),
            "owner", List.of("owner"),
            "posix", List.of("lastModifiedTime", "lastAccessTime", "creationTime", "size", "isRegularFile",
                    "isDirectory", "isSymbolicLink", "isOther", "fileKey", "owner", "permissions", "group"),
            LustreFileAttributeView.NAME, List.of("lastModifiedTime", "lastAccessTime", "creationTime", "size",
                    "isRegularFile", "isDirectory", "isSymbolicLink", "isOther", "fileKey", "owner", "permissions",
                    "group", "fid", "layout", "mode", "uid", "gid", "nlink"));

    private static final PosixFilePermission[] BITS = {
        PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
        PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
        PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ};

    /** Attributes without a layout. */
    Attributes(FileAttr attr) {
        this(attr, Optional.empty());
    }

    /** The permission bits of {@code perms}. */
    static int modeOf(Collection<PosixFilePermission> perms) {
        int mode = 0;
        for (int bit = 0; bit < BITS.length; bit++) {
            if (perms.contains(BITS[bit])) {
                mode |= 1 << bit;
            }
        }
        return mode;
    }

    /** The permissions in the low nine bits of {@code mode}. */
    static Set<PosixFilePermission> permissionsOf(int mode) {
        Set<PosixFilePermission> perms = EnumSet.noneOf(PosixFilePermission.class);
        for (int bit = 0; bit < BITS.length; bit++) {
            if ((mode & 1 << bit) != 0) {
                perms.add(BITS[bit]);
            }
        }
        return perms;
    }

    /** Seconds since the epoch as a FileTime. */
    static FileTime time(long seconds) {
        return FileTime.from(seconds, TimeUnit.SECONDS);
    }

    /** The attributes {@code names} (comma-separated, or {@code *}) of {@code view}, by name; IllegalArgumentException for an unknown one. */
    Map<String, Object> toMap(String view, String names) {
        List<String> offered = NAMES.get(view);
        if (offered == null) {
            throw new UnsupportedOperationException("attribute view '" + view + "' (the Lustre provider has "
                    + NAMES.keySet() + ")");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (String name : names.split(",")) {
            if (name.equals("*")) {
                offered.forEach(n -> out.put(n, get(n)));
            } else if (offered.contains(name)) {
                out.put(name, get(name));
            } else {
                throw new IllegalArgumentException("attribute '" + name + "' is not in view '" + view + "'");
            }
        }
        return out;
    }

    private Object get(String name) {
        return switch (name) {
            case "lastModifiedTime" -> lastModifiedTime();
            case "lastAccessTime" -> lastAccessTime();
            case "creationTime" -> creationTime();
            case "size" -> size();
            case "isRegularFile" -> isRegularFile();
            case "isDirectory" -> isDirectory();
            case "isSymbolicLink" -> isSymbolicLink();
            case "isOther" -> isOther();
            case "fileKey" -> fileKey();
            case "owner" -> owner();
            case "group" -> group();
            case "permissions" -> permissions();
            case "fid" -> fid();
            case "layout" -> layout.orElse(null);
            case "mode" -> mode();
            case "uid" -> uid();
            case "gid" -> gid();
            case "nlink" -> linkCount();
            default -> throw new IllegalArgumentException("attribute '" + name + "'");
        };
    }

    @Override
    public FileTime lastModifiedTime() {
        return time(attr.mtime());
    }

    @Override
    public FileTime lastAccessTime() {
        return time(attr.atime());
    }

    @Override
    public FileTime creationTime() {
        return lastModifiedTime();
    }

    @Override
    public boolean isRegularFile() {
        return attr.isRegularFile();
    }

    @Override
    public boolean isDirectory() {
        return attr.isDirectory();
    }

    @Override
    public boolean isSymbolicLink() {
        return attr.isSymlink();
    }

    @Override
    public boolean isOther() {
        return !isRegularFile() && !isDirectory() && !isSymbolicLink();
    }

    @Override
    public long size() {
        return attr.size();
    }

    /** The FID, which names the file as long as it exists. */
    @Override
    public Object fileKey() {
        return attr.fid();
    }

    @Override
    public UserPrincipal owner() {
        return new LustrePrincipal.User(attr.uid());
    }

    @Override
    public GroupPrincipal group() {
        return new LustrePrincipal.Group(attr.gid());
    }

    @Override
    public Set<PosixFilePermission> permissions() {
        return permissionsOf(attr.mode());
    }

    @Override
    public Fid fid() {
        return attr.fid();
    }

    @Override
    public int linkCount() {
        return attr.nlink();
    }

    @Override
    public int uid() {
        return attr.uid();
    }

    @Override
    public int gid() {
        return attr.gid();
    }

    @Override
    public int mode() {
        return attr.mode();
    }

    @Override
    public String toString() {
        return attr.fid() + " " + PosixFilePermissions.toString(permissions()) + " size " + size();
    }
}
