package dev.kdlab.cli;

import dev.kdlab.debugger.completion.Completer;
import dev.kdlab.debugger.completion.Completion;
import org.jline.reader.Candidate;
import org.jline.reader.CompletingParsedLine;
import org.jline.reader.CompletionMatcher;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;
import org.jline.reader.Parser;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * JLine's side of Tab completion: the debugger's {@link Completer} decides both where the word under
 * the cursor starts (inside {@code poi(nt!Ps} it is the whole operand run, after {@code ;} a new
 * command) and what it may become; JLine only shows and inserts. JLine's own parser would treat
 * backslashes and quotes as a shell does, which WinDbg's command lines do not, so this one replaces it.
 */
final class ShellCompletion {
    private ShellCompletion() {
    }

    /** The JLine completer: the debugger's candidates, each with its description. */
    static org.jline.reader.Completer completer(Completer completer) {
        return (reader, line, candidates) -> {
            Completion completion = completer.complete(line.line(), line.cursor());
            for (var c : completion.candidates()) {
                candidates.add(new Candidate(c.value(), c.value(), null, c.description().isEmpty() ? null : c.description(),
                        null, null, c.complete()));
            }
        };
    }

    /** Lines split as the debugger reads them: the word is what {@link Completer#wordStart} says. */
    static Parser parser(Completer completer) {
        return (line, cursor, context) -> {
            int start = context == Parser.ParseContext.COMPLETE ? completer.wordStart(line, cursor) : cursor;
            return new Line(line, cursor, start);
        };
    }

    /**
     * Keeps every candidate the debugger offered (it has already matched them, without regard to
     * case, and may offer a process's address for its typed image name); the common prefix is only
     * inserted when it extends what was typed.
     */
    static CompletionMatcher matcher() {
        return new CompletionMatcher() {
            private String word = "";
            private List<Candidate> matches = List.of();

            @Override
            public void compile(Map<LineReader.Option, Boolean> options, boolean prefix, CompletingParsedLine line,
                                boolean caseInsensitive, int errors, String originalGroupName) {
                word = line.word();
            }

            @Override
            public List<Candidate> matches(List<Candidate> candidates) {
                matches = new ArrayList<>(candidates);
                return matches;
            }

            @Override
            public Candidate exactMatch() {
                for (Candidate c : matches) {
                    if (c.complete() && c.value().equalsIgnoreCase(word)) {
                        return c;
                    }
                }
                return null;
            }

            @Override
            public String getCommonPrefix() {
                String common = null;
                for (Candidate c : matches) {
                    if (!c.value().toLowerCase(Locale.ROOT).startsWith(word.toLowerCase(Locale.ROOT))) {
                        return word;   // an address offered for a name: nothing in common with what was typed
                    }
                    common = common == null ? c.value() : commonPrefix(common, c.value());
                }
                return common == null ? word : common;
            }
        };
    }

    private static String commonPrefix(String a, String b) {
        int i = 0;
        while (i < a.length() && i < b.length() && a.charAt(i) == b.charAt(i)) {
            i++;
        }
        return a.substring(0, i);
    }

    /** A line with one word, from {@code start} to the cursor; candidates replace it as they are. */
    private record Line(String line, int cursor, int start) implements CompletingParsedLine {
        @Override
        public String word() {
            return line.substring(start, cursor);
        }

        @Override
        public int wordCursor() {
            return cursor - start;
        }

        @Override
        public int wordIndex() {
            return 0;
        }

        @Override
        public List<String> words() {
            return List.of(word());
        }

        @Override
        public CharSequence escape(CharSequence candidate, boolean complete) {
            return candidate;
        }

        @Override
        public int rawWordCursor() {
            return cursor - start;
        }

        @Override
        public int rawWordLength() {
            return cursor - start;
        }
    }
}
