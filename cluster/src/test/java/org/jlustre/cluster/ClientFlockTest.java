package org.jlustre.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jlustre.client.FileLock;
import org.jlustre.client.LustreClient;
import org.jlustre.client.Striping;
import org.jlustre.common.Errno;
import org.jlustre.common.Fid;
import org.jlustre.wire.ldlm.LdlmResId;
import org.junit.jupiter.api.Test;

/**
 * POSIX and flock locks through two mounts of one in-JVM filesystem, held on the MDT as LDLM
 * flock locks: conflicts, merge and split, F_GETLK, waiting, EDEADLK, flock(2), and locks
 * dropped with the client that held them.
 */
class ClientFlockTest extends ClusterTestBase {

    private static final long MAX = FileLock.TO_EOF;

    private Fid file(String name) {
        return fs.create(ROOT, dir, b(name), 0666, Striping.DEFAULT).join().fid();
    }

    private static FileLock wr(long start, long end, int pid) {
        return new FileLock(FileLock.F_WRLCK, start, end, pid);
    }

    private static FileLock rd(long start, long end, int pid) {
        return new FileLock(FileLock.F_RDLCK, start, end, pid);
    }

    private static FileLock un(long start, long end) {
        return new FileLock(FileLock.F_UNLCK, start, end, 0);
    }

    /** The MDT's granted and waiting locks of {@code f}. */
    private static List<String> onMdt(Fid f) {
        return cluster.mdt().mdt().flocks().dump(LdlmResId.flock(f));
    }

    private static void awaitOnMdt(Fid f, String prefix) throws InterruptedException {
        ClientFlockTestSupport.awaitLine(cluster, f, prefix);
    }

    private static <T> T within(CompletableFuture<T> f) throws Exception {
        return f.get(60, TimeUnit.SECONDS);
    }

    @Test
    void conflictingRangesOfTwoMountsAndGetlkReportsTheHolder() throws Exception {
        Fid f = file("f");
        fs.setlk(f, 1, wr(0, 99, 111), false).join();
        assertThat(errno(other.setlk(f, 1, wr(50, 60, 222), false))).isEqualTo(Errno.EAGAIN);
        assertThat(errno(other.setlk(f, 2, rd(99, 99, 222), false))).isEqualTo(Errno.EAGAIN);
        other.setlk(f, 1, rd(100, 200, 222), false).join();
        assertThat(other.getlk(f, 1, wr(0, 10, 222)).join()).isEqualTo(wr(0, 99, 111));
        assertThat(fs.getlk(f, 1, wr(150, 150, 111)).join()).isEqualTo(rd(100, 200, 222));
        assertThat(other.getlk(f, 1, rd(201, MAX, 222)).join()).isEqualTo(rd(201, MAX, 222).withType(FileLock.F_UNLCK));
        // an owner never conflicts with itself
        assertThat(fs.getlk(f, 1, wr(0, 99, 111)).join().type()).isEqualTo(FileLock.F_UNLCK);
        assertThat(onMdt(f)).hasSize(2);
    }

    @Test
    void anOwnersRangesMergeAndAnUnlockSplitsThem() throws Exception {
        Fid f = file("f");
        fs.setlk(f, 7, wr(0, 9, 70), false).join();
        fs.setlk(f, 7, wr(10, 19, 70), false).join();
        assertThat(onMdt(f)).singleElement().asString().startsWith("PW [0, 19] pid 70");
        fs.setlk(f, 7, un(5, 14), false).join();
        assertThat(onMdt(f)).hasSize(2).allMatch(s -> s.startsWith("PW [0, 4]") || s.startsWith("PW [15, 19]"));
        other.setlk(f, 8, wr(5, 14, 80), false).join();
        assertThat(errno(other.setlk(f, 8, wr(4, 4, 80), false))).isEqualTo(Errno.EAGAIN);
        // a read lock in the middle of the owner's write lock splits it in three
        fs.setlk(f, 7, wr(20, 99, 70), false).join();
        fs.setlk(f, 7, rd(40, 59, 70), false).join();
        other.setlk(f, 9, rd(45, 50, 90), false).join();
        assertThat(errno(other.setlk(f, 9, rd(39, 40, 90), false))).isEqualTo(Errno.EAGAIN);
        fs.setlk(f, 7, un(0, MAX), false).join();
        other.setlk(f, 8, un(0, MAX), false).join();
        other.setlk(f, 9, un(0, MAX), false).join();
        assertThat(onMdt(f)).isEmpty();
    }

    @Test
    void aWaitingLockIsGrantedWhenTheHolderUnlocks() throws Exception {
        Fid f = file("f");
        fs.setlk(f, 1, wr(0, MAX, 1), false).join();
        CompletableFuture<Void> waiting = other.setlk(f, 2, wr(10, 20, 2), true);
        awaitOnMdt(f, "waiting PW [10, 20]");
        assertThat(waiting).isNotDone();
        fs.setlk(f, 1, un(0, 15), false).join();
        assertThat(waiting).isNotDone();
        fs.setlk(f, 1, un(16, MAX), false).join();
        within(waiting);
        assertThat(fs.getlk(f, 1, rd(0, MAX, 1)).join()).isEqualTo(wr(10, 20, 2));
    }

    @Test
    void waitingInACycleIsEdeadlk() throws Exception {
        Fid f1 = file("f1");
        Fid f2 = file("f2");
        fs.setlk(f1, 1, wr(0, 0, 1), false).join();
        other.setlk(f2, 2, wr(0, 0, 2), false).join();
        CompletableFuture<Void> first = fs.setlk(f2, 1, wr(0, 0, 1), true);
        awaitOnMdt(f2, "waiting PW [0, 0]");
        assertThat(errno(other.setlk(f1, 2, wr(0, 0, 2), true))).isEqualTo(Errno.EDEADLK);
        other.setlk(f2, 2, un(0, MAX), false).join();
        within(first);
    }

    @Test
    void flockLocksTheWholeFileSharedOrExclusive() throws Exception {
        Fid f = file("f");
        fs.flock(f, 10, 100, FileLock.F_WRLCK, false).join();
        assertThat(errno(other.flock(f, 20, 200, FileLock.F_RDLCK, false))).isEqualTo(Errno.EAGAIN);
        assertThat(errno(fs.flock(f, 11, 100, FileLock.F_RDLCK, false))).isEqualTo(Errno.EAGAIN);
        fs.flock(f, 10, 100, FileLock.F_RDLCK, false).join();
        other.flock(f, 20, 200, FileLock.F_RDLCK, false).join();
        assertThat(errno(other.flock(f, 21, 200, FileLock.F_WRLCK, false))).isEqualTo(Errno.EAGAIN);
        CompletableFuture<Void> upgrade = other.flock(f, 20, 200, FileLock.F_WRLCK, true);
        fs.flock(f, 10, 100, FileLock.F_UNLCK, false).join();
        within(upgrade);
        assertThat(onMdt(f)).singleElement().asString().startsWith("PW [0, 9223372036854775807] pid 200");
    }

    @Test
    void cancellingAWaitWithdrawsItFromTheMdt() throws Exception {
        Fid f = file("f");
        fs.setlk(f, 1, wr(0, MAX, 1), false).join();
        CompletableFuture<Void> waiting = other.setlk(f, 2, rd(0, 0, 2), true);
        awaitOnMdt(f, "waiting PR [0, 0]");
        waiting.cancel(true);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (onMdt(f).size() != 1 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(onMdt(f)).singleElement().asString().startsWith("PW [0, 9223372036854775807] pid 1");
    }

    @Test
    void theLocksOfAClientThatGoesGoWithIt() throws Exception {
        Fid f = file("f");
        LustreClient third = cluster.mount();
        third.setlk(f, 1, wr(0, 99, 3), false).join();
        third.setlk(f, 2, rd(200, 300, 3), false).join();
        CompletableFuture<Void> waiting = other.setlk(f, 5, wr(0, 0, 5), true);
        awaitOnMdt(f, "waiting PW [0, 0]");
        assertThat(errno(fs.setlk(f, 4, rd(50, 50, 4), false))).isEqualTo(Errno.EAGAIN);
        third.close();
        within(waiting);
        fs.setlk(f, 4, rd(50, 50, 4), false).join();
        assertThat(onMdt(f)).hasSize(2).noneMatch(s -> s.contains("pid 3 "));
    }

    @Test
    void badTypesAndRangesAreEinval() {
        Fid f = file("f");
        assertThat(errno(fs.setlk(f, 1, new FileLock(7, 0, 1, 1), false))).isEqualTo(Errno.EINVAL);
        assertThat(errno(fs.setlk(f, 1, wr(10, 9, 1), false))).isEqualTo(Errno.EINVAL);
        assertThat(errno(fs.setlk(f, 1, wr(-1, 9, 1), false))).isEqualTo(Errno.EINVAL);
        assertThat(errno(fs.getlk(f, 1, un(0, 9)))).isEqualTo(Errno.EINVAL);
    }
}
