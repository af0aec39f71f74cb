package dev.kdlab.lang;

/**
 * How deep a text may nest, checked before it is parsed: the parsers and evaluators are recursive,
 * so a bound keeps a pathological line (a hundred parentheses deep) from running the stack out.
 * Expressions (MASM, C++, dx) nest at most {@link #EXPRESSION_DEPTH} parentheses and brackets; a
 * command line as a whole, whose blocks hold expressions, twice that. No real expression or script
 * comes near either.
 */
public final class Nesting {
    /** The deepest nesting of ( ) and [ ] an expression may have: 100 levels work, 101 are refused. */
    public static final int EXPRESSION_DEPTH = 100;
    /** The deepest nesting of { }, ( ) and [ ] a command line may have (its expressions inside its blocks). */
    public static final int LINE_DEPTH = 2 * EXPRESSION_DEPTH;
    /**
     * The error's words, as kdlab words its other depth limits ("Scripts nested too deeply (more than
     * 32 levels)"): an expression's, before " at '<rest>'"; a command line's, before the caret form's " in '<line>'".
     */
    static final String EXPRESSION_TOO_DEEP = "Expression nested too deeply (more than " + EXPRESSION_DEPTH + " levels)";
    static final String LINE_TOO_DEEP = "Command nested too deeply (more than " + LINE_DEPTH + " levels)";

    private Nesting() {
    }

    /**
     * Where {@code text} first nests deeper than {@code limit} (the index of the opening character
     * that goes past it), counting {@code openers} against {@code closers} outside double quotes;
     * -1 when it never does.
     */
    public static int tooDeep(String text, int limit, String openers, String closers) {
        int depth = 0;
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    quoted = false;
                }
            } else if (c == '"') {
                quoted = true;
            } else if (openers.indexOf(c) >= 0) {
                if (++depth > limit) {
                    return i;
                }
            } else if (closers.indexOf(c) >= 0) {
                depth = Math.max(0, depth - 1);
            }
        }
        return -1;
    }

    /** An expression's check: its ( ) and [ ] at most {@link #EXPRESSION_DEPTH} deep, else the error at the first too deep. */
    public static void checkExpression(String expression) throws ExpressionException {
        int at = tooDeep(expression, EXPRESSION_DEPTH, "([", ")]");
        if (at >= 0) {
            throw ExpressionException.nestsTooDeeply(expression.substring(at));
        }
    }
}
