package org.jlustre.ptlrpc;

import java.util.List;
import java.util.Objects;
import org.jlustre.wire.lnet.LnetConstants;
import org.jlustre.wire.ptlrpc.PtlrpcBody;

/**
 * How a service runs ({@code struct ptlrpc_service_conf}, lustre/include/lustre_net.h).
 *
 * @param name the service name ({@code ost_io}, {@code mgs}, ...), used for thread and
 *        parameter names
 * @param paramPrefix where its parameters go ({@code ost.OSS.ost_io}: stats, threads_*)
 * @param requestPortal the portal requests arrive on
 * @param replyPortal the portal replies go to on the client
 * @param bulkPortal the portal bulk moves on
 * @param maxRequestSize the largest request ({@code srv_max_req_size})
 * @param bufferSize the size of each request buffer ({@code srv_buf_size}); many requests
 *        share one
 * @param buffers how many request buffers stay posted ({@code srv_nbuf_per_group}): with
 *        none free, requests are dropped by LNet and their senders time out
 * @param threads handler threads
 * @param connectOpcode the opcode of this service's CONNECT (0 for none)
 * @param disconnectOpcode the opcode of its DISCONNECT (0 for none)
 * @param serviceVersion the {@code LUSTRE_*_VERSION} its own opcodes use
 */
public record ServiceConfig(String name, List<String> paramPrefix, int requestPortal, int replyPortal, int bulkPortal,
        int maxRequestSize, int bufferSize, int buffers, int threads, int connectOpcode, int disconnectOpcode,
        int serviceVersion) {

    /** Validates. */
    public ServiceConfig {
        Objects.requireNonNull(name, "name");
        paramPrefix = List.copyOf(paramPrefix);
        checkPortal("request", requestPortal);
        checkPortal("reply", replyPortal);
        checkPortal("bulk", bulkPortal);
        if (maxRequestSize < PtlrpcBody.SIZE_V2 + 40 || maxRequestSize > LnetConstants.MTU) {
            throw new IllegalArgumentException("max request size " + maxRequestSize + " not in "
                    + (PtlrpcBody.SIZE_V2 + 40) + ".." + LnetConstants.MTU);
        }
        if (bufferSize < maxRequestSize) {
            throw new IllegalArgumentException("request buffer size " + bufferSize + " < max request size "
                    + maxRequestSize);
        }
        if (buffers < 1 || threads < 1) {
            throw new IllegalArgumentException("buffers " + buffers + " and threads " + threads + " must be >= 1");
        }
    }

    private static void checkPortal(String what, int p) {
        if (p < 0 || p >= LnetConstants.MAX_PORTALS) {
            throw new IllegalArgumentException(what + " portal " + p + " not in 0.." + (LnetConstants.MAX_PORTALS - 1));
        }
    }

    /** The same with other thread and buffer counts. */
    public ServiceConfig withThreads(int n) {
        return new ServiceConfig(name, paramPrefix, requestPortal, replyPortal, bulkPortal, maxRequestSize, bufferSize,
                buffers, n, connectOpcode, disconnectOpcode, serviceVersion);
    }

    /** The same with other request buffers. */
    public ServiceConfig withBuffers(int bufferSize, int buffers) {
        return new ServiceConfig(name, paramPrefix, requestPortal, replyPortal, bulkPortal, maxRequestSize, bufferSize,
                buffers, threads, connectOpcode, disconnectOpcode, serviceVersion);
    }
}
