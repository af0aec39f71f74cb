package dev.kdlab.kernel.image;


import dev.kdlab.kernel.NtTypes;
import dev.kdlab.struct.StructView;
import dev.kdlab.memory.LittleEndian;
import dev.kdlab.memory.VirtualMemory;
import dev.kdlab.pe.CodeViewRecord;
import dev.kdlab.pe.DebugDirectory;
import dev.kdlab.pe.ResourceDirectory;


import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * Writes the headers of a mapped PE32+ image: DOS header, the DOS stub and the linker's Rich header,
 * NT headers and, for images that carry
 * one, a debug directory: a CodeView record ({@code RSDS}, GUID, age, PDB name) that tools use to
 * find symbols, and the REPRO entry of an image linked with /Brepro (Windows' own binaries), which
 * tells a debugger that TimeDateStamp is a hash, not a time.
 */
public final class PeImage {
    public static final int NT_HEADERS_OFFSET = 0xf8;
    private static final int DEBUG_DIRECTORY_RVA = 0x400;
    private static final int CODEVIEW_RVA = 0x440;
    private static final long RESOURCE_SPAN = 0x800;
    private static final long SMALL_IMAGE = 0x8000;
    private static final int DOS_STUB_OFFSET = 0x40;
    /**
     * The real-mode program every linker puts after the DOS header: push cs / pop ds / mov dx,0Eh /
     * mov ah,9 / int 21h (print the string) / mov ax,4C01h / int 21h (exit), then the string itself.
     */
    private static final byte[] DOS_STUB = dosStub();
    /** The linker's Rich header follows the stub and ends before the NT headers. */
    private static final int RICH_OFFSET = 0x80;
    private static final int DANS = 0x536e6144;   // "DanS"
    private static final int RICH = 0x68636952;   // "Rich"
    /**
     * The tools the Rich header lists, as (product id << 16 | build): imports, C and C++ compiler,
     * assembler, import library, exports, resource converter and linker of one Visual Studio 2019
     * build (0x6f1f); the counts follow the image's size.
     */
    private static final int[] TOOLS = {0x00010000, 0x01046f1f, 0x01056f1f, 0x01036f1f, 0x01006f1f, 0x01016f1f,
            0x00ff6f1f, 0x01026f1f};

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

    /**
     * Where an image keeps its version resource: in the upper half of the page before its last (.rsrc
     * before .reloc, whose page a trimmed working set leaves behind its prototype PTE), or of its last
     * page in an image of a few pages; clear of an EXE's code and its .pdata page.
     */
    public static long resourceRva(long sizeOfImage) {
        return sizeOfImage >= SMALL_IMAGE ? sizeOfImage - 0x1000 - RESOURCE_SPAN : sizeOfImage - RESOURCE_SPAN;
    }

    /**
     * The version resource of {@code fileName} at {@code rva}, with data directory 2 pointing at it,
     * for debuggers' {@code lm v}; nothing for a file {@link FileVersions} does not know.
     */
    public static void writeVersion(VirtualMemory memory, long base, long rva, String fileName) {
        FileVersions.encoded(fileName).ifPresent(version -> {
            byte[] section = ResourceDirectory.encode(rva, ResourceDirectory.RT_VERSION, ResourceDirectory.VS_VERSION_INFO,
                    0x409, version);
            writeRaw(memory, base + rva, section);
            long directory = NtTypes.view(memory, "_IMAGE_NT_HEADERS64", base + NT_HEADERS_OFFSET)
                    .addressOf("OptionalHeader.DataDirectory") + 8L * ResourceDirectory.IMAGE_DIRECTORY_ENTRY_RESOURCE;
            byte[] entry = new byte[8];
            LittleEndian.put(entry, 0, 4, rva);
            LittleEndian.put(entry, 4, 4, section.length);
            writeRaw(memory, directory, entry);
        });
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
        writeRaw(memory, base + DOS_STUB_OFFSET, DOS_STUB);
        writeRaw(memory, base + RICH_OFFSET, richHeader(sizeOfImage));
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

    private static byte[] dosStub() {
        byte[] code = {0x0e, 0x1f, (byte) 0xba, 0x0e, 0x00, (byte) 0xb4, 0x09, (byte) 0xcd, 0x21, (byte) 0xb8, 0x01, 0x4c,
                (byte) 0xcd, 0x21};
        byte[] text = "This program cannot be run in DOS mode.\r\r\n$".getBytes(StandardCharsets.US_ASCII);
        byte[] stub = new byte[RICH_OFFSET - DOS_STUB_OFFSET];
        System.arraycopy(code, 0, stub, 0, code.length);
        System.arraycopy(text, 0, stub, code.length, text.length);
        return stub;
    }

    /**
     * The Rich header: "DanS", three padding words, (tool, count) pairs and "Rich" followed by the
     * key, every word before "Rich" XORed with the key, which is a checksum of the DOS header and stub
     * (the e_lfanew field left out) and of the tools.
     */
    private static byte[] richHeader(long sizeOfImage) {
        byte[] dos = new byte[RICH_OFFSET];
        LittleEndian.put(dos, 0, 2, 0x5a4d);
        LittleEndian.put(dos, 2, 2, 0x90);
        LittleEndian.put(dos, 4, 2, 3);
        LittleEndian.put(dos, 8, 2, 4);
        LittleEndian.put(dos, 0xc, 2, 0xffff);
        LittleEndian.put(dos, 0x10, 2, 0xb8);
        LittleEndian.put(dos, 0x18, 2, 0x40);
        System.arraycopy(DOS_STUB, 0, dos, DOS_STUB_OFFSET, DOS_STUB.length);
        int[] counts = new int[TOOLS.length];
        long pages = sizeOfImage >>> 12;
        for (int i = 0; i < TOOLS.length; i++) {
            counts[i] = i == 0 ? (int) (pages % 0x1c0) + 0x20 : i <= 2 ? (int) (pages * (3 - i) % 0x180) + 1 : 1;
        }
        int key = RICH_OFFSET;
        for (int i = 0; i < RICH_OFFSET; i++) {
            if (i < 0x3c || i >= 0x40) {
                key += Integer.rotateLeft(dos[i] & 0xff, i);
            }
        }
        for (int i = 0; i < TOOLS.length; i++) {
            key += Integer.rotateLeft(TOOLS[i], counts[i]);
        }
        byte[] rich = new byte[16 + 8 * TOOLS.length + 8];
        LittleEndian.put(rich, 0, 4, DANS ^ key);
        for (int i = 1; i < 4; i++) {
            LittleEndian.put(rich, 4 * i, 4, key);
        }
        for (int i = 0; i < TOOLS.length; i++) {
            LittleEndian.put(rich, 16 + 8 * i, 4, TOOLS[i] ^ key);
            LittleEndian.put(rich, 20 + 8 * i, 4, counts[i] ^ key);
        }
        LittleEndian.put(rich, rich.length - 8, 4, RICH);
        LittleEndian.put(rich, rich.length - 4, 4, key);
        return rich;
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
