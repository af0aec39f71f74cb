package dev.kdlab.debugger;

import dev.kdlab.memory.Pte;

/**
 * The eleven status letters {@code !pte} prints for an entry (docs of !pte): C copy-on-write,
 * G global, L large page, D dirty, A accessed, N cache disabled, T write-through, U/K owner,
 * W/R writable, E executable (dash when NX is set), V valid; a dash for each bit that is clear.
 */
public final class PteFlags {
    private PteFlags() {
    }

    public static String of(long entry) {
        return new StringBuilder(11)
                .append(set(entry, Pte.COPY_ON_WRITE) ? 'C' : '-')
                .append(set(entry, Pte.GLOBAL) ? 'G' : '-')
                .append(set(entry, Pte.LARGE_PAGE) ? 'L' : '-')
                .append(set(entry, Pte.DIRTY) ? 'D' : '-')
                .append(set(entry, Pte.ACCESSED) ? 'A' : '-')
                .append(set(entry, Pte.CACHE_DISABLE) ? 'N' : '-')
                .append(set(entry, Pte.WRITE_THROUGH) ? 'T' : '-')
                .append(set(entry, Pte.OWNER) ? 'U' : 'K')
                .append(set(entry, Pte.WRITE) ? 'W' : 'R')
                .append(set(entry, Pte.NO_EXECUTE) ? '-' : 'E')
                .append(set(entry, Pte.VALID) ? 'V' : '-')
                .toString();
    }

    /** Spelled-out flags for the page-walk explainer. */
    public static String words(long entry) {
        StringBuilder words = new StringBuilder();
        append(words, set(entry, Pte.VALID), "present", "NOT PRESENT");
        append(words, set(entry, Pte.WRITE), "writable", "read-only");
        append(words, set(entry, Pte.OWNER), "user", "kernel");
        append(words, set(entry, Pte.NO_EXECUTE), "no-execute", "executable");
        if (set(entry, Pte.ACCESSED)) {
            words.append(", accessed");
        }
        if (set(entry, Pte.DIRTY)) {
            words.append(", dirty");
        }
        if (set(entry, Pte.GLOBAL)) {
            words.append(", global");
        }
        if (set(entry, Pte.LARGE_PAGE)) {
            words.append(", LARGE PAGE");
        }
        return words.toString();
    }

    private static void append(StringBuilder words, boolean on, String yes, String no) {
        if (words.length() > 0) {
            words.append(", ");
        }
        words.append(on ? yes : no);
    }

    private static boolean set(long entry, long bit) {
        return (entry & bit) != 0;
    }
}
