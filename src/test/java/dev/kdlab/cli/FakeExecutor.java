package dev.kdlab.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Stands in for the debugger: {@code q} quits, {@code fail} fails with an error line,
 * {@code boom} throws, anything else succeeds and prints {@code ran <command>}.
 */
final class FakeExecutor implements CommandExecutor {
    final List<String> received = new ArrayList<>();
    private final PrintStream out;
    private boolean quit;
    private Runnable clearScreen = () -> { };

    FakeExecutor(PrintStream out) {
        this.out = out;
    }

    @Override
    public boolean execute(String command) {
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
                return true;
            case "boom":
                throw new IllegalStateException("boom\n  second line of the message");
            default:
                out.println("ran " + command);
                return true;
        }
    }

    @Override
    public void onClearScreen(Runnable clear) {
        clearScreen = clear;
    }

    @Override
    public boolean quitRequested() {
        return quit;
    }
}
