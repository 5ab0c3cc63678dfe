/**
 * The metadata target (lustre/mdt, mdd, lod, osp): handlers over an mdd namespace layer over a
 * lod layout layer over any OSD, with osp proxies that reach the OSTs through the OSC.
 */
module org.jlustre.mdt {
    requires transitive org.jlustre.ptlrpc;
    requires transitive org.jlustre.target;
    requires transitive org.jlustre.obdclass;
    requires transitive org.jlustre.fid;
    requires transitive org.jlustre.osc;
    requires transitive org.jlustre.llog;

    exports org.jlustre.mdt;
    exports org.jlustre.mdt.ldlm;
    exports org.jlustre.mdt.lod;
    exports org.jlustre.mdt.mdd;
    exports org.jlustre.mdt.osp;
    exports org.jlustre.mdt.out;
    exports org.jlustre.mdt.perm;
}
