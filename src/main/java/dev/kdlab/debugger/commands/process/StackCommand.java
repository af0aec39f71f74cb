package dev.kdlab.debugger.commands.process;

import dev.kdlab.debugger.Command;
import dev.kdlab.debugger.CommandException;
import dev.kdlab.debugger.Invocation;
import dev.kdlab.debugger.Session;
import dev.kdlab.debugger.stack.StackPrinter;
import dev.kdlab.debugger.stack.StackTraces;
import dev.kdlab.lang.arguments.ArgumentScanner;
import dev.kdlab.lang.ExpressionException;
import dev.kdlab.lang.SyntaxErrorException;
import dev.kdlab.memory.MemoryAccessException;

import java.util.Locale;

/**
 * {@code k}, {@code kb}, {@code kv}, {@code kn} {@code [FrameCount]} (count in hex, the default radix): the implicit thread's stack
 * from its register context (transcripts 5.6, newer layout). {@code b} adds Args to Child, {@code v}
 * also the trap frames; frames are numbered whether or not {@code n} is given, as current WinDbg
 * does. After {@code .thread} the trace says it shows the last set context.
 */
public final class StackCommand implements Command {
    /** WinDbg's default number of frames (.kframes). */
    private static final int DEFAULT_FRAMES = 0x14;

    @Override
    public void execute(Invocation invocation)
            throws CommandException, ExpressionException, SyntaxErrorException, MemoryAccessException {
        ArgumentScanner args = invocation.arguments();
        String name = invocation.command().name();
        StringBuilder letters = new StringBuilder(name.substring(1));
        while (args.peekWord().filter(w -> w.matches("[nNlLmMpP]+")).isPresent()) {
            letters.append(args.nextWord());   // n (numbers), L (no source lines), M (DML), p/P: nothing more to show
        }
        int frames = args.atEnd() ? DEFAULT_FRAMES : (int) args.nextExpression();
        args.expectEnd();
        String options = letters.toString().toLowerCase(Locale.ROOT);
        StackPrinter layout = options.contains("v") ? StackPrinter.VERBOSE
                : options.contains("b") ? StackPrinter.ARGUMENTS : StackPrinter.PLAIN;
        Session session = invocation.session();
        StackTraces.Trace trace = new StackTraces(session).of(session.implicitThread(), session.implicitProcess(),
                Math.max(1, frames));
        if (session.registerContextSet()) {
            invocation.out().println("  *** Stack trace for last set context - .thread/.cxr resets it");
        }
        layout.print(trace, invocation.out(), "");
    }
}
