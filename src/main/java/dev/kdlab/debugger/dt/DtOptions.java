package dev.kdlab.debugger.dt;

/**
 * The display options of one dt command.
 *
 * @param recursion levels of sub-fields -r shows: {@code -r1} one, {@code -r} alone two (the transcript of
 *                  {@code dt -r _EPROCESS} expands Pcb and Pcb.Header but not Pcb.Header.WaitListHead)
 * @param blocks    -b: embedded structs expanded at every depth, their lines showing only the summary
 * @param verbose   -v: sizes and element counts
 * @param listField -l: the member that links the nodes of a list, or null
 */
public record DtOptions(int recursion, boolean blocks, boolean verbose, String listField) {
    static final int DEFAULT_RECURSION = 2;

    static DtOptions none() {
        return new DtOptions(0, false, false, null);
    }
}
