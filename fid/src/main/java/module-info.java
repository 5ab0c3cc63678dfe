/**
 * FID sequences and the FLD (lustre/fid, lustre/fld): the sequence controller on MDT0, the
 * sequence server of every target, the sequence client that hands out FIDs, and the FID
 * location database that says which target serves a sequence.
 */
module org.jlustre.fid {
    requires transitive org.jlustre.ptlrpc;
    requires transitive org.jlustre.osd;

    exports org.jlustre.fid;
}
