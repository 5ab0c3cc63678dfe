package org.jlustre.client.nio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link Glob} against the JDK's own glob matcher on Unix (the default filesystem's), which
 * is the meaning {@link java.nio.file.FileSystem#getPathMatcher} documents: every pattern below
 * must accept and reject exactly the same paths.
 */
class GlobTest {

    private static final List<String> PATHS = List.of("", "a", "b", "ab", "abc", "a.java", "A.java", "x.class",
            ".hidden", "dir/a.java", "dir/sub/a.java", "/abs/a.java", "a/b", "a-b", "a^b", "a]b", "a[b", "a{b}",
            "a,b", "a\\b", "a*b", "a?b", "foo.txt", "foo.tx", "bar.csv", "é.txt", "-", "!", "^");

    @ParameterizedTest
    @ValueSource(strings = {"*", "**", "?", "a*", "*.java", "**.java", "*.{java,class}", "{a,b}", "{}", "[ab]", "[a-c]*",
        "[!a]*", "[!a-c]", "[-a]", "[a-]", "a\\*b", "a\\?b", "a\\\\b", "dir/*.java", "dir/**", "**/a.java",
        "/abs/*", "a[\\]]b", "a^b", "a[^]b", "a,b", "*.tx?", "{foo,bar}.*", "[.]*", ".*", "a[*]b", "a[?]b",
        "[!-]", "[!!]", "?\\{*", "\uDCFF.*", "é*"})
    void matchesWhatTheJdkMatches(String glob) {
        Pattern ours = Pattern.compile(Glob.toRegex(glob));
        var jdk = FileSystems.getDefault().getPathMatcher("glob:" + glob);
        for (String path : PATHS) {
            Path p = Path.of(path);
            assertThat(ours.matcher(p.toString()).matches()).as("glob %s on %s", glob, path).isEqualTo(jdk.matches(p));
        }
    }

    /** A byte that is not UTF-8 is the char U+DC00 + byte in a path's text, and a glob names it so. */
    @Test
    void namesABytePatternThatIsNotUtf8ByItsEscape() {
        Pattern p = Pattern.compile(Glob.toRegex("\uDCFF*.b?n"));
        assertThat(p.matcher("\uDCFF\uDCFE.bin").matches()).isTrue();
        assertThat(p.matcher("\uDCFE.bin").matches()).isFalse();
        assertThat(Pattern.compile(Glob.toRegex("[\uDC80-\uDCFF]")).matcher("\uDC90").matches()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"[ab", "{a,b", "a{b\\}", "{a,{b}}", "a\\", "[a/b]", "[z-a]"})
    void malformedGlobsFailNamingThePattern(String glob) {
        assertThatThrownBy(() -> Glob.toRegex(glob)).isInstanceOf(PatternSyntaxException.class)
                .hasMessageContaining(glob);
        assertThatThrownBy(() -> FileSystems.getDefault().getPathMatcher("glob:" + glob))
                .as("the JDK rejects %s too", glob).isInstanceOf(PatternSyntaxException.class);
    }
}
