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

    private Session session;
    private final PrintStream out;
    private final CommandRegistry registry;
    private boolean quitRequested;
    private Runnable screenClearer = () -> { };
    private TargetOpener opener = (file, out) -> {
        throw new CommandException("Opening dump files is not available in this session");
    };

    public Debugger(Target target, PrintStream out) {
        this.session = new Session(target);
        this.out = out;
        this.registry = BuiltInCommands.registry(this::requestQuit, this::clearScreen, this::openDump);
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
            out.println(e.render(prompt().length(), text));
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
            out.println(new SyntaxErrorException(0, text).render(prompt().length(), text));
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

    /** The prompt WinDbg shows for this session's target: {@code lkd> } on a live machine, {@code kd> } on a dump. */
    public String prompt() {
        return session.target().isLive() ? PROMPT : "kd> ";
    }

    /** Gives the debugger the way {@code .opendump} opens a dump (the command line's). */
    public void onOpenDump(TargetOpener opener) {
        this.opener = opener;
    }

    /** {@code .opendump}: the session goes on over the dump, in a fresh context (processor 0's thread). */
    private void openDump(String file) throws CommandException {
        session = new Session(opener.open(file, out));
    }

    public Session session() {
        return session;
    }

    public List<CommandSpec> commands() {
        return registry.all();
    }
}
