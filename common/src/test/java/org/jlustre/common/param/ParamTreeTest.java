package org.jlustre.common.param;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link ParamTree}: what {@code lctl get_param}, {@code set_param} and {@code list_param}
 * see, with lctl's patterns (libcfs-facts 7) and per-device groups.
 */
class ParamTreeTest {

    private static final String MGC = "MGC192.168.1.5@tcp";

    private ParamTree tree;
    private final AtomicLong mdtReadcache = new AtomicLong(100);
    private final AtomicReference<String> mgcState = new AtomicReference<>("FULL");

    @BeforeEach
    void setUp() {
        tree = new ParamTree();
        tree.register("osd-mem.lustre-MDT0000.stats", Param.readOnly(() -> "snapshot_time 1.0 secs.nsecs"));
        tree.register("osd-mem.lustre-MDT0000.fstype", Param.readOnly(() -> "mem"));
        tree.register("osd-mem.lustre-MDT0000.readcache_max_filesize",
                Param.ofLong(mdtReadcache::get, mdtReadcache::set, 0, 1000));
        tree.register("osd-mem.lustre-OST0001.stats", Param.readOnly(() -> "ost stats"));
        tree.register("osd-zfs.lustre-MDT0000.stats", Param.readOnly(() -> "zfs stats"));
        tree.register(List.of("mgc", MGC, "import"), Param.ofString(mgcState::get, mgcState::set));
        tree.register("debug", Param.readOnly(() -> "ioctl"));
    }

    private List<String> names(String pattern) throws LustreException {
        return tree.get(pattern).stream().map(ParamTree.Value::name).toList();
    }

    // ---- get ----

    @Test
    void getReadsOneEntryByItsDottedName() throws LustreException {
        assertThat(tree.get("osd-mem.lustre-MDT0000.fstype"))
                .containsExactly(new ParamTree.Value("osd-mem.lustre-MDT0000.fstype", "mem"));
        assertThat(tree.get("debug")).containsExactly(new ParamTree.Value("debug", "ioctl"));
    }

    @Test
    void starMatchesOneComponentWithDotsOrSlashes() throws LustreException {
        List<String> expected = List.of("osd-mem.lustre-MDT0000.stats", "osd-mem.lustre-OST0001.stats");
        assertThat(names("osd-mem.*.stats")).isEqualTo(expected);
        assertThat(names("osd-mem/*/stats")).isEqualTo(expected);
        assertThat(names("/osd-mem/*/stats")).isEqualTo(expected);
        assertThat(names("osd-*.lustre-MDT0000.stats"))
                .containsExactly("osd-mem.lustre-MDT0000.stats", "osd-zfs.lustre-MDT0000.stats");
        assertThat(names("*.*.stats")).hasSize(3);
    }

    @Test
    void questionMarkMatchesOneCharacter() throws LustreException {
        assertThat(names("osd-mem.lustre-OST000?.stats")).containsExactly("osd-mem.lustre-OST0001.stats");
        assertThat(names("osd-???.lustre-MDT0000.stats")).hasSize(2);
        assertThatThrownBy(() -> tree.get("osd-mem.lustre-OST00?.stats")).isInstanceOf(LustreException.class);
    }

    @Test
    void bracketClassesMatchListedRangedAndNegatedCharacters() throws LustreException {
        tree.register("test.ab", Param.readOnly(() -> "1"));
        tree.register("test.bb", Param.readOnly(() -> "2"));
        tree.register("test.cb", Param.readOnly(() -> "3"));
        assertThat(names("test.[ab]b")).containsExactly("test.ab", "test.bb");
        assertThat(names("test.[a-b]b")).containsExactly("test.ab", "test.bb");
        assertThat(names("test.[!a]b")).containsExactly("test.bb", "test.cb");
        assertThat(names("test.[^ab]b")).containsExactly("test.cb");
    }

    @Test
    void componentWithDotsMatchesLiterallyAndByStar() throws LustreException {
        String name = "mgc." + MGC + ".import";
        assertThat(names("mgc.MGC192.168.1.5@tcp.import")).containsExactly(name);
        assertThat(names("mgc/MGC192.168.1.5@tcp/import")).containsExactly(name);
        assertThat(names("mgc.*.import")).containsExactly(name);
        assertThat(names("mgc.MGC192.*.import")).containsExactly(name);
        assertThat(names("mgc.MGC*@tcp.import")).containsExactly(name);
        assertThat(tree.get("mgc.*.import").getFirst().value()).isEqualTo("FULL");
    }

    @Test
    void slashInPatternDoesNotMatchADotInsideAComponent() {
        assertThatThrownBy(() -> tree.get("mgc/MGC192/168.1.5@tcp/import"))
                .isInstanceOfSatisfying(LustreException.class, e -> assertThat(e.errno()).isEqualTo(Errno.ENOENT));
    }

    @Test
    void starNeverCrossesAComponentBoundary() {
        for (String pattern : new String[] {"osd-mem.*", "*.stats", "osd-mem*stats", "osd-mem.lustre*", "mgc*import"}) {
            assertThatThrownBy(() -> tree.get(pattern)).as(pattern)
                    .isInstanceOfSatisfying(LustreException.class,
                            e -> assertThat(e.errno()).isEqualTo(Errno.ENOENT));
        }
    }

    @Test
    void patternMustMatchTheWholeName() {
        assertThatThrownBy(() -> tree.get("osd-mem.lustre-MDT0000.stats.x")).isInstanceOf(LustreException.class);
        assertThatThrownBy(() -> tree.get("osd-mem.lustre-MDT0000.stat")).isInstanceOf(LustreException.class);
        assertThatThrownBy(() -> tree.get("debu")).isInstanceOf(LustreException.class);
    }

    @Test
    void nothingMatchingIsEnoentNamingThePatternAsAPath() {
        for (String op : new String[] {"get", "set", "list"}) {
            assertThatThrownBy(() -> {
                switch (op) {
                    case "get" -> tree.get("osd-zfs.*.nosuch");
                    case "set" -> tree.set("osd-zfs.*.nosuch", "1");
                    default -> tree.list("osd-zfs.*.nosuch", false);
                }
            }).as(op).isInstanceOfSatisfying(LustreException.class, e -> {
                assertThat(e.errno()).isEqualTo(Errno.ENOENT);
                assertThat(e.getMessage()).isEqualTo("param_path 'osd-zfs/*/nosuch'");
            });
        }
    }

    @Test
    void emptyPatternIsEinval() {
        assertThatThrownBy(() -> tree.get("  "))
                .isInstanceOfSatisfying(LustreException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EINVAL));
        assertThat(tree.exists("")).isFalse();
    }

    @Test
    void getSkipsUnreadableEntriesUnlessNothingElseMatched() throws LustreException {
        tree.register("osd-mem.lustre-MDT0000.force_sync", Param.action(text -> { }));
        assertThat(names("osd-mem.lustre-MDT0000.f*")).containsExactly("osd-mem.lustre-MDT0000.fstype");
        assertThatThrownBy(() -> tree.get("osd-mem.*.force_sync"))
                .isInstanceOfSatisfying(LustreException.class, e -> {
                    assertThat(e.errno()).isEqualTo(Errno.EACCES);
                    assertThat(e.getMessage()).contains("osd-mem.lustre-MDT0000.force_sync");
                });
    }

    // ---- set ----

    @Test
    void setWritesEveryMatchAndReturnsTheirNames() throws LustreException {
        tree.register("osd-mem.lustre-OST0001.readcache_max_filesize", Param.ofLong(() -> 0, v -> { }, 0, 1000));
        assertThat(tree.set("osd-mem.*.readcache_max_filesize", "0x10")).containsExactly(
                "osd-mem.lustre-MDT0000.readcache_max_filesize", "osd-mem.lustre-OST0001.readcache_max_filesize");
        assertThat(mdtReadcache.get()).isEqualTo(16);
        assertThat(tree.get("osd-mem.lustre-MDT0000.readcache_max_filesize").getFirst().value()).isEqualTo("16");
    }

    @Test
    void setOnComponentWithDots() throws LustreException {
        assertThat(tree.set("mgc.*.import", " IDLE ")).containsExactly("mgc." + MGC + ".import");
        assertThat(mgcState.get()).isEqualTo("IDLE");
    }

    @Test
    void setOnReadOnlyIsEaccesNamingTheEntry() {
        assertThatThrownBy(() -> tree.set("osd-mem.lustre-MDT0000.fstype", "zfs"))
                .isInstanceOfSatisfying(LustreException.class, e -> {
                    assertThat(e.errno()).isEqualTo(Errno.EACCES);
                    assertThat(e.getMessage())
                            .isEqualTo("setting 'osd-mem.lustre-MDT0000.fstype'='zfs': read-only parameter");
                });
    }

    @Test
    void badValueIsEinvalAndOutOfRangeIsErangeNamingTheValue() {
        assertThatThrownBy(() -> tree.set("osd-mem.lustre-MDT0000.readcache_max_filesize", "lots"))
                .isInstanceOfSatisfying(LustreException.class, e -> {
                    assertThat(e.errno()).isEqualTo(Errno.EINVAL);
                    assertThat(e.getMessage()).contains("'lots'");
                });
        assertThatThrownBy(() -> tree.set("osd-mem.lustre-MDT0000.readcache_max_filesize", "1001"))
                .isInstanceOfSatisfying(LustreException.class, e -> {
                    assertThat(e.errno()).isEqualTo(Errno.ERANGE);
                    assertThat(e.getMessage()).contains("'1001'").contains("0..1000");
                });
        assertThat(mdtReadcache.get()).isEqualTo(100);
    }

    @Test
    void setTriesEveryMatchBeforeReportingTheFirstError() {
        tree.register("osd-mem.lustre-MDT0000.zzz", Param.ofLong(mdtReadcache::get, mdtReadcache::set, 0, 1000));
        // matches fstype (read-only, sorted first) and zzz (writable)
        assertThatThrownBy(() -> tree.set("osd-mem.lustre-MDT0000.[fz]*", "7"))
                .isInstanceOfSatisfying(LustreException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EACCES));
        assertThat(mdtReadcache.get()).isEqualTo(7);
    }

    // ---- list ----

    @Test
    void listShowsMatchingDirectoriesAndEntries() throws LustreException {
        assertThat(tree.list("osd-mem.*", false))
                .containsExactly("osd-mem.lustre-MDT0000", "osd-mem.lustre-OST0001");
        assertThat(tree.list("osd-mem", false)).containsExactly("osd-mem");
        assertThat(tree.list("osd-mem.lustre-MDT0000.*", false)).containsExactly(
                "osd-mem.lustre-MDT0000.fstype", "osd-mem.lustre-MDT0000.readcache_max_filesize",
                "osd-mem.lustre-MDT0000.stats");
        assertThat(tree.list("*", false)).containsExactly("debug", "mgc", "osd-mem", "osd-zfs");
    }

    @Test
    void recursiveListShowsEveryLevelBelowAMatch() throws LustreException {
        assertThat(tree.list("osd-mem", true)).containsExactly(
                "osd-mem",
                "osd-mem.lustre-MDT0000",
                "osd-mem.lustre-MDT0000.fstype",
                "osd-mem.lustre-MDT0000.readcache_max_filesize",
                "osd-mem.lustre-MDT0000.stats",
                "osd-mem.lustre-OST0001",
                "osd-mem.lustre-OST0001.stats");
        assertThat(tree.list("mgc", true)).containsExactly("mgc", "mgc." + MGC, "mgc." + MGC + ".import");
    }

    @Test
    void existsAndUnregister() {
        assertThat(tree.exists("osd-mem.*.stats")).isTrue();
        tree.unregister(List.of("osd-mem", "lustre-OST0001", "stats"));
        tree.unregister(List.of("osd-mem", "lustre-OST0001", "stats"));
        assertThat(tree.exists("osd-mem.lustre-OST0001.stats")).isFalse();
        assertThat(tree.exists("osd-mem.*.stats")).isTrue();
    }

    // ---- registration and groups ----

    @Test
    void duplicateRegistrationIsIllegalStateNamingTheEntry() {
        assertThatThrownBy(() -> tree.register("osd-mem.lustre-MDT0000.stats", Param.readOnly(() -> "")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("parameter osd-mem.lustre-MDT0000.stats is already registered");
    }

    @Test
    void badComponentsAreRejected() {
        assertThatThrownBy(() -> tree.register(List.of("a", ""), Param.readOnly(() -> "")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> tree.register(List.of("a/b"), Param.readOnly(() -> "")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'a/b'");
        assertThatThrownBy(() -> tree.createGroup("osd-mem", "a\0b")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a\\0b");
    }

    @Test
    void groupRegistersUnderItsPrefix() throws LustreException {
        try (ParamGroup g = tree.createGroup("osd-mem", "lustre-MDT0001")) {
            assertThat(g.name()).isEqualTo("osd-mem.lustre-MDT0001");
            assertThat(g.prefix()).containsExactly("osd-mem", "lustre-MDT0001");
            g.add("stats", Param.readOnly(() -> "s")).add("fstype", Param.readOnly(() -> "mem"));
            assertThat(names("osd-mem.lustre-MDT0001.*"))
                    .containsExactly("osd-mem.lustre-MDT0001.fstype", "osd-mem.lustre-MDT0001.stats");
        }
    }

    @Test
    void creatingAGroupTwiceIsEexistNamingIt() throws LustreException {
        tree.createGroup("osd-mem", "lustre-MDT0001");
        assertThatThrownBy(() -> tree.createGroup("osd-mem", "lustre-MDT0001"))
                .isInstanceOfSatisfying(LustreException.class, e -> {
                    assertThat(e.errno()).isEqualTo(Errno.EEXIST);
                    assertThat(e.getMessage()).contains("'osd-mem.lustre-MDT0001'");
                });
    }

    @Test
    void closingAGroupRemovesItsEntriesAndNothingElse() throws LustreException {
        ParamGroup g = tree.createGroup("osd-mem", "lustre-MDT0001");
        g.add("stats", Param.readOnly(() -> "s")).add("fstype", Param.readOnly(() -> "mem"));
        ParamGroup sibling = tree.createGroup("osd-mem", "lustre-MDT00010");
        sibling.add("stats", Param.readOnly(() -> "sibling"));
        g.close();
        assertThat(tree.exists("osd-mem.lustre-MDT0001.*")).isFalse();
        assertThat(names("osd-mem.*.stats")).containsExactly("osd-mem.lustre-MDT0000.stats",
                "osd-mem.lustre-MDT00010.stats", "osd-mem.lustre-OST0001.stats");
        assertThat(tree.list("*", true)).hasSize(16).contains("osd-mem.lustre-MDT00010")
                .doesNotContain("osd-mem.lustre-MDT0001");
        // The prefix is free again.
        tree.createGroup("osd-mem", "lustre-MDT0001").add("stats", Param.readOnly(() -> "again"));
        assertThat(tree.get("osd-mem.lustre-MDT0001.stats").getFirst().value()).isEqualTo("again");
    }

    @Test
    void addingADuplicateToAGroupIsIllegalState() throws LustreException {
        ParamGroup g = tree.createGroup("osd-mem", "lustre-MDT0000");
        assertThatThrownBy(() -> g.add("stats", Param.readOnly(() -> "dup")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("osd-mem.lustre-MDT0000.stats");
    }
}
