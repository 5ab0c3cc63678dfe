/**
 * The OUT_UPDATE RPC's formats (lustre_idl.h, lustre/include/obj_update.h): the updates one
 * MDT sends another ({@code object_update_request} of {@code object_update}s with their
 * {@code object_update_param}s, inside an {@code out_update_header}) and the answers
 * ({@code object_update_reply} of {@code object_update_result}s), little-endian, every
 * variable part rounded to 8 bytes as {@code cfs_size_round} does.
 */
package org.jlustre.wire.out;
