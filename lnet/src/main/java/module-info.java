/**
 * LNet: portals, match entries and memory descriptors, PUT/GET/ACK/REPLY, and two drivers:
 * socklnd over TCP (Netty) and an in-JVM network with the same semantics.
 */
module org.jlustre.lnet {
    requires transitive org.jlustre.wire;
    requires io.netty.transport;
    requires io.netty.buffer;
    requires io.netty.common;
    requires io.netty.transport.classes.epoll;

    exports org.jlustre.lnet;
    exports org.jlustre.lnet.socklnd;
    exports org.jlustre.lnet.mem;
}
