package dev.kdlab.debugger;

import dev.kdlab.debugger.commands.BuiltInCommands;
import dev.kdlab.lang.CommandParser;
import dev.kdlab.lang.CommandText;
import dev.kdlab.lang.ExpressionException;
import dev.kdlab.lang.SyntaxErrorException;
import dev.kdlab.memory.MemoryAccessException;
import dev.kdlab.target.Target;

import java.io.PrintStream;
import java.util.List;
import java.util.Optional;

/**
 * A debugger session over one target: the REPL, scripts and tests all drive it the same way,
 * one command at a time, with output going to the stream given at construction. Every failure
 * ends as WinDbg's error line for it; the session always goes on.
 */
public final class Debugger {
    public static final String PROMPT = "lkd> ";
    /** kdlab's version, as {@code kdlab --version} and {@code version} print it. */
    public static final String VERSION = "0.1.0";

    private final Session session;
    private final PrintStream out;
    private final CommandRegistry registry;
    private boolean quitRequested;
    private Runnable screenClearer = () -> { };

    public Debugger(Target target, PrintStream out) {
        this.session = new Session(target);
        this.out = out;
        this.registry = BuiltInCommands.registry(this::requestQuit, this::clearScreen);
    }

    /** Runs one command (no ';' inside); prints its output or its error line. False when it failed. */
    public boolean execute(String commandText) {
        String text = commandText.strip();
        if (text.isEmpty()) {
            return true;
        }
        try {
            CommandText command = CommandParser.parse(text);
            Optional<CommandSpec> spec = registry.find(command.name());
            if (spec.isEmpty()) {
                return unknown(command, text);
            }
            spec.get().command().execute(new Invocation(session, command, out));
            return true;
        } catch (SyntaxErrorException e) {
            out.println(e.render(PROMPT.length(), text));
        } catch (ExpressionException | CommandException e) {
            out.println(e.getMessage());
        } catch (MemoryAccessException e) {
            out.println(String.format("Memory access error at '%s'", text));
        }
        return false;
    }

    /** An extension no DLL exports, or a word that is no command at all. */
    private boolean unknown(CommandText command, String text) {
        if (command.isExtension()) {
            out.println("No export " + command.name().substring(1) + " found");
        } else {
            out.println(new SyntaxErrorException(0, text).render(PROMPT.length(), text));
        }
        return false;
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

    public Session session() {
        return session;
    }

    public List<CommandSpec> commands() {
        return registry.all();
    }
}
