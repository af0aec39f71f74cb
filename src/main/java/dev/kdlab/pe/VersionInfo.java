package dev.kdlab.pe;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A version resource (RT_VERSION) as winver.h lays it out: the VS_VERSIONINFO block with its
 * VS_FIXEDFILEINFO (file and product versions, flags, OS, type, date), a StringFileInfo with one
 * StringTable of name/value strings (CompanyName, FileVersion ...) for the first translation, and a
 * VarFileInfo whose {@code Translation} value lists (language, code page) pairs. Every block is
 * {@code wLength, wValueLength, wType, szKey}, then its value and its children, each on a 32-bit
 * boundary.
 */
public record VersionInfo(long fileVersion, long productVersion, int fileFlagsMask, int fileFlags, int fileOs,
                          int fileType, int fileSubtype, long fileDate, List<Translation> translations,
                          Map<String, String> strings) {
    /** VS_FIXEDFILEINFO.dwSignature. */
    public static final int SIGNATURE = 0xfeef04bd;
    public static final int VOS_NT_WINDOWS32 = 0x40004;
    public static final int VFT_APP = 1;
    public static final int VFT_DLL = 2;
    public static final int VFT_DRV = 3;
    private static final int FIXED_FILE_INFO_SIZE = 13 * 4;
    private static final int TEXT = 1;
    private static final int BINARY = 0;

    /** One (language, code page) pair: {@code 0409.04b0} is US English in Unicode. */
    public record Translation(int language, int codePage) {
        /** As lm prints it: {@code 0409.04b0}. */
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%04x.%04x", language, codePage);
        }
    }

    public VersionInfo {
        translations = List.copyOf(translations);
        strings = Collections.unmodifiableMap(new LinkedHashMap<>(strings));
    }

    /** A version as four 16-bit parts, major first: {@code 10.0.19041.2965}. */
    public static long version(int major, int minor, int build, int revision) {
        return (long) major << 48 | (long) minor << 32 | (long) build << 16 | revision;
    }

    /** {@code 10.0.19041.2965}. */
    public static String versionText(long version) {
        return (version >>> 48) + "." + (version >>> 32 & 0xffff) + "." + (version >>> 16 & 0xffff) + "." + (version & 0xffff);
    }

    // ---- encoding

    public byte[] encode() {
        ByteArrayOutputStream strings = new ByteArrayOutputStream();
        for (Map.Entry<String, String> string : this.strings.entrySet()) {
            appendChild(strings, block(string.getKey(), utf16z(string.getValue()), string.getValue().length() + 1, TEXT,
                    new byte[0]));
        }
        Translation first = translations.isEmpty() ? new Translation(0x409, 0x4b0) : translations.get(0);
        String tableKey = String.format(Locale.ROOT, "%04X%04X", first.language(), first.codePage());
        byte[] stringTable = block(tableKey, new byte[0], 0, TEXT, strings.toByteArray());
        byte[] stringFileInfo = block("StringFileInfo", new byte[0], 0, TEXT, stringTable);
        byte[] translationValue = new byte[4 * translations.size()];
        for (int i = 0; i < translations.size(); i++) {
            put(translationValue, 4 * i, 2, translations.get(i).language());
            put(translationValue, 4 * i + 2, 2, translations.get(i).codePage());
        }
        byte[] var = block("Translation", translationValue, translationValue.length, BINARY, new byte[0]);
        byte[] varFileInfo = block("VarFileInfo", new byte[0], 0, TEXT, var);
        ByteArrayOutputStream children = new ByteArrayOutputStream();
        appendChild(children, stringFileInfo);
        appendChild(children, varFileInfo);
        return block("VS_VERSION_INFO", fixedFileInfo(), FIXED_FILE_INFO_SIZE, BINARY, children.toByteArray());
    }

    private byte[] fixedFileInfo() {
        byte[] fixed = new byte[FIXED_FILE_INFO_SIZE];
        int[] values = {SIGNATURE, 0x10000, (int) (fileVersion >>> 32), (int) fileVersion, (int) (productVersion >>> 32),
                (int) productVersion, fileFlagsMask, fileFlags, fileOs, fileType, fileSubtype, (int) (fileDate >>> 32),
                (int) fileDate};
        for (int i = 0; i < values.length; i++) {
            put(fixed, 4 * i, 4, values[i]);
        }
        return fixed;
    }

    /** One block: header, key, padding, value, padding, children (already padded between themselves). */
    private static byte[] block(String key, byte[] value, int valueLength, int type, byte[] children) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] header = new byte[6];
        out.write(header, 0, 6);
        byte[] name = utf16z(key);
        out.write(name, 0, name.length);
        pad(out);
        out.write(value, 0, value.length);
        if (children.length > 0) {
            pad(out);
            out.write(children, 0, children.length);
        }
        byte[] bytes = out.toByteArray();
        put(bytes, 0, 2, bytes.length);
        put(bytes, 2, 2, valueLength);
        put(bytes, 4, 2, type);
        return bytes;
    }

    private static void appendChild(ByteArrayOutputStream siblings, byte[] child) {
        pad(siblings);
        siblings.write(child, 0, child.length);
    }

    private static void pad(ByteArrayOutputStream out) {
        while (out.size() % 4 != 0) {
            out.write(0);
        }
    }

    private static byte[] utf16z(String text) {
        return (text + "\0").getBytes(StandardCharsets.UTF_16LE);
    }

    private static void put(byte[] bytes, int at, int size, long value) {
        for (int i = 0; i < size; i++) {
            bytes[at + i] = (byte) (value >>> 8 * i);
        }
    }

    // ---- decoding

    /** Reads a VS_VERSIONINFO block; throws when it is not one. */
    public static VersionInfo decode(byte[] bytes) throws PeFormatException {
        Block root = Block.at(bytes, 0, bytes.length);
        if (!root.key.equals("VS_VERSION_INFO") || root.valueLength < FIXED_FILE_INFO_SIZE
                || (int) ImageBytes.unsigned(bytes, root.valueStart, 4) != SIGNATURE) {
            throw new PeFormatException("not a VS_VERSIONINFO block");
        }
        int f = root.valueStart;
        long fileVersion = u32(bytes, f + 8) << 32 | u32(bytes, f + 12);
        long productVersion = u32(bytes, f + 16) << 32 | u32(bytes, f + 20);
        Map<String, String> strings = new LinkedHashMap<>();
        List<Translation> translations = new ArrayList<>();
        for (Block child : root.children(bytes, FIXED_FILE_INFO_SIZE)) {
            if (child.key.equals("StringFileInfo")) {
                for (Block table : child.children(bytes, 0)) {
                    if (strings.isEmpty()) {
                        for (Block string : table.children(bytes, 0)) {
                            strings.put(string.key, string.text(bytes));
                        }
                    }
                }
            } else if (child.key.equals("VarFileInfo")) {
                for (Block var : child.children(bytes, 0)) {
                    if (var.key.equals("Translation")) {
                        for (int at = var.valueStart; at + 4 <= var.valueStart + var.valueLength; at += 4) {
                            translations.add(new Translation((int) ImageBytes.unsigned(bytes, at, 2),
                                    (int) ImageBytes.unsigned(bytes, at + 2, 2)));
                        }
                    }
                }
            }
        }
        return new VersionInfo(fileVersion, productVersion, (int) u32(bytes, f + 24), (int) u32(bytes, f + 28),
                (int) u32(bytes, f + 32), (int) u32(bytes, f + 36), (int) u32(bytes, f + 40),
                u32(bytes, f + 44) << 32 | u32(bytes, f + 48), translations, strings);
    }

    private static long u32(byte[] bytes, int at) {
        return ImageBytes.unsigned(bytes, at, 4);
    }

    /** One block as read: where it starts and ends, its key, and where its value starts. */
    private record Block(int start, int end, int valueLength, int type, String key, int valueStart) {
        static Block at(byte[] bytes, int start, int limit) throws PeFormatException {
            if (start + 6 > limit) {
                throw new PeFormatException("version block runs past its parent");
            }
            int length = (int) ImageBytes.unsigned(bytes, start, 2);
            int valueLength = (int) ImageBytes.unsigned(bytes, start + 2, 2);
            int type = (int) ImageBytes.unsigned(bytes, start + 4, 2);
            if (length < 6 || start + length > limit) {
                throw new PeFormatException("version block of " + length + " bytes runs past its parent");
            }
            int at = start + 6;
            StringBuilder key = new StringBuilder();
            while (at + 1 < start + length && (bytes[at] != 0 || bytes[at + 1] != 0)) {
                key.append((char) ImageBytes.unsigned(bytes, at, 2));
                at += 2;
            }
            int valueStart = align(at + 2);
            int valueBytes = type == TEXT ? 2 * valueLength : valueLength;
            if (valueStart + valueBytes > start + length) {
                valueBytes = Math.max(0, start + length - valueStart);
            }
            return new Block(start, start + length, valueBytes, type, key.toString(), valueStart);
        }

        List<Block> children(byte[] bytes, int valueBytes) throws PeFormatException {
            List<Block> children = new ArrayList<>();
            int at = align(valueStart + Math.max(valueBytes, type == TEXT ? valueLength : 0));
            while (at + 6 <= end) {
                Block child = Block.at(bytes, at, end);
                children.add(child);
                at = align(child.end);
            }
            return children;
        }

        /** A string block's value, without its terminator. */
        String text(byte[] bytes) {
            StringBuilder text = new StringBuilder();
            for (int at = valueStart; at + 1 < valueStart + valueLength; at += 2) {
                char c = (char) ImageBytes.unsigned(bytes, at, 2);
                if (c == 0) {
                    break;
                }
                text.append(c);
            }
            return text.toString();
        }

        private static int align(int offset) {
            return (offset + 3) & ~3;
        }
    }
}
