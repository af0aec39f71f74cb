package dev.kdlab.debugger.script;

import dev.kdlab.debugger.CommandException;
import dev.kdlab.debugger.CommandLines;
import dev.kdlab.debugger.CommandRegistry;
import dev.kdlab.debugger.CommandSpec;
import dev.kdlab.debugger.Debugger;
import dev.kdlab.debugger.Invocation;
import dev.kdlab.debugger.Requirement;
import dev.kdlab.debugger.Session;
import dev.kdlab.debugger.UnknownCommand;
import dev.kdlab.debugger.TextFiles;
import dev.kdlab.lang.alias.AliasExpander;
import dev.kdlab.lang.alias.AliasExpansionException;
import dev.kdlab.lang.statement.CommandText;
import dev.kdlab.lang.alias.ExpandedText;
import dev.kdlab.lang.ExpressionException;
import dev.kdlab.lang.statement.Fragment;
import dev.kdlab.lang.statement.ParsedLine;
import dev.kdlab.lang.statement.Statement;
import dev.kdlab.lang.statement.StatementParsing;
import dev.kdlab.lang.SyntaxErrorException;
import dev.kdlab.memory.MemoryAccessException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.IntUnaryOperator;

/**
 * Runs command lines as WinDbg's command programs run (Microsoft Learn, debuggercmds, "Command
 * Tokens", "Using Debugger Command Programs"): aliases are replaced in a line before it is parsed,
 * and in a block when the block is entered; commands run left to right; the first command that
 * fails ends the program, up to the nearest {@code .catch}; {@code .break}, {@code .continue} and
 * {@code .leave} end their loop or block. Every command and every loop test is a step of the
 * {@link ExecutionLimits}, so Ctrl-C and {@code --max-steps} stop a line that runs away.
 */
public final class Interpreter implements CommandLines {

    /** How deep scripts may call scripts. */
    public static final int MAX_SCRIPT_DEPTH = 32;

    private static final int PARSE_CACHE_SIZE = 256;

    private final Session session;
    private final CommandRegistry registry;
    private final BooleanSupplier quitRequested;
    private final ExecutionLimits limits;
    private final AliasExpander expander;
    private final Map<String, ParsedLine> parsed = new LinkedHashMap<>(PARSE_CACHE_SIZE, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ParsedLine> eldest) {
            return size() > PARSE_CACHE_SIZE;
        }
    };
    private Path workingDirectory = Path.of("").toAbsolutePath();
    /** Told of every exception a command let escape (a bug: the user sees "kdlab internal error"); tests listen. */
    private Consumer<Throwable> internalErrors = e -> { };
    private int scriptDepth;
    /** The frame of the text running now: a command that runs a line runs it there. */
    private Frame currentFrame;

    public Interpreter(Session session, CommandRegistry registry, BooleanSupplier quitRequested) {
        this.session = session;
        this.registry = registry;
        this.quitRequested = quitRequested;
        this.limits = session.limits();
        this.expander = new AliasExpander(session.aliases());
    }

    @Override
    public ExecutionLimits limits() {
        return limits;
    }

    /** Listens for the exceptions commands let escape (the fuzz test counts each as a finding). */
    void onInternalError(Consumer<Throwable> listener) {
        internalErrors = listener;
    }

    /** Where script files and .logopen's files are looked for; the process's own by default. */
    public Path workingDirectory() {
        return workingDirectory;
    }

    public void setWorkingDirectory(Path directory) {
        workingDirectory = directory.toAbsolutePath().normalize();
    }

    /**
     * Runs a line typed at the prompt or read by the batch runner. {@code beforeEachStatement}, when not
     * null, receives the text of each top-level statement before it runs (the batch runner's echo).
     * False when a command failed or the line was stopped.
     */
    public boolean runLine(String line, PrintStream screen, Consumer<String> beforeEachStatement) {
        limits.startLine();
        PrintStream out = new PrintStream(limits.guard(screen), true, StandardCharsets.UTF_8);
        Frame frame = new Frame(out, out, null, IntUnaryOperator.identity(), beforeEachStatement);
        try {
            runText(line, frame, true);
            return true;
        } catch (CommandFailure failure) {
            return false;
        } catch (FlowSignal signal) {
            return true;   // .break or .leave outside a loop or .catch ends the line quietly
        } catch (StopSignal stop) {
            quietFlush(out);
            if (stop.getMessage() != null) {
                screen.println(stop.getMessage());
            }
            return stop.getMessage() == null;
        } finally {
            quietFlush(out);
        }
    }

    /** Output still buffered goes out, unless the guard stops it (the line is over either way). */
    private static void quietFlush(PrintStream out) {
        try {
            out.flush();
        } catch (StopSignal stop) {
            // the line already stopped, or stops now: what was left is dropped
        }
    }

    // ---- CommandLines, for commands that run commands

    @Override
    public void run(String line, PrintStream out) {
        runText(line, current().withOut(out), true);
    }

    private Frame current() {
        if (currentFrame == null) {
            throw new IllegalStateException("no command line is running");
        }
        return currentFrame;
    }

    @Override
    public void runScript(ScriptForm form, String arguments, PrintStream out) throws CommandException {
        ScriptArguments parsedArguments = ScriptArguments.parse(arguments, form);
        if (parsedArguments.file().isEmpty()) {
            throw new CommandException("Usage: " + form.token + "FileName" + (form.arguments ? " [arg1 arg2 ...]" : ""));
        }
        if (scriptDepth >= MAX_SCRIPT_DEPTH) {
            throw new CommandException("Scripts nested too deeply (more than " + MAX_SCRIPT_DEPTH
                    + " levels) at " + form.token + parsedArguments.file());
        }
        String text;
        try {
            text = TextFiles.read(workingDirectory.resolve(parsedArguments.file()));
        } catch (IOException | RuntimeException e) {
            throw new CommandException("Couldn't open script file '" + parsedArguments.file() + "'");
        }
        Map<String, String> automatic = form.arguments ? parsedArguments.aliases() : Map.of();
        scriptDepth++;
        try (Aliases.Scope scope = session.aliases().open(automatic)) {
            Frame caller = current().withOut(out);
            if (form.joined) {
                // $><: "replaces all carriage returns with semicolons" (docs); same length, so offsets keep their lines
                String joined = text.replace('\r', ' ').replace('\n', ';');
                ScriptSource source = ScriptSource.of(parsedArguments.file(), 1, text);
                runText(joined, caller.inScript(source), true);
            } else {
                String[] lines = text.split("\r?\n", -1);
                for (int i = 0; i < lines.length; i++) {
                    if (lines[i].isBlank() && i == lines.length - 1) {
                        break;
                    }
                    out.println(session.prompt() + lines[i]);
                    runText(lines[i], caller.inScript(ScriptSource.of(parsedArguments.file(), i + 1, lines[i])), true);
                }
            }
        } finally {
            scriptDepth--;
        }
    }

    // ---- running text

    /** Replaces the aliases of {@code text} (when asked), parses it and runs its statements. */
    private void runText(String text, Frame frame, boolean expand) {
        ExpandedText expanded;
        try {
            expanded = expand ? expander.expand(text) : ExpandedText.unchanged(text);
        } catch (AliasExpansionException e) {
            frame.err().println(e.getMessage());
            throw fail(frame, 0, text);
        }
        Frame inner = expanded.isUnchanged() ? frame : frame.mapped(expanded::originalOffset);
        ParsedLine line;
        try {
            line = parse(expanded.text());
        } catch (SyntaxErrorException e) {
            if (frame.echo() != null) {
                frame.echo().accept(expanded.text().strip());   // batch mode shows the line it could not parse
            }
            frame.err().println(e.render(frame.promptLength(session), expanded.text()));
            throw fail(inner, e.column(), expanded.text());
        }
        Frame saved = currentFrame;
        currentFrame = inner;
        try {
            runStatements(line, inner);
        } finally {
            currentFrame = saved;
        }
    }

    private ParsedLine parse(String text) throws SyntaxErrorException {
        ParsedLine line = parsed.get(text);
        if (line == null) {
            line = StatementParsing.parse(text, registry::isRegularName);
            parsed.put(text, line);
        }
        return line;
    }

    private void runStatements(ParsedLine line, Frame frame) {
        List<Statement> statements = line.statements();
        for (int i = 0; i < statements.size(); i++) {
            Statement statement = statements.get(i);
            Frame runIn = frame.topLevel();
            if (frame.echo() != null) {
                frame.echo().accept(line.text(i));
                runIn = frame.echoedAlone(line.echoStart(i));
            }
            if (statement instanceof Statement.Command command && command.command().name().equals("z")) {
                repeat(line, i, command, frame);
            } else {
                run(statement, runIn);
            }
        }
    }

    private void run(Statement statement, Frame frame) {
        limits.step();
        if (statement instanceof Statement.Command command) {
            runCommand(command, frame);
        } else if (statement instanceof Statement.If s) {
            runIf(s, frame);
        } else if (statement instanceof Statement.For s) {
            runFor(s, frame);
        } else if (statement instanceof Statement.While s) {
            while (test(s.condition(), frame)) {
                if (!loopBody(s.body(), frame)) {
                    break;
                }
            }
        } else if (statement instanceof Statement.Do s) {
            do {
                if (!loopBody(s.body(), frame)) {
                    break;
                }
            } while (test(s.condition(), frame));
        } else if (statement instanceof Statement.Block s) {
            runBlock(s.body(), frame);
        } else if (statement instanceof Statement.Catch s) {
            runCatch(s, frame);
        } else if (statement instanceof Statement.Foreach s) {
            new ForeachLoop(this, s, frame).run();
        } else if (statement instanceof Statement.J s) {
            runJ(s, frame);
        } else if (statement instanceof Statement.Break) {
            throw FlowSignal.BREAK;
        } else if (statement instanceof Statement.Continue) {
            throw FlowSignal.CONTINUE;
        } else if (statement instanceof Statement.Leave) {
            throw FlowSignal.LEAVE;
        }
    }

    private void runIf(Statement.If s, Frame frame) {
        for (Statement.Branch branch : s.branches()) {
            if (test(branch.condition(), frame)) {
                runBlock(branch.body(), frame);
                return;
            }
        }
        if (s.otherwise() != null) {
            runBlock(s.otherwise(), frame);
        }
    }

    private void runFor(Statement.For s, Frame frame) {
        runFragment(s.initial(), frame);
        while (s.condition().isBlank() ? stepTrue() : test(s.condition(), frame)) {
            if (!loopBody(s.body(), frame)) {
                break;
            }
            runFragment(s.next(), frame);
        }
    }

    private boolean stepTrue() {
        limits.step();
        return true;
    }

    private void runCatch(Statement.Catch s, Frame frame) {
        try {
            runBlock(s.body(), frame);
        } catch (CommandFailure failure) {
            // .catch: the error ends the block, and the program goes on after it
        } catch (FlowSignal signal) {
            if (signal.kind != FlowSignal.Kind.LEAVE) {
                throw signal;
            }
        }
    }

    /** {@code j Expression Command1 ; Command2}, then what follows a quoted second command. */
    private void runJ(Statement.J s, Frame frame) {
        runFragment(test(s.condition(), frame) ? s.whenTrue() : s.whenFalse(), frame);
        String rest = s.rest().text().strip();
        if (!rest.isEmpty()) {
            int skip = s.rest().text().indexOf(';') + 1;
            runFragment(new Fragment(s.rest().text().substring(skip), s.rest().offset() + skip), frame);
        }
    }

    /**
     * {@code Command ; z( Expression )}: while the expression holds, the commands before z on the
     * line run again, each round announced as {@code redo [n] <line>} (docs, "z (Execute While)").
     */
    private void repeat(ParsedLine line, int zIndex, Statement.Command z, Frame frame) {
        limits.step();
        String condition = z.command().arguments();
        String lineText = line.textUpTo(zIndex);
        for (int round = 1; evaluate(new Fragment(condition, z.offset() + z.command().argumentsColumn()), frame) != 0;
                round++) {
            frame.out().println("redo [" + round + "] " + lineText);
            for (int i = 0; i < zIndex; i++) {
                run(line.statements().get(i), frame);
            }
            limits.step();
        }
    }

    /** A loop's body; false when {@code .break} ended the loop. */
    boolean loopBody(Fragment body, Frame frame) {
        try {
            runBlock(body, frame);
            return true;
        } catch (FlowSignal signal) {
            return switch (signal.kind) {
                case BREAK -> false;
                case CONTINUE -> true;
                case LEAVE -> throw signal;
            };
        }
    }

    /** A { } block: its aliases are replaced now that it is entered, then its commands run. */
    void runBlock(Fragment block, Frame frame) {
        runText(block.text(), frame.at(block.offset()), true);
    }

    /** A part of the line that was expanded with it (.for's commands, j's branches). */
    private void runFragment(Fragment fragment, Frame frame) {
        if (!fragment.isBlank()) {
            runText(fragment.text(), frame.at(fragment.offset()), false);
        }
    }

    /** A condition: true when its value is not zero. */
    private boolean test(Fragment condition, Frame frame) {
        limits.step();
        return evaluate(condition, frame) != 0;
    }

    long evaluate(Fragment expression, Frame frame) {
        try {
            return session.evaluate(expression.text());
        } catch (SyntaxErrorException e) {
            frame.err().println("Syntax error at '" + expression.text().substring(
                    Math.min(e.column(), expression.text().length())).strip() + "'");
        } catch (ExpressionException e) {
            frame.err().println(e.getMessage());
        }
        throw fail(frame.at(expression.offset()), 0, expression.text());
    }

    // ---- commands

    /**
     * True when letters follow the name of a command that takes no arguments ({@code g}, {@code p},
     * {@code bl}): the typed word is then no option of it, but a word the table does not know.
     */
    private static boolean gluedOntoBareCommand(CommandSpec spec, String text) {
        String typed = text.stripLeading();
        String name = spec.name();
        return spec.synopsis().strip().equalsIgnoreCase(name) && typed.length() > name.length()
                && Character.isLetter(name.charAt(0)) && Character.isLetter(typed.charAt(name.length()));
    }

    private void runCommand(Statement.Command statement, Frame frame) {
        CommandText command = statement.command();
        Frame at = frame.at(statement.offset());
        Optional<CommandSpec> spec = registry.find(command.name());
        PrintStream out = frame.out();
        PrintStream err = frame.err();
        if (spec.isPresent() && gluedOntoBareCommand(spec.get(), statement.text())) {
            spec = Optional.empty();   // "proces 0 0" is no p: p takes nothing, so the word is unknown
        }
        if (spec.isEmpty()) {
            UnknownCommand.lines(command, statement.text(), registry,
                    caret(at, new SyntaxErrorException(0, statement.text()), statement.text())).forEach(err::println);
            throw fail(at, 0, statement.text());
        }
        for (Requirement requirement : spec.get().requirements()) {
            if (!requirement.satisfiedBy(session)) {
                err.println(requirement.missing());
                throw fail(at, 0, statement.text());
            }
        }
        try {
            spec.get().command().execute(new Invocation(session, command, out, this));
            if (quitRequested.getAsBoolean()) {
                throw new StopSignal(null);
            }
            return;
        } catch (SyntaxErrorException e) {
            err.println(caret(at, e, statement.text()));
        } catch (ExpressionException | CommandException e) {
            err.println(e.getMessage());
        } catch (MemoryAccessException e) {
            err.println(String.format("Memory access error at '%s'", statement.text()));
        } catch (StopSignal | FlowSignal | CommandFailure e) {
            throw e;
        } catch (RuntimeException | StackOverflowError e) {
            // a bug in one command: one line, never a stack trace, and the program stops as for any failure
            internalErrors.accept(e);
            err.println("kdlab internal error: " + describe(e));
        }
        throw fail(at, 0, statement.text());
    }

    /**
     * WinDbg's caret line for a command's syntax error: under the column in the line as typed (after the prompt),
     * or in the command's own text when it came from a script.
     */
    private String caret(Frame at, SyntaxErrorException e, String text) {
        int shift = at.source() == null ? at.toSource().applyAsInt(e.column()) - e.column() : 0;
        return e.render(at.promptLength(session) + shift, text);
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName()
                : message.strip().lines().findFirst().orElse("");
    }

    /**
     * The failure of the command at {@code offset} of the frame's text; inside a script, says once
     * where the script stopped (file and line).
     */
    CommandFailure fail(Frame frame, int offset, String what) {
        CommandFailure failure = new CommandFailure();
        if (frame.source() != null) {
            ScriptSource source = frame.source();
            int line = source.line(frame.toSource().applyAsInt(offset));
            frame.err().println("Script " + source.file() + " stopped at line " + line + ": "
                    + firstLine(what));
            failure.markLocated();
        }
        return failure;
    }

    private static String firstLine(String text) {
        String stripped = text.strip();
        int end = stripped.indexOf('\n');
        return end < 0 ? stripped : stripped.substring(0, end);
    }

    /** Runs commands and returns their output as text (for .foreach and as /c). */
    String capture(Fragment commands, Frame frame) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream buffer = new PrintStream(limits.guard(bytes), true, StandardCharsets.UTF_8);
        runBlock(commands, frame.withOut(buffer));
        return bytes.toString(StandardCharsets.UTF_8);
    }

    Session session() {
        return session;
    }

    /**
     * Where statements run: their output, where error lines go (the screen, also while .foreach or as /c
     * captures the output), the script they came from and how positions in the text
     * being run map to positions in that script, the batch echo (top level only), and whether the
     * text was typed at the prompt (for the caret's column).
     */
    record Frame(PrintStream out, PrintStream err, ScriptSource source, IntUnaryOperator toSource,
                 Consumer<String> echo) {

        Frame withOut(PrintStream newOut) {
            return new Frame(newOut, err, source, toSource, null);
        }

        Frame inScript(ScriptSource script) {
            return new Frame(out, err, script, IntUnaryOperator.identity(), null);
        }

        /** The frame for text that starts at {@code offset} of this frame's text. */
        Frame at(int offset) {
            IntUnaryOperator outer = toSource;
            return new Frame(out, err, source, position -> outer.applyAsInt(offset + position), null);
        }

        /** The frame for an expanded text whose positions map back through {@code back}. */
        Frame mapped(IntUnaryOperator back) {
            IntUnaryOperator outer = toSource;
            return new Frame(out, err, source, position -> outer.applyAsInt(back.applyAsInt(position)), echo);
        }

        /**
         * A statement the batch echo showed alone after the prompt: its caret counts from where the echoed
         * text starts ({@code start} in the expanded line), not from the start of the whole line.
         */
        Frame echoedAlone(int start) {
            return new Frame(out, err, source, position -> position - start, null);
        }

        /** Statements below the top level are not echoed. */
        Frame topLevel() {
            return echo == null ? this : new Frame(out, err, source, toSource, null);
        }

        int promptLength(Session session) {
            return source == null ? session.prompt().length() : 0;
        }
    }
}
