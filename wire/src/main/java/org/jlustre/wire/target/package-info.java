/**
 * The on-disk layouts of the target layer (lustre/include/uapi/linux/lustre/lustre_disk.h):
 * {@code last_rcvd} ({@link org.jlustre.wire.target.LrServerData} at offset 0, one
 * {@link org.jlustre.wire.target.LsdClientData} per client from offset 8192) and
 * {@code reply_data} ({@link org.jlustre.wire.target.ReplyDataHeader}, then
 * {@link org.jlustre.wire.target.ReplyData} slots), with the feature bits a target checks at
 * mount ({@link org.jlustre.wire.target.TargetFeatures}). All fields little-endian.
 */
package org.jlustre.wire.target;
