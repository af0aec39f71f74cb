package dev.kdlab.scenario;

import dev.kdlab.dump.CrashDump;
import dev.kdlab.dump.DumpFormatException;
import dev.kdlab.dump.PackedDumps;
import dev.kdlab.kernel.image.NtSymbols;
import dev.kdlab.memory.AddressSpace;
import dev.kdlab.pe.CodeViewRecord;
import dev.kdlab.target.DebuggerDataSymbols;
import dev.kdlab.target.DumpTarget;
import dev.kdlab.target.KdVersionBlock;
import dev.kdlab.target.SymbolStore;
import dev.kdlab.types.TypeCatalog;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Opens crash dumps for {@code -z} and {@code .opendump}: the dump (unpacked first when only its
 * {@code .gz} is there), its version block, and the symbols for its images. A kernel whose CodeView
 * record is kdlab's gets kdlab's whole symbol store; another 19041-family kernel gets nt's names from
 * its debugger data block, and the note says so.
 */
public final class DumpTargets {

    /** A dump opened as a target, with what the user should know about its symbols. */
    public record Opened(DumpTarget target, List<String> notes) {
    }

    private DumpTargets() {
    }

    public static Opened open(Path file) throws IOException {
        CrashDump dump = CrashDump.open(PackedDumps.resolve(file));
        TypeCatalog types = TypeCatalog.nt();
        KdVersionBlock versionBlock = DumpTarget.versionBlock(dump, types);
        Optional<CodeViewRecord> kernel = DumpTarget.kernelCodeView(dump, versionBlock, types);
        if (kernel.isPresent() && SymbolServer.isKdlabKernel(kernel.get())) {
            return new Opened(DumpTarget.of(dump, SymbolServer.kdlabImages(), types), List.of());
        }
        SymbolStore store = new SymbolStore().add(LiveTargets.KERNEL_FILE, DebuggerDataSymbols.read(
                new AddressSpace(dump, dump.header().directoryTableBase()), types, dump.header().kdDebuggerDataBlock(),
                versionBlock.kernBase(), NtSymbols.IMAGE_SIZE));
        String which = kernel.map(record -> record.pdbName() + " " + record.guidText() + "-" + record.age())
                .orElse("a kernel without a readable CodeView record");
        return new Opened(DumpTarget.of(dump, store, types), List.of("*** " + which + " is not a kdlab kernel: nt's "
                + "symbols come from its debugger data block only, user modules have none"));
    }

    /** A dump kdlab cannot read at all: the one-line reason. */
    public static String reason(IOException e) {
        return e instanceof DumpFormatException ? e.getMessage() : e.getClass().getSimpleName() + ": " + e.getMessage();
    }
}
