package dev.kdlab.pe;

import java.util.Optional;

/**
 * An image's resource directory (data directory 2, winnt.h): a three-level tree of
 * IMAGE_RESOURCE_DIRECTORY tables (16 bytes, then 8-byte entries: an ID or name, and an offset
 * whose high bit marks a subdirectory; offsets count from the directory's start) by type, name and
 * language, whose leaves are IMAGE_RESOURCE_DATA_ENTRY records giving the data's RVA and size.
 * Debuggers read the version resource (type RT_VERSION, name 1) through it.
 */
public final class ResourceDirectory {
    public static final int IMAGE_DIRECTORY_ENTRY_RESOURCE = 2;
    public static final int RT_VERSION = 16;
    public static final int VS_VERSION_INFO = 1;
    private static final int DIRECTORY_SIZE = 16;
    private static final int ENTRY_SIZE = 8;
    private static final int DATA_ENTRY_SIZE = 16;
    private static final long SUBDIRECTORY = 0x80000000L;
    /** A resource larger than this is not a version block. */
    private static final int MAX_DATA = 0x10000;
    /** Tables with more entries than this are not what a resource compiler writes. */
    private static final int MAX_ENTRIES = 0x400;

    private ResourceDirectory() {
    }

    /**
     * A resource section holding one resource: {@code type}/{@code name}/{@code language} and its
     * data, laid out from {@code rva} (the data right after the tree).
     */
    public static byte[] encode(long rva, int type, int name, int language, byte[] data) {
        int levels = 3;
        int tree = levels * (DIRECTORY_SIZE + ENTRY_SIZE);
        int dataEntry = tree;
        int dataStart = dataEntry + DATA_ENTRY_SIZE;
        byte[] bytes = new byte[dataStart + data.length];
        int[] ids = {type, name, language};
        for (int level = 0; level < levels; level++) {
            int table = level * (DIRECTORY_SIZE + ENTRY_SIZE);
            put(bytes, table + 14, 2, 1);                                   // NumberOfIdEntries
            put(bytes, table + DIRECTORY_SIZE, 4, ids[level]);
            long next = level + 1 < levels ? SUBDIRECTORY | (table + DIRECTORY_SIZE + ENTRY_SIZE) : dataEntry;
            put(bytes, table + DIRECTORY_SIZE + 4, 4, next);
        }
        put(bytes, dataEntry, 4, rva + dataStart);                          // OffsetToData is an RVA
        put(bytes, dataEntry + 4, 4, data.length);
        System.arraycopy(data, 0, bytes, dataStart, data.length);
        return bytes;
    }

    /** The bytes of the first resource of {@code type} and {@code name} (any language); empty when there is none. */
    public static Optional<byte[]> find(ImageBytes image, PeHeaders headers, int type, int name) throws PeFormatException {
        PeHeaders.DataDirectory directory = headers.directory(IMAGE_DIRECTORY_ENTRY_RESOURCE);
        if (directory.virtualAddress() == 0 || directory.size() < DIRECTORY_SIZE) {
            return Optional.empty();
        }
        long root = directory.virtualAddress();
        Optional<Long> typeTable = entry(image, root, type);
        if (typeTable.isEmpty() || !isDirectory(typeTable.get())) {
            return Optional.empty();
        }
        Optional<Long> nameTable = entry(image, root + offset(typeTable.get()), name);
        if (nameTable.isEmpty() || !isDirectory(nameTable.get())) {
            return Optional.empty();
        }
        Optional<Long> language = entry(image, root + offset(nameTable.get()), -1);
        if (language.isEmpty() || isDirectory(language.get())) {
            return Optional.empty();
        }
        byte[] dataEntry = image.require(root + offset(language.get()), DATA_ENTRY_SIZE);
        long dataRva = ImageBytes.unsigned(dataEntry, 0, 4);
        long size = ImageBytes.unsigned(dataEntry, 4, 4);
        if (size == 0 || size > MAX_DATA) {
            return Optional.empty();
        }
        return Optional.of(image.require(dataRva, (int) size));
    }

    /** The OffsetToData of the entry with {@code id} in the table at {@code table} (the first entry for id -1). */
    private static Optional<Long> entry(ImageBytes image, long table, int id) throws PeFormatException {
        byte[] header = image.require(table, DIRECTORY_SIZE);
        int named = (int) ImageBytes.unsigned(header, 12, 2);
        int ids = (int) ImageBytes.unsigned(header, 14, 2);
        int count = Math.min(named + ids, MAX_ENTRIES);
        for (int i = 0; i < count; i++) {
            byte[] entry = image.require(table + DIRECTORY_SIZE + (long) ENTRY_SIZE * i, ENTRY_SIZE);
            long entryName = ImageBytes.unsigned(entry, 0, 4);
            if (id < 0 || i >= named && entryName == id) {
                return Optional.of(ImageBytes.unsigned(entry, 4, 4));
            }
        }
        return Optional.empty();
    }

    private static boolean isDirectory(long offsetToData) {
        return (offsetToData & SUBDIRECTORY) != 0;
    }

    private static long offset(long offsetToData) {
        return offsetToData & ~SUBDIRECTORY;
    }

    private static void put(byte[] bytes, int at, int size, long value) {
        for (int i = 0; i < size; i++) {
            bytes[at + i] = (byte) (value >>> 8 * i);
        }
    }
}
