package dev.kdlab.kernel.image;


import dev.kdlab.kernel.NtTypes;
import dev.kdlab.struct.StructView;
import dev.kdlab.memory.LittleEndian;
import dev.kdlab.memory.VirtualMemory;
import dev.kdlab.pe.CodeViewRecord;
import dev.kdlab.pe.DebugDirectory;


import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * Writes the headers of a mapped PE32+ image: DOS header, NT headers and, for images that carry
 * one, a debug directory: a CodeView record ({@code RSDS}, GUID, age, PDB name) that tools use to
 * find symbols, and the REPRO entry of an image linked with /Brepro (Windows' own binaries), which
 * tells a debugger that TimeDateStamp is a hash, not a time.
 */
public final class PeImage {
    public static final int NT_HEADERS_OFFSET = 0xf8;
    private static final int DEBUG_DIRECTORY_RVA = 0x400;
    private static final int CODEVIEW_RVA = 0x440;

    private PeImage() {
    }

    /**
     * The CodeView record of one of the emulated binaries, as this boot's loader finds it. The
     * generator's draw is made as a fresh GUID once took it, so every later choice of the boot stays
     * where it was; the record itself is the binary's ({@link #codeViewOf}).
     */
    public static CodeViewRecord codeViewFor(String fileName, SplittableRandom random) {
        random.nextBytes(new byte[16]);
        return codeViewOf(fileName);
    }

    /**
     * A binary's CodeView record: age 1, the PDB named after the file ("tcpip.sys" -> tcpip.pdb), and a
     * GUID that belongs to the file of this build, the same on every machine that runs it, as a symbol
     * server keys PDBs (derived from the build and the file's name).
     */
    public static CodeViewRecord codeViewOf(String fileName) {
        int dot = fileName.lastIndexOf('.');
        String stem = (dot < 0 ? fileName : fileName.substring(0, dot)).toLowerCase(Locale.ROOT);
        UUID id = UUID.nameUUIDFromBytes(("kdlab " + NtSymbols.BUILD_LAB + " " + stem).getBytes(StandardCharsets.UTF_8));
        byte[] guid = ByteBuffer.allocate(16).putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits())
                .array();
        return new CodeViewRecord(guid, 1, stem + ".pdb");
    }

    public static void write(VirtualMemory memory, long base, long sizeOfImage, int timeDateStamp, boolean dll,
                             long entryPointRva, CodeViewRecord codeView) {
        NtTypes.view(memory, "_IMAGE_DOS_HEADER", base)
                .put("e_magic", 0x5a4d)
                .put("e_cblp", 0x90)
                .put("e_cp", 3)
                .put("e_cparhdr", 4)
                .put("e_maxalloc", 0xffff)
                .put("e_sp", 0xb8)
                .put("e_lfarlc", 0x40)
                .put("e_lfanew", NT_HEADERS_OFFSET);
        StructView nt = NtTypes.view(memory, "_IMAGE_NT_HEADERS64", base + NT_HEADERS_OFFSET)
                .put("Signature", 0x4550)
                .put("FileHeader.Machine", 0x8664)
                .put("FileHeader.NumberOfSections", 7)
                .put("FileHeader.TimeDateStamp", timeDateStamp & 0xffffffffL)
                .put("FileHeader.SizeOfOptionalHeader", 0xf0)
                .put("FileHeader.Characteristics", dll ? 0x2022 : 0x0022)
                .put("OptionalHeader.Magic", 0x20b)
                .put("OptionalHeader.MajorLinkerVersion", 14)
                .put("OptionalHeader.AddressOfEntryPoint", entryPointRva)
                .put("OptionalHeader.BaseOfCode", 0x1000)
                .put("OptionalHeader.ImageBase", base)
                .put("OptionalHeader.SectionAlignment", 0x1000)
                .put("OptionalHeader.FileAlignment", 0x200)
                .put("OptionalHeader.MajorOperatingSystemVersion", 10)
                .put("OptionalHeader.MajorImageVersion", 10)
                .put("OptionalHeader.MajorSubsystemVersion", 10)
                .put("OptionalHeader.SizeOfImage", sizeOfImage)
                .put("OptionalHeader.SizeOfHeaders", 0x1000)
                .put("OptionalHeader.Subsystem", 2)
                .put("OptionalHeader.DllCharacteristics", 0x4160)
                .put("OptionalHeader.NumberOfRvaAndSizes", 16);
        if (codeView != null) {
            long debugEntry = nt.addressOf("OptionalHeader.DataDirectory") + 8L * DebugDirectory.IMAGE_DIRECTORY_ENTRY_DEBUG;
            byte[] directory = new byte[8];
            LittleEndian.put(directory, 0, 4, DEBUG_DIRECTORY_RVA);
            LittleEndian.put(directory, 4, 4, 2 * DebugDirectory.ENTRY_SIZE);
            writeRaw(memory, debugEntry, directory);
            writeRaw(memory, base + DEBUG_DIRECTORY_RVA, debugDirectory(timeDateStamp, codeView));
            writeRaw(memory, base + CODEVIEW_RVA, codeView.encode());
        }
    }

    /** IMAGE_DEBUG_DIRECTORY entries (winnt.h): CodeView, then REPRO (no data of its own). */
    private static byte[] debugDirectory(int timeDateStamp, CodeViewRecord codeView) {
        int entry = DebugDirectory.ENTRY_SIZE;
        byte[] entries = new byte[2 * entry];
        LittleEndian.put(entries, DebugDirectory.TIME_DATE_STAMP, 4, timeDateStamp);
        LittleEndian.put(entries, DebugDirectory.TYPE, 4, DebugDirectory.IMAGE_DEBUG_TYPE_CODEVIEW);
        LittleEndian.put(entries, DebugDirectory.SIZE_OF_DATA, 4, codeView.encode().length);
        LittleEndian.put(entries, DebugDirectory.ADDRESS_OF_RAW_DATA, 4, CODEVIEW_RVA);
        LittleEndian.put(entries, DebugDirectory.POINTER_TO_RAW_DATA, 4, CODEVIEW_RVA);
        LittleEndian.put(entries, entry + DebugDirectory.TIME_DATE_STAMP, 4, timeDateStamp);
        LittleEndian.put(entries, entry + DebugDirectory.TYPE, 4, DebugDirectory.IMAGE_DEBUG_TYPE_REPRO);
        return entries;
    }

    private static void writeRaw(VirtualMemory memory, long at, byte[] bytes) {
        try {
            memory.write(at, bytes, 0, bytes.length);
        } catch (dev.kdlab.memory.MemoryAccessException e) {
            throw new IllegalStateException("image header page not mapped", e);
        }
    }
}
