/**
 * The MDT's LDLM namespace for flock locks (lustre/ldlm/ldlm_flock.c on the server side of
 * lustre/ldlm/ldlm_lockd.c): POSIX (fcntl) and BSD (flock) locks of every client of the MDT,
 * kept per file so that they are coherent across mounts.
 */
package org.jlustre.mdt.ldlm;
