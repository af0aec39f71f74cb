package dev.kdlab.lang;

/**
 * An expression that parses but cannot be evaluated. {@link #getMessage()} is the line WinDbg
 * prints, flush left, e.g. {@code Couldn't resolve error at 'nt!PsFoo'}. The text after "at" is
 * the rest of the input from the failing place, as dbgeng reports it.
 *
 * <p>Wording: "Couldn't resolve error at" is quoted by secondary sources; "Memory access error
 * at", "Bad register error at", "Overflow error at" and "Operand error" are documented or
 * reported but have no verbatim Windows 10 transcript (transcripts, sections 7 and 10).
 * "Unexpected token" has one (section 7); "Syntax error at" is the docs' evaluator wording;
 * "Type conflict error at" follows the same pattern without a transcript.
 */
public class ExpressionException extends Exception {

    public ExpressionException(String message) {
        super(message);
    }

    /** An unknown symbol, e.g. {@code Couldn't resolve error at 'nt!PsFoo'}. */
    public static ExpressionException couldNotResolve(String rest) {
        return at("Couldn't resolve error", rest);
    }

    /** poi/by/wo/dwo/qwo on unreadable memory, e.g. {@code Memory access error at ')'}. */
    public static ExpressionException memoryAccess(String rest) {
        return at("Memory access error", rest);
    }

    /** An unknown register or pseudo-register, e.g. {@code Bad register error at '@rfoo'}. */
    public static ExpressionException badRegister(String rest) {
        return at("Bad register error", rest);
    }

    /** A constant wider than 64 bits. */
    public static ExpressionException overflow(String rest) {
        return at("Overflow error", rest);
    }

    /** A token the C++ evaluator cannot take there: {@code Unexpected token ')'} (transcripts section 7). */
    public static ExpressionException unexpectedToken(String token) {
        return new ExpressionException("Unexpected token '" + token + "'");
    }

    /** An expression that ends too early, e.g. {@code Syntax error at ''} for {@code ?? 1+}. */
    public static ExpressionException syntaxError(String rest) {
        return at("Syntax error", rest);
    }

    /** An operator the operands' types do not allow, such as multiplying a pointer (C++ evaluator). */
    public static ExpressionException typeConflict(String rest) {
        return at("Type conflict error", rest);
    }

    /**
     * An expression longer than the evaluators take (kdlab's own bound, in the evaluator's "... error at" form):
     * no real expression comes near it, and it keeps evaluation from running deep.
     */
    public static ExpressionException tooComplex(String rest) {
        return at("Too complex error", rest.length() > 40 ? rest.substring(0, 40) + "..." : rest);
    }

    /** More than {@link Nesting#EXPRESSION_DEPTH} levels of parentheses or brackets, from the first too many. */
    public static ExpressionException nestsTooDeeply(String rest) {
        return at(Nesting.EXPRESSION_TOO_DEEP, rest.length() > 40 ? rest.substring(0, 40) + "..." : rest);
    }

    /** An invalid operation such as division by zero (MASM docs). */
    public static ExpressionException operandError() {
        return new ExpressionException("Operand error");
    }

    /** "{@code <error> at '<rest>'}": the text after "at" is the rest of the input from where evaluation failed. */
    private static ExpressionException at(String error, String rest) {
        return new ExpressionException(error + " at '" + rest + "'");
    }
}
