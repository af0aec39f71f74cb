package dev.kdlab.debugger.stack;

import dev.kdlab.debugger.Hex;
import dev.kdlab.debugger.symbols.ModuleList;

import java.io.PrintStream;

/**
 * Prints frames in the layouts of the WinDbg that captured the 19045 machine (transcripts 1.6,
 * 5.6, format rule 11): the RetAddr column is widened and five blanks precede the call site.
 */
public enum StackPrinter {
    /** {@code k}, {@code kn}: numbered, Child-SP, RetAddr, call site. */
    PLAIN(true, false, false),
    /** {@code kb}: with the four home-area QWORDs. */
    ARGUMENTS(true, true, false),
    /** {@code kv}: arguments and the trap frames system calls and interrupts built. */
    VERBOSE(true, true, true),
    /** {@code !thread}, {@code !process ... 6}: as kv without frame numbers. */
    THREAD(false, true, true),
    /** {@code !thread}/{@code !process} flag 0x8: return address and stack pointer only. */
    THREAD_NO_ARGUMENTS(false, false, true);

    private static final String ARGS_HEADER = ": Args to Child"
            + "                                                           : ";

    private final boolean numbered;
    private final boolean arguments;
    private final boolean trapFrames;

    StackPrinter(boolean numbered, boolean arguments, boolean trapFrames) {
        this.numbered = numbered;
        this.arguments = arguments;
        this.trapFrames = trapFrames;
    }

    public void print(StackTraces.Trace trace, PrintStream out, String indent) {
        out.println(indent + (numbered ? " # " : "") + "Child-SP          RetAddr               "
                + (arguments ? ARGS_HEADER : "") + "Call Site");
        ModuleList modules = trace.modules();
        int number = 0;
        for (Frame frame : trace.frames()) {
            StringBuilder row = new StringBuilder(indent);
            if (numbered) {
                String hex = Long.toHexString(number++);
                row.append(hex.length() < 2 ? "0" + hex : hex).append(' ');
            }
            row.append(Hex.backtick(frame.childSp())).append(' ').append(Hex.backtick(frame.returnAddress()))
                    .append("     ");
            if (arguments) {
                row.append(": ");
                for (long argument : frame.arguments()) {
                    row.append(Hex.backtick(argument)).append(' ');
                }
                row.append(": ");
            }
            row.append(modules.describe(frame.instruction()));
            if (trapFrames && frame.trapFrame() != 0) {
                row.append(" (TrapFrame @ ").append(Hex.backtick(frame.trapFrame())).append(')');
            }
            out.println(row);
        }
    }
}
