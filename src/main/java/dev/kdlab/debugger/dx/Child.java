package dev.kdlab.debugger.dx;

import java.util.function.Supplier;

/**
 * One line below a value: a field ({@code prefix} {@code [+0x440]}, name {@code UniqueProcessId}), a property
 * ({@code Name}), an element ({@code [0x4]}). The value is computed when the line is printed, so one that
 * cannot be read spoils only its own line.
 */
public record Child(String prefix, String name, Supplier<ModelValue> value, String help) {

    public static Child of(String name, ModelValue value) {
        return new Child("", name, () -> value, null);
    }
}
