package dev.kdlab.debugger.completion;

import java.util.List;

/**
 * The answer to Tab: the word being completed is {@code line[start, cursor)}, and these are the
 * words it may become (each a whole replacement for it).
 */
public record Completion(int start, List<Candidate> candidates) {
    public static Completion none(int cursor) {
        return new Completion(cursor, List.of());
    }
}
