package dev.kdlab.types;

/** A type name the catalog does not know. The message is the name as asked. */
public class UnknownTypeException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String typeName;

    public UnknownTypeException(String typeName) {
        super(typeName);
        this.typeName = typeName;
    }

    public String typeName() {
        return typeName;
    }
}
