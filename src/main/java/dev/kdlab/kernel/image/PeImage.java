package dev.kdlab.kernel.image;


import dev.kdlab.kernel.NtTypes;
import dev.kdlab.struct.StructView;
import dev.kdlab.memory.LittleEndian;
import dev.kdlab.memory.VirtualMemory;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Writes the headers of a mapped PE32+ image: DOS header, NT headers and, for images that carry
 * one, a debug directory: a CodeView record ({@code RSDS}, GUID, age, PDB name) that tools use to
 * find symbols, and the REPRO entry of an image linked with /Brepro (Windows' own binaries), which
 * tells a debugger that TimeDateStamp is a hash, not a time.
 */
public final class PeImage {
    public static final int NT_HEADERS_OFFSET = 0xf8;
    private static final int DEBUG_DIRECTORY_RVA = 0x400;
    private static final int DEBUG_ENTRY_SIZE = 28;
    private static final int CODEVIEW_RVA = 0x440;
    private static final int IMAGE_DEBUG_TYPE_CODEVIEW = 2;
    private static final int IMAGE_DEBUG_TYPE_REPRO = 16;
    private static final int IMAGE_DIRECTORY_ENTRY_DEBUG = 6;

    /** The CodeView record: which PDB matches the image. */
    public record CodeView(byte[] guid, int age, String pdbName) {

        /** A fresh build's record: a new GUID, age 1, the PDB named after the file ("tcpip.sys" -> tcpip.pdb). */
        public static CodeView forFile(String fileName, SplittableRandom random) {
            byte[] guid = new byte[16];
            random.nextBytes(guid);
            int dot = fileName.lastIndexOf('.');
            String stem = dot < 0 ? fileName : fileName.substring(0, dot);
            return new CodeView(guid, 1, stem.toLowerCase(Locale.ROOT) + ".pdb");
        }
    }

    private PeImage() {
    }

    public static void write(VirtualMemory memory, long base, long sizeOfImage, int timeDateStamp, boolean dll,
                             long entryPointRva, CodeView codeView) {
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
            long debugEntry = nt.addressOf("OptionalHeader.DataDirectory") + 8L * IMAGE_DIRECTORY_ENTRY_DEBUG;
            byte[] directory = new byte[8];
            LittleEndian.put(directory, 0, 4, DEBUG_DIRECTORY_RVA);
            LittleEndian.put(directory, 4, 4, 2 * DEBUG_ENTRY_SIZE);
            writeRaw(memory, debugEntry, directory);
            writeRaw(memory, base + DEBUG_DIRECTORY_RVA, debugDirectory(timeDateStamp, codeView));
            writeRaw(memory, base + CODEVIEW_RVA, rsds(codeView));
        }
    }

    /** IMAGE_DEBUG_DIRECTORY entries (winnt.h): CodeView, then REPRO (no data of its own). */
    private static byte[] debugDirectory(int timeDateStamp, CodeView codeView) {
        byte[] entries = new byte[2 * DEBUG_ENTRY_SIZE];
        LittleEndian.put(entries, 4, 4, timeDateStamp);
        LittleEndian.put(entries, 12, 4, IMAGE_DEBUG_TYPE_CODEVIEW);
        LittleEndian.put(entries, 16, 4, rsds(codeView).length);
        LittleEndian.put(entries, 20, 4, CODEVIEW_RVA);
        LittleEndian.put(entries, 24, 4, CODEVIEW_RVA);
        LittleEndian.put(entries, DEBUG_ENTRY_SIZE + 4, 4, timeDateStamp);
        LittleEndian.put(entries, DEBUG_ENTRY_SIZE + 12, 4, IMAGE_DEBUG_TYPE_REPRO);
        return entries;
    }

    private static byte[] rsds(CodeView codeView) {
        byte[] name = codeView.pdbName().getBytes(StandardCharsets.US_ASCII);
        byte[] record = new byte[24 + name.length + 1];
        record[0] = 'R';
        record[1] = 'S';
        record[2] = 'D';
        record[3] = 'S';
        System.arraycopy(codeView.guid(), 0, record, 4, 16);
        LittleEndian.put(record, 20, 4, codeView.age());
        System.arraycopy(name, 0, record, 24, name.length);
        return record;
    }

    private static void writeRaw(VirtualMemory memory, long at, byte[] bytes) {
        try {
            memory.write(at, bytes, 0, bytes.length);
        } catch (dev.kdlab.memory.MemoryAccessException e) {
            throw new IllegalStateException("image header page not mapped", e);
        }
    }
}
