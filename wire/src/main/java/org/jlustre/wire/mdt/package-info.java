/**
 * The MDT's wire and disk layouts (lustre_idl.h, lustre_user.h): REINT records, open flags and
 * op biases, readdir pages, the LMA, LinkEA and LOV EA xattrs, and the close buffers. Pure and
 * I/O-free, with a golden test pinning every size, offset and constant to Lustre 2.15's
 * wiretest.c. {@code mdt_body} and {@code lu_dirent} live in {@code org.jlustre.wire}, where the
 * OSD and the MGC met them first.
 */
package org.jlustre.wire.mdt;
