package org.jlustre.mdt.perm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jlustre.wire.mdt.PosixAclXattr.ACL_GROUP;
import static org.jlustre.wire.mdt.PosixAclXattr.ACL_GROUP_OBJ;
import static org.jlustre.wire.mdt.PosixAclXattr.ACL_MASK;
import static org.jlustre.wire.mdt.PosixAclXattr.ACL_OTHER;
import static org.jlustre.wire.mdt.PosixAclXattr.ACL_USER;
import static org.jlustre.wire.mdt.PosixAclXattr.ACL_USER_OBJ;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.jlustre.common.FileMode;
import org.jlustre.common.LustreException;
import org.jlustre.wire.mdt.PosixAclXattr;
import org.jlustre.wire.mdt.PosixAclXattr.Entry;
import org.junit.jupiter.api.Test;

/**
 * Random ACLs, callers and requests checked against the access check algorithm as acl(5)
 * ("ACCESS CHECK ALGORITHM", POSIX.1e draft 17) states it, written here independently of
 * {@link Acl#permits}: owner, then named user (masked), then every matching group entry
 * (masked; refused when none grants), then other. Also: an ACL survives its xattr round trip,
 * chmod keeps {@code applyToMode} equal to the mode's permission bits, and inheritance never
 * grants a bit the requested mode did not have.
 *
 * <p>One seed per run, printed; rerun a failure with {@code -Djlustre.seed=N}.
 */
class AclModelTest {

    private static final long SEED = Long.getLong("jlustre.seed", System.nanoTime());
    private static final int ROUNDS = 20_000;

    /** acl(5)'s algorithm. */
    private static boolean model(Cred c, FileAttrs f, List<Entry> acl, int want) {
        if (c.fsuid() == f.uid()) {
            return contains(find(acl, ACL_USER_OBJ).perm(), want);
        }
        int mask = acl.stream().filter(e -> e.tag() == ACL_MASK).mapToInt(Entry::perm).findFirst().orElse(7);
        for (Entry e : acl) {
            if (e.tag() == ACL_USER && e.id() == c.fsuid()) {
                return contains(e.perm() & mask, want);
            }
        }
        boolean matched = false;
        for (Entry e : acl) {
            int gid = e.tag() == ACL_GROUP_OBJ ? f.gid() : e.tag() == ACL_GROUP ? e.id() : Integer.MIN_VALUE;
            if (gid != Integer.MIN_VALUE && c.inGroup(gid)) {
                matched = true;
                if (contains(e.perm() & mask, want)) {
                    return true;
                }
            }
        }
        return !matched && contains(find(acl, ACL_OTHER).perm(), want);
    }

    private static boolean contains(int perm, int want) {
        return (perm & want) == want;
    }

    private static Entry find(List<Entry> acl, int tag) {
        return acl.stream().filter(e -> e.tag() == tag).findFirst().orElseThrow();
    }

    /** A valid ACL: unique named ids from small pools so callers often match them. */
    private static List<Entry> randomAcl(SplittableRandom r) {
        List<Entry> out = new ArrayList<>();
        out.add(new Entry(ACL_USER_OBJ, r.nextInt(8), -1));
        int users = r.nextInt(4);
        for (int id = 1; id <= 4 && users > 0; id++) {
            if (r.nextBoolean()) {
                out.add(new Entry(ACL_USER, r.nextInt(8), id));
                users--;
            }
        }
        out.add(new Entry(ACL_GROUP_OBJ, r.nextInt(8), -1));
        int groups = r.nextInt(4);
        for (int id = 10; id <= 13 && groups > 0; id++) {
            if (r.nextBoolean()) {
                out.add(new Entry(ACL_GROUP, r.nextInt(8), id));
                groups--;
            }
        }
        boolean named = out.size() > 2;
        if (named || r.nextBoolean()) {
            out.add(new Entry(ACL_MASK, r.nextInt(8), -1));
        }
        out.add(new Entry(ACL_OTHER, r.nextInt(8), -1));
        return out;
    }

    private static Cred randomCred(SplittableRandom r) {
        int n = r.nextInt(3);
        int[] groups = new int[n];
        for (int i = 0; i < n; i++) {
            groups[i] = 10 + r.nextInt(5);
        }
        return Cred.user(r.nextInt(5), 10 + r.nextInt(5), groups);
    }

    @Test
    void permitsMatchesTheAcl5Algorithm() throws LustreException {
        System.out.println("AclModelTest seed " + SEED + " (rerun with -Djlustre.seed=" + SEED + ")");
        SplittableRandom r = new SplittableRandom(SEED);
        for (int i = 0; i < ROUNDS; i++) {
            List<Entry> entries = randomAcl(r);
            Acl acl = Acl.parse(new PosixAclXattr(entries).toBytes()).orElseThrow();
            assertThat(acl.entries()).isEqualTo(entries);
            Cred c = randomCred(r);
            FileAttrs f = FileAttrs.of(acl.applyToMode(FileMode.S_IFREG), r.nextInt(5), 10 + r.nextInt(5));
            int want = 1 + r.nextInt(7);
            boolean expected = model(c, f, entries, want);
            assertThat(acl.permits(c, f, want)).as("seed %d round %d: %s %s %s want %d", SEED, i, acl, c, f, want)
                    .isEqualTo(expected);
            if ((f.mode() & 070) != 0 || c.fsuid() == f.uid()) {
                assertThat(Permissions.permitted(c, f, Optional.of(acl), want)).as("seed %d round %d", SEED, i)
                        .isEqualTo(expected);
            }
            int mode = r.nextInt(010000);
            Acl changed = acl.chmod(mode);
            assertThat(changed.applyToMode(FileMode.S_IFREG) & 0777).as("seed %d round %d chmod", SEED, i)
                    .isEqualTo(mode & 0777);
            assertThat(Acl.parse(changed.toXattr())).contains(changed);
            Acl.Inherited inherited = Acl.inherit(acl, FileMode.S_IFREG | mode);
            assertThat(inherited.mode() & ~mode & 07777).as("seed %d round %d inherit grants nothing new", SEED, i)
                    .isZero();
            Acl access = inherited.access().orElse(Acl.fromMode(inherited.mode()));
            assertThat(access.applyToMode(0) & 0777).isEqualTo(inherited.mode() & 0777);
        }
    }
}
