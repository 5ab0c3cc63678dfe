package org.jlustre.ptlrpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.jlustre.common.LustreException;
import org.jlustre.ptlrpc.echo.EchoService;
import org.jlustre.testing.Nodes;
import org.jlustre.wire.Le;
import org.jlustre.wire.ptlrpc.MsgFlags;
import org.jlustre.wire.ptlrpc.Portals;
import org.junit.jupiter.api.Test;

/**
 * {@code rq_request_portal}: one import reaches several services of its target's node, as an
 * OSC sends bulk I/O to OST_IO and precreates to OST_CREATE while everything else goes to the
 * import's OST_REQUEST.
 */
class RequestPortalTest {

    @Test
    void aRequestGoesToThePortalItNames() throws LustreException {
        try (EchoCluster c = new EchoCluster(Nodes.Driver.MEM, 2, 4096)) {
            ServiceConfig io = new ServiceConfig("echo_io", List.of("echo", "ECHO", "echo_io"), Portals.OST_IO,
                    Portals.OSC_REPLY, Portals.OST_BULK, 4096, 1 << 20, 8, 1, 0, 0, MsgFlags.LUSTRE_OST_VERSION);
            try (Service ioService = new Service(c.server, io)) {
                ioService.register(EchoService.ECHO, "echo", req -> {
                    req.packReply(8);
                    req.replyBuf(1).set(Le.U64, 0, Portals.OST_IO);
                });
                Import imp = c.client("portal-client", Duration.ofSeconds(10));
                imp.connectSync();
                ClientRequest toIo = imp.request(EchoService.ECHO, MsgFlags.LUSTRE_OST_VERSION, 8);
                assertThat(toIo.requestPortal()).isEqualTo(Portals.OST_REQUEST);
                toIo.requestPortal(Portals.OST_IO);
                toIo.buf(1).set(Le.U64, 0, 99);
                assertThat(imp.call(toIo).buf(1, 8, "marker").get(Le.U64, 0)).isEqualTo(Portals.OST_IO);
                // the import's own portal: the echo target answers with the request's bytes
                ClientRequest plain = imp.request(EchoService.ECHO, MsgFlags.LUSTRE_OST_VERSION, 8);
                plain.buf(1).set(Le.U64, 0, 99);
                assertThat(imp.call(plain).buf(1, 8, "echo").get(Le.U64, 0)).isEqualTo(99);
                assertThatThrownBy(() -> plain.requestPortal(64)).isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("64");
                imp.close();
            }
        }
    }
}
