package dev.kdlab.debugger.script;

import dev.kdlab.lang.alias.AliasTable;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The session's aliases (Microsoft Learn, debuggercmds, "Using Aliases"): user-named ones set with
 * {@code as}/{@code aS} and removed with {@code ad}, and the automatic ones a running script or
 * {@code .foreach} defines for as long as it runs ({@code $arg0}..{@code $argN}, {@code $n}, the
 * loop variable). An inner scope hides an outer one and user-named aliases of the same name.
 * Names are case-sensitive.
 */
public final class Aliases implements AliasTable {
    private final SortedMap<String, String> userNamed = new TreeMap<>();
    private final Deque<Map<String, String>> scopes = new ArrayDeque<>();

    @Override
    public Optional<String> value(String name) {
        for (Map<String, String> scope : scopes) {
            String value = scope.get(name);
            if (value != null) {
                return Optional.of(value);
            }
        }
        return Optional.ofNullable(userNamed.get(name));
    }

    public void set(String name, String value) {
        userNamed.put(name, value);
    }

    /** False when no such user-named alias existed. */
    public boolean delete(String name) {
        return userNamed.remove(name) != null;
    }

    public void deleteAll() {
        userNamed.clear();
    }

    /** The user-named aliases in name order, as {@code al} lists them. */
    public SortedMap<String, String> userNamed() {
        return Collections.unmodifiableSortedMap(userNamed);
    }

    /** Defines automatic aliases until the returned scope is closed. */
    public Scope open(Map<String, String> automatic) {
        Map<String, String> scope = new HashMap<>(automatic);
        scopes.push(scope);
        return scopes::pop;
    }

    /** Automatic aliases in force; closing removes them. */
    @FunctionalInterface
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }
}
