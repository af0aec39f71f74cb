package dev.kdlab.debugger.dx;

/**
 * A failure of dx's evaluation, worded as the data model words it; dx prints it after {@code Error: }
 * ({@code Error: Unable to bind name 'foo'}, {@code Error: Unexpected failure to dereference object}) and the
 * session goes on. Unchecked, because it is thrown from inside the lazy collections and lambdas the model
 * hands around; the dx command catches it.
 */
public final class ModelError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ModelError(String message) {
        super(message, null, false, false);
    }

    /** A name that is no variable, lambda parameter, namespace or symbol. */
    static ModelError unbound(String name) {
        return new ModelError("Unable to bind name '" + name + "'");
    }

    /** A property, field or method the object does not have. */
    public static ModelError notFound() {
        return new ModelError("Unable to find specified value");
    }

    /** '*' of something that is no pointer, or of a void pointer. */
    static ModelError dereference() {
        return new ModelError("Unexpected failure to dereference object");
    }

    /** An index or key a collection does not have (E_BOUNDS, transcripts 2.10). */
    static ModelError outOfRange() {
        return new ModelError("The operation attempted to access data outside the valid range (0x8000000b)");
    }

    /** An operator or a conversion the operands' kinds do not allow. */
    static ModelError invalidOperation(String what) {
        return new ModelError("Operation not supported: " + what);
    }
}
