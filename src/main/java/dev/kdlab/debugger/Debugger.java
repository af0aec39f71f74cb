package dev.kdlab.debugger;

import dev.kdlab.debugger.commands.BuiltInCommands;
import dev.kdlab.debugger.completion.Completer;
import dev.kdlab.debugger.syntax.NearNames;
import dev.kdlab.debugger.syntax.WindbgCommands;
import dev.kdlab.lang.CommandParser;
import dev.kdlab.lang.CommandText;
import dev.kdlab.lang.ExpressionException;
import dev.kdlab.lang.SyntaxErrorException;
import dev.kdlab.memory.MemoryAccessException;
import dev.kdlab.target.Target;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A debugger session over one target: the REPL, scripts and tests all drive it the same way,
 * one command at a time, with output going to the stream given at construction. Every failure
 * ends as WinDbg's error line for it; the session always goes on.
 */
public final class Debugger {
    /** The live prompt; {@link #prompt()} is the one for this session's target. */
    public static final String PROMPT = "lkd> ";
    /** kdlab's version, as {@code kdlab --version} and {@code version} print it. */
    public static final String VERSION = "0.1.0";

    private final Session session;
    private final PrintStream rawOut;
    /** The debugger's own lines (errors): to the output and the log, never interrupted. */
    private final PrintStream out;
    private final CommandRegistry registry;
    private final CommandParser parser;
    private boolean quitRequested;
    private Runnable screenClearer = () -> { };

    public Debugger(Target target, PrintStream out) {
        this.session = new Session(target);
        this.rawOut = out;
        this.out = new InterruptibleOutput(out, null, session);
        this.registry = BuiltInCommands.registry(this::requestQuit, this::clearScreen);
        this.parser = new CommandParser(registry::isRegularName);
    }

    /**
     * Runs one command (no ';' inside); prints its output or its error line. False when it failed,
     * and at once, without running it, while an interruption is pending (the rest of an
     * interrupted line or script does not run).
     */
    public boolean execute(String commandText) {
        String text = commandText.strip();
        if (text.isEmpty()) {
            return true;
        }
        Interruption interruption = session.interruption();
        if (interruption.isRequested()) {
            return false;
        }
        String prompt = session.prompt();
        session.log().command(prompt + text);
        try {
            CommandText command = parser.parse(text);
            Optional<CommandSpec> spec = registry.find(command.name());
            if (spec.isEmpty()) {
                return unknown(command, text);
            }
            for (Requirement requirement : spec.get().requirements()) {
                if (!requirement.satisfiedBy(session)) {
                    out.println(requirement.missing());
                    return false;
                }
            }
            spec.get().command().execute(new Invocation(session, command, new InterruptibleOutput(rawOut, interruption, session)));
            return true;
        } catch (CommandInterruptedException e) {
            if (interruption.firstReport()) {
                out.println(Interruption.MESSAGE);
            }
        } catch (SyntaxErrorException e) {
            out.println(e.render(prompt.length(), text));
        } catch (ExpressionException | CommandException e) {
            out.println(e.getMessage());
        } catch (MemoryAccessException e) {
            out.println(String.format("Memory access error at '%s'", text));
        }
        return false;
    }

    /**
     * A name the table does not hold. A WinDbg command kdlab lacks says so (a syntax error would
     * tell a learner their syntax is wrong); anything else gets WinDbg's error line (an unknown
     * extension {@code No export x found}, a word that is no command the caret line) and the
     * table's names closest to it.
     */
    private boolean unknown(CommandText command, String text) {
        String typed = typedName(command, text);
        List<String> near = NearNames.near(typed, registry.names());
        if (WindbgCommands.contains(typed)) {
            out.println(notImplemented(typed));
            return false;
        }
        if (!command.isExtension() && !command.isMeta() && near.isEmpty() && command.name().length() > 1
                && WindbgCommands.contains(command.name())) {
            // bpnt!Foo: bp with its argument glued on (a one-letter split, f + robnicate, is more likely a slip)
            out.println(notImplemented(command.name()));
            return false;
        }
        if (command.isExtension()) {
            out.println("No export " + command.name().substring(1) + " found");
        } else {
            out.println(new SyntaxErrorException(0, text).render(session.prompt().length(), text));
        }
        if (!near.isEmpty()) {
            out.println("Did you mean " + String.join(" or ", near) + "?");
        }
        return false;
    }

    /** The command word as typed: the whole run of letters, before glued option letters were split off. */
    private static String typedName(CommandText command, String text) {
        if (command.isExtension() || command.isMeta() || !Character.isLetter(text.charAt(0))) {
            return command.name();
        }
        int end = 0;
        while (end < text.length() && Character.isLetter(text.charAt(end))) {
            end++;
        }
        return text.substring(0, end).toLowerCase(Locale.ROOT);
    }

    static String notImplemented(String name) {
        return name + ": a WinDbg command kdlab does not implement yet (.help lists the ones it does)";
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

    /** The prompt for this session's target: {@code lkd> } live, {@code kd> } on a dump. */
    public String prompt() {
        return session.prompt();
    }

    public List<CommandSpec> commands() {
        return registry.all();
    }

    public CommandRegistry registry() {
        return registry;
    }

    /** Tab completion over this session's table and machine. */
    public Completer completer() {
        return new Completer(registry, parser, session);
    }
}
