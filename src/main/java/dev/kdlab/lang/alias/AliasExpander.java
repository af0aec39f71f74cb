package dev.kdlab.lang.alias;

import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.Token;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Replaces the aliases of a command line before it is parsed, as WinDbg does (the rules are in
 * grammar/dev/kdlab/lang/AliasLexer.g4). An alias's value is itself expanded when it is put in;
 * an alias that comes back to itself, directly or through others, or a line that grows past
 * {@link #MAX_LENGTH}, is an {@link AliasExpansionException} rather than a loop without end.
 *
 * <p>The name after {@code as}, {@code aS} and {@code ad} (and their switches) is not replaced,
 * so that an alias can be set again or deleted by its plain name.
 */
public final class AliasExpander {

    /** The longest line expansion may produce. */
    public static final int MAX_LENGTH = 1 << 20;

    private static final Set<String> NAMING_COMMANDS = Set.of("as", "ad", "al");

    private final AliasTable aliases;

    public AliasExpander(AliasTable aliases) {
        this.aliases = aliases;
    }

    public ExpandedText expand(String line) throws AliasExpansionException {
        if (line.indexOf('$') < 0 && !mayHoldNamedAlias(line)) {
            return ExpandedText.unchanged(line);
        }
        Output out = new Output();
        expandInto(line, out, new ArrayList<>(), true);
        return out.build(line);
    }

    /** Cheap test: could any word of the line be an alias name? (Most lines hold no alias at all.) */
    private boolean mayHoldNamedAlias(String line) {
        for (String word : line.split("[\\s;{}\"(),]+")) {
            if (!word.isEmpty() && aliases.value(word).isPresent()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Appends {@code text} with its aliases replaced. {@code active} holds the aliases being expanded
     * (to find loops); {@code topLevel} is true for the line itself, whose positions the output maps.
     */
    private void expandInto(String text, Output out, List<String> active, boolean topLevel)
            throws AliasExpansionException {
        AliasLexer lexer = new AliasLexer(CharStreams.fromString(text));
        lexer.removeErrorListeners();
        List<? extends Token> tokens = lexer.getAllTokens();
        int depth = 0;
        boolean commandStart = true;
        String command = null;
        boolean nameProtected = false;
        int i = 0;
        while (i < tokens.size()) {
            Token token = tokens.get(i);
            int type = token.getType();
            if (depth > 0 || type == AliasLexer.OPEN_BRACE || type == AliasLexer.CLOSE_BRACE) {
                depth += type == AliasLexer.OPEN_BRACE ? 1 : type == AliasLexer.CLOSE_BRACE && depth > 0 ? -1 : 0;
                out.copy(token.getText(), token.getStartIndex(), topLevel);
                commandStart = true;
                i++;
                continue;
            }
            switch (type) {
                case AliasLexer.ALIAS_REFERENCE -> {
                    out.replace(reference(token.getText(), active), token.getStartIndex(), topLevel);
                    i++;
                }
                case AliasLexer.TEXT, AliasLexer.DOLLAR -> {
                    int end = i;
                    StringBuilder word = new StringBuilder();
                    while (end < tokens.size() && (tokens.get(end).getType() == AliasLexer.TEXT
                            || tokens.get(end).getType() == AliasLexer.DOLLAR)) {
                        word.append(tokens.get(end).getText());
                        end++;
                    }
                    boolean wholeWord = end >= tokens.size() || tokens.get(end).getType() != AliasLexer.ALIAS_REFERENCE;
                    String written = word.toString();
                    Optional<String> value = wholeWord && !nameProtected ? aliases.value(written) : Optional.empty();
                    if (value.isPresent()) {
                        out.replace(valueOf(written, value.get(), active), token.getStartIndex(), topLevel);
                    } else {
                        out.copy(written, token.getStartIndex(), topLevel);
                    }
                    if (commandStart) {
                        command = written;
                        nameProtected = NAMING_COMMANDS.contains(written.toLowerCase(Locale.ROOT));
                        commandStart = false;
                    } else if (nameProtected && !written.startsWith("/")) {
                        nameProtected = false;   // the name is done; the value is replaced as usual
                    }
                    i = end;
                }
                case AliasLexer.SEMICOLON -> {
                    out.copy(token.getText(), token.getStartIndex(), topLevel);
                    commandStart = true;
                    nameProtected = false;
                    i++;
                }
                default -> {
                    out.copy(token.getText(), token.getStartIndex(), topLevel);
                    i++;
                }
            }
            if (out.length() > MAX_LENGTH) {
                throw new AliasExpansionException("Alias expansion grew past " + MAX_LENGTH + " characters in '"
                        + (command == null ? "" : command) + "'");
            }
        }
    }

    /** What {@code ${...}} stands for; an undefined plain reference stays as written. */
    private String reference(String written, List<String> active) throws AliasExpansionException {
        String inside = written.substring(2, written.length() - 1);
        if (inside.length() > 3 && inside.charAt(0) == '/' && inside.charAt(2) == ':') {
            String name = inside.substring(3);
            Optional<String> value = aliases.value(name);
            return switch (Character.toLowerCase(inside.charAt(1))) {
                case 'd' -> value.isPresent() ? "1" : "0";
                case 'f' -> value.isPresent() ? valueOf(name, value.get(), active) : "";
                case 'n' -> value.isPresent() ? name : "";
                case 'v' -> name;
                default -> written;
            };
        }
        Optional<String> value = aliases.value(inside);
        return value.isPresent() ? valueOf(inside, value.get(), active) : written;
    }

    /** An alias's value with the aliases in it replaced in turn. */
    private String valueOf(String name, String value, List<String> active) throws AliasExpansionException {
        if (active.contains(name)) {
            throw new AliasExpansionException("Alias expansion does not end: '" + name + "' refers to itself"
                    + (active.size() > 1 || !active.get(0).equals(name) ? " through " + String.join(", ", active) : ""));
        }
        if (value.indexOf('$') < 0 && !mayHoldNamedAlias(value)) {
            return value;
        }
        active.add(name);
        Output inner = new Output();
        expandInto(value, inner, active, false);
        active.remove(active.size() - 1);
        return inner.text.toString();
    }

    /** The expanded text being built, with its segments' original positions. */
    private static final class Output {
        final StringBuilder text = new StringBuilder();
        final List<int[]> segments = new ArrayList<>();   // {expandedStart, originalStart, replaced}

        int length() {
            return text.length();
        }

        void copy(String piece, int originalStart, boolean track) {
            if (track && (segments.isEmpty() || segments.get(segments.size() - 1)[2] == 1
                    || lastOriginalEnd() != originalStart)) {
                segments.add(new int[] {text.length(), originalStart, 0});
            }
            text.append(piece);
        }

        void replace(String piece, int originalStart, boolean track) {
            if (track) {
                segments.add(new int[] {text.length(), originalStart, 1});
            }
            text.append(piece);
        }

        private int lastOriginalEnd() {
            int[] last = segments.get(segments.size() - 1);
            return last[1] + text.length() - last[0];
        }

        ExpandedText build(String original) {
            if (segments.isEmpty()) {
                return ExpandedText.unchanged(text.toString());
            }
            boolean unchanged = text.toString().equals(original) && segments.stream().noneMatch(s -> s[2] == 1);
            if (unchanged) {
                return ExpandedText.unchanged(original);
            }
            int n = segments.size();
            int[] expanded = new int[n];
            int[] originals = new int[n];
            boolean[] replaced = new boolean[n];
            for (int k = 0; k < n; k++) {
                expanded[k] = segments.get(k)[0];
                originals[k] = segments.get(k)[1];
                replaced[k] = segments.get(k)[2] == 1;
            }
            return new ExpandedText(text.toString(), expanded, originals, replaced);
        }
    }
}
