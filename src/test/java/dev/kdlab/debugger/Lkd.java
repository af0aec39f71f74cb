package dev.kdlab.debugger;

import dev.kdlab.scenario.DefaultMachine;
import dev.kdlab.target.Target;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A debugger session on a freshly booted default machine, driven the way a user types. */
public final class Lkd {
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private final Debugger debugger;
    private boolean lastSucceeded;

    public Lkd() {
        this(DefaultMachine.DEFAULT_SEED);
    }

    public Lkd(long seed) {
        this(DefaultMachine.boot(seed));
    }

    public Lkd(Target target) {
        debugger = new Debugger(target, new PrintStream(buffer, true, StandardCharsets.UTF_8));
    }

    /** Scripts ($$>a<, .foreach /f) and logs are found in {@code directory}. */
    public Lkd workIn(java.nio.file.Path directory) {
        debugger.setWorkingDirectory(directory);
        return this;
    }

    public Debugger debugger() {
        return debugger;
    }

    public Target target() {
        return debugger.session().target();
    }

    /** Runs one command and returns its output lines. */
    public List<String> run(String command) {
        buffer.reset();
        lastSucceeded = debugger.execute(command);
        String text = buffer.toString(StandardCharsets.UTF_8);
        return text.isEmpty() ? List.of() : Arrays.asList(text.split("\n", -1)).subList(0, text.split("\n", -1).length - 1);
    }

    public String text(String command) {
        return String.join("\n", run(command));
    }

    public boolean lastSucceeded() {
        return lastSucceeded;
    }

    /** Evaluates with {@code ?} and returns the value. */
    public long eval(String expression) {
        String line = run("? " + expression).get(0);
        Matcher m = Pattern.compile("= ([0-9a-f]{8})`([0-9a-f]{8})$").matcher(line);
        if (!m.find()) {
            throw new AssertionError("not an evaluation: " + line);
        }
        return Long.parseUnsignedLong(m.group(1) + m.group(2), 16);
    }

    /** The EPROCESS of the first active process with this image name (!process 0 0 name). */
    public long processAddress(String imageName) {
        return run("!process 0 0 " + imageName).stream()
                .filter(l -> l.startsWith("PROCESS "))
                .map(l -> Long.parseUnsignedLong(l.substring(8), 16))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no process " + imageName));
    }

    /** The EPROCESS addresses of !process 0 0, in order. */
    public List<Long> processAddresses() {
        return run("!process 0 0").stream()
                .filter(l -> l.startsWith("PROCESS "))
                .map(l -> Long.parseUnsignedLong(l.substring(8), 16))
                .toList();
    }
}
