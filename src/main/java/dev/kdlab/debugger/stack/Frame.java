package dev.kdlab.debugger.stack;

/**
 * One row of a stack trace. {@code childSp} is the frame's rsp (WinDbg's Child-SP), {@code returnAddress}
 * where it returns to (0 for the last frame), {@code instruction} the address its call site names,
 * {@code arguments} the four home-area QWORDs of its caller (Args to Child), and {@code trapFrame}
 * the KTRAP_FRAME this frame's function built, or 0.
 */
public record Frame(long childSp, long returnAddress, long instruction, long[] arguments, long trapFrame) {
}
