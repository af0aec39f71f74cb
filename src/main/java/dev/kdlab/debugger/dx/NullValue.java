package dev.kdlab.debugger.dx;

/** What FirstOrDefault() gives for an empty sequence: no object. */
public enum NullValue implements ModelValue {
    NULL;

    @Override
    public String summary(Format format) {
        return "null";
    }

    @Override
    public boolean intrinsic() {
        return true;
    }
}
