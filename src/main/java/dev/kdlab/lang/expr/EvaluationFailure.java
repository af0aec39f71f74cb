package dev.kdlab.lang.expr;

import dev.kdlab.lang.ExpressionException;
import java.util.function.Supplier;

/**
 * An {@link ExpressionException} on its way out of an ANTLR visitor, whose generated methods cannot throw checked
 * exceptions; the evaluators unwrap it where the visit started.
 */
final class EvaluationFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    final transient ExpressionException error;

    EvaluationFailure(ExpressionException error) {
        super(error.getMessage(), null, false, false);
        this.error = error;
    }

    /** Runs a visit and lets a failure inside it out as the ExpressionException it carries. */
    static <T> T unwrapped(Supplier<T> visit) throws ExpressionException {
        try {
            return visit.get();
        } catch (EvaluationFailure failure) {
            throw failure.error;
        }
    }
}
