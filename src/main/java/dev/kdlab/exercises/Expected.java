package dev.kdlab.exercises;

import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** One part of an exercise's answer, as the checker derived it from the bytes. */
sealed interface Expected {
    /** What the part is, for messages ("the PID", "the physical address"). */
    String what();

    /** The answer as the reveal prints it. */
    String shown();

    /** A number; {@code radix} is how a bare number is read (16 for addresses and ids, 10 for counts). */
    record Number(String what, long value, int radix) implements Expected {
        @Override
        public String shown() {
            return radix == 10 ? Long.toString(value) : Reads.hex(value);
        }

        boolean kernelAddress() {
            return Long.compareUnsigned(value, 0xffff_8000_0000_0000L) >= 0;
        }
    }

    /** A name; any of {@code accepted} (compared as {@link Notation#name} reads them) is right. */
    record Name(String what, String display, Set<String> accepted) implements Expected {
        static Name of(String what, String display, String... aliases) {
            Set<String> accepted = new TreeSet<>();
            accepted.add(Notation.name(display));
            for (String alias : aliases) {
                accepted.add(Notation.name(alias));
            }
            return new Name(what, display, accepted);
        }

        boolean matches(String answer) {
            return accepted.contains(Notation.name(answer));
        }

        @Override
        public String shown() {
            return display;
        }
    }

    /** Yes or no. */
    record YesNo(String what, boolean value) implements Expected {
        @Override
        public String shown() {
            return value ? "yes" : "no";
        }

        static Boolean read(String answer) {
            return switch (answer.strip().toLowerCase(Locale.ROOT)) {
                case "y", "yes", "true", "1" -> Boolean.TRUE;
                case "n", "no", "false", "0" -> Boolean.FALSE;
                default -> null;
            };
        }
    }

    /** A set of names, in any order, separated by commas or blanks; it is the whole answer. */
    record Names(String what, Set<String> names) implements Expected {
        static Names of(String what, Iterable<String> names) {
            Set<String> set = new TreeSet<>();
            names.forEach(name -> set.add(Notation.name(name)));
            return new Names(what, set);
        }

        @Override
        public String shown() {
            return names.stream().collect(Collectors.joining(", "));
        }
    }
}
