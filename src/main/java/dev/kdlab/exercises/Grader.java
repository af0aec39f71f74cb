package dev.kdlab.exercises;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Judges an {@code .answer} against a {@link Truth}: forgiving of notation (WinDbg's number forms, names
 * with or without extension or path), strict about understanding (each known near-miss gets its own
 * message, exercises-curriculum.md Part 2).
 */
final class Grader {
    /** The outcome: right or not, and what to tell the learner. */
    record Verdict(boolean correct, List<String> lines) {
    }

    private final Function<String, OptionalLong> symbols;

    /** {@code symbols} resolves the name after {@code nt!} in an answer to its address. */
    Grader(Function<String, OptionalLong> symbols) {
        this.symbols = symbols;
    }

    Verdict grade(Truth truth, String answer) {
        List<Expected> parts = truth.parts();
        List<String> given = split(answer, parts.size());
        if (given.size() != parts.size()) {
            return new Verdict(false, List.of(String.format("The answer has %d parts (%s), separated by blanks; "
                    + "this one has %d.", parts.size(), String.join(", ", parts.stream().map(Expected::what).toList()),
                    given.size())));
        }
        List<String> notes = new ArrayList<>();
        List<String> wrong = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            Optional<String> problem = judge(truth, i, parts.get(i), given.get(i), notes);
            if (problem.isPresent()) {
                String label = parts.size() == 1 ? "" : "Part " + (i + 1) + " (" + parts.get(i).what() + "): ";
                wrong.add(label + problem.get());
            }
        }
        List<String> lines = new ArrayList<>(notes);
        if (wrong.isEmpty()) {
            return new Verdict(true, lines);
        }
        if (parts.size() > 1 && wrong.size() < parts.size()) {
            lines.add(String.format("%d of %d parts are right.", parts.size() - wrong.size(), parts.size()));
        }
        lines.addAll(wrong);
        return new Verdict(false, lines);
    }

    private static List<String> split(String answer, int parts) {
        String text = answer.strip();
        if (parts == 1) {
            return text.isEmpty() ? List.of() : List.of(text);
        }
        return Arrays.stream(text.split("[\\s,]+")).filter(s -> !s.isEmpty()).toList();
    }

    /** Empty when the part is right; else why not. */
    private Optional<String> judge(Truth truth, int index, Expected part, String text, List<String> notes) {
        if (part instanceof Expected.Number number) {
            return judgeNumber(truth, index, number, text, notes);
        }
        if (part instanceof Expected.Name name) {
            return judgeName(truth, index, name, text);
        }
        if (part instanceof Expected.YesNo yesNo) {
            Boolean said = Expected.YesNo.read(text);
            if (said == null) {
                return Optional.of("Answer yes or no (y, n, true, false, 1, 0).");
            }
            return said == yesNo.value() ? Optional.empty() : Optional.of("No: look at the evidence again.");
        }
        return judgeNames((Expected.Names) part, text);
    }

    private Optional<String> judgeNumber(Truth truth, int index, Expected.Number number, String text, List<String> notes) {
        Optional<Notation.Reading> reading = Notation.number(text, number.radix(), symbols);
        if (reading.isEmpty()) {
            return Optional.of("'" + text.strip() + "' is not a number WinDbg would read (hex, 0x..., 0n... decimal"
                    + (text.contains("!") ? ", or a symbol it knows" : "") + ").");
        }
        long value = reading.get().value();
        if (value == number.value()) {
            return Optional.empty();
        }
        Optional<Notation.Reading> other = Notation.otherRadix(text, reading.get());
        if (other.isPresent() && other.get().value() == number.value()) {
            String bare = text.strip();
            notes.add(other.get().radix() == 10
                    ? String.format("(Read %s as decimal = %s; WinDbg would read %s as hex: write 0n%s.)", bare,
                            Reads.hex(number.value()), bare, bare)
                    : String.format("(Read %s as hex = %d; a count is read as decimal here: write 0x%s.)", bare,
                            number.value(), bare));
            return Optional.empty();
        }
        String digits = text.strip().replace("`", "").replaceFirst("(?i)^0x", "");
        if (number.kernelAddress() && digits.length() <= 8 && value == (number.value() & 0xffff_ffffL)) {
            return Optional.of("That looks truncated: kernel addresses are ffff... (all 16 digits).");
        }
        for (NearMiss miss : truth.nearMisses()) {
            if (miss.part() == index && miss.number() != null && miss.number().test(value)) {
                return Optional.of(miss.message());
            }
        }
        return Optional.of("Not right.");
    }

    private Optional<String> judgeName(Truth truth, int index, Expected.Name name, String text) {
        if (name.matches(text)) {
            return Optional.empty();
        }
        for (NearMiss miss : truth.nearMisses()) {
            if (miss.part() != index) {
                continue;
            }
            if (miss.name() != null && miss.name().test(text)) {
                return Optional.of(miss.message());
            }
            if (miss.number() != null) {
                Optional<Notation.Reading> reading = Notation.number(text, 16, symbols);
                if (reading.isPresent() && miss.number().test(reading.get().value())) {
                    return Optional.of(miss.message());
                }
            }
        }
        return Optional.of("Not right.");
    }

    private static Optional<String> judgeNames(Expected.Names names, String text) {
        Set<String> given = new TreeSet<>();
        for (String item : text.split("[\\s,]+")) {
            if (!item.isBlank()) {
                given.add(Notation.name(item));
            }
        }
        long right = given.stream().filter(names.names()::contains).count();
        long extra = given.size() - right;
        long missing = names.names().size() - right;
        if (extra == 0 && missing == 0) {
            return Optional.empty();
        }
        return Optional.of(String.format("%d right, %d missing, %d extra.", right, missing, extra));
    }
}
