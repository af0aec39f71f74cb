package dev.kdlab.types;

import java.util.List;
import java.util.Optional;

/** An enum with its constants in declaration order, as the {@code dt nt!_KTHREAD_STATE} listing shows them. */
public record EnumType(String name, long size, List<EnumType.Constant> constants) implements Type {

    /** One constant; {@code value} is signed ({@code InterfaceTypeUndefined = 0n-1}). */
    public record Constant(String name, long value) {}

    public EnumType {
        constants = List.copyOf(constants);
    }

    /**
     * The first constant with this value. The value is compared in the enum's width, so the raw unsigned
     * {@code 0xffffffff} read from memory finds {@code InterfaceTypeUndefined = -1}.
     */
    public Optional<String> nameOf(long value) {
        long mask = size >= 8 ? -1L : (1L << (8 * size)) - 1;
        for (Constant c : constants) {
            if (((c.value() ^ value) & mask) == 0) {
                return Optional.of(c.name());
            }
        }
        return Optional.empty();
    }

    /** The constant with this name, case-sensitive as C is. */
    public Optional<Constant> constant(String constantName) {
        return constants.stream().filter(c -> c.name().equals(constantName)).findFirst();
    }

    @Override
    public String typeText() {
        return name;
    }

    @Override
    public String toString() {
        return name;
    }
}
