package dev.kdlab.types;

import java.util.Locale;

/**
 * A symbol pattern as WinDbg matches names ({@code *PROCESS*}, {@code _OBJECT_HEADER_*}, {@code _K?PROCESS}):
 * {@code *} is any run of characters, {@code ?} any one character, and letters match without regard to case
 * (Microsoft Learn, "String Wildcard Syntax" and "Symbol Syntax and Symbol Matching").
 */
public final class WildcardPattern {
    private final String pattern;

    private WildcardPattern(String pattern) {
        this.pattern = pattern.toLowerCase(Locale.ROOT);
    }

    public static WildcardPattern of(String pattern) {
        return new WildcardPattern(pattern);
    }

    /** True when the text has a {@code *} or {@code ?}, so that it names a pattern rather than one name. */
    public static boolean isPattern(String text) {
        return text.indexOf('*') >= 0 || text.indexOf('?') >= 0;
    }

    public boolean matches(String name) {
        String text = name.toLowerCase(Locale.ROOT);
        // the classic greedy match with one backtrack point: the last '*' seen
        int p = 0;
        int t = 0;
        int star = -1;
        int starText = 0;
        while (t < text.length()) {
            if (p < pattern.length() && (pattern.charAt(p) == '?' || pattern.charAt(p) == text.charAt(t))) {
                p++;
                t++;
            } else if (p < pattern.length() && pattern.charAt(p) == '*') {
                star = p++;
                starText = t;
            } else if (star >= 0) {
                p = star + 1;
                t = ++starText;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }

    @Override
    public String toString() {
        return pattern;
    }
}
