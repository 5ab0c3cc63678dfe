/**
 * The target layer shared by OSTs and MDTs (lustre/target/): {@code last_rcvd} and
 * {@code reply_data} on the target's own OSD, transaction numbers written in the same OSD
 * transaction as the update they record, the client slots behind reconnection, the names of a
 * target's objects as an ldiskfs target shows them, and {@code lr_reader}'s printing.
 */
module org.jlustre.target {
    requires transitive org.jlustre.osd;

    exports org.jlustre.target;
}
