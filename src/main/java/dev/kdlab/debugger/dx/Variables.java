package dev.kdlab.debugger.dx;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The variables a session's dx commands set ({@code dx @$myVar = ...}), kept for the session's later commands and
 * listed under {@code Debugger.State.UserVariables}. A value keeps what it needs to be read again: a collection
 * held in a variable is read anew each time it is shown.
 */
public final class Variables {
    private final Map<String, ModelValue> values = new LinkedHashMap<>();

    public Optional<ModelValue> get(String name) {
        return Optional.ofNullable(values.get(name));
    }

    public void set(String name, ModelValue value) {
        values.put(name, value);
    }

    public Map<String, ModelValue> all() {
        return java.util.Collections.unmodifiableMap(values);
    }
}
