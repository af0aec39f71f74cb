package dev.kdlab.target;

import dev.kdlab.dump.CrashDump;
import dev.kdlab.dump.DumpFormatException;
import dev.kdlab.dump.DumpHeader;
import dev.kdlab.memory.AddressSpace;
import dev.kdlab.memory.MemoryAccessException;
import dev.kdlab.memory.PhysicalMemory;
import dev.kdlab.memory.VirtualMemory;
import dev.kdlab.pe.CodeViewRecord;
import dev.kdlab.pe.DebugDirectory;
import dev.kdlab.pe.ImageBytes;
import dev.kdlab.pe.PeFormatException;
import dev.kdlab.pe.PeHeaders;
import dev.kdlab.struct.StructView;
import dev.kdlab.types.TypeCatalog;

import java.util.Optional;

/**
 * A crash dump as a debugger target: the dump's pages as physical memory (edits stay in its
 * overlay), the kernel's page tables from the header's DirectoryTableBase, and the version block
 * WinDbg builds from a dump: KernBase from the plaintext KDBG the header points at,
 * PsLoadedModuleList from the header. A dump kdlab cannot read says exactly why: a build whose
 * types are not the 19041 catalog's, a debugger data block that is not in the dump or still
 * encoded.
 */
public final class DumpTarget implements Target {
    /** The builds whose structures the 19041 catalog lays out: Windows 10 2004 to 22H2. */
    public static final int FIRST_BUILD = 19041;
    public static final int LAST_BUILD = 19045;
    private static final long KDBG_TAG = 0x4742444bL;

    private final CrashDump dump;
    private final KdVersionBlock versionBlock;
    private final SymbolStore symbolStore;
    private final TypeCatalog types;
    private final boolean live;

    private DumpTarget(CrashDump dump, KdVersionBlock versionBlock, SymbolStore symbolStore, TypeCatalog types,
                       boolean live) {
        this.dump = dump;
        this.versionBlock = versionBlock;
        this.symbolStore = symbolStore;
        this.types = types;
        this.live = live;
    }

    /** A dump opened for {@code -z} or {@code .opendump}. */
    public static DumpTarget of(CrashDump dump, SymbolStore symbolStore, TypeCatalog types) throws DumpFormatException {
        return new DumpTarget(dump, versionBlock(dump, types), symbolStore, types, false);
    }

    /** A snapshot of the live machine, written at boot and opened instead of booting: it stands for the live target. */
    public static DumpTarget snapshot(CrashDump dump, SymbolStore symbolStore, TypeCatalog types) throws DumpFormatException {
        return new DumpTarget(dump, versionBlock(dump, types), symbolStore, types, true);
    }

    /**
     * What the header and the KDBG say about where the kernel is, after checking that kdlab can read
     * this dump at all.
     */
    public static KdVersionBlock versionBlock(CrashDump dump, TypeCatalog types) throws DumpFormatException {
        DumpHeader header = dump.header();
        if (header.buildNumber() < FIRST_BUILD || header.buildNumber() > LAST_BUILD) {
            throw new DumpFormatException(String.format("the dump is of Windows build %d; kdlab's types are those of builds "
                    + "%d to %d (Windows 10 2004 to 22H2), so it cannot lay out this kernel's structures",
                    header.buildNumber(), FIRST_BUILD, LAST_BUILD));
        }
        VirtualMemory kernel = new AddressSpace(dump, header.directoryTableBase());
        long kdbg = header.kdDebuggerDataBlock();
        StructView data = new StructView(kernel, types.struct("_KDDEBUGGER_DATA64"), kdbg);
        try {
            if (data.get("Header.OwnerTag") != KDBG_TAG) {
                throw new DumpFormatException(String.format("the debugger data block at %x is encoded (it does not begin "
                        + "with 'KDBG'); decoding it takes nt!KiWaitNever, nt!KiWaitAlways and nt!KdpDataBlockEncoded from "
                        + "this kernel's ntkrnlmp.pdb, which kdlab does not have", kdbg));
            }
            return new KdVersionBlock(data.get("KernBase"), header.psLoadedModuleList());
        } catch (MemoryAccessException e) {
            throw new DumpFormatException(String.format("the debugger data block the header names (%x) is not in the "
                    + "dump's memory (DirectoryTableBase %x)", kdbg, header.directoryTableBase()));
        }
    }

    /** The CodeView record of the kernel image at KernBase: which ntkrnlmp.pdb this kernel was built with. */
    public static Optional<CodeViewRecord> kernelCodeView(CrashDump dump, KdVersionBlock versionBlock, TypeCatalog types) {
        VirtualMemory kernel = new AddressSpace(dump, dump.header().directoryTableBase());
        ImageBytes image = (rva, into) -> kernel.readAvailable(versionBlock.kernBase() + rva, into, 0, into.length);
        try {
            return DebugDirectory.read(image, PeHeaders.read(image, types)).codeView(image);
        } catch (PeFormatException e) {
            return Optional.empty();
        }
    }

    public CrashDump dump() {
        return dump;
    }

    /** True for a boot snapshot standing in for the live machine, false for a dump file. */
    @Override
    public boolean isLive() {
        return live;
    }

    @Override
    public PhysicalMemory physical() {
        return dump;
    }

    @Override
    public VirtualMemory kernelSpace() {
        return new AddressSpace(dump, dump.header().directoryTableBase());
    }

    @Override
    public VirtualMemory addressSpace(long directoryTableBase) {
        return new AddressSpace(dump, directoryTableBase);
    }

    @Override
    public TypeCatalog types() {
        return types;
    }

    @Override
    public KdVersionBlock versionBlock() {
        return versionBlock;
    }

    @Override
    public SymbolStore symbolStore() {
        return symbolStore;
    }
}
