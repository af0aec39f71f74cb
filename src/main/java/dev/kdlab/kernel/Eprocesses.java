package dev.kdlab.kernel;

import java.nio.charset.StandardCharsets;

/** What kernel routines read back from an EPROCESS they (or an earlier stage) wrote. */
public final class Eprocesses {
    private static final int IMAGE_FILE_NAME_LENGTH = 15;

    private Eprocesses() {
    }

    /** EPROCESS.ImageFileName up to its NUL ("System", "svchost.exe"). */
    public static String imageFileName(KernelSpace space, long eprocess) {
        long at = eprocess + StructImage.offsetOf("_EPROCESS", "ImageFileName");
        byte[] name = new byte[IMAGE_FILE_NAME_LENGTH];
        space.memory().readAvailable(at, name, 0, name.length);
        int length = 0;
        while (length < name.length && name[length] != 0) {
            length++;
        }
        return new String(name, 0, length, StandardCharsets.ISO_8859_1);
    }
}
