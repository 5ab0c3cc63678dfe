package org.jlustre.client.nio;

import java.nio.file.attribute.PosixFileAttributes;
import java.util.Optional;
import org.jlustre.client.Layout;
import org.jlustre.common.Fid;

/**
 * The attributes of a Lustre file: POSIX's, plus its {@link Fid} (also its
 * {@link #fileKey()}) and its layout as {@code lfs getstripe} shows it. Read them with
 * {@code Files.readAttributes(path, LustreFileAttributes.class)} or by name,
 * {@code Files.readAttributes(path, "lustre:fid,layout")}.
 */
public interface LustreFileAttributes extends PosixFileAttributes {

    /** The file's FID (the inode number llite shows is {@link Fid#flatten64()}). */
    Fid fid();

    /**
     * The file's striping over OST objects, or a directory's default striping; empty for a
     * file without OST objects or a directory without a default of its own.
     */
    Optional<Layout> layout();

    /** The number of hard links. */
    int linkCount();

    /** The uid of the owner. */
    int uid();

    /** The gid of the group. */
    int gid();

    /** The type and permission bits, {@code st_mode}. */
    int mode();
}
