package dev.kdlab.dump;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A dump's DUMP_HEADER64 as read back, checked the way the readers of crashdump-format.md 6 check
 * it, and no further: a dump that WinDbg, Volatility or kdmp-parser would open opens here, and one
 * they would refuse is refused with one line that says what is wrong.
 */
public final class DumpHeader {
    private static final long MAX_PFN = 1L << 40;   // 52-bit physical addresses

    private final ByteBuffer header;
    private final DumpType type;
    private final List<PresentFrames.Run> runs;

    private DumpHeader(ByteBuffer header, DumpType type, List<PresentFrames.Run> runs) {
        this.header = header;
        this.type = type;
        this.runs = runs;
    }

    static DumpHeader read(DumpBytes bytes) throws DumpFormatException {
        if (bytes.size() < 8) {
            throw new DumpFormatException("not a crash dump: the file is only " + bytes.size() + " bytes long");
        }
        int signature = bytes.getInt(DumpLayout.SIGNATURE);
        int valid = bytes.getInt(DumpLayout.VALID_DUMP);
        if (signature != DumpLayout.PAGE) {
            throw new DumpFormatException("not a crash dump: it begins with " + tag(signature) + " where a dump has 'PAGE'");
        }
        if (valid == DumpLayout.DUMP) {
            throw new DumpFormatException("a 32-bit crash dump ('PAGEDUMP'): kdlab reads 64-bit dumps ('PAGEDU64')");
        }
        if (valid != DumpLayout.DU64) {
            throw new DumpFormatException("not a crash dump: 'PAGE' is followed by " + tag(valid) + ", not 'DU64'");
        }
        if (bytes.size() < DumpLayout.HEADER_SIZE) {
            throw new DumpFormatException(String.format("truncated dump: the file is 0x%x bytes, shorter than its "
                    + "0x2000-byte header", bytes.size()));
        }
        byte[] raw = new byte[DumpLayout.HEADER_SIZE];
        bytes.get(0, raw, 0, raw.length);
        ByteBuffer header = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        DumpType type = dumpType(header.getInt(DumpLayout.DUMP_TYPE));
        int machine = header.getInt(DumpLayout.MACHINE_IMAGE_TYPE);
        if (machine != DumpLayout.MACHINE_AMD64) {
            throw new DumpFormatException(String.format("the dump's machine type is 0x%x; kdlab reads x64 dumps (0x8664)",
                    machine));
        }
        List<PresentFrames.Run> runs = type == DumpType.FULL ? runs(header) : List.of();
        return new DumpHeader(header, type, runs);
    }

    private static DumpType dumpType(int code) throws DumpFormatException {
        return switch (code) {
            case 1 -> DumpType.FULL;
            case 5, 6 -> DumpType.BITMAP;   // 6 (a live kernel bitmap dump) has the layout of 5
            case 2, 3, 4, 7 -> throw new DumpFormatException("DumpType " + code + " (" + new String[] {"", "",
                    "summary", "header only", "triage (minidump)", "", "", "automatic"}[code]
                    + ") is not a complete memory dump; kdlab reads DumpType 1 (runs) and 5 (bitmap)");
            case 8, 9, 10 -> throw new DumpFormatException("DumpType " + code + " (a new RDMP dump of recent WinDbg) "
                    + "is not supported; kdlab reads DumpType 1 (runs) and 5 (bitmap): write it with .dump /f instead");
            default -> throw new DumpFormatException(String.format("unknown DumpType 0x%x; kdlab reads DumpType 1 "
                    + "(runs) and 5 (bitmap)", code));
        };
    }

    /** PHYSICAL_MEMORY_DESCRIPTOR64: ascending, disjoint, non-empty runs that fit the header. */
    private static List<PresentFrames.Run> runs(ByteBuffer header) throws DumpFormatException {
        int count = header.getInt(DumpLayout.NUMBER_OF_RUNS);
        if (count == DumpLayout.PAGE) {
            throw new DumpFormatException("the run table was never filled in (NumberOfRuns reads 'PAGE')");
        }
        if (count <= 0 || count > DumpLayout.MAX_READ_RUNS) {
            throw new DumpFormatException(String.format("run table out of range: NumberOfRuns is %s, a header holds "
                    + "1 to %d runs", Integer.toUnsignedString(count), DumpLayout.MAX_READ_RUNS));
        }
        List<PresentFrames.Run> runs = new ArrayList<>(count);
        long previousEnd = 0;
        for (int i = 0; i < count; i++) {
            long base = header.getLong(DumpLayout.RUNS + DumpLayout.RUN_SIZE * i);
            long pages = header.getLong(DumpLayout.RUNS + DumpLayout.RUN_SIZE * i + 8);
            if (pages == 0) {
                throw new DumpFormatException("run " + i + " of the run table is empty");
            }
            if (base < 0 || pages < 0 || base >= MAX_PFN || pages > MAX_PFN - base) {
                throw new DumpFormatException(String.format("run %d (base page 0x%x, 0x%x pages) lies outside the "
                        + "physical address space", i, base, pages));
            }
            if (base < previousEnd) {
                throw new DumpFormatException(String.format("run %d (base page 0x%x) overlaps or precedes run %d: "
                        + "runs must ascend", i, base, i - 1));
            }
            runs.add(new PresentFrames.Run(base, pages));
            previousEnd = base + pages;
        }
        return Collections.unmodifiableList(runs);
    }

    private static String tag(int value) {
        byte[] bytes = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(value).array();
        for (byte b : bytes) {
            if (b < 0x20 || b > 0x7e) {
                return String.format("0x%08x", value);
            }
        }
        return "'" + new String(bytes, StandardCharsets.US_ASCII) + "'";
    }

    static String tagText(int value) {
        return tag(value);
    }

    public DumpType type() {
        return type;
    }

    /** The DumpType dword as written (6 reads as {@link DumpType#BITMAP} too). */
    public int dumpTypeCode() {
        return header.getInt(DumpLayout.DUMP_TYPE);
    }

    public int majorVersion() {
        return header.getInt(DumpLayout.MAJOR_VERSION);
    }

    /** The OS build (MinorVersion). */
    public int buildNumber() {
        return header.getInt(DumpLayout.MINOR_VERSION);
    }

    public long directoryTableBase() {
        return header.getLong(DumpLayout.DIRECTORY_TABLE_BASE);
    }

    public long pfnDataBase() {
        return header.getLong(DumpLayout.PFN_DATA_BASE);
    }

    public long psLoadedModuleList() {
        return header.getLong(DumpLayout.PS_LOADED_MODULE_LIST);
    }

    public long psActiveProcessHead() {
        return header.getLong(DumpLayout.PS_ACTIVE_PROCESS_HEAD);
    }

    public int machineImageType() {
        return header.getInt(DumpLayout.MACHINE_IMAGE_TYPE);
    }

    public int processorCount() {
        return header.getInt(DumpLayout.NUMBER_PROCESSORS);
    }

    public int bugCheckCode() {
        return header.getInt(DumpLayout.BUG_CHECK_CODE);
    }

    public long bugCheckParameter(int index) {
        return header.getLong(DumpLayout.BUG_CHECK_PARAMETERS + 8 * index);
    }

    public long kdDebuggerDataBlock() {
        return header.getLong(DumpLayout.KD_DEBUGGER_DATA_BLOCK);
    }

    /** The run table as written (for a bitmap dump: the machine's RAM ranges). */
    public List<long[]> memoryRuns() {
        int count = Math.min(Math.max(header.getInt(DumpLayout.NUMBER_OF_RUNS), 0), DumpLayout.MAX_READ_RUNS);
        List<long[]> all = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            all.add(new long[] {header.getLong(DumpLayout.RUNS + DumpLayout.RUN_SIZE * i),
                    header.getLong(DumpLayout.RUNS + DumpLayout.RUN_SIZE * i + 8)});
        }
        return all;
    }

    List<PresentFrames.Run> runs() {
        return runs;
    }

    public int numberOfRuns() {
        return header.getInt(DumpLayout.NUMBER_OF_RUNS);
    }

    public long numberOfPages() {
        return header.getLong(DumpLayout.NUMBER_OF_PAGES);
    }

    /** The current processor's CONTEXT (0x4d0 bytes). */
    public byte[] context() {
        byte[] context = new byte[DumpLayout.CONTEXT_SIZE];
        header.get(DumpLayout.CONTEXT_RECORD, context);
        return context;
    }

    public long requiredDumpSpace() {
        return header.getLong(DumpLayout.REQUIRED_DUMP_SPACE);
    }

    public long systemTime() {
        return header.getLong(DumpLayout.SYSTEM_TIME);
    }

    public long systemUpTime() {
        return header.getLong(DumpLayout.SYSTEM_UP_TIME);
    }

    /** The comment up to its NUL. */
    public String comment() {
        byte[] text = new byte[DumpLayout.COMMENT_SIZE];
        header.get(DumpLayout.COMMENT, text);
        int end = 0;
        while (end < text.length && text[end] != 0) {
            end++;
        }
        return new String(text, 0, end, StandardCharsets.US_ASCII);
    }

    public int productType() {
        return header.getInt(DumpLayout.PRODUCT_TYPE);
    }

    public int suiteMask() {
        return header.getInt(DumpLayout.SUITE_MASK);
    }

    public int kdSecondaryVersion() {
        return header.get(DumpLayout.KD_SECONDARY_VERSION) & 0xff;
    }

    /** A copy of all 0x2000 bytes. */
    public byte[] bytes() {
        return header.array().clone();
    }
}
