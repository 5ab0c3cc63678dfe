package org.jlustre.client.nio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a scenario saw, step by step: each step's label and either its result, written so two
 * filesystems' results compare as text (paths relative to the scenario's directory, bytes in
 * hex, collections and maps in order), or the simple name of the exception it threw. Two
 * providers agree on a scenario when their transcripts are equal.
 */
final class Transcript {

    /** A step that may fail. */
    @FunctionalInterface
    interface Step<T> {
        T run() throws IOException;
    }

    /** A step with no result. */
    @FunctionalInterface
    interface Action {
        void run() throws IOException;
    }

    private final Path base;
    private final List<String> lines = new ArrayList<>();

    /** A transcript whose paths are written relative to {@code base}. */
    Transcript(Path base) {
        this.base = base;
    }

    /** Runs {@code step} and writes down its result or its exception; the result, or null after an exception. */
    <T> T step(String label, Step<T> step) {
        try {
            T value = step.run();
            lines.add(label + " = " + render(value));
            return value;
        } catch (IOException | RuntimeException e) {
            lines.add(label + " ! " + e.getClass().getSimpleName());
            return null;
        }
    }

    /** Runs {@code action} and writes down "ok" or its exception. */
    void act(String label, Action action) {
        step(label, () -> {
            action.run();
            return "ok";
        });
    }

    /** Writes down a value computed by the scenario itself. */
    void note(String label, Object value) {
        lines.add(label + " = " + render(value));
    }

    /** The lines so far. */
    List<String> lines() {
        return List.copyOf(lines);
    }

    private String render(Object value) {
        return switch (value) {
            case null -> "null";
            case byte[] b -> "0x" + HexFormat.of().formatHex(b);
            case ByteBuffer b -> "buffer pos " + b.position() + " lim " + b.limit();
            case Path p -> p.isAbsolute() && p.startsWith(base) ? "<dir>/" + base.relativize(p) : p.toString();
            case Map<?, ?> m -> {
                Map<String, String> sorted = new TreeMap<>();
                m.forEach((k, v) -> sorted.put(String.valueOf(k), render(v)));
                yield sorted.toString();
            }
            case Collection<?> c -> c.stream().map(this::render).toList().toString();
            default -> value.toString();
        };
    }
}
