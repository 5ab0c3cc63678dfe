package org.jlustre.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jlustre.cluster.ClusterTestBase.b;
import static org.jlustre.cluster.ClusterTestBase.errno;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jlustre.client.FileLock;
import org.jlustre.client.LustreClient;
import org.jlustre.client.Striping;
import org.jlustre.common.Errno;
import org.jlustre.common.Fid;
import org.jlustre.mdc.MdcCred;
import org.jlustre.testing.Nodes;
import org.jlustre.wire.ldlm.LdlmResId;
import org.junit.jupiter.api.Test;

/** Flock locks of two mounts over socklnd on TCP loopback: conflict, F_GETLK, a wait, and an unmount releasing. */
class FlockTcpTest {

    @Test
    void twoMountsOverTcpShareLocksThroughTheMdt() throws Exception {
        try (LocalCluster c = LocalCluster.start(Nodes.Driver.TCP)) {
            LustreClient a = c.mount();
            LustreClient bc = c.mount();
            Fid f = a.create(MdcCred.root(), a.root(), b("locked"), 0666, Striping.DEFAULT).join().fid();
            a.setlk(f, 1, new FileLock(FileLock.F_WRLCK, 0, 4095, 41), false).join();
            assertThat(errno(bc.setlk(f, 1, new FileLock(FileLock.F_RDLCK, 4095, 5000, 42), false)))
                    .isEqualTo(Errno.EAGAIN);
            assertThat(bc.getlk(f, 1, new FileLock(FileLock.F_RDLCK, 0, 0, 42)).join())
                    .isEqualTo(new FileLock(FileLock.F_WRLCK, 0, 4095, 41));
            CompletableFuture<Void> waiting = bc.setlk(f, 1, new FileLock(FileLock.F_WRLCK, 100, 200, 42), true);
            ClientFlockTestSupport.awaitLine(c, f, "waiting PW [100, 200]");
            assertThat(waiting).isNotDone();
            a.close();
            waiting.get(60, TimeUnit.SECONDS);
            assertThat(c.mdt().mdt().flocks().dump(LdlmResId.flock(f))).singleElement().asString()
                    .startsWith("PW [100, 200] pid 42");
        }
    }
}
