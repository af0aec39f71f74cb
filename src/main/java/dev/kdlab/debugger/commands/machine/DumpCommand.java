package dev.kdlab.debugger.commands.machine;

import dev.kdlab.debugger.Command;
import dev.kdlab.debugger.CommandException;
import dev.kdlab.debugger.Invocation;
import dev.kdlab.debugger.Session;
import dev.kdlab.dump.CrashDumpWriter;
import dev.kdlab.dump.DumpFacts;
import dev.kdlab.dump.DumpWriteException;
import dev.kdlab.dump.MachineFacts;
import dev.kdlab.dump.WrittenDump;
import dev.kdlab.lang.arguments.ArgumentScanner;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code .dump [/o] [/c Comment] [/isf] /f|/ka FileName}: writes the machine as a complete kernel
 * crash dump that WinDbg, Volatility, kdmp-parser and MemProcFS open. {@code /f} writes DumpType 1
 * (the header's run table) when the frames in use form at most 42 runs and the bitmap form otherwise;
 * {@code /ka} always the bitmap form. The header's facts come from the machine's own memory (its
 * KDBG, processor 0's context, KUSER_SHARED_DATA), so a dump of a dump says the same. {@code /o}
 * replaces an existing file; {@code /isf} (kdlab's own) writes the matching ISF beside the dump, as
 * {@code FileName} with {@code .isf.json} for its extension.
 */
public final class DumpCommand implements Command {
    private static final String USAGE = "Usage: .dump [/o] [/c Comment] [/isf] /f|/ka FileName";
    /** The debugger's own thread runs on processor 0: its registers go into the header. */
    private static final int CURRENT_PROCESSOR = 0;

    @Override
    public void execute(Invocation invocation) throws CommandException {
        ArgumentScanner arguments = invocation.arguments();
        CrashDumpWriter.Layout layout = null;
        boolean overwrite = false;
        boolean isf = false;
        String comment = "kdlab .dump";
        for (Optional<String> word = arguments.peekWord(); word.isPresent() && isOption(word.get()); word = arguments.peekWord()) {
            String option = arguments.nextWord().toLowerCase(Locale.ROOT);
            switch (option) {
                case "/f" -> layout = CrashDumpWriter.Layout.FITTING;
                case "/ka" -> layout = CrashDumpWriter.Layout.BITMAP;
                case "/o" -> overwrite = true;
                case "/isf" -> isf = true;
                case "/c" -> comment = arguments.nextWord();
                default -> throw new CommandException("Unknown .dump option " + option + "; kdlab writes complete dumps: "
                        + USAGE);
            }
        }
        String name = arguments.nextWord();
        if (layout == null || name.isEmpty()) {
            throw new CommandException(USAGE);
        }
        Path file = path(name);
        if (Files.exists(file) && !overwrite) {
            throw new CommandException("Dump file " + file + " already exists; use /o to overwrite it");
        }
        Session session = invocation.session();
        invocation.out().println("Creating " + file + " - Full kernel dump");
        try {
            DumpFacts facts = MachineFacts.read(session.target().physical(), session.target().types(),
                    session.kernel().directoryTableBase(), session.symbolOrZero("KdDebuggerDataBlock"),
                    session.symbolOrZero("KdVersionBlock"), CURRENT_PROCESSOR, printable(comment));
            WrittenDump written = new CrashDumpWriter().write(session.target().physical(), facts, file, layout);
            invocation.out().println("Dump successfully written (" + describe(written) + ")");
        } catch (DumpWriteException e) {
            throw new CommandException("Unable to write the dump: " + e.getMessage());
        }
        if (isf) {
            IsfCommand.write(invocation, isfBeside(file));
        }
    }

    private static boolean isOption(String word) {
        return switch (word.toLowerCase(Locale.ROOT)) {
            case "/f", "/ka", "/o", "/isf", "/c", "/k", "/a", "/m", "/ma" -> true;
            default -> false;
        };
    }

    private static String describe(WrittenDump written) {
        String form = written.type() == dev.kdlab.dump.DumpType.FULL ? written.runs() + " runs" : "bitmap";
        return String.format("DumpType %d, %s, %d pages, %d bytes", written.type().code(), form, written.pages(),
                written.fileSize());
    }

    /** A comment the header can carry: printable ASCII, at most 127 characters. */
    private static String printable(String comment) {
        StringBuilder text = new StringBuilder();
        comment.chars().filter(c -> c >= 0x20 && c < 0x7f).limit(127).forEach(c -> text.append((char) c));
        return text.toString();
    }

    private static Path isfBeside(Path dump) {
        String name = dump.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dump.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + ".isf.json");
    }

    private static Path path(String name) throws CommandException {
        try {
            return Path.of(name).toAbsolutePath();
        } catch (InvalidPathException e) {
            throw new CommandException("Unable to write the dump: " + name + " is not a valid path");
        }
    }
}
