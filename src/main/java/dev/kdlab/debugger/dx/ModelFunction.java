package dev.kdlab.debugger.dx;

import java.util.List;
import java.util.function.Function;

/**
 * A function of the model, a property whose value is called ({@code Debugger.Utility.Collections.FromListEntry(...)}).
 * Its help is its signature and what it does, as {@code dx -h} shows it.
 */
public record ModelFunction(String help, Function<List<ModelValue>, ModelValue> body) implements Callable {

    @Override
    public ModelValue call(List<ModelValue> arguments) {
        return body.apply(arguments);
    }

    @Override
    public String summary(Format format) {
        return null;
    }
}
