package dev.kdlab.types;

/**
 * A function, seen only as a pointer target. dt shows no parameters, only the C return type, so that is all the
 * layout files keep: {@code Ptr64     unsigned char }, {@code Ptr64     void }, {@code Ptr64     _CELL_DATA* }.
 */
public record FunctionType(String returnText) implements Type {

    public FunctionType {
        java.util.Objects.requireNonNull(returnText, "returnText");
    }

    @Override
    public String name() {
        return typeText();
    }

    @Override
    public long size() {
        return 0;
    }

    /** Four blanks, the return type, one blank: with the {@code "Ptr64 "} of the pointer this is dt's spelling. */
    @Override
    public String typeText() {
        return "    " + returnText + " ";
    }

    @Override
    public String toString() {
        return "function returning " + returnText;
    }
}
