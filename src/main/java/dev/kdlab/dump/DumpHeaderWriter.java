package dev.kdlab.dump;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Lays out the 0x2000-byte DUMP_HEADER64 and, for a bitmap dump, the FDMP header and bitmap that
 * follow it. Windows fills the header with {@code PAGE} before it writes the fields, so any field it
 * leaves alone reads {@code PAGE}; the paddings, VersionUser, the unused tails of the memory
 * descriptor and context buffer, the exception record and the comment are written as zeros
 * (crashdump-format.md 2.1, the writer checklist of 11).
 */
final class DumpHeaderWriter {

    private DumpHeaderWriter() {
    }

    static byte[] header(DumpFacts facts, DumpType type, List<PresentFrames.Run> runs, long requiredDumpSpace) {
        ByteBuffer header = ByteBuffer.allocate(DumpLayout.HEADER_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        for (int at = 0; at < DumpLayout.HEADER_SIZE; at += 4) {
            header.putInt(at, DumpLayout.PAGE);
        }
        header.putInt(DumpLayout.SIGNATURE, DumpLayout.PAGE)
                .putInt(DumpLayout.VALID_DUMP, DumpLayout.DU64)
                .putInt(DumpLayout.MAJOR_VERSION, DumpLayout.FREE_BUILD)
                .putInt(DumpLayout.MINOR_VERSION, facts.buildNumber())
                .putLong(DumpLayout.DIRECTORY_TABLE_BASE, facts.directoryTableBase())
                .putLong(DumpLayout.PFN_DATA_BASE, facts.pfnDataBase())
                .putLong(DumpLayout.PS_LOADED_MODULE_LIST, facts.psLoadedModuleList())
                .putLong(DumpLayout.PS_ACTIVE_PROCESS_HEAD, facts.psActiveProcessHead())
                .putInt(DumpLayout.MACHINE_IMAGE_TYPE, DumpLayout.MACHINE_AMD64)
                .putInt(DumpLayout.NUMBER_PROCESSORS, facts.processorCount())
                .putInt(DumpLayout.BUG_CHECK_CODE, facts.bugCheckCode())
                .putInt(DumpLayout.BUG_CHECK_CODE_PADDING, 0);
        long[] parameters = facts.bugCheckParameters();
        for (int i = 0; i < parameters.length; i++) {
            header.putLong(DumpLayout.BUG_CHECK_PARAMETERS + 8 * i, parameters[i]);
        }
        zero(header, DumpLayout.VERSION_USER, DumpLayout.VERSION_USER_SIZE);
        header.putLong(DumpLayout.KD_DEBUGGER_DATA_BLOCK, facts.kdDebuggerDataBlock());
        writeMemoryDescriptor(header, runs);
        byte[] context = facts.context();
        // kdmp-parser refuses a CONTEXT whose two MxCsr copies differ; the header's copy keeps them equal.
        ByteBuffer.wrap(context).order(ByteOrder.LITTLE_ENDIAN)
                .putInt(DumpLayout.CONTEXT_FLT_SAVE_MX_CSR, ContextRecord.mxCsr(context));
        zero(header, DumpLayout.CONTEXT_RECORD, DumpLayout.CONTEXT_AREA_END - DumpLayout.CONTEXT_RECORD);
        header.put(DumpLayout.CONTEXT_RECORD, context);
        zero(header, DumpLayout.EXCEPTION, DumpLayout.EXCEPTION_SIZE);
        header.putInt(DumpLayout.DUMP_TYPE, type.code())
                .putInt(DumpLayout.DUMP_TYPE_PADDING, 0)
                .putLong(DumpLayout.REQUIRED_DUMP_SPACE, requiredDumpSpace)
                .putLong(DumpLayout.SYSTEM_TIME, facts.systemTime());
        zero(header, DumpLayout.COMMENT, DumpLayout.COMMENT_SIZE);
        header.put(DumpLayout.COMMENT, facts.comment().getBytes(StandardCharsets.US_ASCII));
        header.putLong(DumpLayout.SYSTEM_UP_TIME, facts.systemUpTime())
                .putInt(DumpLayout.MINI_DUMP_FIELDS, 0)
                .putInt(DumpLayout.SECONDARY_DATA_STATE, 0)
                .putInt(DumpLayout.PRODUCT_TYPE, DumpLayout.PRODUCT_WIN_NT)
                .putInt(DumpLayout.SUITE_MASK, DumpLayout.SUITE_WORKSTATION)
                .putInt(DumpLayout.WRITER_STATUS, 0)
                .put(DumpLayout.UNUSED1, (byte) 0)
                .put(DumpLayout.KD_SECONDARY_VERSION, (byte) DumpLayout.AMD64_CONTEXT)
                .putShort(DumpLayout.UNUSED, (short) 0)
                .putInt(DumpLayout.ATTRIBUTES, 0)
                .putInt(DumpLayout.BOOT_ID, 0);
        return header.array();
    }

    /** PHYSICAL_MEMORY_DESCRIPTOR64: the runs, then zeros to the end of the 704-byte union. */
    private static void writeMemoryDescriptor(ByteBuffer header, List<PresentFrames.Run> runs) {
        zero(header, DumpLayout.NUMBER_OF_RUNS, DumpLayout.MEMORY_DESCRIPTOR_END - DumpLayout.NUMBER_OF_RUNS);
        long pages = 0;
        for (int i = 0; i < runs.size(); i++) {
            header.putLong(DumpLayout.RUNS + DumpLayout.RUN_SIZE * i, runs.get(i).basePage());
            header.putLong(DumpLayout.RUNS + DumpLayout.RUN_SIZE * i + 8, runs.get(i).pageCount());
            pages += runs.get(i).pageCount();
        }
        header.putInt(DumpLayout.NUMBER_OF_RUNS, runs.size()).putLong(DumpLayout.NUMBER_OF_PAGES, pages);
    }

    /** The FDMP header, the bitmap and zeros up to the first page (which is page aligned). */
    static byte[] bitmapHeader(byte[] bitmap, long bits, long presentPages, long firstPage) {
        ByteBuffer block = ByteBuffer.allocate((int) (firstPage - DumpLayout.HEADER_SIZE)).order(ByteOrder.LITTLE_ENDIAN);
        int base = DumpLayout.BITMAP_HEADER;
        block.putInt(DumpLayout.BITMAP_SIGNATURE - base, DumpLayout.FDMP)
                .putInt(DumpLayout.BITMAP_VALID_DUMP - base, DumpLayout.DUMP)
                .putInt(DumpLayout.BITMAP_DUMP_OPTIONS - base, 0)
                .putLong(DumpLayout.BITMAP_FIRST_PAGE - base, firstPage)
                .putLong(DumpLayout.BITMAP_PRESENT_PAGES - base, presentPages)
                .putLong(DumpLayout.BITMAP_BITS - base, bits)
                .put(DumpLayout.BITMAP - base, bitmap);
        return block.array();
    }

    /** Where the pages of a bitmap dump of {@code bits} bits start: past the bitmap, on a page boundary. */
    static long firstPage(long bits) {
        long end = DumpLayout.BITMAP + bits / 8;
        return (end + DumpLayout.PAGE_SIZE - 1) & -DumpLayout.PAGE_SIZE;
    }

    private static void zero(ByteBuffer buffer, int at, int length) {
        buffer.put(at, new byte[length]);
    }
}
