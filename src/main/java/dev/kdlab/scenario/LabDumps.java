package dev.kdlab.scenario;

import dev.kdlab.dump.CrashDumpWriter;
import dev.kdlab.dump.DumpWriteException;
import dev.kdlab.dump.MachineFacts;
import dev.kdlab.dump.WrittenDump;
import dev.kdlab.kernel.image.NtSymbols;
import dev.kdlab.kernel.init.Kernel;
import dev.kdlab.types.TypeCatalog;

import java.nio.file.Path;

/**
 * The lab dumps of {@code dumps/}: a scenario booted from its seed and written as {@code .dump /f}
 * writes it, so the same scenario and seed give the same file, byte for byte. They ship packed
 * ({@code name.dmp.gz}); a test boots each scenario again and compares.
 */
public final class LabDumps {
    /** The shipped dumps: file name and what it holds. */
    public enum Lab {
        DEFAULT("default.dmp", "the default machine: an idle 22H2 desktop");

        private final String fileName;
        private final String description;

        Lab(String fileName, String description) {
            this.fileName = fileName;
            this.description = description;
        }

        public String fileName() {
            return fileName;
        }

        public Kernel boot() {
            return DefaultMachine.bootKernel(DefaultMachine.DEFAULT_SEED);
        }

        String comment() {
            return "kdlab lab dump: " + description + ", seed " + DefaultMachine.DEFAULT_SEED;
        }
    }

    private LabDumps() {
    }

    /** Writes the lab's machine as {@code file}. */
    public static WrittenDump write(Lab lab, Path file) throws DumpWriteException {
        return write(lab.boot(), file, lab.comment());
    }

    /** Writes a booted machine as {@code .dump /f} would, with processor 0's registers in the header. */
    public static WrittenDump write(Kernel kernel, Path file, String comment) throws DumpWriteException {
        return new CrashDumpWriter().write(kernel.space().physical(), MachineFacts.read(kernel.space().physical(),
                TypeCatalog.nt(), kernel.plan().systemDirectoryTableBase(), kernel.ntAddress(NtSymbols.KD_DEBUGGER_DATA_BLOCK),
                kernel.ntSymbol("KdVersionBlock"), 0, comment), file, CrashDumpWriter.Layout.FITTING);
    }
}
