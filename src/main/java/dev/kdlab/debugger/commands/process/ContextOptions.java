package dev.kdlab.debugger.commands.process;

import dev.kdlab.debugger.Invocation;
import dev.kdlab.lang.arguments.ArgumentScanner;
import dev.kdlab.lang.SyntaxErrorException;

import java.io.PrintStream;
import java.util.Optional;

/**
 * The options {@code .process} and {@code .thread} share: {@code /p} (translate the context's
 * transition PTEs, which kdlab always does), {@code /r} (reload user symbols) and {@code /P}
 * (translate for every process), and the lines they add after the context message.
 * {@code .process /i} asks a live kernel debugger to switch the target itself, which happens only
 * once the target runs again (WinDbg: "You need to continue execution (press 'g' <enter>) for the
 * context to be switched", transcripts 3.1); a local kernel debugger cannot let the target run, so
 * kdlab says so in those words and switches as {@code /p /r} does.
 */
record ContextOptions(boolean reloadUser, boolean allPtes, boolean invasive) {
    private static final String NO_EXECUTION = "Local kernel debugging cannot continue execution (press 'g' <enter>)\n"
            + "for the context to be switched; it is switched as .process /p /r switches it.";

    static ContextOptions parse(Invocation invocation, ArgumentScanner args) throws SyntaxErrorException {
        boolean reloadUser = false;
        boolean allPtes = false;
        boolean invasive = false;
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
                        invasive = true;
                        reloadUser = true;
                        break;
                    }
                    // fall through: .thread has no /i
                default:
                    throw new SyntaxErrorException(args.column() - option.get().length(),
                            invocation.command().name() + " " + invocation.command().arguments());
            }
        }
        return new ContextOptions(reloadUser, allPtes, invasive);
    }

    /** Before the context message: why {@code /i} switches no further than {@code /p /r} in lkd. */
    void announce(PrintStream out) {
        if (invasive) {
            out.println(NO_EXECUTION);
        }
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
