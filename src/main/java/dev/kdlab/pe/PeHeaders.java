package dev.kdlab.pe;

import dev.kdlab.types.FieldPath;
import dev.kdlab.types.StructType;
import dev.kdlab.types.TypeCatalog;

/**
 * The headers of a PE32+ image as a debugger reads them: {@code _IMAGE_DOS_HEADER.e_lfanew} leads to
 * {@code _IMAGE_NT_HEADERS64}, whose file and optional headers give the time stamp, checksum, size
 * and the data directories (winnt.h). Offsets come from the type catalog that the emulated kernel
 * writes the same headers with.
 */
public final class PeHeaders {
    /** "PE\0\0". */
    private static final long IMAGE_NT_SIGNATURE = 0x4550;
    private static final int DATA_DIRECTORY_ENTRY = 8;

    private final StructType ntType;
    private final byte[] nt;
    private final long dataDirectoryRva;
    private final ImageBytes image;

    private PeHeaders(ImageBytes image, StructType ntType, long ntRva, byte[] nt) {
        this.image = image;
        this.ntType = ntType;
        this.nt = nt;
        this.dataDirectoryRva = ntRva + ntType.offsetOf("OptionalHeader.DataDirectory");
    }

    public static PeHeaders read(ImageBytes image, TypeCatalog types) throws PeFormatException {
        StructType dosType = types.struct("_IMAGE_DOS_HEADER");
        StructType ntType = types.struct("_IMAGE_NT_HEADERS64");
        byte[] dos = image.require(0, (int) dosType.size());
        long ntRva = field(dos, dosType, "e_lfanew");
        return new PeHeaders(image, ntType, ntRva, image.require(ntRva, (int) ntType.size()));
    }

    /** Whether the NT headers begin with "PE\0\0". */
    public boolean hasPeSignature() {
        return field(nt, ntType, "Signature") == IMAGE_NT_SIGNATURE;
    }

    /** When the image was linked, or for a /Brepro image a hash of its contents. */
    public long timeDateStamp() {
        return field(nt, ntType, "FileHeader.TimeDateStamp");
    }

    public long checkSum() {
        return field(nt, ntType, "OptionalHeader.CheckSum");
    }

    public long sizeOfImage() {
        return field(nt, ntType, "OptionalHeader.SizeOfImage");
    }

    /** One entry of the optional header's data directory (IMAGE_DIRECTORY_ENTRY_*). */
    public DataDirectory directory(int index) throws PeFormatException {
        byte[] entry = image.require(dataDirectoryRva + (long) DATA_DIRECTORY_ENTRY * index, DATA_DIRECTORY_ENTRY);
        return new DataDirectory(ImageBytes.unsigned(entry, 0, 4), ImageBytes.unsigned(entry, 4, 4));
    }

    /** Where a directory's data is (an RVA) and how many bytes it has. */
    public record DataDirectory(long virtualAddress, long size) {
    }

    private static long field(byte[] bytes, StructType type, String path) {
        FieldPath field = type.resolved(path);
        return ImageBytes.unsigned(bytes, field.offset(), field.field().type().size());
    }
}
