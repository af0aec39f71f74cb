package dev.kdlab.debugger.completion;

/**
 * One way to finish the word being typed.
 *
 * @param value       the whole word it becomes ({@code nt!_EPROCESS}, {@code Pcb.DirectoryTableBase})
 * @param description shown beside it in a list ({@code notepad.exe} beside an EPROCESS address), or empty
 * @param complete    true when the word is finished (a blank may follow); false when more may be
 *                    typed after it ({@code Pcb} can go on with {@code .}, {@code nt!} with a symbol)
 */
public record Candidate(String value, String description, boolean complete) {
    public static Candidate word(String value) {
        return new Candidate(value, "", true);
    }

    public static Candidate partial(String value) {
        return new Candidate(value, "", false);
    }
}
