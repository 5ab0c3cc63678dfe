package org.jlustre.ptlrpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;
import org.jlustre.testing.Nodes;
import org.jlustre.wire.ptlrpc.MsgFlags;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A bulk GET the client never answers (its memory is gone, so socklnd cannot send the REPLY):
 * the client times the request out and reconnects, and the server's handler gives the bulk up
 * at once instead of holding its service thread for the whole bulk timeout, without a reply
 * ({@code target_bulk_io}: "Reconnect on bulk", "We don't reply anyway").
 */
class BulkReconnectTest {

    private static final int GET_BULK = 16120;
    private static final int LEN = 64 * 1024;

    private EchoCluster cluster;

    @AfterEach
    void tearDown() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aBulkWhoseClientReconnectedIsAbandonedWithoutAReply() throws Exception {
        cluster = new EchoCluster(Nodes.Driver.TCP, 4, 1 << 14);
        assertThat(cluster.echo.service().bulkTimeout()).isGreaterThanOrEqualTo(Duration.ofSeconds(100));
        AtomicReference<LustreException> failure = new AtomicReference<>();
        CountDownLatch returned = new CountDownLatch(1);
        cluster.echo.service().register(GET_BULK, req -> {
            try {
                req.bulkGet(List.of(MemorySegment.ofArray(new byte[LEN])),
                        BulkLayout.of(new long[] {0}, new int[] {LEN}));
            } catch (LustreException e) {
                failure.set(e);
                throw e;
            } finally {
                returned.countDown();
            }
        });
        Import imp = cluster.client("bulk-reconnect", Duration.ofSeconds(2));
        imp.connectSync();
        int connCnt = imp.connCnt();
        Arena gone = Arena.ofShared();
        MemorySegment source = gone.allocate(LEN);
        gone.close();
        ClientRequest w = imp.request(GET_BULK, MsgFlags.LUSTRE_OST_VERSION, 8);
        w.bulk(ClientRequest.BulkType.GET_SOURCE, List.of(source), BulkLayout.of(new long[] {0}, new int[] {LEN}));

        assertThatThrownBy(() -> imp.call(w)).isInstanceOf(LustreException.class);
        assertThat(returned.await(30, TimeUnit.SECONDS))
                .as("the handler gave the bulk up after the reconnect, not after the 100 s bulk timeout; logs:\n%s",
                        cluster.logs())
                .isTrue();
        assertThat(failure.get().errno()).isEqualTo(Errno.ENOTCONN);
        assertThat(failure.get().getMessage()).contains("reconnected");
        assertThat(imp.connCnt()).isGreaterThan(connCnt);
        // the connection serves again, and a request sent right after a timeout is not lost to
        // the old connection count
        assertThat(imp.ping().status()).isZero();
    }
}
