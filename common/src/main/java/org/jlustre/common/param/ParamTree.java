package org.jlustre.common.param;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListMap;
import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;

/**
 * The parameters behind {@code lctl get_param}, {@code set_param} and {@code list_param}: a
 * tree of named entries, registered by devices at setup and removed at cleanup.
 *
 * <p>A name is a list of components, printed joined with dots
 * ({@code osd-mem.lustre-MDT0000.verbose_debug}). A component may itself contain dots (as
 * {@code MGC192.168.1.5@tcp} does), so names are registered as components, never split.
 *
 * <p>Patterns follow lctl: components separated by {@code .} or {@code /}; within a
 * component {@code *} matches any run of characters, {@code ?} one character and
 * {@code [...]} a class, as glob(3) does on the {@code /proc} paths. A {@code .} in a pattern
 * also matches a dot inside a component, so {@code mgc.MGC192.168.1.5@tcp.import} works.
 *
 * <p>Thread-safe; entries are read and written without a tree-wide lock.
 */
public final class ParamTree {

    /** Separator between components in the canonical key (NUL never appears in a name). */
    private static final char SEP = '\0';

    private final ConcurrentSkipListMap<String, Param> entries = new ConcurrentSkipListMap<>();
    private final ConcurrentSkipListMap<String, ParamGroup> groups = new ConcurrentSkipListMap<>();

    /** A value read by {@link #get}. */
    public record Value(String name, String value) {
    }

    /**
     * Opens a group of entries under a prefix, for one device. Closing the group removes
     * everything it registered.
     *
     * @throws LustreException {@link Errno#EEXIST} naming the prefix when another group has it
     */
    public ParamGroup createGroup(String... prefix) throws LustreException {
        List<String> components = List.of(prefix);
        for (String c : components) {
            checkComponent(c);
        }
        String key = String.join(String.valueOf(SEP), components);
        ParamGroup group = new ParamGroup(this, components);
        if (groups.putIfAbsent(key, group) != null) {
            throw new LustreException(Errno.EEXIST, "parameters '" + String.join(".", components) + "' already exist");
        }
        return group;
    }

    /**
     * Registers one entry.
     *
     * @throws IllegalStateException naming the entry if it already exists
     */
    public void register(List<String> name, Param param) {
        for (String c : name) {
            checkComponent(c);
        }
        String key = String.join(String.valueOf(SEP), name);
        if (entries.putIfAbsent(key, param) != null) {
            throw new IllegalStateException("parameter " + String.join(".", name) + " is already registered");
        }
    }

    /** Registers an entry whose name has no dots inside its components. */
    public void register(String dottedName, Param param) {
        register(List.of(dottedName.split("\\.")), param);
    }

    /** Removes one entry, if present. */
    public void unregister(List<String> name) {
        entries.remove(String.join(String.valueOf(SEP), name));
    }

    void closeGroup(ParamGroup group) {
        String prefix = String.join(String.valueOf(SEP), group.prefix()) + SEP;
        entries.keySet().removeIf(k -> k.startsWith(prefix));
        groups.remove(String.join(String.valueOf(SEP), group.prefix()), group);
    }

    private static void checkComponent(String c) {
        if (c.isEmpty() || c.indexOf(SEP) >= 0 || c.indexOf('/') >= 0) {
            throw new IllegalArgumentException("bad parameter name component '" + c.replace("\0", "\\0") + "'");
        }
    }

    /**
     * {@code lctl get_param}: the values of every entry matching the pattern, in name order.
     *
     * @throws LustreException {@link Errno#ENOENT} naming the pattern when nothing matches;
     *     the errno of the first entry that could not be read (e.g. EACCES for write-only)
     */
    public List<Value> get(String pattern) throws LustreException {
        List<Value> out = new ArrayList<>();
        LustreException first = null;
        for (Map.Entry<String, Param> e : matching(pattern)) {
            try {
                out.add(new Value(display(e.getKey()), e.getValue().read()));
            } catch (LustreException ex) {
                if (first == null) {
                    first = new LustreException(ex.errno(), display(e.getKey()) + ": " + ex.getMessage());
                }
            }
        }
        if (out.isEmpty() && first != null) {
            throw first;
        }
        return out;
    }

    /**
     * {@code lctl set_param}: writes the value to every entry matching the pattern.
     *
     * @return the names written
     * @throws LustreException {@link Errno#ENOENT} naming the pattern when nothing matches; the
     *     first entry's error (EACCES for read-only, EINVAL/ERANGE for a bad value) after the
     *     others were tried
     */
    public List<String> set(String pattern, String value) throws LustreException {
        List<String> written = new ArrayList<>();
        LustreException first = null;
        for (Map.Entry<String, Param> e : matching(pattern)) {
            try {
                e.getValue().write(value);
                written.add(display(e.getKey()));
            } catch (LustreException ex) {
                if (first == null) {
                    first = new LustreException(ex.errno(), "setting '" + display(e.getKey()) + "'='" + value.strip()
                            + "': " + ex.getMessage(), ex);
                }
            }
        }
        if (first != null) {
            throw first;
        }
        return written;
    }

    /**
     * {@code lctl list_param}: the names of entries and of directories (name prefixes) that
     * match the pattern; with {@code recursive}, everything under a matching directory too.
     *
     * @throws LustreException {@link Errno#ENOENT} naming the pattern when nothing matches
     */
    public List<String> list(String pattern, boolean recursive) throws LustreException {
        Pattern p = Pattern.compile(pattern);
        TreeSet<String> names = new TreeSet<>();
        for (String key : entries.keySet()) {
            String[] parts = key.split(String.valueOf(SEP));
            StringBuilder prefix = new StringBuilder();
            boolean under = false; // below a matching directory: lctl -R lists every level
            for (int i = 0; i < parts.length; i++) {
                if (i > 0) {
                    prefix.append(SEP);
                }
                prefix.append(parts[i]);
                if ((recursive && under) || p.matches(prefix)) {
                    names.add(display(prefix.toString()));
                    under = true;
                }
            }
        }
        if (names.isEmpty()) {
            throw noMatch(pattern);
        }
        return new ArrayList<>(names);
    }

    /** Whether any entry matches the pattern. */
    public boolean exists(String pattern) {
        try {
            Pattern p = Pattern.compile(pattern);
            return entries.keySet().stream().anyMatch(p::matches);
        } catch (LustreException e) {
            return false;
        }
    }

    private List<Map.Entry<String, Param>> matching(String pattern) throws LustreException {
        Pattern p = Pattern.compile(pattern);
        List<Map.Entry<String, Param>> out = new ArrayList<>();
        for (Map.Entry<String, Param> e : entries.entrySet()) {
            if (p.matches(e.getKey())) {
                out.add(e);
            }
        }
        if (out.isEmpty()) {
            throw noMatch(pattern);
        }
        return out;
    }

    private static LustreException noMatch(String pattern) {
        return new LustreException(Errno.ENOENT, "param_path '" + pattern.strip().replace('.', '/') + "'");
    }

    private static String display(String key) {
        return key.replace(SEP, '.');
    }

    /** A compiled lctl pattern matched against canonical keys (components joined by NUL). */
    private record Pattern(String glob) {

        static Pattern compile(String text) throws LustreException {
            String s = text.strip();
            while (s.startsWith("/")) {
                s = s.substring(1);
            }
            if (s.isEmpty()) {
                throw new LustreException(Errno.EINVAL, "empty parameter name");
            }
            return new Pattern(s);
        }

        boolean matches(CharSequence key) {
            return match(0, key, 0);
        }

        private boolean match(int pi, CharSequence key, int ki) {
            while (pi < glob.length()) {
                char c = glob.charAt(pi);
                switch (c) {
                    case '*' -> {
                        // Any run within a component; try every length, shortest first.
                        for (int k = ki; ; k++) {
                            if (match(pi + 1, key, k)) {
                                return true;
                            }
                            if (k >= key.length() || key.charAt(k) == SEP) {
                                return false;
                            }
                        }
                    }
                    case '?' -> {
                        if (ki >= key.length() || key.charAt(ki) == SEP) {
                            return false;
                        }
                        pi++;
                        ki++;
                    }
                    case '[' -> {
                        int end = glob.indexOf(']', pi + 2);
                        if (end < 0 || ki >= key.length() || key.charAt(ki) == SEP) {
                            return end < 0 && ki < key.length() && key.charAt(ki) == '[' && match(pi + 1, key, ki + 1);
                        }
                        if (!inClass(glob.substring(pi + 1, end), key.charAt(ki))) {
                            return false;
                        }
                        pi = end + 1;
                        ki++;
                    }
                    case '.', '/' -> {
                        if (ki >= key.length()) {
                            return false;
                        }
                        char k = key.charAt(ki);
                        if (k == SEP) {
                            // Prefer the component boundary, fall back to a literal dot.
                            return match(pi + 1, key, ki + 1);
                        }
                        if (c == '.' && k == '.') {
                            pi++;
                            ki++;
                        } else {
                            return false;
                        }
                    }
                    default -> {
                        if (ki >= key.length() || key.charAt(ki) != c) {
                            return false;
                        }
                        pi++;
                        ki++;
                    }
                }
            }
            return ki == key.length();
        }

        private static boolean inClass(String cls, char ch) {
            boolean negate = cls.startsWith("!") || cls.startsWith("^");
            String body = negate ? cls.substring(1) : cls;
            boolean found = false;
            for (int i = 0; i < body.length(); i++) {
                if (i + 2 < body.length() && body.charAt(i + 1) == '-') {
                    if (ch >= body.charAt(i) && ch <= body.charAt(i + 2)) {
                        found = true;
                    }
                    i += 2;
                } else if (body.charAt(i) == ch) {
                    found = true;
                }
            }
            return found != negate;
        }
    }
}
