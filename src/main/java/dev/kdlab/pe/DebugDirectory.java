package dev.kdlab.pe;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An image's debug directory (data directory 6): an array of 28-byte IMAGE_DEBUG_DIRECTORY entries
 * (winnt.h: Type at +12, SizeOfData at +16, AddressOfRawData at +20). Windows' own images carry a
 * CodeView entry naming their PDB and, linked with /Brepro, a REPRO entry saying the time stamp is a
 * hash.
 */
public record DebugDirectory(List<Entry> entries) {
    public static final int IMAGE_DIRECTORY_ENTRY_DEBUG = 6;
    public static final int IMAGE_DEBUG_TYPE_CODEVIEW = 2;
    public static final int IMAGE_DEBUG_TYPE_REPRO = 16;
    /** sizeof(IMAGE_DEBUG_DIRECTORY) and the offsets of its members (winnt.h). */
    public static final int ENTRY_SIZE = 28;
    public static final int TIME_DATE_STAMP = 4;
    public static final int TYPE = 12;
    public static final int SIZE_OF_DATA = 16;
    public static final int ADDRESS_OF_RAW_DATA = 20;
    public static final int POINTER_TO_RAW_DATA = 24;
    /** A debug directory longer than this is not one a linker wrote. */
    private static final int MAX_ENTRIES = 16;

    /** One entry: what kind of debug data, how long, and at which RVA. */
    public record Entry(long type, long sizeOfData, long addressOfRawData) {
    }

    public DebugDirectory {
        entries = List.copyOf(entries);
    }

    public static DebugDirectory read(ImageBytes image, PeHeaders headers) throws PeFormatException {
        PeHeaders.DataDirectory directory = headers.directory(IMAGE_DIRECTORY_ENTRY_DEBUG);
        List<Entry> entries = new ArrayList<>();
        long count = directory.virtualAddress() == 0 ? 0 : Math.min(directory.size() / ENTRY_SIZE, MAX_ENTRIES);
        for (int i = 0; i < count; i++) {
            byte[] entry = image.require(directory.virtualAddress() + (long) i * ENTRY_SIZE, ENTRY_SIZE);
            entries.add(new Entry(ImageBytes.unsigned(entry, TYPE, 4), ImageBytes.unsigned(entry, SIZE_OF_DATA, 4),
                    ImageBytes.unsigned(entry, ADDRESS_OF_RAW_DATA, 4)));
        }
        return new DebugDirectory(entries);
    }

    /** Whether the image was linked with /Brepro. */
    public boolean reproducible() {
        return entries.stream().anyMatch(e -> e.type() == IMAGE_DEBUG_TYPE_REPRO);
    }

    /** The CodeView record of the first CodeView entry; empty when there is none or it is no RSDS record. */
    public Optional<CodeViewRecord> codeView(ImageBytes image) throws PeFormatException {
        for (Entry entry : entries) {
            if (entry.type() == IMAGE_DEBUG_TYPE_CODEVIEW) {
                return CodeViewRecord.read(image, entry);
            }
        }
        return Optional.empty();
    }
}
