package org.jlustre.client.nio;

import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.attribute.UserPrincipalNotFoundException;

/**
 * An owner or group of a Lustre file: the numeric uid or gid the MDT stores. The servers know
 * no user names (Lustre maps none without an identity upcall), so a principal's name is its
 * number in decimal, and the lookup service takes numbers only.
 *
 * @param id the uid or gid
 * @param group whether it is a group
 */
record LustrePrincipal(int id, boolean group) implements GroupPrincipal {

    /** The lookup service: decimal ids only, UserPrincipalNotFoundException for anything else. */
    static final UserPrincipalLookupService LOOKUP = new UserPrincipalLookupService() {
        @Override
        public UserPrincipal lookupPrincipalByName(String name) throws UserPrincipalNotFoundException {
            return new LustrePrincipal(parse(name), false);
        }

        @Override
        public GroupPrincipal lookupPrincipalByGroupName(String name) throws UserPrincipalNotFoundException {
            return new LustrePrincipal(parse(name), true);
        }
    };

    /** The id of {@code principal}: its number, UserPrincipalNotFoundException when its name is none. */
    static int idOf(UserPrincipal principal) throws UserPrincipalNotFoundException {
        return principal instanceof LustrePrincipal p ? p.id : parse(principal.getName());
    }

    @Override
    public String getName() {
        return Integer.toUnsignedString(id);
    }

    @Override
    public String toString() {
        return (group ? "gid " : "uid ") + getName();
    }

    private static int parse(String name) throws UserPrincipalNotFoundException {
        try {
            long id = Long.parseLong(name);
            if (id < 0 || id > 0xffffffffL) {
                throw new UserPrincipalNotFoundException(name);
            }
            return (int) id;
        } catch (NumberFormatException e) {
            throw new UserPrincipalNotFoundException(name);
        }
    }
}
