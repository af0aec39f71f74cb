package dev.kdlab.kernel.image;

/**
 * An image file as the loader maps it: where (for a DLL, the same base in every process of a boot),
 * how big, and the link timestamp from its file header.
 */
public record UserImage(String path, long base, long size, int timeDateStamp, long entryPointRva) {

    /** The file name: "ntdll.dll" of "C:\Windows\SYSTEM32\ntdll.dll". */
    public String baseName() {
        return path.substring(path.lastIndexOf('\\') + 1);
    }
}
