package dev.kdlab.debugger.dx;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * An object of the data model (a session, a process, a thread, a module, an anonymous object made with
 * {@code new { }}): named properties, listed in the order they were added, each computed when it is asked for;
 * hidden properties answer by name without being listed. Its line shows its summary ({@code notepad.exe}) and, for
 * what WinDbg links, {@code [Switch To]}. Nothing is kept: a process held in a variable ({@code dx @$p =
 * @$curprocess}) reads its name again each time, so an edit with {@code eb} shows in the next dx as in every command.
 */
public final class ModelObject implements ModelValue {
    private final Supplier<String> summary;
    private final boolean switchable;
    private final String help;
    private final Map<String, Property> properties = new LinkedHashMap<>();
    private final Map<String, Property> hidden = new HashMap<>();

    private ModelObject(Supplier<String> summary, boolean switchable, String help) {
        this.summary = summary;
        this.switchable = switchable;
        this.help = help;
    }

    /** An object whose line shows {@code summary} (null: nothing). */
    public static ModelObject of(String summary, String help) {
        return new ModelObject(() -> summary, false, help);
    }

    /** An object whose line shows a summary read when shown (a device node's instance path). */
    public static ModelObject showing(Supplier<String> summary, String help) {
        return new ModelObject(summary, false, help);
    }

    /** An object WinDbg links ({@code notepad.exe [Switch To]}), its summary read when shown. */
    public static ModelObject switchable(Supplier<String> summary, String help) {
        return new ModelObject(summary, true, help);
    }

    /** Adds a listed property, computed when asked for. */
    public ModelObject add(String name, String help, Supplier<ModelValue> value) {
        properties.put(name, new Property(name, help, value));
        return this;
    }

    /** Adds a listed property whose value is known. */
    public ModelObject add(String name, String help, ModelValue value) {
        return add(name, help, () -> value);
    }

    /** A property that answers by name but is not listed. */
    public ModelObject addHidden(String name, Supplier<ModelValue> value) {
        hidden.put(name, new Property(name, null, value));
        return this;
    }

    /** The listed property names, in order (the columns of a grid). */
    public List<String> names() {
        return new ArrayList<>(properties.keySet());
    }

    @Override
    public String summary(Format format) {
        return summary.get();
    }

    @Override
    public boolean switchable() {
        return switchable;
    }

    @Override
    public String help() {
        return help;
    }

    @Override
    public Iterable<Child> children(Format format) {
        List<Child> children = new ArrayList<>();
        for (Property p : properties.values()) {
            children.add(new Child("", p.name(), p.value(), p.help()));
        }
        return children;
    }

    @Override
    public Optional<ModelValue> property(String name) {
        Property p = properties.get(name);
        if (p == null) {
            p = hidden.get(name);
        }
        return p == null ? Optional.empty() : Optional.of(p.value().get());
    }

    private record Property(String name, String help, Supplier<ModelValue> value) {
    }
}
