package dev.kdlab.target;

/** A loaded image as the debugger knows it: {@code nt} at fffff807`1c400000, say. */
public record Module(String name, long base, long size, String imageName) {
    public boolean contains(long address) {
        return Long.compareUnsigned(address, base) >= 0 && Long.compareUnsigned(address, base + size) < 0;
    }
}
