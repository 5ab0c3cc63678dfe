/**
 * Lustre's byte layouts, pure and I/O-free: what lustre_idl.h and friends define, with a
 * golden test pinning every size and offset as Lustre's wiretest.c does.
 */
module org.jlustre.wire {
    requires transitive org.jlustre.common;

    exports org.jlustre.wire;
    exports org.jlustre.wire.fid;
    exports org.jlustre.wire.ldlm;
    exports org.jlustre.wire.llog;
    exports org.jlustre.wire.mdt;
    exports org.jlustre.wire.lnet;
    exports org.jlustre.wire.mgs;
    exports org.jlustre.wire.ost;
    exports org.jlustre.wire.out;
    exports org.jlustre.wire.ptlrpc;
    exports org.jlustre.wire.target;
}
