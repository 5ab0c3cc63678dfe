/**
 * osp: the MDT's proxies for the OSTs (lustre/osp): precreated objects, {@code lov_objid},
 * orphan cleanup, the sync llog of unlinked objects and the OST_DESTROYs it drives, statfs.
 */
package org.jlustre.mdt.osp;
