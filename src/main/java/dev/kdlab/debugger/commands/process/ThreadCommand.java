package dev.kdlab.debugger.commands.process;

import dev.kdlab.debugger.Command;
import dev.kdlab.debugger.CommandException;
import dev.kdlab.debugger.Invocation;
import dev.kdlab.debugger.Session;
import dev.kdlab.debugger.stack.StackTraces;
import dev.kdlab.debugger.views.Ethread;
import dev.kdlab.debugger.views.Processes;
import dev.kdlab.lang.arguments.ArgumentScanner;
import dev.kdlab.lang.ExpressionException;
import dev.kdlab.lang.SyntaxErrorException;
import dev.kdlab.memory.MemoryAccessException;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * {@code !thread [-p] [-t] [Address [Flags]]}: one thread's block (transcripts 3.3). No address or
 * -1 means the implicit thread; -t takes a thread id, looked up in PspCidTable; -p first prints
 * the owning process's summary. Flags default to 6: wait states and stack.
 */
public final class ThreadCommand implements Command {
    private static final int DEFAULT_FLAGS = ThreadDisplay.WAIT_STATES | ThreadDisplay.STACK;

    @Override
    public void execute(Invocation invocation)
            throws CommandException, ExpressionException, SyntaxErrorException, MemoryAccessException {
        ArgumentScanner args = invocation.arguments();
        Session session = invocation.session();
        boolean withProcess = false;
        boolean byThreadId = false;
        for (Optional<String> option = nextOption(args); option.isPresent(); option = nextOption(args)) {
            withProcess |= option.get().equals("-p");
            byThreadId |= option.get().equals("-t");
        }
        long address = args.atEnd() ? -1 : args.nextExpression();
        int flags = args.atEnd() ? DEFAULT_FLAGS : (int) args.nextExpression();
        args.expectEnd();
        long ethread = address == -1 ? session.implicitThread() : address;
        if (byThreadId) {
            OptionalLong found = Processes.byCid(session, address);
            if (found.isEmpty()) {
                throw new CommandException("Unable to get thread with Cid " + Long.toHexString(address));
            }
            ethread = found.getAsLong();
        }
        if (!isThread(session, ethread)) {
            throw new CommandException("TYPE mismatch for thread object at " + Long.toHexString(ethread));
        }
        if (withProcess) {
            ProcessCommand.printSummary(session, Ethread.at(session, ethread).process(), invocation.out());
        }
        new ThreadDisplay(session, new StackTraces(session), invocation.out(), "").print(ethread, flags);
    }

    /** -p and -t; "-1" is the implicit thread, not an option. */
    private static Optional<String> nextOption(ArgumentScanner args) {
        Optional<String> word = args.peekWord();
        if (word.isPresent() && (word.get().equals("-p") || word.get().equals("-t"))) {
            return Optional.of(args.nextWord());
        }
        return Optional.empty();
    }

    /** A thread object by its header, or an idle thread (which lives in the image or the KPCR, headerless). */
    static boolean isThread(Session session, long ethread) throws MemoryAccessException {
        Ethread thread = Ethread.at(session, ethread);
        if (thread.isThreadObject()) {
            return true;
        }
        return thread.headerType() == Ethread.THREAD_OBJECT && thread.process() == session.symbolOrZero("KiInitialProcess");
    }
}
