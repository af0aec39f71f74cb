package dev.kdlab.dump;

/**
 * Where things sit in a 64-bit kernel dump (mindumpdef.h DUMP_HEADER64; crashdump-format.md sections
 * 2 and 4). Offsets are from the start of the file. Tags are the little-endian dwords of their four
 * ASCII bytes: {@code PAGE} is 50 41 47 45 = 0x45474150.
 */
final class DumpLayout {
    static final int PAGE_SIZE = 0x1000;
    static final int HEADER_SIZE = 0x2000;

    static final int PAGE = 0x45474150;          // "PAGE": the signature, and the fill of every unset dword
    static final int DU64 = 0x34365544;          // "DU64": a 64-bit header
    static final int FDMP = 0x504d4446;          // "FDMP": DUMP_FULL_SIGNATURE, a complete bitmap dump
    static final int SDMP = 0x504d4453;          // "SDMP": DUMP_SUMMARY_SIGNATURE, a kernel-only bitmap dump
    static final int DUMP = 0x504d5544;          // "DUMP": DUMP_FULL_VALID / DUMP_SUMMARY_VALID

    static final int SIGNATURE = 0x000;
    static final int VALID_DUMP = 0x004;
    static final int MAJOR_VERSION = 0x008;
    static final int MINOR_VERSION = 0x00c;
    static final int DIRECTORY_TABLE_BASE = 0x010;
    static final int PFN_DATA_BASE = 0x018;
    static final int PS_LOADED_MODULE_LIST = 0x020;
    static final int PS_ACTIVE_PROCESS_HEAD = 0x028;
    static final int MACHINE_IMAGE_TYPE = 0x030;
    static final int NUMBER_PROCESSORS = 0x034;
    static final int BUG_CHECK_CODE = 0x038;
    static final int BUG_CHECK_CODE_PADDING = 0x03c;
    static final int BUG_CHECK_PARAMETERS = 0x040;
    static final int VERSION_USER = 0x060;
    static final int VERSION_USER_SIZE = 32;
    static final int KD_DEBUGGER_DATA_BLOCK = 0x080;
    /** PHYSICAL_MEMORY_DESCRIPTOR64: NumberOfRuns (u32), padding, NumberOfPages (u64), Run[] of {BasePage, PageCount}. */
    static final int NUMBER_OF_RUNS = 0x088;
    static final int NUMBER_OF_RUNS_PADDING = 0x08c;
    static final int NUMBER_OF_PAGES = 0x090;
    static final int RUNS = 0x098;
    static final int RUN_SIZE = 16;
    /** The 700-byte union, padded to 704, ends where the CONTEXT begins. */
    static final int MEMORY_DESCRIPTOR_END = 0x348;
    /** Writers stay inside the declared 700 bytes: 42 runs (43 would touch the alignment padding). */
    static final int MAX_WRITTEN_RUNS = 42;
    /** What a reader can take before the run table reaches the CONTEXT. */
    static final int MAX_READ_RUNS = (MEMORY_DESCRIPTOR_END - RUNS) / RUN_SIZE;
    static final int CONTEXT_RECORD = 0x348;
    static final int CONTEXT_AREA_END = 0xf00;   // ContextRecord is a 3000-byte buffer
    static final int EXCEPTION = 0xf00;
    static final int EXCEPTION_SIZE = 0x98;
    static final int DUMP_TYPE = 0xf98;
    static final int DUMP_TYPE_PADDING = 0xf9c;
    static final int REQUIRED_DUMP_SPACE = 0xfa0;
    static final int SYSTEM_TIME = 0xfa8;
    static final int COMMENT = 0xfb0;
    static final int COMMENT_SIZE = 128;
    static final int SYSTEM_UP_TIME = 0x1030;
    static final int MINI_DUMP_FIELDS = 0x1038;
    static final int SECONDARY_DATA_STATE = 0x103c;
    static final int PRODUCT_TYPE = 0x1040;
    static final int SUITE_MASK = 0x1044;
    static final int WRITER_STATUS = 0x1048;
    static final int UNUSED1 = 0x104c;
    static final int KD_SECONDARY_VERSION = 0x104d;
    static final int UNUSED = 0x104e;
    static final int ATTRIBUTES = 0x1050;
    static final int BOOT_ID = 0x1054;
    static final int RESERVED = 0x1058;

    /** The bitmap header a DumpType 5 file carries at 0x2000 (kdmp-parser BMP_HEADER64, Volatility _SUMMARY_DUMP). */
    static final int BITMAP_HEADER = HEADER_SIZE;
    static final int BITMAP_SIGNATURE = BITMAP_HEADER;
    static final int BITMAP_VALID_DUMP = BITMAP_HEADER + 0x04;
    static final int BITMAP_DUMP_OPTIONS = BITMAP_HEADER + 0x08;
    static final int BITMAP_FIRST_PAGE = BITMAP_HEADER + 0x20;
    static final int BITMAP_PRESENT_PAGES = BITMAP_HEADER + 0x28;
    static final int BITMAP_BITS = BITMAP_HEADER + 0x30;
    static final int BITMAP = BITMAP_HEADER + 0x38;
    /** LeechCore refuses a FirstPage past 16 MiB and more than 0x7fffffff bits (device_file.c 486). */
    static final long MAX_FIRST_PAGE = 0x1000000;
    static final long MAX_BITMAP_BITS = 0x7fffffffL;

    /** x64 CONTEXT (winnt.h): 0x4d0 bytes; the header keeps the current processor's at CONTEXT_RECORD. */
    static final int CONTEXT_SIZE = 0x4d0;
    static final int CONTEXT_FLAGS = 0x30;
    static final int CONTEXT_MX_CSR = 0x34;
    static final int CONTEXT_SEG_CS = 0x38;
    static final int CONTEXT_SEG_SS = 0x42;
    static final int CONTEXT_RSP = 0x98;
    static final int CONTEXT_RIP = 0xf8;
    /** FltSave (XMM_SAVE_AREA32) at 0x100 keeps its own MxCsr at +0x18; kdmp-parser requires the two to agree. */
    static final int CONTEXT_FLT_SAVE_MX_CSR = 0x118;

    static final int MACHINE_AMD64 = 0x8664;
    static final int FREE_BUILD = 0xf;
    static final int PRODUCT_WIN_NT = 1;
    /** VER_SUITE_TERMINAL | VER_SUITE_SINGLEUSERTS: what a Windows 10 client reports. */
    static final int SUITE_WORKSTATION = 0x110;
    /** KD_SECONDARY_VERSION_AMD64_CONTEXT (WDBGEXTS.H 1116). */
    static final int AMD64_CONTEXT = 2;

    private DumpLayout() {
    }
}
