package dev.kdlab.debugger.commands;

import dev.kdlab.debugger.Command;
import dev.kdlab.debugger.CommandException;
import dev.kdlab.debugger.Invocation;
import dev.kdlab.lang.ArgumentScanner;

import java.util.OptionalLong;

/**
 * {@code r Register}: one register of the current context, {@code cr3=0000000018573000}. The
 * full register dump needs a thread's saved context, which the machine does not keep yet.
 */
final class RegisterCommand implements Command {
    @Override
    public void execute(Invocation invocation) throws CommandException {
        ArgumentScanner args = invocation.arguments();
        String name = args.nextWord().toLowerCase(java.util.Locale.ROOT);
        if (name.isEmpty()) {
            throw new CommandException("r: only single registers are available yet (try r cr3)");
        }
        OptionalLong value = invocation.session().register(name.startsWith("@") ? name.substring(1) : name);
        if (value.isEmpty()) {
            throw new CommandException("Bad register error at '" + name + "'");
        }
        invocation.out().println(String.format("%s=%016x", name, value.getAsLong()));
    }
}
