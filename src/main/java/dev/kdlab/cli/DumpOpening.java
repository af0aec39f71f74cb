package dev.kdlab.cli;

import dev.kdlab.debugger.CommandException;
import dev.kdlab.debugger.TargetOpener;
import dev.kdlab.dump.DumpType;
import dev.kdlab.scenario.DumpTargets;
import dev.kdlab.target.DumpTarget;
import dev.kdlab.target.Target;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * How kdlab opens a crash dump, for {@code -z} and {@code .opendump}: WinDbg's loading lines, then
 * the dump as a target with the symbols kdlab has for its images. Public so that a test can give a
 * debugger the command line's {@code .opendump}.
 */
public final class DumpOpening implements TargetOpener {

    @Override
    public Target open(String file, PrintStream out) throws CommandException {
        try {
            return load(Path.of(file), out);
        } catch (IOException e) {
            throw new CommandException("Could not open dump file [" + file + "]: " + SessionFactory.reason(e));
        }
    }

    static Target load(Path file, PrintStream out) throws IOException {
        DumpTargets.Opened opened = DumpTargets.open(file);
        DumpTarget target = opened.target();
        out.println();
        out.println("Loading Dump File [" + target.dump().file().toAbsolutePath().normalize() + "]");
        out.println(target.dump().header().type() == DumpType.FULL
                ? "Kernel Complete Dump File: Full address space is available"
                : "Kernel Bitmap Dump File: Full address space is available");
        out.println();
        opened.notes().forEach(out::println);
        return target;
    }
}
