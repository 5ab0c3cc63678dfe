package org.jlustre.client.nio;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.NotDirectoryException;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipal;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.jlustre.client.FileAttr;
import org.jlustre.client.Layout;
import org.jlustre.client.SetAttr;
import org.jlustre.client.Striping;
import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;

/**
 * The one implementation of the {@code basic}, {@code owner}, {@code posix} and {@code lustre}
 * views (each a subset of the last): the file is looked up when an attribute is read or set,
 * not when the view is made, as {@link java.nio.file.Files#getFileAttributeView} asks. Changes
 * are one {@code setattr} each, checked by the MDT with the filesystem's credentials.
 */
final class AttributeView implements LustreFileAttributeView {

    private final String name;
    private final LustrePath path;
    private final boolean follow;

    AttributeView(String name, LustrePath path, boolean follow) {
        this.name = name;
        this.path = path;
        this.follow = follow;
    }

    @Override
    public String name() {
        return name;
    }

    /** The POSIX attributes, and the layout for the {@code lustre} view (one more call). */
    @Override
    public Attributes readAttributes() throws IOException {
        Namespace ns = path.getFileSystem().namespace();
        FileAttr attr = ns.stat(path, follow);
        if (!name.equals(NAME)) {
            return new Attributes(attr);
        }
        return new Attributes(attr, layout(ns, attr));
    }

    /** Sets the times to whole seconds (what Lustre keeps); a null time is left as it is, the creation time is ignored. */
    @Override
    public void setTimes(FileTime lastModifiedTime, FileTime lastAccessTime, FileTime createTime) throws IOException {
        if (lastModifiedTime == null && lastAccessTime == null) {
            return;
        }
        long mtime = lastModifiedTime == null ? SetAttr.KEEP : lastModifiedTime.to(TimeUnit.SECONDS);
        long atime = lastAccessTime == null ? SetAttr.KEEP : lastAccessTime.to(TimeUnit.SECONDS);
        setattr(SetAttr.NONE.withTimes(atime, mtime));
    }

    @Override
    public UserPrincipal getOwner() throws IOException {
        return readAttributes().owner();
    }

    /** chown to {@code owner}; a group is refused with IOException, as the JDK's Unix view refuses it. */
    @Override
    public void setOwner(UserPrincipal owner) throws IOException {
        if (owner instanceof GroupPrincipal) {
            throw new IOException("owner of " + path + " cannot be a group (" + owner + ")");
        }
        setattr(SetAttr.NONE.withOwner(LustrePrincipal.idOf(owner), -1));
    }

    @Override
    public void setGroup(GroupPrincipal group) throws IOException {
        setattr(SetAttr.NONE.withOwner(-1, LustrePrincipal.idOf(group)));
    }

    @Override
    public void setPermissions(Set<PosixFilePermission> perms) throws IOException {
        FileAttr attr = path.getFileSystem().namespace().stat(path, follow);
        // keep the set-id and sticky bits, which the permission set cannot express
        setattr(SetAttr.NONE.withMode(attr.mode() & 07000 | Attributes.modeOf(perms)));
    }

    @Override
    public void setDefaultStriping(Striping striping) throws IOException {
        Namespace ns = path.getFileSystem().namespace();
        FileAttr attr = ns.stat(path, follow);
        if (!attr.isDirectory()) {
            throw new NotDirectoryException(path.toString());
        }
        ns.calls().await(ns.client().setDefaultStriping(ns.cred(), attr.fid(), striping), path);
    }

    /** Sets attribute {@code attribute} of this view by name, as {@link java.nio.file.Files#setAttribute} passes it. */
    void set(String attribute, Object value) throws IOException {
        boolean time = attribute.endsWith("Time");
        if (name.equals("basic") && !time || name.equals("owner") && !attribute.equals("owner")) {
            throw new IllegalArgumentException("attribute '" + attribute + "' cannot be set in view '" + name + "'");
        }
        switch (attribute) {
            case "lastModifiedTime" -> setTimes((FileTime) value, null, null);
            case "lastAccessTime" -> setTimes(null, (FileTime) value, null);
            case "creationTime" -> setTimes(null, null, (FileTime) value);
            case "owner" -> setOwner((UserPrincipal) value);
            case "group" -> setGroup((GroupPrincipal) value);
            case "permissions" -> setPermissions(castPermissions(value));
            default -> throw new IllegalArgumentException("attribute '" + name + ":" + attribute + "' cannot be set");
        }
    }

    private void setattr(SetAttr change) throws IOException {
        Namespace ns = path.getFileSystem().namespace();
        FileAttr attr = ns.stat(path, follow);
        ns.calls().await(ns.client().setattr(ns.cred(), attr.fid(), change), path);
    }

    private static Optional<Layout> layout(Namespace ns, FileAttr attr) throws IOException {
        if (!attr.isRegularFile() && !attr.isDirectory()) {
            return Optional.empty();
        }
        try {
            return Optional.of(ns.calls().await(ns.client().getLayout(ns.cred(), attr.fid()), attr.fid()));
        } catch (FileSystemException e) {
            if (e.getCause() instanceof LustreException le && le.errno() == Errno.ENODATA) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @SuppressWarnings("unchecked")
    private static Set<PosixFilePermission> castPermissions(Object value) {
        return (Set<PosixFilePermission>) value;
    }
}
