package org.jlustre.client.nio;

import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.attribute.UserPrincipalNotFoundException;

/**
 * An owner or group of a Lustre file: the numeric uid or gid the MDT stores. The servers know
 * no user names (Lustre maps none without an identity upcall), so a principal's name is its
 * number in decimal, and the lookup service takes numbers only. A user is never a group, so
 * {@code setOwner} and {@code setGroup} cannot be confused.
 */
sealed interface LustrePrincipal extends UserPrincipal {

    /** The lookup service: decimal ids only, UserPrincipalNotFoundException for anything else. */
    UserPrincipalLookupService LOOKUP = new UserPrincipalLookupService() {
        @Override
        public UserPrincipal lookupPrincipalByName(String name) throws UserPrincipalNotFoundException {
            return new User(parse(name));
        }

        @Override
        public GroupPrincipal lookupPrincipalByGroupName(String name) throws UserPrincipalNotFoundException {
            return new Group(parse(name));
        }
    };

    /** The uid or gid. */
    int id();

    @Override
    default String getName() {
        return Integer.toUnsignedString(id());
    }

    /**
     * An owner.
     *
     * @param id the uid
     */
    record User(int id) implements LustrePrincipal {
        @Override
        public String toString() {
            return "uid " + getName();
        }
    }

    /**
     * A group.
     *
     * @param id the gid
     */
    record Group(int id) implements LustrePrincipal, GroupPrincipal {
        @Override
        public String toString() {
            return "gid " + getName();
        }
    }

    /** The id of {@code principal}: its number, UserPrincipalNotFoundException when its name is none. */
    static int idOf(UserPrincipal principal) throws UserPrincipalNotFoundException {
        return principal instanceof LustrePrincipal p ? p.id() : parse(principal.getName());
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
