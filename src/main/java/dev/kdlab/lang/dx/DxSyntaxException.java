package dev.kdlab.lang.dx;

/**
 * A dx command line that does not read: a token the grammar does not take there, an expression that ends too
 * early, an option dx does not have. The message is what follows {@code Error: } on the line dx prints, in the
 * C++ evaluator's words ({@code Unexpected token ')'}, {@code Syntax error at ''}).
 */
public class DxSyntaxException extends Exception {
    public DxSyntaxException(String message) {
        super(message, null, false, false);
    }
}
