package dev.kdlab.kernel.image;

import dev.kdlab.memory.LittleEndian;
import dev.kdlab.memory.MemoryAccessException;
import dev.kdlab.memory.VirtualMemory;

import java.nio.charset.StandardCharsets;

/**
 * ntoskrnl's section table and export directory: what a reader that finds the kernel by its image
 * looks at. MemProcFS accepts a kernel base only if the first page holds a {@code POOLCODE} section
 * header and the export directory names the module {@code ntoskrnl.exe} (vmmwininit.c 575-618,
 * crashdump-format.md 6.3). Sections follow 19041's order (.text, PAGELK, POOLCODE, PAGE, KVASCODE,
 * .rdata, .data, .pdata, INIT, .rsrc, .reloc) and cover the RVAs the emulated code and globals use.
 */
public final class NtSections {
    private static final int SECTION_TABLE = PeImage.NT_HEADERS_OFFSET + 4 + 20 + 0xf0;
    private static final int SECTION_HEADER_SIZE = 40;
    private static final long EXPORT_DIRECTORY_RVA = 0xa0e000;
    private static final int EXPORT_DIRECTORY_SIZE = 0x28;
    private static final String EXPORT_NAME = "ntoskrnl.exe";
    private static final int CODE = 0x60000020;            // CODE | EXECUTE | READ
    private static final int NOT_PAGED_CODE = 0x68000020;  // ... | NOT_PAGED
    private static final int READ_ONLY_DATA = 0x48000040;  // INITIALIZED_DATA | NOT_PAGED | READ
    private static final int DATA = 0xc8000040;            // ... | WRITE
    private static final int DISCARDABLE_CODE = 0x62000020;
    private static final int DISCARDABLE_DATA = 0x42000040;

    /** Name, RVA, size and characteristics of each section. */
    private static final Object[][] SECTIONS = {
            {".text", 0x1000, 0x41e000, NOT_PAGED_CODE},
            {"PAGELK", 0x41f000, 0x21000, NOT_PAGED_CODE},
            {"POOLCODE", 0x440000, 0x3000, NOT_PAGED_CODE},
            {"PAGE", 0x443000, 0x5c0000, CODE},
            {"KVASCODE", 0xa03000, 0xb000, NOT_PAGED_CODE},
            {".rdata", 0xa0e000, 0x1f2000, READ_ONLY_DATA},
            {".data", (int) NtSymbols.DATA_SECTION_RVA, 0x23c000, DATA},
            {".pdata", 0xe3c000, 0x60000, READ_ONLY_DATA},
            {"INIT", 0xe9c000, 0x9d000, DISCARDABLE_CODE},
            {".rsrc", 0xf39000, 0x7000, DISCARDABLE_DATA},
            {".reloc", 0x1040000, 0x6000, DISCARDABLE_DATA},
    };

    private NtSections() {
    }

    /** Writes the section headers after the optional header, NumberOfSections, and the export directory. */
    public static void write(VirtualMemory memory, long base) {
        byte[] table = new byte[SECTIONS.length * SECTION_HEADER_SIZE];
        for (int i = 0; i < SECTIONS.length; i++) {
            int at = i * SECTION_HEADER_SIZE;
            byte[] name = ((String) SECTIONS[i][0]).getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(name, 0, table, at, name.length);
            int rva = (Integer) SECTIONS[i][1];
            int size = (Integer) SECTIONS[i][2];
            LittleEndian.put(table, at + 8, 4, size);       // VirtualSize
            LittleEndian.put(table, at + 12, 4, rva);       // VirtualAddress
            LittleEndian.put(table, at + 16, 4, size);      // SizeOfRawData
            LittleEndian.put(table, at + 20, 4, rva);       // PointerToRawData (the file is laid out as mapped)
            LittleEndian.put(table, at + 36, 4, (Integer) SECTIONS[i][3]);
        }
        write(memory, base + SECTION_TABLE, table);
        byte[] count = new byte[2];
        LittleEndian.put(count, 0, 2, SECTIONS.length);
        write(memory, base + PeImage.NT_HEADERS_OFFSET + 4 + 2, count);   // FileHeader.NumberOfSections
        byte[] exports = new byte[EXPORT_DIRECTORY_SIZE + EXPORT_NAME.length() + 1];
        LittleEndian.put(exports, 12, 4, EXPORT_DIRECTORY_RVA + EXPORT_DIRECTORY_SIZE);   // Name
        LittleEndian.put(exports, 16, 4, 1);                                               // Base
        byte[] name = EXPORT_NAME.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(name, 0, exports, EXPORT_DIRECTORY_SIZE, name.length);
        write(memory, base + EXPORT_DIRECTORY_RVA, exports);
        byte[] directory = new byte[8];
        LittleEndian.put(directory, 0, 4, EXPORT_DIRECTORY_RVA);
        LittleEndian.put(directory, 4, 4, exports.length);
        write(memory, base + PeImage.NT_HEADERS_OFFSET + 4 + 20 + 0x70, directory);   // DataDirectory[0]
    }

    private static void write(VirtualMemory memory, long at, byte[] bytes) {
        try {
            memory.write(at, bytes, 0, bytes.length);
        } catch (MemoryAccessException e) {
            throw new IllegalStateException("ntoskrnl's header page is not mapped", e);
        }
    }
}
