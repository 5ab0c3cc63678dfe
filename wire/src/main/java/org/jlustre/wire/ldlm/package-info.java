/**
 * The LDLM wire structures of lustre_idl.h (2.15): {@code ldlm_request}, {@code ldlm_reply},
 * {@code ldlm_lock_desc}, {@code ldlm_resource_desc}, {@code ldlm_res_id} and the flock policy
 * {@code ldlm_flock_wire}, with the modes, lock types and wire flags they carry.
 */
package org.jlustre.wire.ldlm;
