package dev.kdlab.debugger.dx;

import java.util.List;
import java.util.Optional;

/**
 * A value of the debugger data model as dx shows it: one line ({@code name : summary [Type: T]}) and, one
 * recursion level further, its children. Natives (typed objects in the target's memory), the model's objects
 * (sessions, processes, threads, modules, handles), collections, strings, numbers and functions are all
 * values. Reading happens when a summary or a child is asked for, so a collection of 10,000 processes costs
 * only what is shown of it; a summary that cannot be read throws
 * {@link dev.kdlab.memory.MemoryAccessException}, which the printer shows on that line.
 */
public interface ModelValue {

    /** The text after {@code " : "}, or null when the line shows none. */
    String summary(Format format);

    /** The native type shown as {@code [Type: T]}, or null (model objects have none). */
    default String typeName() {
        return null;
    }

    /** True for the values whose line is {@code expression : value} (strings, numbers, booleans). */
    default boolean intrinsic() {
        return false;
    }

    /** True when the line ends with {@code [Switch To]} (processes, threads, frames: DML links in WinDbg). */
    default boolean switchable() {
        return false;
    }

    /** What is shown below the value's line, in order. */
    default Iterable<Child> children(Format format) {
        return List.of();
    }

    /** A property or field by name ({@code .Name}, {@code ->UniqueProcessId}). */
    default Optional<ModelValue> property(String name) {
        return Optional.empty();
    }

    /** The value's help text ({@code dx -h}), or null. */
    default String help() {
        return null;
    }
}
