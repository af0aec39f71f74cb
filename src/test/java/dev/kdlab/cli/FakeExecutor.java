package dev.kdlab.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Stands in for the debugger: splits a line at ';' (no quotes or blocks: those are the debugger's
 * business, tested there), drops blank pieces and {@code $$} comments, echoes each piece, and runs
 * it: {@code q} quits, {@code fail} fails with an error line (which ends the line, as in the
 * debugger), {@code boom} throws, anything else succeeds and prints {@code ran <command>}.
 */
final class FakeExecutor implements CommandExecutor {
    final List<String> received = new ArrayList<>();
    long stepLimit = -1;
    private final PrintStream out;
    private boolean quit;
    private Runnable clearScreen = () -> { };

    FakeExecutor(PrintStream out) {
        this.out = out;
    }

    @Override
    public boolean execute(String line, Consumer<String> echo) {
        for (String piece : line.split(";")) {
            String command = piece.strip();
            if (command.isEmpty() || command.startsWith("$$")) {
                continue;
            }
            if (echo != null) {
                echo.accept(command);
            }
            received.add(command);
            switch (command) {
                case "q":
                    quit = true;
                    return true;
                case "fail":
                    out.println("Couldn't resolve error at 'fail'");
                    return false;
                case ".cls":
                    clearScreen.run();
                    break;
                case "boom":
                    throw new IllegalStateException("boom\n  second line of the message");
                default:
                    out.println("ran " + command);
            }
        }
        return true;
    }

    @Override
    public void onClearScreen(Runnable clear) {
        clearScreen = clear;
    }

    @Override
    public boolean quitRequested() {
        return quit;
    }

    @Override
    public void limitSteps(long maxSteps) {
        stepLimit = maxSteps;
    }
}
