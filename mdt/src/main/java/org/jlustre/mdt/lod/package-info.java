/**
 * lod: the MDT's layout layer (lustre/lod): default striping, layout requests, the choice of
 * OSTs (round-robin while their free space is balanced, weighted by free space when it is
 * not), {@code trusted.lov}, and the OSTs' space summed for statfs.
 */
package org.jlustre.mdt.lod;
