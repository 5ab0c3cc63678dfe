package org.jlustre.bench;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import java.nio.file.FileSystem;

/** The Jimfs file systems the reference figures run on (performance.md: Jimfs 1.3.2 is the in-process peer). */
final class JimfsFixture {

    private JimfsFixture() {
    }

    /** A Unix-like Jimfs with the default attribute views ("basic"), as a plain user gets it. */
    static FileSystem unix() {
        return Jimfs.newFileSystem(Configuration.unix());
    }

    /** A Unix-like Jimfs that also stores user-defined attributes (Jimfs's xattrs, the "user" view). */
    static FileSystem unixWithUserAttributes() {
        return Jimfs.newFileSystem(Configuration.unix().toBuilder()
                .setAttributeViews("basic", "owner", "posix", "unix", "user").build());
    }
}
