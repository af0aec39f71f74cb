package dev.kdlab.debugger.dx;

import java.util.List;

/** Something dx can call with {@code ( )}: a lambda, or a function of the model (FromListEntry). */
public interface Callable extends ModelValue {
    ModelValue call(List<ModelValue> arguments);
}
