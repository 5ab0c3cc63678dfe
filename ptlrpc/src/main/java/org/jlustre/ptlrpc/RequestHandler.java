package org.jlustre.ptlrpc;

import org.jlustre.common.LustreException;

/**
 * Serves one opcode of a service ({@code tgt_handler}). It reads the request, packs its reply
 * with {@link ServerRequest#packReply} (or leaves it to ptlrpc, which sends the bare
 * {@code ptlrpc_body}) and returns; a {@link LustreException} becomes the reply's
 * {@code pb_status}, sent in the reply the handler packed before it failed, if any, as Lustre
 * sends it. Runs on a service thread: it may block (bulk transfers, the OSD). One registered
 * with {@link Service#register(int, RequestHandler, java.util.function.Predicate)} runs on the
 * network's thread for the requests its predicate picks, and must not block on them.
 */
@FunctionalInterface
public interface RequestHandler {

    /** Handles the request. */
    void handle(ServerRequest req) throws LustreException;
}
