package org.jlustre.common.param;

import java.util.ArrayList;
import java.util.List;

/**
 * The entries one device registered under its prefix ({@code osd-mem.lustre-MDT0000}).
 * The device registers at setup and closes the group at cleanup, which removes every entry.
 */
public final class ParamGroup implements AutoCloseable {

    private final ParamTree tree;
    private final List<String> prefix;

    ParamGroup(ParamTree tree, List<String> prefix) {
        this.tree = tree;
        this.prefix = List.copyOf(prefix);
    }

    /** The prefix components. */
    public List<String> prefix() {
        return prefix;
    }

    /** The prefix printed with dots. */
    public String name() {
        return String.join(".", prefix);
    }

    /**
     * Registers {@code prefix.leaf}.
     *
     * @throws IllegalStateException if that name is already registered
     */
    public ParamGroup add(String leaf, Param param) {
        List<String> name = new ArrayList<>(prefix);
        name.add(leaf);
        tree.register(name, param);
        return this;
    }

    /** Removes every entry under the prefix. */
    @Override
    public void close() {
        tree.closeGroup(this);
    }
}
