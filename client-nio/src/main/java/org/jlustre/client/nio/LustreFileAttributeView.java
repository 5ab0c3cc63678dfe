package org.jlustre.client.nio;

import java.io.IOException;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import org.jlustre.client.Striping;

/**
 * The {@code lustre} attribute view: the POSIX view with the FID and layout of
 * {@link LustreFileAttributes}, and a directory's default striping ({@code lfs setstripe DIR}).
 * By name it offers every {@code posix} attribute plus {@code fid} and {@code layout} (read
 * only). A new file gets a striping of its own from the {@link #STRIPING} file attribute at
 * creation: {@code Files.createFile(path, LustreFileAttributeView.striping(Striping.of(2, 65536)))}.
 */
public interface LustreFileAttributeView extends PosixFileAttributeView {

    /** The view's name. */
    String NAME = "lustre";

    /** The name of the creation-time attribute holding a {@link Striping}. */
    String STRIPING = "lustre:striping";

    @Override
    default String name() {
        return NAME;
    }

    @Override
    LustreFileAttributes readAttributes() throws IOException;

    /** Sets the default striping of the files created in this directory from now on. */
    void setDefaultStriping(Striping striping) throws IOException;

    /** The creation-time attribute asking for {@code striping}, for {@code Files.createFile} and {@code Files.newByteChannel}. */
    static FileAttribute<Striping> striping(Striping striping) {
        return new FileAttribute<>() {
            @Override
            public String name() {
                return STRIPING;
            }

            @Override
            public Striping value() {
                return striping;
            }

            @Override
            public String toString() {
                return STRIPING + "=" + striping;
            }
        };
    }
}
