package dev.kdlab.debugger.dt;

/**
 * The display options of one dt command (Microsoft Learn, "dt (Display Type)", DisplayOpts).
 *
 * @param recursion     levels of sub-fields -r shows: {@code -r1} one, {@code -r} alone two (the transcript of
 *                      {@code dt -r _EPROCESS} expands Pcb and Pcb.Header but not Pcb.Header.WaitListHead)
 * @param blocks        -b: embedded structs expanded at every depth, their lines showing only the summary
 * @param verbose       -v: sizes and element counts
 * @param listField     -l: the member that links the nodes of a list, or null
 * @param compact       -c: the members of a struct on one line
 * @param noIndent      -i: sub-fields not indented under their parent
 * @param omitOffsets   -o: no {@code +0x...} offsets
 * @param arrayElements -a[N]: how many elements of an array to show one per line ({@link #ALL_ELEMENTS} for -a
 *                      alone); 0 without -a
 * @param instanceArray -a came before the type: the address holds that many instances of the type
 */
public record DtOptions(int recursion, boolean blocks, boolean verbose, String listField, boolean compact,
                        boolean noIndent, boolean omitOffsets, int arrayElements, boolean instanceArray) {
    static final int DEFAULT_RECURSION = 2;
    static final int ALL_ELEMENTS = Integer.MAX_VALUE;

    /** No options: what {@code dt nt!_EPROCESS <address>} shows. */
    public static DtOptions plain() {
        return new DtOptions(0, false, false, null, false, false, false, 0, false);
    }

    /** True when -a asks for the elements of array members one per line. */
    boolean expandArrayMembers() {
        return arrayElements > 0 && !instanceArray;
    }
}
