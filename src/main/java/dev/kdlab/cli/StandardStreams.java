package dev.kdlab.cli;

import java.io.Console;
import java.io.InputStream;
import java.io.PrintStream;

/**
 * The process's standard streams, and whether a person is typing at them. Main takes them as a
 * value so that tests can run it without a terminal.
 */
record StandardStreams(InputStream in, PrintStream out, PrintStream err, boolean terminal) {

    static StandardStreams system() {
        return new StandardStreams(System.in, System.out, System.err, isTerminal(System.console()));
    }

    private static boolean isTerminal(Console console) {
        if (console == null) {
            return false;
        }
        // From JDK 22 System.console() is no longer null when redirected; Console.isTerminal()
        // (new in 22) then tells. Looked up reflectively since kdlab compiles for 17.
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }
}
