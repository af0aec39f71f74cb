package dev.kdlab.types;

/** A field path that does not resolve in a struct. The message is the dotted path as asked ({@code Pcb.Nope}). */
public class UnknownFieldException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String typeName;
    private final String path;

    public UnknownFieldException(String typeName, String path) {
        super(path);
        this.typeName = typeName;
        this.path = path;
    }

    /** The struct the path was resolved against ({@code _EPROCESS}). */
    public String typeName() {
        return typeName;
    }

    public String path() {
        return path;
    }
}
