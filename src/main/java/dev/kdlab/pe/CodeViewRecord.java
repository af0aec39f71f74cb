package dev.kdlab.pe;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * A CodeView debug record in its RSDS form: the signature, the PDB's 16-byte GUID, its age and the
 * NUL-terminated PDB name ({@code ntkrnlmp.pdb}). It names the symbol file that matches the image,
 * which is how debuggers and Volatility find symbols (reference/dump-readers.md, section C).
 *
 * @param guid the 16 GUID bytes as stored (Data1, Data2, Data3 little endian, then Data4)
 */
public record CodeViewRecord(byte[] guid, int age, String pdbName) {
    /** "RSDS" read as a little-endian DWORD. */
    private static final long RSDS = 0x53445352L;
    private static final int GUID = 4;
    private static final int AGE = 20;
    private static final int NAME = 24;
    /** Longer than any record a linker writes (a path of MAX_PATH and more). */
    private static final int MAX_RECORD = 0x400;

    public CodeViewRecord {
        guid = guid.clone();
    }

    @Override
    public byte[] guid() {
        return guid.clone();
    }

    /** The record a CodeView debug directory entry points at; empty when it is no RSDS record. */
    static Optional<CodeViewRecord> read(ImageBytes image, DebugDirectory.Entry entry) throws PeFormatException {
        if (entry.sizeOfData() <= NAME || entry.sizeOfData() > MAX_RECORD) {
            return Optional.empty();
        }
        return decode(image.require(entry.addressOfRawData(), (int) entry.sizeOfData()));
    }

    /** {@code RSDS}, 16 GUID bytes, the age, the NUL-terminated PDB name. */
    public static Optional<CodeViewRecord> decode(byte[] record) {
        if (record.length <= NAME || ImageBytes.unsigned(record, 0, 4) != RSDS) {
            return Optional.empty();
        }
        byte[] guid = new byte[16];
        System.arraycopy(record, GUID, guid, 0, guid.length);
        int end = NAME;
        while (end < record.length && record[end] != 0) {
            end++;
        }
        return Optional.of(new CodeViewRecord(guid, (int) ImageBytes.unsigned(record, AGE, 4),
                new String(record, NAME, end - NAME, StandardCharsets.US_ASCII)));
    }

    /** The record's bytes, as a linker writes them into the image and {@link #decode} reads them back. */
    public byte[] encode() {
        byte[] name = pdbName.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer record = ByteBuffer.allocate(NAME + name.length + 1).order(ByteOrder.LITTLE_ENDIAN);
        record.putInt((int) RSDS).put(guid).putInt(age).put(name);
        return record.array();
    }

    /**
     * The GUID as symbol servers and Volatility write it: Data1, Data2 and Data3 as little-endian integers, then the
     * eight Data4 bytes in order, upper-case hex without dashes (pdbutil's rule, dump-readers.md section C).
     */
    public String guidText() {
        StringBuilder text = new StringBuilder(32);
        text.append(String.format("%08X%04X%04X", ImageBytes.unsigned(guid, 0, 4), ImageBytes.unsigned(guid, 4, 2),
                ImageBytes.unsigned(guid, 6, 2)));
        for (int i = 8; i < 16; i++) {
            text.append(String.format("%02X", guid[i] & 0xff));
        }
        return text.toString();
    }

    /** GUID and age as one string, the way symbol stores and WinDbg name a PDB's folder (...4DA1). */
    public String signature() {
        return guidText() + Long.toHexString(age & 0xffffffffL).toUpperCase(Locale.ROOT);
    }
}
