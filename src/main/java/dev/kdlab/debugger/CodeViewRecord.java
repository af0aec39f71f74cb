package dev.kdlab.debugger;

import dev.kdlab.memory.MemoryAccessException;
import dev.kdlab.memory.VirtualMemory;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The CodeView debug record of a mapped PE image, read from its bytes: {@code RSDS}, the PDB's GUID, its age and
 * its name ({@code ntkrnlmp.pdb}). It names the symbol file that matches the image, which is how debuggers and
 * Volatility find symbols (reference/dump-readers.md, section C).
 *
 * <p>The way there is the PE format's (winnt.h): {@code _IMAGE_DOS_HEADER.e_lfanew} leads to the NT headers, whose
 * data directory entry 6 (IMAGE_DIRECTORY_ENTRY_DEBUG) locates an array of 28-byte IMAGE_DEBUG_DIRECTORY entries;
 * the entry of Type 2 (IMAGE_DEBUG_TYPE_CODEVIEW) gives the record's RVA at +0x14 (AddressOfRawData).
 *
 * @param guid the 16 GUID bytes as stored (Data1 and Data2, Data3 little endian, then Data4)
 */
public record CodeViewRecord(byte[] guid, int age, String pdbName) {
    private static final int DEBUG_DIRECTORY_INDEX = 6;
    private static final int DEBUG_ENTRY_SIZE = 28;
    private static final int DEBUG_ENTRY_TYPE = 12;
    private static final int DEBUG_ENTRY_ADDRESS_OF_RAW_DATA = 20;
    private static final int IMAGE_DEBUG_TYPE_CODEVIEW = 2;
    private static final int RSDS = 0x53445352;
    private static final int MAX_PDB_NAME = 260;

    public CodeViewRecord {
        guid = guid.clone();
    }

    @Override
    public byte[] guid() {
        return guid.clone();
    }

    /**
     * The GUID as symbol servers and Volatility write it: Data1, Data2 and Data3 as little-endian integers, then the
     * eight Data4 bytes in order, upper-case hex without dashes (pdbutil's rule, dump-readers.md section C).
     */
    public String guidText() {
        StringBuilder text = new StringBuilder(32);
        appendLittleEndian(text, 0, 4);
        appendLittleEndian(text, 4, 2);
        appendLittleEndian(text, 6, 2);
        for (int i = 8; i < 16; i++) {
            text.append(String.format("%02X", guid[i] & 0xff));
        }
        return text.toString();
    }

    private void appendLittleEndian(StringBuilder text, int from, int length) {
        for (int i = from + length - 1; i >= from; i--) {
            text.append(String.format("%02X", guid[i] & 0xff));
        }
    }

    /** The image's CodeView record; empty when the image has none or its headers cannot be read. */
    public static Optional<CodeViewRecord> read(VirtualMemory memory, long imageBase) {
        try {
            long ntHeaders = imageBase + new StructReader(memory, "_IMAGE_DOS_HEADER", imageBase).get("e_lfanew");
            long directory = new StructReader(memory, "_IMAGE_NT_HEADERS64", ntHeaders)
                    .addressOf("OptionalHeader.DataDirectory") + 8L * DEBUG_DIRECTORY_INDEX;
            StructReader debug = new StructReader(memory, "_IMAGE_DATA_DIRECTORY", directory);
            long entries = debug.get("VirtualAddress");
            long size = debug.get("Size");
            for (long entry = 0; entry + DEBUG_ENTRY_SIZE <= size; entry += DEBUG_ENTRY_SIZE) {
                long at = imageBase + entries + entry;
                if (memory.readUnsigned(at + DEBUG_ENTRY_TYPE, 4) == IMAGE_DEBUG_TYPE_CODEVIEW) {
                    return record(memory, imageBase + memory.readUnsigned(at + DEBUG_ENTRY_ADDRESS_OF_RAW_DATA, 4));
                }
            }
            return Optional.empty();
        } catch (MemoryAccessException e) {
            return Optional.empty();
        }
    }

    /** {@code RSDS}, 16 GUID bytes, the age, the NUL-terminated PDB name. */
    private static Optional<CodeViewRecord> record(VirtualMemory memory, long at) throws MemoryAccessException {
        if (memory.readUnsigned(at, 4) != RSDS) {
            return Optional.empty();
        }
        byte[] guid = memory.read(at + 4, 16);
        int age = (int) memory.readUnsigned(at + 20, 4);
        byte[] name = new byte[MAX_PDB_NAME];
        int length = memory.readAvailable(at + 24, name, 0, MAX_PDB_NAME);
        int end = 0;
        while (end < length && name[end] != 0) {
            end++;
        }
        return Optional.of(new CodeViewRecord(guid, age, new String(name, 0, end, StandardCharsets.US_ASCII)));
    }
}
