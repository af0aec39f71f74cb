package dev.kdlab.lang.statement;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The names of WinDbg's own commands, implemented in kdlab or not (resource {@code windbg-commands.txt}).
 * The debugger's command table says what kdlab runs; this list says what a WinDbg user may type, so
 * that a real command kdlab lacks is reported as not implemented rather than as a syntax error, and
 * so that option letters glued to a regular command split the way WinDbg splits them (the parser
 * takes these names and the table's).
 */
public final class WindbgCommands {
    private static final Set<String> NAMES = load();

    private WindbgCommands() {
    }

    /** True for a WinDbg command name ({@code dc}, {@code .formats}, {@code !handle}), in any case. */
    public static boolean contains(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (NAMES.contains(lower)) {
            return true;
        }
        // !ext.name and !kdexts.name: an extension named with its DLL
        int dot = lower.indexOf('.');
        return lower.startsWith("!") && dot > 0 && NAMES.contains("!" + lower.substring(dot + 1));
    }

    /** True for one of WinDbg's regular commands (a run of letters: {@code dc}, {@code lm}), in any case. */
    public static boolean isRegular(String name) {
        return !name.isEmpty() && Character.isLetter(name.charAt(0)) && NAMES.contains(name.toLowerCase(Locale.ROOT));
    }

    /** Every name, lower case. */
    public static Set<String> all() {
        return NAMES;
    }

    private static Set<String> load() {
        try (InputStream in = WindbgCommands.class.getResourceAsStream("windbg-commands.txt")) {
            if (in == null) {
                throw new IllegalStateException("resource missing: windbg-commands.txt");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .map(String::strip)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                    .map(line -> line.toLowerCase(Locale.ROOT))
                    .collect(Collectors.toUnmodifiableSet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
