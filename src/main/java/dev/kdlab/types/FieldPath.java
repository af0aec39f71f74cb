package dev.kdlab.types;

import java.util.List;

/**
 * Where a dotted path ({@code Pcb.DirectoryTableBase}) lands: the absolute {@code offset} from the start of the outer
 * struct, the final {@code field}, and the {@code chain} of fields walked to reach it (including any anonymous
 * {@code <unnamed-tag>} members passed through), so that {@code offset} is the sum of the chain's offsets.
 */
public record FieldPath(long offset, Field field, List<Field> chain) {

    public FieldPath {
        chain = List.copyOf(chain);
    }

    /** The final field's type. */
    public Type type() {
        return field.type();
    }
}
