package org.jlustre.tools.llmount;

import org.jlustre.tools.control.ControlServer;

/**
 * A server of the filesystem {@code llmount} started: its test-framework facet ({@code mgs},
 * {@code mds1}, {@code ost1} ...), its target, its NID, and its node's lctl, dump and export,
 * in this JVM or through its process's control socket.
 *
 * @param facet the test-framework facet name
 * @param target the target's name ({@code MGS}, {@code lustre-MDT0000})
 * @param nid the node's NID
 * @param node what runs on the server's node
 */
record Member(String facet, String target, String nid, ControlServer.Node node) {
}
