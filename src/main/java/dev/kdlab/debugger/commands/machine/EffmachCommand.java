package dev.kdlab.debugger.commands.machine;

import dev.kdlab.debugger.Command;
import dev.kdlab.debugger.CommandException;
import dev.kdlab.debugger.Invocation;
import dev.kdlab.debugger.views.TargetVersion;
import dev.kdlab.lang.arguments.ArgumentScanner;
import dev.kdlab.lang.SyntaxErrorException;
import dev.kdlab.memory.MemoryAccessException;

import java.util.Locale;
import java.util.Set;

/**
 * {@code .effmach [. | # | amd64 | x64]}: the effective machine (transcripts 5.7,
 * "Effective machine: x64 (AMD64)"). The emulated machine is x64 only, so naming it, or the target's
 * own machine ({@code .}, {@code #}), keeps it; switching to x86 or ARM needs a WOW64 context kdlab
 * does not model.
 */
public final class EffmachCommand implements Command {
    private static final Set<String> NATIVE = Set.of(".", "#", "amd64", "x64");

    @Override
    public void execute(Invocation invocation) throws CommandException, SyntaxErrorException, MemoryAccessException {
        ArgumentScanner args = invocation.arguments();
        String machine = args.nextWord().toLowerCase(Locale.ROOT);
        args.expectEnd();
        if (!machine.isEmpty() && !NATIVE.contains(machine)) {
            throw new CommandException("Invalid machine type '" + machine + "': the emulated target is x64 only");
        }
        invocation.out().println("Effective machine: " + TargetVersion.effectiveMachine(invocation.session()));
    }
}
