package org.jlustre.mdt.perm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;
import org.jlustre.common.Nid;
import org.junit.jupiter.api.Test;

/** mdt_root_squash and cfs_parse_nidlist/cfs_match_nid. */
class RootSquashTest {

    static Nid nid(String s) throws LustreException {
        return Nid.parse(s);
    }

    @Test
    void rootFromASquashedNidBecomesTheSquashIds() throws LustreException {
        RootSquash squash = new RootSquash(99, 98, NidList.parse("192.168.0.[1-10]@tcp"));
        Cred root = Cred.fromRequest(0, 0, 0, 0, Capability.ALL, 5, -1);
        Cred squashed = squash.apply(root, nid("10.0.0.1@tcp"));
        assertThat(squashed.fsuid()).isEqualTo(99);
        assertThat(squashed.fsgid()).isEqualTo(98);
        assertThat(squashed.capabilities()).isZero();
        assertThat(squashed.groups()).isEmpty();
        assertThat(squashed.uid()).as("the real ids stay, as mdt_root_squash leaves uc_uid").isZero();
        assertThat(squash.apply(root, nid("192.168.0.7@tcp"))).as("in nosquash_nids").isEqualTo(root);
        assertThat(squash.param()).isEqualTo("99:98");
    }

    @Test
    void onlyFsuidZeroIsSquashedAndUidZeroTurnsItOff() throws LustreException {
        RootSquash squash = new RootSquash(99, 98, NidList.NONE);
        Cred user = Cred.user(1000, 1000);
        assertThat(squash.apply(user, nid("10.0.0.1@tcp"))).isEqualTo(user);
        Cred rootRealUserFs = new Cred(0, 0, 1000, 1000, new int[0], Capability.ALL);
        assertThat(squash.apply(rootRealUserFs, nid("10.0.0.1@tcp"))).isEqualTo(rootRealUserFs);
        assertThat(RootSquash.OFF.apply(Cred.ROOT, nid("10.0.0.1@tcp"))).isEqualTo(Cred.ROOT);
    }

    /** A squashed root is an ordinary user to the permission checks. */
    @Test
    void squashedRootLosesItsOverrides() throws LustreException {
        Cred squashed = new RootSquash(65534, 65534, NidList.NONE).apply(Cred.ROOT, nid("10.0.0.1@tcp"));
        FileAttrs rootFile = FileAttrs.of(0100600, 0, 0);
        assertThatThrownBy(() -> Permissions.check(squashed, rootFile, java.util.Optional.empty(), Permissions.MAY_READ))
                .isInstanceOfSatisfying(LustreException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EACCES));
    }

    /** lprocfs_wr_root_squash: uid:gid as kstrtoul reads them; show is "%u:%u". */
    @Test
    void rootSquashParameter() throws LustreException {
        RootSquash s = RootSquash.OFF.withIds("500:0x1f5\n");
        assertThat(s.uid()).isEqualTo(500);
        assertThat(s.gid()).isEqualTo(501);
        assertThat(s.param()).isEqualTo("500:501");
        assertThat(RootSquash.OFF.withIds("010:+7").param()).as("octal and a plus sign").isEqualTo("8:7");
        assertThat(RootSquash.OFF.withIds("4294967295:0").param()).isEqualTo("4294967295:0");
        for (String bad : new String[] {"500", "x:1", "1:", "1:2:3", "-1:0", "4294967296:0", "08:0", "1:0x", ""}) {
            assertThatThrownBy(() -> RootSquash.OFF.withIds(bad)).as(bad)
                    .isInstanceOfSatisfying(LustreException.class, e -> {
                        assertThat(e.errno()).isEqualTo(Errno.EINVAL);
                        assertThat(e.getMessage()).contains("root_squash '" + bad + "'");
                    });
        }
        assertThatThrownBy(() -> RootSquash.OFF.withIds("1".repeat(70) + ":0"))
                .isInstanceOfSatisfying(LustreException.class, e -> assertThat(e.getMessage()).contains("too long"));
    }

    /** lprocfs_wr_nosquash_nids: NONE or clear empties the list; show prints NONE for an empty one. */
    @Test
    void nosquashNidsParameter() throws LustreException {
        RootSquash s = RootSquash.OFF.withIds("99:99").withNosquash("10.0.0.[1-4]@tcp 0@lo\n");
        assertThat(s.nosquashParam()).isEqualTo("10.0.0.[1-4]@tcp 0@lo");
        assertThat(s.apply(Cred.ROOT, nid("10.0.0.3@tcp"))).isEqualTo(Cred.ROOT);
        assertThat(s.apply(Cred.ROOT, nid("10.0.0.5@tcp")).fsuid()).isEqualTo(99);
        assertThat(s.withNosquash("clear").nosquashParam()).isEqualTo("NONE");
        assertThat(s.withNosquash("NONE").nosquash().isEmpty()).isTrue();
        assertThatThrownBy(() -> s.withNosquash("10.0.0.1")).isInstanceOfSatisfying(LustreException.class,
                e -> assertThat(e.errno()).isEqualTo(Errno.EINVAL));
        assertThatThrownBy(() -> s.withNosquash(" ")).isInstanceOfSatisfying(LustreException.class,
                e -> assertThat(e.errno()).isEqualTo(Errno.EINVAL));
    }

    @Test
    void nidListForms() throws LustreException {
        NidList list = NidList.parse("  192.168.[0-2].[1-9/2,20]@tcp  *@o2ib1 10.1.1.*@tcp2 0@lo ");
        assertThat(list.toString()).isEqualTo("192.168.[0-2].[1-9/2,20]@tcp *@o2ib1 10.1.1.*@tcp2 0@lo");
        assertThat(list.matches(nid("192.168.2.9@tcp"))).isTrue();
        assertThat(list.matches(nid("192.168.1.20@tcp"))).isTrue();
        assertThat(list.matches(nid("192.168.1.4@tcp"))).as("outside the step").isFalse();
        assertThat(list.matches(nid("192.168.3.1@tcp"))).isFalse();
        assertThat(list.matches(nid("192.168.1.1@tcp1"))).as("another network").isFalse();
        assertThat(list.matches(nid("1.2.3.4@o2ib1"))).isTrue();
        assertThat(list.matches(nid("1.2.3.4@o2ib"))).isFalse();
        assertThat(list.matches(nid("10.1.1.200@tcp2"))).isTrue();
        assertThat(list.matches(nid("0@lo"))).isTrue();
        assertThat(NidList.parse("NONE").isEmpty()).isTrue();
        assertThat(NidList.parse("").matches(nid("0@lo"))).isFalse();
    }

    @Test
    void badNidListsAreEinvalNamingTheRange() {
        for (String bad : new String[] {"192.168.0.1", "1.2.3@tcp", "1.2.3.256@tcp", "1.2.3.[5-1]@tcp", "@tcp",
            "1.2.3.4@nosuchnet", "1.2.3.[1,x]@tcp", "1.2.3.4/2@tcp"}) {
            assertThatThrownBy(() -> NidList.parse("0@lo " + bad)).as(bad)
                    .isInstanceOfSatisfying(LustreException.class, e -> {
                        assertThat(e.errno()).isEqualTo(Errno.EINVAL);
                        assertThat(e.getMessage()).contains(bad);
                    });
        }
    }
}
