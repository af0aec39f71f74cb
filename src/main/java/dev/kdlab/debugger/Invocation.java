package dev.kdlab.debugger;

import dev.kdlab.lang.arguments.ArgumentScanner;
import dev.kdlab.lang.statement.CommandText;

import java.io.PrintStream;

/** A command being run: the session, its parsed text, where its output goes, and the interpreter running it. */
public record Invocation(Session session, CommandText command, PrintStream out, CommandLines lines) {

    /** A fresh scanner over the command's arguments, evaluating expressions in the session. */
    public ArgumentScanner arguments() {
        return ArgumentScanner.of(command, session);
    }

    /** The arguments of a command that needs some: with none, the command fails with its usage line. */
    public ArgumentScanner arguments(String usage) throws CommandException {
        ArgumentScanner args = arguments();
        if (args.atEnd()) {
            throw new CommandException(usage);
        }
        return args;
    }
}
