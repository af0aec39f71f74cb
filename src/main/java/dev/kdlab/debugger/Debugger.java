package dev.kdlab.debugger;

import dev.kdlab.debugger.commands.BuiltInCommands;
import dev.kdlab.debugger.completion.Completer;
import dev.kdlab.debugger.script.ExecutionLimits;
import dev.kdlab.debugger.script.Interpreter;
import dev.kdlab.target.Target;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * A debugger session over one target: the REPL, scripts and tests all drive it the same way,
 * one command line at a time, with output going to the stream given at construction. Every failure
 * ends as WinDbg's error line for it; the session always goes on.
 */
public final class Debugger {
    /** The live prompt; {@link #prompt()} is the one for this session's target. */
    public static final String PROMPT = "lkd> ";
    /** kdlab's version, as {@code kdlab --version} and {@code version} print it. */
    public static final String VERSION = "0.1.0";

    private final Session session;
    private final PrintStream out;
    private final CommandRegistry registry;
    private final Interpreter interpreter;
    private boolean quitRequested;
    private Runnable screenClearer = () -> { };
    private TargetOpener opener = (file, out) -> {
        throw new CommandException("Opening dump files is not available in this session");
    };

    public Debugger(Target target, PrintStream out) {
        this.session = new Session(target);
        // everything printed also goes to the log file while .logopen has one open
        this.out = new PrintStream(session.log().tee(out), true, StandardCharsets.UTF_8);
        this.registry = BuiltInCommands.registry(this::requestQuit, this::clearScreen, this::openDump);
        this.interpreter = new Interpreter(session, registry, this::quitRequested);
    }

    /**
     * Runs one command line: commands separated by ';', control-flow statements, blocks, comments,
     * with its aliases replaced first. Prints each command's output or its error line; the first
     * failure ends the line, as in WinDbg. False when a command failed or the line was stopped.
     */
    public boolean execute(String commandLine) {
        session.log().command(commandLine);
        return interpreter.runLine(commandLine, out, null);
    }

    /**
     * As {@link #execute(String)}, handing the text of each top-level statement to {@code echo} before it
     * runs (batch mode prints it after the prompt, as a log would show it typed).
     */
    public boolean execute(String commandLine, Consumer<String> echo) {
        if (echo == null) {
            return execute(commandLine);
        }
        return interpreter.runLine(commandLine, out, statement -> {
            session.log().command(statement);
            echo.accept(statement);
        });
    }

    /** Stops the running command line at its next step or line of output: the hook for the shell's Ctrl-C handler. */
    public void interrupt() {
        session.limits().interrupt();
    }

    /** Ctrl-C, and the step budget of each command line ({@code --max-steps}; 0 = none). */
    public ExecutionLimits limits() {
        return session.limits();
    }

    /** Where script files ($$>a<, .foreach /f) and logs (.logopen) are found: the process's directory by default. */
    public void setWorkingDirectory(Path directory) {
        interpreter.setWorkingDirectory(directory);
    }

    public boolean quitRequested() {
        return quitRequested;
    }

    private void requestQuit() {
        quitRequested = true;
    }

    /**
     * What {@code .cls} does: the interactive shell clears its terminal; elsewhere (scripts, tests)
     * nothing happens, so a script with {@code .cls} in it runs the same and writes no control codes.
     */
    public void onClearScreen(Runnable clear) {
        this.screenClearer = clear;
    }

    private void clearScreen() {
        screenClearer.run();
    }

    /** The prompt WinDbg shows for this session's target: {@code lkd> } on a live machine, {@code kd> } on a dump. */
    public String prompt() {
        return session.prompt();
    }

    /** Gives the debugger the way {@code .opendump} opens a dump (the command line's). */
    public void onOpenDump(TargetOpener opener) {
        this.opener = opener;
    }

    /** {@code .opendump}: the session goes on over the dump (aliases, log and settings stay), in processor 0's context. */
    private void openDump(String file) throws CommandException {
        session.switchTarget(opener.open(file, out));
    }

    public Session session() {
        return session;
    }

    /**
     * Adds commands to the table from a layer above the debugger (the exercises' {@code .exercise},
     * {@code .hint}, {@code .answer}, {@code .reveal}); a name already taken fails as at start-up.
     */
    public void register(CommandSpec spec) {
        registry.register(spec);
    }

    public List<CommandSpec> commands() {
        return registry.all();
    }

    public CommandRegistry registry() {
        return registry;
    }

    /** Tab completion over this session's table and machine. */
    public Completer completer() {
        return new Completer(registry, session);
    }
}
