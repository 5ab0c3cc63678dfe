package org.jlustre.client.nio;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileAttributeView;
import java.nio.file.attribute.FileOwnerAttributeView;
import java.nio.file.attribute.FileStoreAttributeView;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import org.jlustre.client.FsStat;

/**
 * The one store of a Lustre filesystem: space as {@code df} shows it for a Lustre mount
 * ({@code ll_statfs_internal}: the OSTs' blocks summed), asked of the servers at each call.
 */
public final class LustreFileStore extends FileStore {

    private final LustreFileSystem fs;

    LustreFileStore(LustreFileSystem fs) {
        this.fs = fs;
    }

    /** The statfs of the whole filesystem, every MDT and OST asked; also each target's own numbers. */
    public FsStat statfs() throws IOException {
        Namespace ns = fs.namespace();
        return ns.calls().await(ns.client().statfs(ns.cred()), fs);
    }

    /** The filesystem name. */
    @Override
    public String name() {
        return fs.client().fsname();
    }

    @Override
    public String type() {
        return "lustre";
    }

    @Override
    public boolean isReadOnly() {
        return false;
    }

    @Override
    public long getTotalSpace() throws IOException {
        FsStat s = statfs();
        return s.blocks() * s.blockSize();
    }

    @Override
    public long getUsableSpace() throws IOException {
        FsStat s = statfs();
        return s.blocksAvail() * s.blockSize();
    }

    @Override
    public long getUnallocatedSpace() throws IOException {
        FsStat s = statfs();
        return s.blocksFree() * s.blockSize();
    }

    @Override
    public long getBlockSize() throws IOException {
        return statfs().blockSize();
    }

    @Override
    public boolean supportsFileAttributeView(Class<? extends FileAttributeView> type) {
        return type == BasicFileAttributeView.class || type == FileOwnerAttributeView.class
                || type == PosixFileAttributeView.class || type == LustreFileAttributeView.class
                || type == UserDefinedFileAttributeView.class;
    }

    @Override
    public boolean supportsFileAttributeView(String name) {
        return fs.supportedFileAttributeViews().contains(name);
    }

    /** None: a Lustre store has no attribute views of its own. */
    @Override
    public <V extends FileStoreAttributeView> V getFileStoreAttributeView(Class<V> type) {
        return null;
    }

    /** No attribute of the store is offered by name (UnsupportedOperationException, as the contract allows). */
    @Override
    public Object getAttribute(String attribute) {
        throw new UnsupportedOperationException("FileStore.getAttribute(" + attribute + "): a Lustre store has no attributes by name");
    }

    @Override
    public String toString() {
        return name() + " (" + fs + ")";
    }
}
