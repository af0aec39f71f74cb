package dev.kdlab.debugger.commands;

import dev.kdlab.debugger.CommandException;
import dev.kdlab.debugger.Invocation;
import dev.kdlab.lang.ArgumentScanner;
import dev.kdlab.lang.SyntaxErrorException;

import java.io.PrintStream;
import java.util.Optional;

/**
 * The options {@code .process} and {@code .thread} share: {@code /p} (translate the context's
 * transition PTEs, which kdlab always does), {@code /r} (reload user symbols) and {@code /P}
 * (translate for every process), and the lines they add after the context message.
 */
record ContextOptions(boolean reloadUser, boolean allPtes) {

    static ContextOptions parse(Invocation invocation, ArgumentScanner args) throws CommandException, SyntaxErrorException {
        boolean reloadUser = false;
        boolean allPtes = false;
        for (Optional<String> option = args.nextOption(); option.isPresent(); option = args.nextOption()) {
            switch (option.get()) {
                case "/p":
                    break;
                case "/r":
                    reloadUser = true;
                    break;
                case "/P":
                    allPtes = true;
                    break;
                case "/i":
                    if (invocation.command().name().equals(".process")) {
                        throw new CommandException(
                                "The system is not running a live kernel debugger; .process /i is not available.");
                    }
                    // fall through: .thread has no /i
                default:
                    throw new SyntaxErrorException(args.column() - option.get().length(),
                            invocation.command().name() + " " + invocation.command().arguments());
            }
        }
        return new ContextOptions(reloadUser, allPtes);
    }

    /** {@code .cache forcedecodeptes done} for /P, {@code Loading User Symbols} for /r (format rule 10). */
    void report(PrintStream out) {
        if (allPtes) {
            out.println(".cache forcedecodeptes done");
        }
        if (reloadUser) {
            out.println("Loading User Symbols");
        }
    }
}
