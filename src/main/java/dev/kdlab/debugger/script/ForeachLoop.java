package dev.kdlab.debugger.script;

import dev.kdlab.debugger.TextFiles;
import dev.kdlab.lang.statement.ForeachOptions;
import dev.kdlab.lang.statement.Fragment;
import dev.kdlab.lang.statement.Statement;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * {@code .foreach} (Microsoft Learn, debuggercmds, ".foreach"): the output of the InCommands (or
 * the /s string, or the /f file) is cut into tokens at blanks and line ends; {@code /pS n} skips the
 * first n tokens and {@code /ps n} skips n after each one used; for each token the OutCommands
 * run with the variable standing for the token, as an alias ({@code ${Variable}}, or the variable
 * as a word of its own).
 */
final class ForeachLoop {
    private final Interpreter interpreter;
    private final Statement.Foreach statement;
    private final Interpreter.Frame frame;

    ForeachLoop(Interpreter interpreter, Statement.Foreach statement, Interpreter.Frame frame) {
        this.interpreter = interpreter;
        this.statement = statement;
        this.frame = frame;
    }

    void run() {
        ForeachOptions options = statement.options();
        long initialSkip = count(options.initialSkip());
        long skip = count(options.skip());
        List<String> tokens = tokens(source());
        int index = (int) Math.min(initialSkip, tokens.size());
        while (index < tokens.size()) {
            interpreter.limits().step();
            boolean goOn;
            try (Aliases.Scope scope = interpreter.session().aliases().open(Map.of(statement.variable(), tokens.get(index)))) {
                goOn = interpreter.loopBody(statement.body(), frame);
            }
            if (!goOn) {
                return;
            }
            index += 1 + (int) Math.min(skip, Integer.MAX_VALUE - 1 - index);
        }
    }

    private String source() {
        Fragment source = statement.source();
        return switch (statement.options().source()) {
            case COMMANDS -> interpreter.capture(source, frame);
            case STRING -> source.text();
            case FILE -> readFile(source);
        };
    }

    private String readFile(Fragment name) {
        try {
            return TextFiles.read(interpreter.workingDirectory().resolve(name.text()));
        } catch (IOException | RuntimeException e) {
            frame.err().println("Couldn't open file '" + name.text() + "'");
            throw interpreter.fail(frame.at(name.offset()), 0, ".foreach /f");
        }
    }

    private long count(String written) {
        if (written == null) {
            return 0;
        }
        long value = interpreter.evaluate(new Fragment(written, statement.offset()), frame);
        return value < 0 ? Long.MAX_VALUE : value;
    }

    static List<String> tokens(String text) {
        String stripped = text.strip();
        return stripped.isEmpty() ? List.of() : Arrays.asList(stripped.split("\\s+"));
    }
}
