package dev.kdlab.debugger.syntax;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The command names close to a mistyped one, for "did you mean": {@code proces} is near
 * {@code !process} and {@code .process}, {@code !tred} near {@code !thread}. Names are compared
 * without their {@code !} or {@code .}, since the sigil is the part a learner most often gets
 * wrong, by edit distance with transpositions (a swapped pair of letters is one slip).
 */
public final class NearNames {
    private static final int MAX_SUGGESTIONS = 3;

    private NearNames() {
    }

    /** Up to three names from {@code names}, nearest first; none when nothing is close. */
    public static List<String> near(String typed, Collection<String> names) {
        String word = bare(typed);
        if (word.isEmpty()) {
            return List.of();
        }
        // a short word is near too much by one letter (and -> ad, dx -> db): only its sigil may differ
        int limit = word.length() <= 3 ? 0 : word.length() == 4 ? 1 : 2;
        record Match(String name, int distance) {
        }
        List<Match> matches = new ArrayList<>();
        for (String name : names) {
            if (name.equalsIgnoreCase(typed)) {
                continue;
            }
            int distance = distance(word, bare(name));
            if (distance <= limit) {
                matches.add(new Match(name, distance));
            }
        }
        matches.sort(Comparator.comparingInt(Match::distance).thenComparing(Match::name));
        return matches.stream().limit(MAX_SUGGESTIONS).map(Match::name).toList();
    }

    private static String bare(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.startsWith("!") || lower.startsWith(".") ? lower.substring(1) : lower;
    }

    /** Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
