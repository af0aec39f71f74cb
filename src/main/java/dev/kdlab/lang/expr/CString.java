package dev.kdlab.lang.expr;

/** Quoted strings of the command language: C's escapes, as .printf's format and $scmp's strings read them. */
public final class CString {
    private CString() {
    }

    /** \n, \t, \r, \0, \", \\ and \' read; another escaped character stands for itself. */
    public static String unescape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '\\' || i + 1 >= text.length()) {
                out.append(c);
                continue;
            }
            char next = text.charAt(++i);
            out.append(switch (next) {
                case 'n' -> '\n';
                case 't' -> '\t';
                case 'r' -> '\r';
                case '0' -> '\0';
                default -> next;
            });
        }
        return out.toString();
    }

    /** The end (exclusive) of a quoted string that starts at {@code start}, or -1 when it is not closed. */
    public static int end(String text, int start) {
        for (int i = start + 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '"') {
                return i + 1;
            }
        }
        return -1;
    }
}
