package dev.kdlab.debugger.commands.machine;

import dev.kdlab.debugger.Command;
import dev.kdlab.debugger.CommandException;
import dev.kdlab.debugger.Invocation;
import dev.kdlab.debugger.Session;
import dev.kdlab.debugger.symbols.LoadedModule;
import dev.kdlab.debugger.views.MappedImage;
import dev.kdlab.pe.CodeViewRecord;
import dev.kdlab.types.TypeLookup;
import dev.kdlab.types.isf.IsfWriter;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * {@code .isf File} (kdlab's own command): writes the kernel's types and nt! symbols as a Volatility 3 ISF file,
 * so that Volatility can read kdlab's memory images with the very layouts dt shows. The PDB GUID and age come from
 * the CodeView record of the kernel image in memory, as Volatility's own scan finds them; symbols are written as
 * offsets from the kernel base. Given a directory, the file is written into it under the name Volatility looks for,
 * {@code <GUID>-<age>.json} (put it in {@code symbols/windows/ntkrnlmp.pdb/}).
 */
public final class IsfCommand implements Command {
    @Override
    public void execute(Invocation invocation) throws CommandException {
        String argument = invocation.arguments().nextWord();
        if (argument.isEmpty()) {
            throw new CommandException("Usage: .isf File|Directory");
        }
        write(invocation, argument);
    }

    /** Writes the ISF to {@code file} (or, for a directory, into it under Volatility's name) and says so. */
    static void write(Invocation invocation, Path file) throws CommandException {
        write(invocation, file.toString());
    }

    private static void write(Invocation invocation, String argument) throws CommandException {
        Session session = invocation.session();
        LoadedModule nt = session.kernelModules().named(TypeLookup.NT)
                .orElseThrow(() -> new CommandException("No kernel module (nt) is loaded"));
        CodeViewRecord codeView = new MappedImage(session.kernel(), nt.base()).codeView(session.target().types())
                .orElseThrow(() -> new CommandException("Unable to read the CodeView record of nt at "
                        + Long.toHexString(nt.base())));
        IsfWriter.Pdb pdb = new IsfWriter.Pdb(codeView.guidText(), codeView.age(), codeView.pdbName());
        Path file = target(argument, pdb);
        IsfWriter.Summary summary;
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            summary = new IsfWriter(session.target().types(), pdb, nt.symbols().rvas()).write(out);
        } catch (IOException e) {
            throw new CommandException("Cannot write " + file + ": " + reason(e));
        }
        invocation.out().println("ISF " + IsfWriter.FORMAT + " for " + pdb.database() + " " + pdb.guid() + "-" + pdb.age()
                + " written to " + file);
        invocation.out().println(summary.userTypes() + " user types, " + summary.enums() + " enums, "
                + summary.symbols() + " symbols; Volatility 3 looks for it as windows/" + pdb.database() + "/"
                + pdb.fileName() + " under a symbol path");
    }

    private static Path target(String argument, IsfWriter.Pdb pdb) throws CommandException {
        try {
            Path path = Path.of(argument);
            return Files.isDirectory(path) ? path.resolve(pdb.fileName()) : path;
        } catch (InvalidPathException e) {
            throw new CommandException("Cannot write " + argument + ": not a valid path");
        }
    }

    private static String reason(IOException e) {
        String message = e.getMessage();
        return e instanceof java.nio.file.NoSuchFileException ? "no such directory"
                : e instanceof java.nio.file.AccessDeniedException ? "permission denied"
                : message == null ? e.getClass().getSimpleName() : message;
    }
}
