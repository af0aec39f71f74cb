package dev.kdlab.debugger.dx;

import java.util.List;
import java.util.Optional;

/**
 * A string of the model (a process's Name, a literal): shown without quotes, with its Length below it
 * (transcripts 6.8: {@code @$curprocess.Name : EngHost.exe} then {@code Length : 0xb}).
 */
public record StringValue(String text) implements ModelValue {

    @Override
    public String summary(Format format) {
        return text;
    }

    @Override
    public boolean intrinsic() {
        return true;
    }

    @Override
    public Iterable<Child> children(Format format) {
        return List.of(Child.of("Length", length()));
    }

    @Override
    public Optional<ModelValue> property(String name) {
        return name.equals("Length") ? Optional.of(length()) : Optional.empty();
    }

    private NumberValue length() {
        return NumberValue.unsigned(text.length());
    }
}
