package dev.kdlab.debugger;

import dev.kdlab.memory.LittleEndian;
import dev.kdlab.memory.MemoryAccessException;
import dev.kdlab.memory.VirtualMemory;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * What an image's headers in memory say about it, read as a debugger reads them: the file
 * header's TimeDateStamp, the optional header's CheckSum and SizeOfImage, and the debug directory
 * (a CodeView RSDS record naming the PDB, a REPRO entry for /Brepro builds).
 */
public record ImageHeaders(long timeDateStamp, long checkSum, long sizeOfImage, boolean reproducible,
                           Optional<CodeView> codeView) {
    private static final int IMAGE_DIRECTORY_ENTRY_DEBUG = 6;
    private static final int DEBUG_ENTRY_SIZE = 28;
    private static final int MAX_DEBUG_ENTRIES = 16;
    private static final int IMAGE_DEBUG_TYPE_CODEVIEW = 2;
    private static final int IMAGE_DEBUG_TYPE_REPRO = 16;
    private static final int RSDS = 0x53445352;

    /** An RSDS record: the PDB's GUID and age, as a symbol store names its folder, and its file name. */
    public record CodeView(String guid, long age, String pdbName) {
        /** GUID and age as one string, the way symbol stores and WinDbg write them (…4DA1). */
        public String signature() {
            return guid + Long.toHexString(age).toUpperCase();
        }
    }

    /** The headers of the image at {@code base}; empty when they cannot be read or are not PE32+. */
    public static Optional<ImageHeaders> read(VirtualMemory memory, long base) {
        try {
            long nt = base + new StructReader(memory, "_IMAGE_DOS_HEADER", base).get("e_lfanew");
            StructReader headers = new StructReader(memory, "_IMAGE_NT_HEADERS64", nt);
            if (headers.get("Signature") != 0x4550) {
                return Optional.empty();
            }
            long directory = headers.addressOf("OptionalHeader.DataDirectory") + 8L * IMAGE_DIRECTORY_ENTRY_DEBUG;
            long debugRva = memory.readInt(directory);
            long debugSize = memory.readInt(directory + 4);
            boolean repro = false;
            Optional<CodeView> codeView = Optional.empty();
            for (int i = 0; debugRva != 0 && i < Math.min(debugSize / DEBUG_ENTRY_SIZE, MAX_DEBUG_ENTRIES); i++) {
                long entry = base + debugRva + (long) i * DEBUG_ENTRY_SIZE;
                long type = memory.readInt(entry + 12);
                repro |= type == IMAGE_DEBUG_TYPE_REPRO;
                if (type == IMAGE_DEBUG_TYPE_CODEVIEW) {
                    codeView = codeView(memory, base + memory.readInt(entry + 20), memory.readInt(entry + 16));
                }
            }
            return Optional.of(new ImageHeaders(headers.get("FileHeader.TimeDateStamp"),
                    headers.get("OptionalHeader.CheckSum"), headers.get("OptionalHeader.SizeOfImage"), repro, codeView));
        } catch (MemoryAccessException e) {
            return Optional.empty();
        }
    }

    private static Optional<CodeView> codeView(VirtualMemory memory, long at, long size) throws MemoryAccessException {
        if (size < 25 || size > 0x400) {
            return Optional.empty();
        }
        byte[] record = memory.read(at, (int) size);
        if (LittleEndian.get(record, 0, 4) != RSDS) {
            return Optional.empty();
        }
        String guid = String.format("%08X%04X%04X", LittleEndian.get(record, 4, 4), LittleEndian.get(record, 8, 2),
                LittleEndian.get(record, 10, 2));
        StringBuilder tail = new StringBuilder(guid);
        for (int i = 12; i < 20; i++) {
            tail.append(String.format("%02X", record[i] & 0xff));
        }
        int end = 24;
        while (end < record.length && record[end] != 0) {
            end++;
        }
        return Optional.of(new CodeView(tail.toString(), LittleEndian.get(record, 20, 4),
                new String(record, 24, end - 24, StandardCharsets.US_ASCII)));
    }
}
