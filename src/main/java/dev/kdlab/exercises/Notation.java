package dev.kdlab.exercises;

import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * Reads an answer the ways WinDbg writes numbers (MASM numbers and operators; windbg-transcripts.md
 * section 8): {@code 0x}, {@code 0n} decimal, {@code 0t} octal, {@code 0y} binary, a trailing {@code h},
 * a grave accent anywhere among hex digits, any case, leading zeros, and {@code nt!Name} where a symbol's
 * address is meant. Answers are literals otherwise: no registers, no {@code poi()}.
 */
final class Notation {
    /** A number read from an answer, with the radix it was read in. */
    record Reading(long value, int radix, boolean prefixed) {
    }

    private Notation() {
    }

    /**
     * The number an answer says in {@code defaultRadix} (16 for addresses and ids, 10 for counts), or
     * empty when it is not a number. A symbol ({@code nt!PsActiveProcessHead}) is looked up.
     */
    static Optional<Reading> number(String text, int defaultRadix, Function<String, OptionalLong> symbols) {
        String s = text.strip().replace("`", "").toLowerCase(Locale.ROOT);
        if (s.isEmpty()) {
            return Optional.empty();
        }
        if (s.contains("!")) {
            String name = s.substring(s.indexOf('!') + 1);
            OptionalLong address = symbols.apply(name);
            return address.isPresent() ? Optional.of(new Reading(address.getAsLong(), 16, true)) : Optional.empty();
        }
        boolean negative = s.startsWith("-");
        if (negative) {
            s = s.substring(1);
        }
        int radix = defaultRadix;
        boolean prefixed = true;
        if (s.startsWith("0x")) {
            radix = 16;
            s = s.substring(2);
        } else if (s.startsWith("0n")) {
            radix = 10;
            s = s.substring(2);
        } else if (s.startsWith("0t")) {
            radix = 8;
            s = s.substring(2);
        } else if (s.startsWith("0y")) {
            radix = 2;
            s = s.substring(2);
        } else if (s.endsWith("h") && s.length() > 1 && isDigits(s.substring(0, s.length() - 1), 16)) {
            radix = 16;
            s = s.substring(0, s.length() - 1);
        } else {
            prefixed = false;
        }
        if (s.isEmpty() || !isDigits(s, radix) || s.length() > 64) {
            return Optional.empty();
        }
        try {
            long value = Long.parseUnsignedLong(s, radix);
            return Optional.of(new Reading(negative ? -value : value, radix, prefixed));
        } catch (NumberFormatException e) {
            return Optional.empty();   // more than 64 bits
        }
    }

    /** The same text read in the other radix (16 <-> 10), when it was unprefixed and reads there too. */
    static Optional<Reading> otherRadix(String text, Reading reading) {
        if (reading.prefixed()) {
            return Optional.empty();
        }
        String s = text.strip().replace("`", "").toLowerCase(Locale.ROOT);
        int other = reading.radix() == 16 ? 10 : 16;
        if (!isDigits(s, other)) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Reading(Long.parseUnsignedLong(s, other), other, false));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** True when every character is a digit of the radix. */
    static boolean isDigits(String s, int radix) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (Character.digit(s.charAt(i), radix) < 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * A name as answers compare it: case folded, a path cut to its last component, {@code .exe}/{@code .dll}/
     * {@code .sys} dropped, a {@code module!} prefix dropped, quotes and blanks at the ends dropped.
     */
    static String name(String text) {
        String s = text.strip().replace("\"", "").toLowerCase(Locale.ROOT);
        int slash = Math.max(s.lastIndexOf('\\'), s.lastIndexOf('/'));
        if (slash >= 0 && !s.startsWith("nt authority")) {
            s = s.substring(slash + 1);
        }
        int bang = s.indexOf('!');
        if (bang >= 0) {
            s = s.substring(bang + 1);
        }
        for (String extension : new String[] {".exe", ".dll", ".sys"}) {
            if (s.endsWith(extension)) {
                s = s.substring(0, s.length() - extension.length());
            }
        }
        return s.strip();
    }
}
