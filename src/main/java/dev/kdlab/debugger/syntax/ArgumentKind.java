package dev.kdlab.debugger.syntax;

/**
 * What an argument of a command is, as far as completion and help care: which words could go in
 * its place. A command's synopsis names its arguments with placeholders ({@code Type},
 * {@code Process}, {@code File}); {@link CommandSyntax} maps each to one of these.
 */
public enum ArgumentKind {
    /** A type name: {@code nt!_EPROCESS}, {@code _KTHREAD}, {@code ULONG}. */
    TYPE,
    /** A member path of the type given earlier on the line: {@code Pcb.DirectoryTableBase}. */
    FIELD,
    /** {@code module!symbol}, possibly with wildcards ({@code x nt!Psp*}). */
    SYMBOL,
    /** A MASM expression: addresses, {@code nt!Symbol}, {@code @$proc}, registers. */
    EXPRESSION,
    /** A process: an EPROCESS address (or a Cid). */
    PROCESS,
    /** A process's image file name, as {@code !process 0 0 notepad.exe} takes it. */
    IMAGE_NAME,
    /** A thread: an ETHREAD address. */
    THREAD,
    /** A file (or directory) name on the machine kdlab runs on. */
    FILE,
    /** A register name: {@code rip}, {@code cr3}, {@code $csp}. */
    REGISTER,
    /** A module name or pattern: {@code nt}, {@code tcp*}. */
    MODULE,
    /**
     * A practice exercise's id ({@code l1-pid-by-name}), as {@code .exercise start} takes it: the
     * catalogue lives above the debugger and hands its ids to the table ({@code CommandRegistry.registerWords}).
     */
    EXERCISE,
    /** A command name, as {@code .help} takes it. */
    COMMAND,
    /** A number: flags, counts, sizes, a processor. */
    NUMBER,
    /** Free text: a format string, a condition, nested commands. */
    TEXT
}
