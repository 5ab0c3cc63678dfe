package org.jlustre.osd;

/**
 * What a backend supports, so the conformance kit skips (with an assumption) what a backend
 * declares it lacks instead of testing its class.
 *
 * @param spaceAccounting statfs reports real usage and updates fail with ENOSPC when full
 * @param quotaAccounting the ACCT_*_OID usage indexes exist ({@link IndexFeatures#ACCOUNTING})
 * @param lseekDataHole {@link Body#seek} distinguishes data from holes
 * @param objectTable the LFSCK object-table iterator ({@link IndexFeatures#OBJECT_TABLE})
 * @param persistent data survives a restart of the device
 */
public record OsdCapabilities(boolean spaceAccounting, boolean quotaAccounting, boolean lseekDataHole,
        boolean objectTable, boolean persistent) {
}
