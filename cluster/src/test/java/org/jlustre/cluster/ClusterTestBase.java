package org.jlustre.cluster;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.jlustre.client.LustreClient;
import org.jlustre.client.SetAttr;
import org.jlustre.common.Errno;
import org.jlustre.common.Fid;
import org.jlustre.common.LustreException;
import org.jlustre.mdc.MdcCred;
import org.jlustre.testing.Nodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;

/**
 * One in-JVM filesystem per test class with two client mounts, and a fresh directory per test
 * (named after it, mode 0777) for the client's system tests.
 */
abstract class ClusterTestBase {

    static final MdcCred ROOT = MdcCred.root();
    static final MdcCred ALICE = MdcCred.user(1000, 1000);
    static final MdcCred BOB = MdcCred.user(2000, 2000);
    static LocalCluster cluster;
    /** The mount the tests act through. */
    static LustreClient fs;
    /** A second mount of the same filesystem. */
    static LustreClient other;
    /** This test's directory. */
    Fid dir;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = LocalCluster.start(Nodes.Driver.MEM);
        fs = cluster.mount();
        other = cluster.mount();
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @BeforeEach
    void testDirectory(TestInfo info) {
        dir = fs.mkdir(ROOT, fs.root(), b(info.getTestMethod().orElseThrow().getName()), 0777).join().fid();
        fs.setattr(ROOT, dir, SetAttr.NONE.withMode(0777)).join();
    }

    static byte[] b(String s) {
        return s.getBytes(UTF_8);
    }

    /** The errno a future failed with (it must fail with a LustreException). */
    static Errno errno(CompletableFuture<?> f) {
        Throwable t = catchThrowable(f::join);
        assertThat(t).isInstanceOf(CompletionException.class);
        assertThat(t.getCause()).isInstanceOf(LustreException.class);
        return ((LustreException) t.getCause()).errno();
    }
}
