package org.jlustre.mdt.ldlm;

/**
 * Who holds a flock lock ({@code ldlm_same_flock_owner}): the client (its export on the MDT)
 * and the owner value the client sent (its open file for flock(2), its POSIX lock owner for
 * fcntl). The same owner value from two clients names two owners.
 *
 * @param client the client's export, or any object standing for one (compared with equals)
 * @param owner {@code lfw_owner}
 */
record FlockOwner(Object client, long owner) {

    @Override
    public String toString() {
        return "owner 0x" + Long.toHexString(owner) + " of " + client;
    }
}
