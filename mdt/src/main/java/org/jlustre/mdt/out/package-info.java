/**
 * OUT, the object update target (lustre/target/out_handler.c, out_lib.c): the OUT_UPDATE RPC
 * another MDT's OSP sends, executed straight on this MDT's OSD, and what the sender packs.
 */
package org.jlustre.mdt.out;
